package ingest

import "nianbao"

// ServiceStore is what NewService serves: a store ingest adds to, which
// answers the questions of nianbao.ReportService itself.
type ServiceStore interface {
	Store
	nianbao.ReportFinder
	nianbao.ReportExporter
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
