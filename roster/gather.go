package roster

import (
	"context"

	"nianbao"
	"nianbao/place"
)

// Subordinates is what a place's 本级 aggregated report sums for a year
// (template.md rule 6): the stored published reports of the bodies placed
// under it, each body once, where the 本级 report of a division below
// stands for the reports under that division (a county's report sums its
// departments' and townships'), so that nothing is counted twice.
type Subordinates struct {
	Own *nianbao.StoredReport // the place's own 本级 report, nil when none is stored
	// Inputs are the reports summed, by body name, with their tables
	// (what ExportReports gives: no sections, notes or findings; Errors
	// counts their errors).
	Inputs  []*nianbao.StoredReport
	Covered []Covered // reports a 本级 report below the place stands for
}

// Covered is a report left out of a place's sum because the 本级 report
// of a division between them sums it already.
type Covered struct {
	Report, By *nianbao.StoredReport // light reports (FindReports)
}

// MaxInputs bounds one aggregation: a county has some hundreds of bodies;
// more means the place asked for is too wide.
const MaxInputs = 2000

// Finder reads stored reports for an aggregation: the list to choose them
// from, their tables in one stream, the place's own report whole.
type Finder interface {
	nianbao.ReportFinder
	nianbao.ReportExporter
}

// Gather finds the subordinates of the place's 本级 report for year among
// the reports rf may see; more than limit reports under the place is
// ETOOLARGE (ask for a place further down).
func Gather(ctx context.Context, rf Finder, p place.Place, year, limit int) (*Subordinates, error) {
	published := false
	f := nianbao.ReportFilter{Place: p.Code, Year: year, Draft: &published, Sort: "agency", Limit: limit}
	light, n, err := rf.FindReports(ctx, f)
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, nianbao.Errorf(nianbao.ETOOLARGE, "%s %d年度有 %d 份报告，超过一次汇总的上限 %d 份：请选下一级地区", p.FullName(), year, n, limit)
	}
	// The last stored report of each body, and the 本级 reports by place.
	last := map[string]*nianbao.StoredReport{}
	for _, l := range light {
		key := nianbao.AgencyKey(l.Report.Agency)
		if prev := last[key]; prev == nil || l.ID > prev.ID {
			last[key] = l
		}
	}
	govs := map[int64]*nianbao.StoredReport{}
	for _, l := range light {
		if l.PlaceKind == string(place.KindGovernment) && last[nianbao.AgencyKey(l.Report.Agency)] == l {
			govs[l.PlaceKey] = l
		}
	}
	sub := &Subordinates{}
	own := place.Key(p.Code)
	inputs := map[int64]bool{}
	for _, l := range light {
		if last[nianbao.AgencyKey(l.Report.Agency)] != l {
			continue
		}
		if govs[own] == l {
			sub.Own = l
			continue
		}
		if by := coveredBy(l, govs, p); by != nil {
			sub.Covered = append(sub.Covered, Covered{Report: l, By: by})
			continue
		}
		inputs[l.ID] = true
	}
	// The inputs' tables in one query rather than one each (20 ms rather
	// than 170 for a county's 350 reports), in the list's order.
	err = rf.ExportReports(ctx, f, func(sr *nianbao.StoredReport) error {
		if inputs[sr.ID] {
			sub.Inputs = append(sub.Inputs, sr)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if sub.Own != nil {
		whole, err := rf.FindReport(ctx, sub.Own.ID)
		if err != nil {
			return nil, err
		}
		sub.Own = whole
	}
	return sub, nil
}

// coveredBy is the 本级 report of the highest division strictly below p
// that contains l's place, other than l itself: the report that sums l.
func coveredBy(l *nianbao.StoredReport, govs map[int64]*nianbao.StoredReport, p place.Place) *nianbao.StoredReport {
	at, ok := place.Lookup(place.CodeOf(l.PlaceKey))
	if !ok {
		return nil
	}
	for _, d := range at.Path() {
		if len(d.Code) <= len(p.Code) {
			continue // p itself and above
		}
		if g := govs[place.Key(d.Code)]; g != nil && g != l {
			return g
		}
	}
	return nil
}

// Reports returns the reports of srs, for nianbao.Aggregate.
func Reports(srs []*nianbao.StoredReport) []*nianbao.Report {
	out := make([]*nianbao.Report, len(srs))
	for i, sr := range srs {
		out[i] = sr.Report
	}
	return out
}
