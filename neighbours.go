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
// and the reporting year. It is the one answer to "which reports are
// neighbouring years of the same body", for the store, the import, the
// check command and the web's comparisons.
//
// A body is known by its name (Body) and, once placed in a division, by
// the division (Place, its key) and its name within it (Unit: the name
// after the division's own names, 人民政府 or 财政局): a body that names
// itself 洪泽区人民政府 one year and 淮安市洪泽区人民政府 the next is one
// body, placed in 洪泽区 both years; two 鼓楼区人民政府 placed in different
// cities are two (see SameBody).
type BodyYear struct {
	Body  string // AgencyKey of the agency
	Year  int
	Place int64  // the division's key (place.Key); 0 when the body is not placed
	Unit  string // AgencyKey of the name within the division; "" when not placed
}

// BodyYear returns where r stands among its body's reports by its name
// alone; place.BodyYear adds where the body is placed.
func (r *Report) BodyYear() BodyYear { return BodyYear{Body: AgencyKey(r.Agency), Year: r.Year} }

// SameBody reports whether b and o are reports of one body (in any year):
// placed in one division under one name within it, or of one name where
// the places do not say otherwise (one of them is not placed, or both are
// placed in the same division).
func (b BodyYear) SameBody(o BodyYear) bool {
	placed := b.Place != 0 && o.Place != 0
	if placed && b.Place == o.Place && b.Unit == o.Unit {
		return true
	}
	return b.Body != "" && b.Body == o.Body && (!placed || b.Place == o.Place)
}

// In returns b for another year of the same body.
func (b BodyYear) In(year int) BodyYear {
	b.Year = year
	return b
}

// Neighbours returns the neighbouring years of b: the same body's year
// before (whose report b's is audited against: 上年结转, 现行有效件数,
// 第五部分) and year after (whose reports are audited against b's). ok is
// false when the body or the year is unknown: such a report has no
// neighbours, since nothing says which body's run or which year it is in.
func (b BodyYear) Neighbours() (prev, next BodyYear, ok bool) {
	if b.Body == "" || b.Year <= 0 {
		return BodyYear{}, BodyYear{}, false
	}
	return b.In(b.Year - 1), b.In(b.Year + 1), true
}

// PreviousIn returns the index in others of the report a report at b is
// audited against: the same body's report for the year before, the last
// of them when there are several (others in the order they arrived, so
// the latest version), or -1.
func (b BodyYear) PreviousIn(others []BodyYear) int {
	prev, _, ok := b.Neighbours()
	if !ok {
		return -1
	}
	for i := len(others) - 1; i >= 0; i-- {
		if others[i].Year == prev.Year && others[i].SameBody(prev) {
			return i
		}
	}
	return -1
}

// PreviousYear returns the report among others that r is audited against
// (BodyYear.PreviousIn), by the bodies' names alone, or nil.
func PreviousYear(r *Report, others []*Report) *Report {
	bys := make([]BodyYear, len(others))
	for i, o := range others {
		bys[i] = o.BodyYear()
	}
	if i := r.BodyYear().PreviousIn(bys); i >= 0 {
		return others[i]
	}
	return nil
}
