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
	// Draft says the report was typed into the entry form and saved, not
	// published: it is audited, listed and compared like any report but
	// counts in no statistics, and the body's next save replaces it.
	Draft bool `json:"draft,omitempty"`
	// Where the body is placed (package place's Placement, as stored):
	// PlaceKey is Key of its division, 0 when unplaced (a Scope by place
	// then allows the report to no supervisor); PlaceKind its kind,
	// PlaceNote why this place or why none, PlaceManual whether an office
	// placed it by hand.
	PlaceKey    int64  `json:"-"`
	PlaceKind   string `json:"place_kind,omitempty"`
	PlaceNote   string `json:"place_note,omitempty"`
	PlaceManual bool   `json:"place_manual,omitempty"`
	// Superseded says a later file of the same body and year is stored: this
	// version is kept and can be read, the later one is current (lists,
	// statistics, exports). DeletedAt, when set, says the report was deleted
	// softly, by DeletedBy for DeletedReason: it is in no list until an
	// administrator restores it.
	Superseded    bool       `json:"superseded,omitempty"`
	DeletedAt     *time.Time `json:"deleted_at,omitempty"`
	DeletedBy     string     `json:"deleted_by,omitempty"`
	DeletedReason string     `json:"deleted_reason,omitempty"`
	// Replaces counts the older versions this one replaced (kept and not
	// deleted): a list says that a report is a new version, and its
	// ImportedAt says when.
	Replaces int `json:"replaces,omitempty"`
	// Corrections are the cells reviewers corrected (see Correction), which
	// the report's tables state corrected; FindReport gives them.
	Corrections []Correction `json:"corrections,omitempty"`
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
	Draft       *bool
	// Deleted selects the reports deleted softly instead of the current
	// ones (an administrator's list to restore from). Either way a
	// superseded version is never selected: lists, statistics and exports
	// count each body's year once.
	Deleted bool
	// Place is a division's code (package place): the reports of bodies
	// placed in it or anywhere under it (淮安市 → 洪泽区 → its
	// departments and 街道). A code that is no division's selects none.
	Place string
	// Findings keeps the reports with at least one finding it selects
	// (an open error of rule X); the problem list lists those findings.
	Findings FindingFilter
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
	// WithErrorsByYear and LateByYear count per reporting year the reports
	// with errors and those published late.
	WithErrorsByYear map[int]int `json:"with_errors_by_year"`
	LateByYear       map[int]int `json:"late_by_year"`
	// Outcomes sums （一）…（六） of table 三's 总计 column over the
	// selection, keyed by row key (granted, partially_granted, withheld,
	// unavailable, not_processed, other).
	Outcomes map[string]int64 `json:"outcomes"`
}

// The per-year maps of Stats are keyed by reporting year; a report whose
// year is unknown counts under 0, a year of its own.

// ReportService stores reports and answers questions across them:
// package ingest adds reports to a store (package store, SQLite by default,
// PostgreSQL when shared) and serves the store's answers.
type ReportService interface {
	// AddReport reads, audits and stores a report file. It is idempotent by
	// the file's SHA-256: a file already stored returns the stored report
	// and created == false. Reports of the same agency in neighbouring
	// years are audited against each other as they arrive. A file that is
	// not a report fails with the reader's *Error and stores nothing.
	AddReport(ctx context.Context, name string, data []byte) (r *StoredReport, created bool, err error)
	// CheckReport reads and audits a report file as AddReport does (against
	// the stored report of the same body's year before) and stores nothing:
	// a clerk checks a draft before publishing it. The result has ID 0.
	CheckReport(ctx context.Context, name string, data []byte) (*StoredReport, error)
	// SaveDraft audits and stores a report typed into the entry form as
	// its body's draft for its year (Draft set), replacing the body's
	// earlier draft for that year; its source is the report as JSON
	// (FileJSON). WithAccept's check applies as for AddReport.
	SaveDraft(ctx context.Context, rep *Report) (*StoredReport, error)
	ReportFinder
	ReportExporter
}

