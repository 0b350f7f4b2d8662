package nianbao

// Summary counts what an audit found, for lists, filters, the dashboard and
// the command line's totals.
type Summary struct {
	Errors, Warnings, Infos int
	Late                    bool // a RuleLate finding: published after the deadline
}

// Summarize counts findings by severity and says whether one is RuleLate.
func Summarize(fs []Finding) Summary {
	var s Summary
	for _, f := range fs {
		switch f.Severity {
		case SeverityError:
			s.Errors++
		case SeverityWarning:
			s.Warnings++
		default:
			s.Infos++
		}
		if f.Rule == RuleLate {
			s.Late = true
		}
	}
	return s
}

// SetFindings records what the audit of sr found, with the counts kept
// beside the findings.
func (sr *StoredReport) SetFindings(fs []Finding) {
	if fs == nil {
		fs = []Finding{}
	}
	s := Summarize(fs)
	sr.Findings, sr.Errors, sr.Warnings, sr.Late = fs, s.Errors, s.Warnings, s.Late
}
