package web

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"nianbao"
)

// reportSummary is a stored report as lists show it.
type reportSummary struct {
	ID          int64              `json:"id"`
	Agency      string             `json:"agency"`
	Year        *int               `json:"year"` // null when the report does not say
	Template    nianbao.Template   `json:"template"`
	Format      nianbao.FileFormat `json:"format"`
	Name        string             `json:"name"`
	PublishedOn *string            `json:"published_on"`
	Errors      int                `json:"errors"`
	Warnings    int                `json:"warnings"`
	Late        bool               `json:"late"`
	Draft       bool               `json:"draft,omitempty"` // saved from the entry form, not published
	Received    *int64             `json:"received"`        // 表三 一、本年新收 总计; null when not stated
	// Replaces counts the older versions this report replaced, when it
	// did (when: ImportedAt).
	Replaces   int       `json:"replaces,omitempty"`
	ImportedAt time.Time `json:"imported_at"`
}

func summarize(sr *nianbao.StoredReport) reportSummary {
	rep := sr.Report
	s := reportSummary{
		ID: sr.ID, Agency: rep.Agency, Template: rep.Template, Format: rep.Source.Format,
		Name: rep.Source.Name, Errors: sr.Errors, Warnings: sr.Warnings, Late: sr.Late, Draft: sr.Draft, ImportedAt: sr.ImportedAt,
		Replaces: sr.Replaces,
	}
	if rep.Year > 0 {
		y := rep.Year
		s.Year = &y
	}
	if rep.PublishedOn != "" {
		p := rep.PublishedOn
		s.PublishedOn = &p
	}
	if n, ok := rep.Requests[nianbao.NewReceived][nianbao.ColumnTotal].Int64(); ok {
		s.Received = &n
	}
	return s
}

// listResult is a page of a filtered list.
type listResult struct {
	Total   int             `json:"total"`
	Page    int             `json:"page"`
	PerPage int             `json:"per_page"`
	Pages   int             `json:"pages"`
	Reports []reportSummary `json:"reports"`
}

func (s *Server) findPage(r *http.Request, lq *listQuery, perPage int) (*listResult, error) {
	f := lq.filter
	f.Limit = perPage
	f.Offset = (lq.Page - 1) * perPage
	reports, total, err := s.svc.FindReports(r.Context(), f)
	if err != nil {
		return nil, err
	}
	res := &listResult{Total: total, Page: lq.Page, PerPage: perPage, Pages: (total + perPage - 1) / perPage, Reports: make([]reportSummary, len(reports))}
	for i, sr := range reports {
		res.Reports[i] = summarize(sr)
	}
	return res, nil
}

type listPage struct {
	page
	Query *listQuery
	*listResult
	Prev  template.URL // query parts of the neighbouring pages, "" when none
	Next  template.URL
	Pager []pagerLink
}

type pagerLink struct {
	Page    int
	Query   template.URL
	Current bool
	Gap     bool // an ellipsis
}

// handleList serves GET /reports: the filter form, a page of reports and
// links to the exports of the whole filtered list.
func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
	lq, err := parseListQuery(r.URL.Query())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	res, err := s.findPage(r, lq, s.opt.PageSize)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &listPage{page: page{Title: "报告列表", Nav: "reports"}, Query: lq, listResult: res}
	at := func(n int) template.URL { return lq.With("page", strconv.Itoa(n)) }
	if lq.Page > 1 {
		p.Prev = at(lq.Page - 1)
	}
	if lq.Page < res.Pages {
		p.Next = at(lq.Page + 1)
	}
	if res.Pages > 1 {
		last := 0
		for n := 1; n <= res.Pages; n++ {
			if n > 2 && n < res.Pages-1 && (n < lq.Page-2 || n > lq.Page+2) {
				continue
			}
			if last != 0 && n != last+1 {
				p.Pager = append(p.Pager, pagerLink{Gap: true})
			}
			p.Pager = append(p.Pager, pagerLink{Page: n, Query: at(n), Current: n == lq.Page})
			last = n
		}
	}
	s.render(w, r, http.StatusOK, "list", p)
}

// apiList serves GET /api/reports: the list page's filters plus per_page
// (1–500, default the page size).
func (s *Server) apiList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lq, err := parseListQuery(q)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	perPage := s.opt.PageSize
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			s.apiError(w, r, nianbao.Errorf(nianbao.EINVALID, "per_page 应为 1 到 500 之间的整数，收到 %q", v))
			return
		}
		perPage = n
	}
	res, err := s.findPage(r, lq, perPage)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// yearOptions are the reporting years a filter form offers, newest first:
// 2019 (the first year of the current templates) to this year.
func yearOptions() []int {
	var ys []int
	for y := time.Now().Year(); y >= 2019; y-- {
		ys = append(ys, y)
	}
	return ys
}
