package web

import (
	"context"
	"maps"
	"net/http"
	"slices"

	"nianbao"
)

// outcomeLabels name the keys of Stats.Outcomes, in table 三's order.
var outcomeLabels = []struct{ Key, Label string }{
	{"granted", "予以公开"},
	{"partially_granted", "部分公开"},
	{"withheld", "不予公开"},
	{"unavailable", "无法提供"},
	{"not_processed", "不予处理"},
	{"other", "其他处理"},
}

// dashboard is what the dashboard shows: the service's statistics for the
// filtered set, and the same broken down by reporting year.
type dashboard struct {
	*nianbao.Stats
	Years    []yearStats    `json:"years"`
	Outcomes []outcomeShare `json:"outcome_mix"` // Stats.Outcomes in table order, with labels
}

type yearStats struct {
	Year       int   `json:"year"`
	Reports    int   `json:"reports"`
	WithErrors int   `json:"with_errors"`
	Late       int   `json:"late"`
	Received   int64 `json:"received"`
}

type outcomeShare struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int64  `json:"count"`
}

// dashboard reads the statistics in one call (one query of the store):
// every figure, per year too.
func (s *Server) dashboard(ctx context.Context, f nianbao.ReportFilter) (*dashboard, error) {
	f.Offset, f.Limit = 0, 0
	st, err := s.svc.Stats(ctx, f)
	if err != nil {
		return nil, err
	}
	d := &dashboard{Stats: st}
	for _, o := range outcomeLabels {
		d.Outcomes = append(d.Outcomes, outcomeShare{Key: o.Key, Label: o.Label, Count: st.Outcomes[o.Key]})
	}
	// A report whose year is unknown is a year of its own (0), shown first.
	years := slices.Sorted(maps.Keys(st.ByYear))
	d.Years = make([]yearStats, len(years))
	for i, y := range years {
		d.Years[i] = yearStats{Year: y, Reports: st.ByYear[y], Received: st.ReceivedByYear[y],
			WithErrors: st.WithErrorsByYear[y], Late: st.LateByYear[y]}
	}
	return d, nil
}

type dashboardPage struct {
	page
	Query *listQuery
	*dashboard
	Roster *rosterCard // nil: no roster for the year
}

// handleDashboard serves GET /dashboard with the list's filters.
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	lq, err := parsePublishedQuery(r.URL.Query())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d, err := s.dashboard(r.Context(), lq.filter)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &dashboardPage{page: page{Title: "统计", Nav: "dashboard"}, Query: lq, dashboard: d}
	if p.Roster, err = s.rosterCard(r.Context(), lq.filter); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "dashboard", p)
}

// apiStats serves GET /api/stats with the list's filters.
func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	lq, err := parsePublishedQuery(r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	d, err := s.dashboard(r.Context(), lq.filter)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// Data is the dashboard as the charts read it (JSON in the page).
func (p *dashboardPage) Data() *dashboard { return p.dashboard }
