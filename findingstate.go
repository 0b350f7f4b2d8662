package nianbao

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// FindingState is what a reviewer decided about a finding. A finding no
// one has reviewed is open.
type FindingState string

// The states, in the order forms offer them.
const (
	FindingOpen     FindingState = "open"     // not reviewed yet
	FindingVerified FindingState = "verified" // the report is wrong as the finding says
	FindingFalse    FindingState = "false"    // a false alarm: the report is right
	FindingFixed    FindingState = "fixed"    // the body has corrected it
)

// FindingStates lists the states a reviewer may set.
var FindingStates = []FindingState{FindingVerified, FindingFalse, FindingFixed}

var stateLabels = map[FindingState]string{
	FindingOpen:     "待核实",
	FindingVerified: "已核实",
	FindingFalse:    "误报",
	FindingFixed:    "已整改",
}

// Valid reports whether s is one of the states, open included.
func (s FindingState) Valid() bool { _, ok := stateLabels[s]; return ok }

// Label names the state in Chinese.
func (s FindingState) Label() string {
	if l, ok := stateLabels[s]; ok {
		return l
	}
	return stateLabels[FindingOpen]
}

// FindingReview is a reviewer's decision about a finding: the state, why,
// who and when.
type FindingReview struct {
	State   FindingState `json:"state"`
	Comment string       `json:"comment,omitempty"`
	By      string       `json:"by"` // the account; "" for the command line
	At      time.Time    `json:"at"`
}

// Key names a finding across audits of its report: the rule and the cells
// it is about (sorted, with the year of another year's cell), or the quote
// for a finding about the prose. An audit run again, when a neighbouring
// year arrives, finds the same thing under the same key, wherever in the
// list it now stands, so a review stays with it.
func (f *Finding) Key() string {
	var b strings.Builder
	b.WriteString(string(f.Rule))
	cells := make([]string, 0, len(f.Cells))
	for _, c := range f.Cells {
		k := fmt.Sprintf("%s/%s/%s", c.Table, c.Row, c.Column)
		if c.Year != 0 {
			k = fmt.Sprintf("%d:%s", c.Year, k)
		}
		cells = append(cells, k)
	}
	slices.Sort(cells)
	for _, c := range cells {
		b.WriteString("|" + c)
	}
	if len(cells) == 0 && f.Quote != "" {
		fmt.Fprintf(&b, "|§%d|%s", f.Section, f.Quote)
	}
	return b.String()
}

// State is the finding's state: its review's, or open.
func (f *Finding) State() FindingState {
	if f.Review == nil {
		return FindingOpen
	}
	return f.Review.State
}

// FindingFilter selects findings of the reports a ReportFilter selects.
// Zero fields select every finding.
type FindingFilter struct {
	Rule     RuleID
	Severity Severity
	State    FindingState // FindingOpen: the findings no one has reviewed
}

// Match reports whether f selects finding x.
func (f FindingFilter) Match(x *Finding) bool {
	return (f.Rule == "" || x.Rule == f.Rule) && (f.Severity == "" || x.Severity == f.Severity) &&
		(f.State == "" || x.State() == f.State)
}

// Problem is one finding of a stored report, as the problem list (an
// office's 通报) shows it: the report's body, year and id beside it.
type Problem struct {
	Report  int64
	Agency  string
	Year    int
	Finding Finding
}

// FindingReviewer keeps the reviews of findings (package store).
type FindingReviewer interface {
	// ReviewFinding sets the state of the finding with this key (Finding.Key)
	// of stored report id, by the actor of ctx, and logs it; FindingOpen
	// takes a review back. It returns the finding.
	ReviewFinding(ctx context.Context, id int64, key string, state FindingState, comment string) (*Finding, error)
	// Problems calls fn with every finding f.Findings selects of the
	// reports f selects, in f's order and each report's order of findings,
	// and stops at fn's first error, which it returns.
	Problems(ctx context.Context, f ReportFilter, fn func(*Problem) error) error
}

// RuleIDs returns every rule this version knows, by ID, for the filters
// that offer them.
func RuleIDs() []RuleID { return slices.Sorted(maps.Keys(ruleTitles)) }
