package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"nianbao"
)

// The audit log: a page for administrators, its CSV and XLSX exports and
// GET /api/audit, all with the same filters (action, name, report). Times
// are in Options.Location.

// stamp writes a time of the log, to the second, in the server's zone.
func (s *Server) stamp(t time.Time) string {
	return t.In(s.opt.Location).Format("2006-01-02 15:04:05")
}

// actorLabel says who acted: an account, the command line, or a visitor
// who was not signed in (a failed login).
func actorLabel(e *nianbao.AuditEntry) string {
	switch {
	case e.Actor != "":
		return e.Actor
	case e.Addr == "":
		return "命令行"
	}
	return "未登录访客"
}

// auditQuery is the log's filter as the query string states it.
type auditQuery struct {
	Action string
	Name   string
	Report string
	Page   int

	filter nianbao.AuditFilter
}

func parseAuditQuery(q url.Values) (*auditQuery, error) {
	aq := &auditQuery{Action: strings.TrimSpace(q.Get("action")), Name: strings.TrimSpace(q.Get("name")),
		Report: strings.TrimSpace(q.Get("report")), Page: 1}
	f := &aq.filter
	if aq.Action != "" {
		f.Action = nianbao.AuditAction(aq.Action)
		if !f.Action.Valid() {
			return nil, nianbao.Errorf(nianbao.EINVALID, "没有“%s”这种操作", aq.Action)
		}
	}
	if utf8.RuneCountInString(aq.Name) > nianbao.MaxUserName {
		return nil, nianbao.Errorf(nianbao.EINVALID, "账号名称过长：最多 %d 个字", nianbao.MaxUserName)
	}
	f.Name = aq.Name
	if aq.Report != "" {
		id, err := strconv.ParseInt(aq.Report, 10, 64)
		if err != nil || id <= 0 {
			return nil, nianbao.Errorf(nianbao.EINVALID, "报告编号应为正整数，收到 %q", aq.Report)
		}
		f.Report = id
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return nil, nianbao.Errorf(nianbao.EINVALID, "页码应为正整数，收到 %q", p)
		}
		aq.Page = n
	}
	return aq, nil
}

// QS returns the filter as a URL's query part, "" when there is none.
func (aq *auditQuery) QS() template.URL { return qs(aq.values()) }

func (aq *auditQuery) values() url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"action": aq.Action, "name": aq.Name, "report": aq.Report} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v
}

// at returns the query part of page n of the filtered log.
func (aq *auditQuery) at(n int) template.URL {
	v := aq.values()
	v.Set("page", strconv.Itoa(n))
	return qs(v)
}

// auditPageSize is the entries a page of the log shows.
const auditPageSize = 100

type auditPage struct {
	page
	Query      *auditQuery
	Actions    []nianbao.AuditAction
	Entries    []auditRow
	Total      int
	Pages      int
	Prev, Next template.URL
}

type auditRow struct {
	*nianbao.AuditEntry
	At     string
	Who    string
	Action string
}

var errNoAuditLog = nianbao.Errorf(nianbao.ENOTFOUND, "本实例没有审计日志")

// auditEntries reads the query and the page of the log it selects.
func (s *Server) auditEntries(r *http.Request) (*auditQuery, []*nianbao.AuditEntry, int, error) {
	aq, err := parseAuditQuery(r.URL.Query())
	if err != nil {
		return nil, nil, 0, err
	}
	if s.opt.Audit == nil {
		return nil, nil, 0, errNoAuditLog
	}
	f := aq.filter
	f.Limit, f.Offset = auditPageSize, (aq.Page-1)*auditPageSize
	entries, total, err := s.opt.Audit.AuditEntries(r.Context(), f)
	return aq, entries, total, err
}

