package nianbao

import (
	"context"
	"time"
)

// RosterEntry is a body a supervising office expects a report from for
// one reporting year: its roster (应报机关名单). A body is expected once a
// year, whichever office's import listed it: the entries are keyed by the
// year and the body's AgencyKey.
type RosterEntry struct {
	Year   int    `json:"year"`
	Agency string `json:"agency"` // as the office writes it
	// Code is the division the body belongs to (package place): the
	// roster's place, or one under it that the file or the body's name
	// gives. A supervisor sees the entries under its places.
	Code string `json:"code"`
	// Kind is the body's kind as package place names it (government,
	// department, township, other); "" when neither the file nor the name
	// says.
	Kind    string    `json:"kind,omitempty"`
	Note    string    `json:"note,omitempty"` // where Code and Kind came from, in Chinese
	AddedBy string    `json:"added_by"`       // the account; "" for the command line
	AddedAt time.Time `json:"added_at"`
}

// RosterStatus is how an expected body stands for its year. The statuses
// of a body with a report are not exclusive: a late report may have errors
// too.
type RosterStatus string

// The statuses, in the order pages show them.
const (
	RosterReported RosterStatus = "reported" // 已报: a published report of the body and year is stored
	RosterMissing  RosterStatus = "missing"  // 未报: none is
	RosterLate     RosterStatus = "late"     // 逾期: published after its deadline (a time.late finding)
	RosterUndated  RosterStatus = "undated"  // 未写日期: the report states no date, so timeliness is unknown
	RosterErrors   RosterStatus = "errors"   // 有错误: its audit found an error no reviewer has set aside (RosterRow.Errors)
)

// RosterStatuses lists the statuses in the order pages show them.
var RosterStatuses = []RosterStatus{RosterReported, RosterMissing, RosterLate, RosterUndated, RosterErrors}

var rosterLabels = map[RosterStatus]string{
	RosterReported: "已报", RosterMissing: "未报", RosterLate: "逾期", RosterUndated: "未写日期", RosterErrors: "有错误",
}

// Valid reports whether s is one of RosterStatuses.
func (s RosterStatus) Valid() bool { _, ok := rosterLabels[s]; return ok }

// Label names the status in Chinese.
func (s RosterStatus) Label() string { return rosterLabels[s] }

// RosterRow is an expected body with what the store holds of it for the
// year: its report (light, as FindReports gives it), nil when none.
type RosterRow struct {
	RosterEntry
	Report *StoredReport `json:"report,omitempty"`
	// Errors counts the report's errors that no reviewer has marked 误报
	// or 已整改: what still makes it 有错误.
	Errors int `json:"errors"`
}

// Statuses returns the row's statuses: 未报, or 已报 with whichever of
// 逾期, 未写日期 and 有错误 apply.
func (r *RosterRow) Statuses() []RosterStatus {
	sr := r.Report
	if sr == nil {
		return []RosterStatus{RosterMissing}
	}
	out := []RosterStatus{RosterReported}
	if sr.Late {
		out = append(out, RosterLate)
	}
	if sr.Report.PublishedOn == "" {
		out = append(out, RosterUndated)
	}
	if r.Errors > 0 {
		out = append(out, RosterErrors)
	}
	return out
}

// Has reports whether the row has status s.
func (r *RosterRow) Has(s RosterStatus) bool {
	for _, x := range r.Statuses() {
		if x == s {
			return true
		}
	}
	return false
}

// RosterCounts counts the rows of a roster by status; a body with a late
// report that has errors counts under 已报, 逾期 and 有错误.
type RosterCounts struct {
	Expected int                  `json:"expected"`
	ByStatus map[RosterStatus]int `json:"by_status"`
}

// CountRoster counts rows by status.
func CountRoster(rows []*RosterRow) RosterCounts {
	c := RosterCounts{Expected: len(rows), ByStatus: map[RosterStatus]int{}}
	for _, s := range RosterStatuses {
		c.ByStatus[s] = 0
	}
	for _, r := range rows {
		for _, s := range r.Statuses() {
			c.ByStatus[s]++
		}
	}
	return c
}

// RosterFilter selects the entries of a roster.
type RosterFilter struct {
	Year int // required
	// Place is a division's code: the entries placed in it or under it;
	// "" for every place.
	Place  string
	Status RosterStatus // "" for every status
	// Scope, when set, keeps the entries placed in its places (an
	// editor's scope, which names a body rather than places, keeps that
	// body's entry): what a supervisor may see.
	Scope *Scope
}

// RosterImport is what an import changed.
type RosterImport struct {
	Added, Updated, Removed int
}

// RosterService keeps the rosters of supervising offices (package store).
type RosterService interface {
	// ImportRoster adds the entries, all of one year, to the roster, or
	// updates the entry of the same body and year; with replace, the
	// year's entries placed under place that entries does not name are
	// removed first, in the same transaction. Every entry must be placed
	// under place. Logged in the audit log.
	ImportRoster(ctx context.Context, place string, year int, entries []RosterEntry, replace bool) (*RosterImport, error)
	// Roster returns the entries f selects with their reports, by code and
	// name.
	Roster(ctx context.Context, f RosterFilter) ([]*RosterRow, error)
	// LastYearSet returns, as entries for f.Year, the bodies with a
	// published report for the year before placed under f.Place (a code,
	// required) that f.Scope allows: the roster to start from when an
	// office has none. f.Status is ignored.
	LastYearSet(ctx context.Context, f RosterFilter) ([]RosterEntry, error)
	// DeleteRosterEntry removes the body's entry for the year (ENOTFOUND
	// when there is none); logged.
	DeleteRosterEntry(ctx context.Context, year int, agency string) error
}

// LevelDiff is one cell of a 本级 aggregated report set against the sum
// of its subordinates' reports (template.md rule 6: an aggregated 本级
// report's tables = the sum of the reports it aggregates).
type LevelDiff struct {
	Cell   Cell
	Stated Printed // what the 本级 report prints there
	// Sum is the subordinates' sum, invalid when some subordinate states
	// no number there or the cell cannot be added (Aggregation.Cells).
	Sum Num
	// Diff is Stated − Sum when both are numbers; Equal says they are the
	// same number.
	Diff  Num
	Equal bool
}

// Differs reports whether the 本级 report and the sum are both numbers in
// the cell and differ.
func (d LevelDiff) Differs() bool { return d.Diff.Valid() && !d.Equal }

// CompareLevels sets own, a 本级 report, against the aggregate of its
// subordinates' reports, cell by cell over every cell the aggregate has
// (Aggregation.Cells): the cells in which they differ, and those that
// cannot be compared, come first in their tables' order, then the equal
// ones. It changes neither.
func CompareLevels(own *Report, a *Aggregation) []LevelDiff {
	idx := own.CellIndex()
	var differ, equal []LevelDiff
	for _, ac := range a.Cells {
		d := LevelDiff{Cell: ac.Cell, Stated: own.Printed(idx, ac.Cell.Key)}
		if ac.Complete && ac.Additive {
			d.Sum = ac.Sum
		}
		if d.Stated.Num.Valid() && d.Sum.Valid() {
			d.Diff = d.Stated.Num.Sub(d.Sum)
			d.Equal = d.Diff.Cmp(Int(0)) == 0
		}
		if d.Equal {
			equal = append(equal, d)
		} else {
			differ = append(differ, d)
		}
	}
	return append(differ, equal...)
}
