package ingest

import (
	"context"
	"slices"

	"nianbao"
	"nianbao/audit"
)

// SetDeadline keeps an office's local deadline d (set by the account by)
// and audits again the reports of its year under its region, and the
// unplaced ones of the year, so that 逾期 findings follow it. It returns
// how many reports it audited.
func (s *Service) SetDeadline(ctx context.Context, d audit.LocalDeadline, by string) (int, error) {
	ids, err := s.ServiceStore.SetDeadline(ctx, d, by)
	if err != nil {
		return 0, err
	}
	return len(ids), s.auditAgain(ctx, ids)
}

// RemoveDeadline removes the local deadline of d's region, year and kind
// and audits those reports again, as SetDeadline.
func (s *Service) RemoveDeadline(ctx context.Context, d audit.LocalDeadline) (int, error) {
	ids, err := s.ServiceStore.RemoveDeadline(ctx, d)
	if err != nil {
		return 0, err
	}
	return len(ids), s.auditAgain(ctx, ids)
}

// writeBatch is how many stored reports one write transaction audits or
// places again (auditAgain, Service.PlaceStored), so that each stays
// short; a failure keeps the batches written before it.
const writeBatch = 100

// auditAgain audits the stored reports ids again, each against its body's
// current report of the year before, with the local deadlines as stored
// now, a batch of reports to a write transaction. The reviews of their
// findings stay: they are keyed by rule and cells, not by the audit.
func (in *Ingester) auditAgain(ctx context.Context, ids []int64) error {
	ds, err := in.st.Deadlines(ctx)
	if err != nil {
		return err
	}
	for chunk := range slices.Chunk(ids, writeBatch) {
		err := in.st.Write(ctx, func(tx nianbao.ReportTx) error {
			for _, id := range chunk {
				sr, err := in.st.FindReport(ctx, id)
				if err != nil {
					return err
				}
				// Take the body's turn, as every re-audit does, then audit.
				by := bodyYear(sr)
				if _, err := tx.YearIDs(ctx, by); err != nil {
					return err
				}
				prev, err := yearBefore(ctx, tx, by)
				if err != nil {
					return err
				}
				check(sr, reportOf(prev), storedPlace(sr), ds)
				if err := tx.SetFindings(ctx, id, sr.Findings); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// auditNewDeadlines audits again the reports just written from ps when
// the local deadlines changed since they were audited (before the write
// transaction): the change's own audit may have listed its reports before
// they were stored. It reports whether it audited any.
func (in *Ingester) auditNewDeadlines(ctx context.Context, ps []*pending) (bool, error) {
	ds, err := in.st.Deadlines(ctx)
	if err != nil {
		return false, err
	}
	var ids []int64
	for _, p := range ps {
		if p.sr.ID != 0 && !slices.Equal(ds, p.deadlines) {
			ids = append(ids, p.sr.ID)
		}
	}
	return len(ids) > 0, in.auditAgain(ctx, ids)
}
