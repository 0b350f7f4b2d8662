package ingest

import (
	"context"

	"nianbao"
	"nianbao/audit"
	"nianbao/place"
)

// ServiceStore is what NewService serves: a store ingest adds to, which
// answers the questions of nianbao.ReportService itself.
type ServiceStore interface {
	Store
	nianbao.ReportFinder
	nianbao.ReportExporter
	// PlaceBody keeps an office's manual placement of a body and places
	// the body's stored reports there, returning their ids.
	PlaceBody(ctx context.Context, agencyKey string, p place.Placement, by string) ([]int64, error)
	// UnplacedIDs returns the ids of the reports never placed, or with all
	// of every report not placed by hand, in the order they were stored.
	UnplacedIDs(ctx context.Context, all bool) ([]int64, error)
	// Versions lists the stored versions of a report (nianbao.Reviser).
	Versions(ctx context.Context, id int64) ([]nianbao.Version, error)
	// DeadlineList lists the local deadlines with who set them;
	// SetDeadline keeps one (by the account by), and RemoveDeadline
	// removes one; both return the ids of the reports
	// whose timeliness it may change.
	DeadlineList(ctx context.Context) ([]audit.DeadlineSetting, error)
	SetDeadline(ctx context.Context, d audit.LocalDeadline, by string) ([]int64, error)
	RemoveDeadline(ctx context.Context, d audit.LocalDeadline) ([]int64, error)
}

// Service is a nianbao.ReportService over a store: AddReport reads and
// audits through ingest, everything else is the store's.
type Service struct {
	ServiceStore
	*Ingester
}

var _ nianbao.ReportService = (*Service)(nil)

// NewService returns the ReportService of st.
func NewService(st ServiceStore) *Service { return &Service{ServiceStore: st, Ingester: New(st)} }

// PlaceBody places a body by hand (place.Manual) for every year's report
// of it, and audits those reports again: the kind decides the deadline.
// The audits run before the write, as AddReport's do. It returns how many
// reports it placed.
func (s *Service) PlaceBody(ctx context.Context, agencyKey string, p place.Placement, by string) (int, error) {
	ids, err := s.ServiceStore.PlaceBody(ctx, agencyKey, p, by)
	if err != nil {
		return 0, err
	}
	ds, err := s.Deadlines(ctx)
	if err != nil {
		return 0, err
	}
	reports := make([]*nianbao.StoredReport, len(ids))
	others := make([]*nianbao.Report, len(ids))
	for i, id := range ids {
		if reports[i], err = s.FindReport(ctx, id); err != nil {
			return 0, err
		}
		others[i] = reports[i].Report
	}
	for _, r := range reports {
		check(r, nianbao.PreviousYear(r.Report, others), storedPlace(r), ds)
	}
	err = s.Write(ctx, func(tx nianbao.ReportTx) error {
		for _, r := range reports {
			if err := tx.SetFindings(ctx, r.ID, r.Findings); err != nil {
				return err
			}
		}
		return nil
	})
	return len(ids), err
}