// ReportFinder answers questions about stored reports.
type ReportFinder interface {
	// FindReport returns one stored report (ENOTFOUND if there is none).
	FindReport(ctx context.Context, id int64) (*StoredReport, error)
	// Source returns the original file of a stored report.
	Source(ctx context.Context, id int64) (name string, data []byte, err error)
	// FindReports returns a page of the reports f selects and how many it selects in all.
	// The reports of a page are light, for speed: Agency, Year, Template,
	// PublishedOn, Source and 表三 一、本年新收 总计, with the counts
	// (Errors, Warnings, Late) but no other cells, no provenance and no
	// Findings. FindReport gives the whole report.
	FindReports(ctx context.Context, f ReportFilter) ([]*StoredReport, int, error)
	// AgencyReports returns every stored report of the agency of report id,
	// oldest reporting year first, for comparing years.
	AgencyReports(ctx context.Context, id int64) ([]*StoredReport, error)
	// Stats summarises the published reports f selects (paging ignored;
	// drafts are never counted).
	Stats(ctx context.Context, f ReportFilter) (*Stats, error)
}

// ReportExporter streams stored reports for exports, one row a report.
type ReportExporter interface {
	// ExportReports calls fn with each report f selects in f's order
	// (paging ignored) and stops at fn's first error, which it returns.
	// The reports carry what an export row needs and no more: what
	// FindReports gives, and every cell's number and provenance (Cells),
	// but no Sections, Notes or Findings.
	ExportReports(ctx context.Context, f ReportFilter, fn func(*StoredReport) error) error
}

// ReportTx is one write transaction of a store of reports, as package
// ingest uses it to add reports and audit neighbouring years again: what it
// writes is committed together or not at all. Writers take turns by body:
// once a transaction has looked at a body's years (YearIDs, YearReports),
// no other transaction adds or re-audits that body's reports until it
// ends, so that two neighbouring years added at once still see each other.
type ReportTx interface {
	// YearIDs returns the ids of the stored reports of one body and year,
	// in the order they were stored.
	YearIDs(ctx context.Context, by BodyYear) ([]int64, error)
	// YearReports returns the same reports, with ID and Report set and no
	// Findings.
	YearReports(ctx context.Context, by BodyYear) ([]*StoredReport, error)
	// Add stores sr (its Report, Findings and their counts) and data, the
	// file it was read from; it sets sr.ID and sr.ImportedAt. created is
	// false, and nothing is written, when a file with the same SHA-256
	// (sr.Report.Source.SHA256) is stored already.
	Add(ctx context.Context, sr *StoredReport, data []byte) (created bool, err error)
	// SetFindings replaces what the audit of stored report id found.
	SetFindings(ctx context.Context, id int64, fs []Finding) error
	// SetReport replaces stored report sr.ID — as read again from the same
	// file (with evidence its neighbouring years gave since), corrected, or
	// placed again — with its findings and place.
	SetReport(ctx context.Context, sr *StoredReport) error
	// Corrections returns the corrections of stored report id.
	Corrections(ctx context.Context, id int64) ([]Correction, error)
	// SetCorrection keeps c as the correction of its cell on report id, or
	// with withdraw removes the cell's correction, and logs it.
	SetCorrection(ctx context.Context, id int64, c *Correction, withdraw bool) error
	// SetDeleted deletes report id softly (for reason) or restores it, makes
	// the newest remaining version of its body's year current, and logs it.
	SetDeleted(ctx context.Context, id int64, deleted bool, reason string) error
	// Source returns the file stored report id was read from.
	Source(ctx context.Context, id int64) ([]byte, error)
}

type acceptKey struct{}

// WithAccept returns a context in which ReportService.AddReport stores a
// file only when accept, given the report read from it, returns nil; its
// error is AddReport's. The web application uses it to let an editor
// upload only its own body's reports, without reading the file twice.
func WithAccept(ctx context.Context, accept func(*Report) error) context.Context {
	return context.WithValue(ctx, acceptKey{}, accept)
}

// AcceptFrom returns the check WithAccept put in ctx, or nil.
func AcceptFrom(ctx context.Context) func(*Report) error {
	accept, _ := ctx.Value(acceptKey{}).(func(*Report) error)
	return accept
}
