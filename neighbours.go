package nianbao

import "strings"

// AgencyKey normalises a body's name so that the reports of one body over
// the years group together: spaces and widths do not count, nor whether
// a 街道 writes out 办事处. "" for a report that names no body.
func AgencyKey(name string) string {
	name = strings.Join(strings.Fields(FoldWidth(name)), "")
	return strings.TrimSuffix(name, "办事处")
}

// BodyYear places a report in its body's run of annual reports: the body
// (AgencyKey of the name it gives) and the reporting year. It is the one
// answer to "which reports are neighbouring years of the same body", for
// the store, the import, the check command and the web's comparisons.
type BodyYear struct {
	Body string // AgencyKey of the agency
	Year int
}

// BodyYear returns where r stands among its body's reports.
func (r *Report) BodyYear() BodyYear { return BodyYear{Body: AgencyKey(r.Agency), Year: r.Year} }

// Neighbours returns the neighbouring years of b: the same body's year
// before (whose report b's is audited against: 上年结转, 现行有效件数,
// 第五部分) and year after (whose reports are audited against b's). ok is
// false when the body or the year is unknown: such a report has no
// neighbours, since nothing says which body's run or which year it is in.
func (b BodyYear) Neighbours() (prev, next BodyYear, ok bool) {
	if b.Body == "" || b.Year <= 0 {
		return BodyYear{}, BodyYear{}, false
	}
	return BodyYear{b.Body, b.Year - 1}, BodyYear{b.Body, b.Year + 1}, true
}

// PreviousYear returns the report among others that r is audited against:
// the same body's report for the year before, the last of them in others
// when there are several (others in the order they arrived, so the latest
// version), or nil.
func PreviousYear(r *Report, others []*Report) *Report {
	prev, _, ok := r.BodyYear().Neighbours()
	if !ok {
		return nil
	}
	for i := len(others) - 1; i >= 0; i-- {
		if others[i] != r && others[i].BodyYear() == prev {
			return others[i]
		}
	}
	return nil
}
