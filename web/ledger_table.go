package web

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"nianbao"
	"nianbao/ledger"
	"nianbao/register"
)

// ledgerYear reads ?year=, this year by default.
func ledgerYear(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return nianbao.Today(time.Now()).Year(), nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > 2100 {
		return 0, nianbao.Errorf(nianbao.EINVALID, "年度应为 2000 到 2100 之间的数字：%q", v)
	}
	return y, nil
}

// countTable counts table 三 of the path's body for ?year=.
func (s *Server) countTable(r *http.Request) (*nianbao.Body, []nianbao.RequestSummary, *ledger.Table, error) {
	b, err := s.findBody(r)
	if err != nil {
		return nil, nil, nil, err
	}
	year, err := ledgerYear(r)
	if err != nil {
		return nil, nil, nil, err
	}
	rs, err := s.opt.Ledger.Summaries(r.Context(), b.Key)
	if err != nil {
		return nil, nil, nil, err
	}
	return b, rs, ledger.Count(*b, rs, year), nil
}

// registerYears are the years a register's pages offer: from its first
// receipt to this year, newest first.
func registerYears(rs []nianbao.RequestSummary) []int {
	last := nianbao.Today(time.Now()).Year()
	first := last
	for _, r := range rs {
		first = min(first, r.Received.Year())
	}
	var out []int
	for y := last; y >= first; y-- {
		out = append(out, y)
	}
	return out
}

type tablePage struct {
	page
	Body      *nianbao.Body
	Year      int
	Years     []int
	Table     tableView
	Method    string
	Published []publishedView
}

// publishedView is a report the body published for the year, and where
// its table 三 differs from the register.
type publishedView struct {
	ID       int64
	Name     string
	Findings []nianbao.Finding
}

// handleLedgerTable serves GET /ledger/bodies/{body}/table?year=: table
// 三 counted from the register in the template's layout, every number
// linking to the requests behind it; and, for each report of the body
// for the year stored here, where its table 三 differs from the register.
func (s *Server) handleLedgerTable(w http.ResponseWriter, r *http.Request) {
	b, rs, tab, err := s.countTable(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &tablePage{page: page{Title: fmt.Sprintf("%s %d年度表三（由台账计得）", b.Name, tab.Year), Nav: "ledger"},
		Body: b, Year: tab.Year, Years: registerYears(rs), Method: tab.Method()}
	tb := newTableBuilder(&nianbao.StoredReport{Report: tab.Report})
	p.Table = tb.tables()[1] // table 三
	p.Table.Caption = "三、收到和处理政府信息公开申请情况（由依申请公开台账计得，点数字看其中的申请）"
	ids := map[string]nianbao.CellKey{}
	for k, id := range tb.rendered {
		ids[id] = k
	}
	for _, row := range p.Table.Body {
		for i := range row {
			if k, ok := ids[row[i].ID]; ok && !row[i].Header && row[i].Text != "0" {
				row[i].Href = fmt.Sprintf("%s?year=%d&cell=%s", bodyURL(b.Key), tab.Year, url.QueryEscape(k.Row+"."+k.Column))
			}
		}
	}
	if p.Published, err = s.published(r, b, tab); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "ledger_table", p)
}

// published compares the body's reports for the table's year, as stored
// in the ReportService, with the table.
func (s *Server) published(r *http.Request, b *nianbao.Body, tab *ledger.Table) ([]publishedView, error) {
	srs, _, err := s.svc.FindReports(r.Context(), nianbao.ReportFilter{Year: tab.Year, Q: b.Name, Limit: 50})
	if err != nil {
		return nil, err
	}
	var out []publishedView
	for _, light := range srs {
		if nianbao.AgencyKey(light.Report.Agency) != b.Key {
			continue
		}
		sr, err := s.svc.FindReport(r.Context(), light.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, publishedView{ID: sr.ID, Name: sr.Report.Source.Name, Findings: ledger.Compare(sr.Report, tab)})
	}
	return out, nil
}

// handleLedgerTableJSON serves the table counted from the register as a
// report in nianbao's JSON contract, for a report draft.
func (s *Server) handleLedgerTableJSON(w http.ResponseWriter, r *http.Request) {
	b, _, tab, err := s.countTable(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment",
		map[string]string{"filename": fmt.Sprintf("%s%d年度表三（台账）.json", b.Name, tab.Year)}))
	writeJSON(w, http.StatusOK, tab.Report)
}

// apiLedgerTable serves GET /api/ledger/bodies/{body}/table?year=: the
// report draft, how it was counted, and each cell's requests ("row.column").
func (s *Server) apiLedgerTable(w http.ResponseWriter, r *http.Request) {
	_, _, tab, err := s.countTable(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	cells := map[string][]int64{}
	for _, row := range tab.Report.Template.Rows() {
		for c := range nianbao.NumColumns {
			if ids := tab.RequestsIn(row, c); len(ids) > 0 {
				cells[row.Key()+"."+c.Key()] = ids
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"report": tab.Report, "method": tab.Method(), "requests": cells})
}

type statsPage struct {
	page
	Body  *nianbao.Body
	Years []int
	Stats *ledger.Stats
}

// monthNames label the statistics' months.
var monthNames = [12]string{"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"}

// handleLedgerStats serves GET /ledger/bodies/{body}/stats?year=.
func (s *Server) handleLedgerStats(w http.ResponseWriter, r *http.Request) {
	b, rs, tab, err := s.countTable(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "ledger_stats", &statsPage{page: page{Title: fmt.Sprintf("%s %d年度办理统计", b.Name, tab.Year), Nav: "ledger"},
		Body: b, Years: registerYears(rs), Stats: ledger.YearStats(*b, rs, tab.Year)})
}

// apiLedgerStats serves GET /api/ledger/bodies/{body}/stats?year=.
func (s *Server) apiLedgerStats(w http.ResponseWriter, r *http.Request) {
	b, rs, tab, err := s.countTable(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ledger.YearStats(*b, rs, tab.Year))
}

// handleLedgerExport serves the whole register as an Excel workbook,
// read from the service a page at a time.
func (s *Server) handleLedgerExport(w http.ResponseWriter, r *http.Request) {
	b, err := s.findBody(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	offset := 0
	next := func() ([]*nianbao.Request, error) {
		rs, _, err := s.opt.Ledger.FindRequests(r.Context(), nianbao.RequestFilter{Body: b.Key, Sort: "received", Full: true, Limit: 500, Offset: offset})
		offset += len(rs)
		return rs, err
	}
	// The workbook is made whole before it is sent, so that a failure is
	// an error page rather than half a file.
	var buf bytes.Buffer
	if err := register.WriteXLSX(&buf, b, next); err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment",
		map[string]string{"filename": b.Name + "依申请公开台账.xlsx"}))
	w.Write(buf.Bytes())
}
