package nianbao

import (
	"context"
	"time"
)

// StoredReport is a report kept by a ReportService, with what its audit
// found and the file it was read from.
type StoredReport struct {
	ID       int64     `json:"id"`
	Report   *Report   `json:"report"`
	Findings []Finding `json:"findings"`
	// Counts of findings by severity, and whether the report was published
	// after its deadline (a time.late finding), for lists and filters.
	Errors     int       `json:"errors"`
	Warnings   int       `json:"warnings"`
	Late       bool      `json:"late"`
	ImportedAt time.Time `json:"imported_at"`
	// PlaceKey is where the body is placed (package place: Key of its
	// division), 0 when unplaced — and, until the store keeps placements
	// (place.Placement's place_key), always: a Scope by place then allows
	// none of the reports.
	PlaceKey int64 `json:"-"`
}

// ReportFilter selects stored reports. Zero fields select everything.
type ReportFilter struct {
	Year        int        // reporting year
	Q           string     // text in the agency's name
	Format      FileFormat // source format
	Template    Template   // "2019" or "2021"
	HasErrors   *bool
	HasWarnings *bool
	Late        *bool
	// Scope, when set, keeps the reports it allows: what an account that
	// may see only some reports sees (nianbao.Scope.Allows).
	Scope *Scope
	// Sort is a column, "-" in front for descending: year, agency,
	// imported, errors, warnings, received (表三 一 总计). Default: -imported.
	Sort   string
	Offset int
	Limit  int // 0 = the service's default page size
}

// Stats summarises the reports a filter selects, for the dashboard.
type Stats struct {
	Reports        int           `json:"reports"`
	WithErrors     int           `json:"with_errors"`
	WithWarnings   int           `json:"with_warnings"`
	Late           int           `json:"late"`
	ByYear         map[int]int   `json:"by_year"`          // reports per reporting year
	ReceivedByYear map[int]int64 `json:"received_by_year"` // 表三 一 总计 summed per year
	// Outcomes sums （一）…（六） of table 三's 总计 column over the
	// selection, keyed by row key (granted, partially_granted, withheld,
	// unavailable, not_processed, other).
	Outcomes map[string]int64 `json:"outcomes"`
}

// ReportService stores reports and answers questions across them.
// Implementations: package store (SQLite by default, PostgreSQL when shared).
type ReportService interface {
	// AddReport reads, audits and stores a report file. It is idempotent by
	// the file's SHA-256: a file already stored returns the stored report
	// and created == false. Reports of the same agency in neighbouring
	// years are audited against each other as they arrive. A file that is
	// not a report fails with the reader's *Error and stores nothing.
	AddReport(ctx context.Context, name string, data []byte) (r *StoredReport, created bool, err error)
	// FindReport returns one stored report (ENOTFOUND if there is none).
	FindReport(ctx context.Context, id int64) (*StoredReport, error)
	// Source returns the original file of a stored report.
	Source(ctx context.Context, id int64) (name string, data []byte, err error)
	// FindReports returns a page of the reports f selects and how many it selects in all.
	// The reports of a page may be light, for speed: package store gives
	// Agency, Year, Template, PublishedOn, Source and 表三 一、本年新收 总计,
	// with the counts (Errors, Warnings, Late) but no other cells, no
	// provenance and no Findings. FindReport gives the whole report.
	FindReports(ctx context.Context, f ReportFilter) ([]*StoredReport, int, error)
	// AgencyReports returns every stored report of the agency of report id,
	// oldest reporting year first, for comparing years.
	AgencyReports(ctx context.Context, id int64) ([]*StoredReport, error)
	// Stats summarises the reports f selects (paging ignored).
	Stats(ctx context.Context, f ReportFilter) (*Stats, error)
}
