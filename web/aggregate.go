package web

import (
	"net/http"
	"strconv"

	"nianbao"
	"nianbao/place"
	"nianbao/render"
	"nianbao/roster"
)

// aggregatePage is the 本级 aggregated draft of a place and year: the
// report page of the sum, with what it was summed from, which expected
// bodies have no report, each cell's sources, and the place's own 本级
// report set against the sum.
type aggregatePage struct {
	reportPage
	Place place.Place
	Year  int
	*roster.Aggregate
	Blank   int // cells left blank because an input did not state them
	Cells   []aggregateCell
	Differ  []nianbao.LevelDiff // the cells where the 本级 report and the sum are numbers and differ
	Uncheck int                 // cells of the 本级 report the sum cannot be compared with
	Formats []render.Format
}

// aggregateCell is a cell of the draft with the inputs behind it: those
// that state something other than 0, and how many state 0 — most of a
// county's hundreds of reports, for most cells, whose list would make the
// page megabytes.
type aggregateCell struct {
	nianbao.AggregateCell
	Sources []aggregateSource
	Zeros   int
}

type aggregateSource struct {
	Report *nianbao.StoredReport
	Text   string // what the report holds there: the number, the mark, 空白, 未印此格
}

// aggregate sums what the request asks for: the reports the viewer may
// see of the bodies under place for year (roster.AggregatePlace), the
// expected bodies from the roster of what the viewer answers for (none
// for a visitor not signed in).
func (s *Server) aggregate(r *http.Request) (*roster.Aggregate, error) {
	q := r.URL.Query()
	pl, err := place.Resolve(q.Get("place"))
	if err != nil {
		return nil, err
	}
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil || year < 2019 || year > 9999 {
		return nil, nianbao.Errorf(nianbao.EINVALID, "请给出报告年度（2019 年起的四位数字）")
	}
	return roster.AggregatePlace(r.Context(), s.svc, s.rosterFor(r.Context()), pl, year, roster.MaxInputs, viewerFrom(r.Context()).own)
}

// handleAggregate serves GET /aggregate?place=P&year=Y: the tables of
// the reports of bodies placed under P for year Y (the viewer's scope
// applies), summed cell by cell into a 本级 draft. A cell some report
// leaves blank or marked stays blank with a note naming those reports
// (never summed as 0); P's own 本级 report, if stored, is not an input but
// is set against the sum, and a 本级 report of a division under P stands
// for the reports under it.
func (s *Server) handleAggregate(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("place") == "" {
		s.render(w, r, http.StatusOK, "aggregate", &aggregatePage{reportPage: reportPage{page: page{Title: "本级汇总", Nav: "aggregate"}}})
		return
	}
	a, err := s.aggregate(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &aggregatePage{Place: a.Place, Year: a.Year, Aggregate: a, Formats: render.Formats}
	for _, n := range a.Aggregation.Report.Notes {
		if n.Table != "" {
			p.Blank++
		}
	}
	for _, ac := range a.Aggregation.Cells {
		c := aggregateCell{AggregateCell: ac}
		for _, src := range ac.Sources {
			if src.Num.Valid() && src.Num.Cmp(nianbao.Int(0)) == 0 {
				c.Zeros++
				continue
			}
			c.Sources = append(c.Sources, aggregateSource{Report: a.Inputs[src.Report], Text: sourceText(src)})
		}
		p.Cells = append(p.Cells, c)
	}
	for _, d := range a.Levels {
		switch {
		case d.Differs():
			p.Differ = append(p.Differ, d)
		case !d.Diff.Valid():
			p.Uncheck++
		}
	}
	p.reportPage = *s.reportView(r, &nianbao.StoredReport{Report: a.Aggregation.Report}, "aggregate")
	p.Title = a.Place.FullName() + " " + strconv.Itoa(a.Year) + "年度本级汇总稿"
	s.render(w, r, http.StatusOK, "aggregate", p)
}

// sourceText is what an input holds in a cell, for people.
func sourceText(src nianbao.CellSource) string {
	switch {
	case src.Num.Valid():
		return src.Num.String()
	case src.Kind == nianbao.KindMark:
		return "“" + src.Text + "”"
	case src.Kind == "":
		return "未印此格"
	}
	return "空白"
}

// handleAggregateExport serves GET /aggregate/export?place=P&year=Y&format=F:
// the draft in the official layout (package render), blanks kept blank.
func (s *Server) handleAggregateExport(w http.ResponseWriter, r *http.Request) {
	format, err := render.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	a, err := s.aggregate(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.writeRendered(w, r, a.Aggregation.Report, format)
}

// writeRendered sends rep in the official layout as a download.
func (s *Server) writeRendered(w http.ResponseWriter, r *http.Request, rep *nianbao.Report, format render.Format) {
	data, err := render.Render(r.Context(), rep, format)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	attachment(w, format.ContentType(), render.Title(rep)+format.Ext())
	w.Write(data)
}
