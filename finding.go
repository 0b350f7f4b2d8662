package nianbao

// Severity says how serious a finding is. Error is kept for reports whose
// own numbers contradict each other or are impossible; whatever is late,
// odd, copied, unclear or off-template is a warning or merely worth knowing.
type Severity string

// The severities, most serious first.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Rank orders severities: 0 for error, then warning, then info.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// Label returns the severity in Chinese.
func (s Severity) Label() string {
	return [...]string{"错误", "警告", "提示"}[s.Rank()]
}

// Finding is one thing an audit found in a report: which rule, how serious,
// what it means in plain Chinese, and the cells and text it is about. A
// finding never changes the report: Stated is what the report prints,
// Expected what its own arithmetic (or another statement) implies.
type Finding struct {
	Rule     RuleID        `json:"rule"`
	Severity Severity      `json:"severity"`
	Message  string        `json:"message"`
	Cells    []FindingCell `json:"cells,omitempty"`
	Stated   Num           `json:"stated,omitzero"`
	Expected Num           `json:"expected,omitzero"`
	// Section (1–6) and Quote locate a finding about the report's prose:
	// the section it is in and the passage itself.
	Section int    `json:"section,omitempty"`
	Quote   string `json:"quote,omitempty"`
	Basis   string `json:"basis"` // the law, notice or template rule applied
	// Review is what a reviewer decided about the finding (kept apart
	// from the audit, by Key); nil while it is open.
	Review *FindingReview `json:"review,omitempty"`
}

// FindingCell is a table cell a finding is about.
type FindingCell struct {
	CellKey
	Label string `json:"label"` // the cell as a person names it, e.g. 表三“（一）予以公开”·总计
	// Year is the reporting year of the report the cell is in, set only
	// when that is not the report checked (the cross-year rules).
	Year int  `json:"year,omitempty"`
	Pos  *Pos `json:"pos,omitempty"` // where the cell was printed; nil when it was not
}