func (s *Server) handleAuditLog(w http.ResponseWriter, r *http.Request) {
	aq, entries, total, err := s.auditEntries(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &auditPage{page: page{Title: "审计日志", Nav: "audit"}, Query: aq, Actions: nianbao.AuditActions, Total: total,
		Pages: (total + auditPageSize - 1) / auditPageSize}
	for _, e := range entries {
		p.Entries = append(p.Entries, auditRow{AuditEntry: e, At: s.stamp(e.At), Who: actorLabel(e), Action: e.Action.Label()})
	}
	if aq.Page > 1 {
		p.Prev = aq.at(aq.Page - 1)
	}
	if aq.Page < p.Pages {
		p.Next = aq.at(aq.Page + 1)
	}
	s.render(w, r, http.StatusOK, "auditlog", p)
}

// auditJSON is one entry of GET /api/audit.
type auditJSON struct {
	*nianbao.AuditEntry
	ActionLabel string `json:"action_label"`
}

func (s *Server) apiAuditLog(w http.ResponseWriter, r *http.Request) {
	aq, entries, total, err := s.auditEntries(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := struct {
		Total   int         `json:"total"`
		Page    int         `json:"page"`
		PerPage int         `json:"per_page"`
		Entries []auditJSON `json:"entries"`
	}{Total: total, Page: aq.Page, PerPage: auditPageSize, Entries: []auditJSON{}}
	for _, e := range entries {
		out.Entries = append(out.Entries, auditJSON{AuditEntry: e, ActionLabel: e.Action.Label()})
	}
	writeJSON(w, http.StatusOK, out)
}

// auditHeader is the exports' header row.
var auditHeader = []string{"编号", "时间", "操作人", "地址", "操作", "报告编号", "涉及账号", "说明"}

func (s *Server) auditRecord(e *nianbao.AuditEntry) []string {
	report := ""
	if e.Report != 0 {
		report = strconv.FormatInt(e.Report, 10)
	}
	return []string{strconv.FormatInt(e.ID, 10), s.stamp(e.At), actorLabel(e), e.Addr, e.Action.Label(), report, e.User, e.Detail}
}

// auditBatch is how many entries an export reads at a time.
const auditBatch = 500

// exportAudit writes every entry the query selects, newest first, reading
// the log in batches by ID so that entries added meanwhile neither
// repeat nor shift the rest. begin is called once the first batch is in
// hand, so that a failure before it is still a proper error page.
func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request, begin func(), row func([]string) error, end func() error) {
	aq, err := parseAuditQuery(r.URL.Query())
	if err == nil && s.opt.Audit == nil {
		err = errNoAuditLog
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	started := false
	fail := func(err error) {
		if !started {
			s.pageError(w, r, err)
			return
		}
		// The download has begun; all that can be done is to cut it short.
		s.log.Error("audit export failed", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
	f := aq.filter
	f.Limit = auditBatch
	for {
		entries, _, err := s.opt.Audit.AuditEntries(r.Context(), f)
		if err != nil {
			fail(err)
			return
		}
		if !started {
			started = true
			begin()
		}
		for _, e := range entries {
			if err := row(s.auditRecord(e)); err != nil {
				fail(err)
				return
			}
		}
		if len(entries) < auditBatch {
			if err := end(); err != nil {
				fail(err)
			}
			return
		}
		f.Before = entries[len(entries)-1].ID
	}
}

// handleAuditCSV serves GET /audit.csv: UTF-8 with a byte-order mark, as
// the reports' CSV.
func (s *Server) handleAuditCSV(w http.ResponseWriter, r *http.Request) {
	var cw *csvWriter
	s.exportAudit(w, r, func() {
		attachment(w, "text/csv; charset=utf-8", "nianbao-audit.csv")
		cw = newCSV(w)
		cw.Write(auditHeader)
	}, func(rec []string) error { return cw.Write(rec) }, func() error { return cw.Flush() })
}

// handleAuditXLSX serves GET /audit.xlsx.
func (s *Server) handleAuditXLSX(w http.ResponseWriter, r *http.Request) {
	var x *xlsxWriter
	var err error
	// The entry's and the report's numbers are numbers; the rest is text.
	cells := func(rec []string, header bool) []exportCell {
		out := make([]exportCell, len(rec))
		for i, t := range rec {
			out[i] = exportCell{Text: t, Number: !header && (i == 0 || i == 5) && t != ""}
		}
		return out
	}
	s.exportAudit(w, r, func() {
		attachment(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "nianbao-audit.xlsx")
		if x, err = newXLSX(w, "审计日志"); err == nil {
			err = x.Row(cells(auditHeader, true), true)
		}
	}, func(rec []string) error {
		if err != nil {
			return err
		}
		return x.Row(cells(rec, false), false)
	}, func() error {
		if err != nil {
			return err
		}
		return x.Close()
	})
}
