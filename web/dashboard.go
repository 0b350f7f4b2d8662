package web

import (
	"context"
	"net/http"
	"slices"
	"sync"

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
	var years []int
	for y := range st.ByYear {
		years = append(years, y)
	}
	slices.Sort(years)
	d.Years = make([]yearStats, len(years))
	// Errors and late publications per year: one summary per year, a few at a time.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	sem := make(chan struct{}, 4)
	for i, y := range years {
		d.Years[i] = yearStats{Year: y, Reports: st.ByYear[y], Received: st.ReceivedByYear[y]}
		if f.Year == y || len(years) == 1 {
			d.Years[i].WithErrors, d.Years[i].Late = st.WithErrors, st.Late
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			fy := f
			fy.Year = y
			ys, err := s.svc.Stats(ctx, fy)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				firstErr = err
				return
			}
			d.Years[i].WithErrors, d.Years[i].Late = ys.WithErrors, ys.Late
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return d, nil
}

type dashboardPage struct {
	page
	Query *listQuery
	*dashboard
}

// handleDashboard serves GET /dashboard with the list's filters.
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	lq, err := parseListQuery(r.URL.Query())
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
	s.render(w, r, http.StatusOK, "dashboard", p)
}

// apiStats serves GET /api/stats with the list's filters.
func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	lq, err := parseListQuery(r.URL.Query())
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
