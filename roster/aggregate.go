package roster

import (
	"context"

	"nianbao"
	"nianbao/place"
)

// Aggregate is a place's 本级 aggregated draft for a year as the store
// gives it: what was summed, which expected bodies have no report, and the
// place's own 本级 report set against the sum.
type Aggregate struct {
	Place place.Place
	Year  int
	*Subordinates
	Aggregation *nianbao.Aggregation
	Basis       Basis // where the expected bodies came from
	// Levels is Own set against the sum, cell by cell
	// (nianbao.CompareLevels); nil without Own.
	Levels []nianbao.LevelDiff
}

// Complete reports whether every expected body's report is among the
// inputs (or stood for by a 本级 report below), so that the sum is what
// the 本级 report should state (template.md rule 6) rather than a part.
func (a *Aggregate) Complete() bool {
	return a.Basis != BasisNone && len(a.Aggregation.Missing) == 0
}

// Differences counts the cells of Levels that differ (LevelDiff.Differs).
func (a *Aggregate) Differences() int {
	n := 0
	for _, d := range a.Levels {
		if d.Differs() {
			n++
		}
	}
	return n
}

// AggregatePlace sums the reports rf gives of the bodies under p for year
// (Gather) into p's 本级 draft, the bodies expected (Expected, within
// scope) listed as missing when neither their report nor a 本级 report
// standing for it is there.
func AggregatePlace(ctx context.Context, rf Finder, rs nianbao.RosterService, p place.Place, year, limit int, scope *nianbao.Scope) (*Aggregate, error) {
	sub, err := Gather(ctx, rf, p, year, limit)
	if err != nil {
		return nil, err
	}
	a := &Aggregate{Place: p, Year: year, Subordinates: sub}
	var expected []string
	if rs != nil {
		if expected, a.Basis, err = Expected(ctx, rs, nianbao.RosterFilter{Year: year, Place: p.Code, Scope: scope}); err != nil {
			return nil, err
		}
	}
	// A body whose report a 本级 report below stands for has reported,
	// and so has the place itself.
	present := map[string]bool{}
	for _, c := range sub.Covered {
		present[nianbao.AgencyKey(c.Report.Report.Agency)] = true
	}
	name := p.FullName() + "人民政府"
	if sub.Own != nil {
		present[nianbao.AgencyKey(sub.Own.Report.Agency)] = true
		name = sub.Own.Report.Agency
	}
	var wanted []string
	for _, e := range expected {
		if !present[nianbao.AgencyKey(e)] {
			wanted = append(wanted, e)
		}
	}
	if len(sub.Inputs) == 0 {
		return nil, nianbao.Errorf(nianbao.EINVALID, "%s %d年度没有下级机关的报告可以汇总", p.FullName(), year)
	}
	a.Aggregation, err = nianbao.Aggregate(Reports(sub.Inputs), nianbao.AggregateOptions{Year: year, Place: name, Expected: wanted, Key: nianbao.AgencyKey})
	if err != nil {
		return nil, err
	}
	if sub.Own != nil {
		a.Levels = nianbao.CompareLevels(sub.Own.Report, a.Aggregation)
	}
	return a, nil
}
