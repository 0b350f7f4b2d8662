package web

import (
	"fmt"
	"net/http"
	"strconv"

	"nianbao"
	"nianbao/place"
)

// aggregatePage is the 本级 aggregated draft of a place and year: the
// report page of the sum, with what it was summed from.
type aggregatePage struct {
	reportPage
	Place    place.Place
	Year     int
	Inputs   []*nianbao.StoredReport
	Excluded []nianbao.Excluded
	Blank    int // cells left blank because an input did not state them
}

// maxAggregateInputs bounds one aggregation: a county has some hundreds
// of bodies; more means the place asked for is too wide.
const maxAggregateInputs = 2000

// handleAggregate serves GET /aggregate?place=P&year=Y: the tables of
// the reports of bodies placed under P for year Y (the viewer's scope
// applies), summed cell by cell into a 本级 draft. A cell some report
// leaves blank or marked stays blank with a note naming those reports
// (never summed as 0); P's own 本级 report, if stored, is not an input.
func (s *Server) handleAggregate(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("place") == "" {
		s.render(w, r, http.StatusOK, "aggregate", &aggregatePage{reportPage: reportPage{page: page{Title: "本级汇总", Nav: "aggregate"}}})
		return
	}
	pl, err := place.Resolve(q.Get("place"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil || year < 2019 || year > 9999 {
		s.pageError(w, r, nianbao.Errorf(nianbao.EINVALID, "请给出报告年度（2019 年起的四位数字）"))
		return
	}
	published := false
	light, n, err := s.svc.FindReports(r.Context(), nianbao.ReportFilter{Place: pl.Code, Year: year, Draft: &published, Limit: maxAggregateInputs})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if n > maxAggregateInputs {
		s.pageError(w, r, nianbao.Errorf(nianbao.ETOOLARGE, "%s %d年度有 %d 份报告，超过一次汇总的上限 %d 份：请选下一级地区", pl.Name, year, n, maxAggregateInputs))
		return
	}
	own := place.Key(pl.Code)
	var inputs []*nianbao.StoredReport
	var reports []*nianbao.Report
	for _, l := range light {
		if l.PlaceKey == own && l.PlaceKind == string(place.KindGovernment) {
			continue // the place's own aggregated report
		}
		sr, err := s.svc.FindReport(r.Context(), l.ID)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		inputs = append(inputs, sr)
		reports = append(reports, sr.Report)
	}
	agg, err := nianbao.Aggregate(reports, nianbao.AggregateOptions{Year: year, Place: pl.FullName() + "（汇总稿）", Key: nianbao.AgencyKey})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	sr := &nianbao.StoredReport{Report: agg.Report}
	p := &aggregatePage{Place: pl, Year: year, Inputs: inputs, Excluded: agg.Excluded}
	for _, n := range agg.Report.Notes {
		if n.Table != "" {
			p.Blank++
		}
	}
	p.reportPage = *s.reportView(r, sr, "aggregate")
	p.Title = fmt.Sprintf("%s %d年度本级汇总稿", pl.FullName(), year)
	s.render(w, r, http.StatusOK, "aggregate", p)
}
