package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"nianbao"
	"nianbao/audit"
	"nianbao/render"
)

// The entry form: a clerk types the report into a page laid out like the
// template, sees at once which identity does not hold and what the prose
// rules find, saves it as the body's draft (a report like any other,
// marked Draft), opens it again, starts from the body's report of the
// year before, and downloads the report in the official layout.
// entryReport is the one place a form becomes a report, entryFields the
// one place a report becomes the form's values.

type entryPage struct {
	page
	Template   nianbao.Template
	Templates  []nianbao.Template
	Sections   []entrySection
	Tables     []entryTable
	Identities template.JS // the template's identities, as data for entry.js
	Formats    []render.Format
	Year       int
	// Values fills the form (entryFields) when a stored report is opened
	// again; Draft is its id when it is a draft, which saving replaces.
	Values template.JS
	Draft  int64
}

type entrySection struct {
	Number int
	Name   string // the form field: section1 … section6
	Title  string // 一、总体情况
}

type entryTable struct {
	Class   string
	Caption string
	Rows    [][]entryCell
}

// entryCell is a heading or an input of the grid; Row and Col place an
// input on the table's grid, for moving down with Enter.
type entryCell struct {
	Header           bool
	Text             string
	Class            string
	Colspan, Rowspan int
	Name             string // the input's field: the cell's key
	Label            string
	Row, Col         int
}

// entryIdentity is one identity as entry.js evaluates it: the sum of Left
// must equal the sum of Right; the cells are named by their fields.
type entryIdentity struct {
	Rule  nianbao.RuleID `json:"rule"`
	Title string         `json:"title"`
	Left  []string       `json:"left"`
	Right []string       `json:"right"`
}

// cellField names a cell's input: table.row.column.
func cellField(k nianbao.CellKey) string {
	return "cell." + string(k.Table) + "." + k.Row + "." + k.Column
}

// handleEntry serves GET /entry?template=2021, the empty form of a
// format, and GET /entry?id=N, the form filled with stored report N (a
// draft to go on with, or any report to start from).
func (s *Server) handleEntry(w http.ResponseWriter, r *http.Request) {
	t := nianbao.Template(r.URL.Query().Get("template"))
	if !t.Valid() {
		t = nianbao.Format2021
	}
	var stored *nianbao.StoredReport
	if id := r.URL.Query().Get("id"); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			s.pageError(w, r, nianbao.Errorf(nianbao.EINVALID, "报告编号 %q 无效", id))
			return
		}
		if stored, err = s.svc.FindReport(r.Context(), n); err != nil {
			s.pageError(w, r, err)
			return
		}
		t = stored.Report.Template
	}
	rep := nianbao.NewReport(t)
	p := &entryPage{page: page{Title: "填报年度报告", Nav: "entry"}, Template: t,
		Templates: []nianbao.Template{nianbao.Format2021, nianbao.Format2019}, Formats: render.Formats}
	if t == nianbao.Format2019 {
		p.Year = 2020
	}
	values := map[string]string{}
	if stored != nil {
		values = entryFields(stored.Report)
		if stored.Draft {
			p.Draft = stored.ID
		}
	}
	vjs, err := json.Marshal(values)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Values = template.JS(vjs)
	for i, sec := range nianbao.Sections {
		p.Sections = append(p.Sections, entrySection{Number: i + 1, Name: fmt.Sprintf("section%d", i+1), Title: nianbao.Numerals[i] + "、" + sec.Title})
	}
	for i, tl := range rep.Layout() {
		et := entryTable{Class: fmt.Sprintf("table%d", i+2), Caption: tl.Caption}
		cells, _ := tl.Grid()
		et.Rows = make([][]entryCell, len(tl.Rows()))
		for _, pc := range cells {
			ec := entryCell{Header: pc.Header(), Text: pc.Text, Class: roleClass[pc.Role], Colspan: span(pc.Colspan), Rowspan: span(pc.Rowspan), Row: pc.Row, Col: pc.Col}
			if !pc.Header() {
				ec.Name, ec.Label = cellField(pc.Cell.Key), pc.Cell.Label
			}
			et.Rows[pc.Row] = append(et.Rows[pc.Row], ec)
		}
		p.Tables = append(p.Tables, et)
	}
	var ids []entryIdentity
	for _, id := range rep.Identities() {
		e := entryIdentity{Rule: id.Rule, Title: id.Rule.Title()}
		for _, c := range id.Left {
			e.Left = append(e.Left, cellField(c.Key))
		}
		for _, c := range id.Right {
			e.Right = append(e.Right, cellField(c.Key))
		}
		ids = append(ids, e)
	}
	js, err := json.Marshal(ids)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Identities = template.JS(js)
	s.render(w, r, http.StatusOK, "entry", p)
}

// entryReport reads the form into a report: every cell as typed — a
// number, a mark ("/", "—", anything that is not a number) or, left
// empty, a blank — with its provenance saying which.
func entryReport(r *http.Request) (*nianbao.Report, error) {
	// The page posts a urlencoded form; scripts may post multipart.
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return nil, nianbao.Errorf(nianbao.EINVALID, "表单无法读取: %v", err)
	}
	f := r.PostForm
	t := nianbao.Template(f.Get("template"))
	if !t.Valid() {
		return nil, nianbao.Errorf(nianbao.EINVALID, "格式版本应为 2019 或 2021")
	}
	rep := nianbao.NewReport(t)
	rep.Agency = strings.TrimSpace(f.Get("agency"))
	if y := strings.TrimSpace(f.Get("year")); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil || year < 2000 || year > 2100 {
			return nil, nianbao.Errorf(nianbao.EINVALID, "报告年度 %q 不是年份", y)
		}
		rep.Year = year
	}
	rep.PublishedOn = strings.TrimSpace(f.Get("published_on"))
	for i, sec := range nianbao.Sections {
		text := strings.ReplaceAll(f.Get(fmt.Sprintf("section%d", i+1)), "\r\n", "\n")
		rep.Sections = append(rep.Sections, nianbao.Section{Number: i + 1, Title: nianbao.Numerals[i] + "、" + sec.Title, Text: strings.TrimSpace(text)})
	}
	for c := range t.Cells() {
		v, ok := f[cellField(c.Key)]
		if !ok {
			continue // a cell the form does not show: the one-row （六）
		}
		text := strings.TrimSpace(v[0])
		n, kind := nianbao.CellText(text)
		rep.Record(c, n, kind, text, nianbao.Pos{})
	}
	return rep, nil
}

// handleEntryExport serves POST /entry/export: the form's report rendered
// in the chosen format, as a download.
func (s *Server) handleEntryExport(w http.ResponseWriter, r *http.Request) {
	rep, err := entryReport(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	format, err := render.ParseFormat(r.PostForm.Get("format"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.writeRendered(w, r, rep, format)
}

// entryFields is what the form shows of rep: the agency, year, date and
// sections, and every cell as stated — its text as typed or read (a
// number, a mark), nothing for a blank — keyed by the form's fields.
func entryFields(rep *nianbao.Report) map[string]string {
	f := map[string]string{"agency": rep.Agency, "published_on": rep.PublishedOn}
	if rep.Year > 0 {
		f["year"] = strconv.Itoa(rep.Year)
	}
	for _, sec := range rep.Sections {
		if sec.Number >= 1 && sec.Number <= len(nianbao.Sections) {
			f[fmt.Sprintf("section%d", sec.Number)] = sec.Text
		}
	}
	for c := range rep.Template.Cells() {
		if n := rep.At(c); n.Valid() {
			f[cellField(c.Key)] = n.String()
		}
	}
	// The text as stated wins over the number's canonical spelling, and a
	// mark has no number.
	for _, pv := range rep.Cells {
		if pv.Kind == nianbao.KindNumber || pv.Kind == nianbao.KindMark {
			f[cellField(pv.CellKey)] = pv.Raw
		}
	}
	return f
}

// handleEntryDraft serves POST /entry/draft: the form's report saved as
// its body's draft for its year, replacing the earlier one; then the form
// again, filled with it.
func (s *Server) handleEntryDraft(w http.ResponseWriter, r *http.Request) {
	rep, err := entryReport(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if rep.Agency == "" || rep.Year == 0 {
		s.pageError(w, r, nianbao.Errorf(nianbao.EINVALID, "保存草稿需要填写机关和报告年度：草稿按机关和年度保存"))
		return
	}
	sr, err := s.svc.SaveDraft(r.Context(), rep)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/entry?id=%d&saved=1", sr.ID), http.StatusSeeOther)
}

// previousReport returns the body's latest published report of the year
// before year, as the viewer may see it, or nil.
func (s *Server) previousReport(ctx context.Context, agency string, year int) (*nianbao.StoredReport, error) {
	key := nianbao.AgencyKey(agency)
	if key == "" || year <= 1 {
		return nil, nil
	}
	published := false
	list, _, err := s.svc.FindReports(ctx, nianbao.ReportFilter{Q: agency, Year: year - 1, Draft: &published, Sort: "-imported", Limit: 100})
	if err != nil {
		return nil, err
	}
	for _, sr := range list {
		if nianbao.AgencyKey(sr.Report.Agency) == key {
			return s.svc.FindReport(ctx, sr.ID)
		}
	}
	return nil, nil
}

// entryPrevious is what "start from last year" gives the form: Values to
// fill (table 三's 二、上年结转 from last year's 四、结转下年度, and the
// sections' text, which the clerk is warned about) and Notes, last year's
// 现行有效 of table 二, from which this year's follows.
type entryPrevious struct {
	Report int64             `json:"report"` // last year's report
	Values map[string]string `json:"values"`
	Notes  []string          `json:"notes"`
}

// apiEntryPrevious serves GET /api/entry/previous?agency=…&year=…&template=….
func (s *Server) apiEntryPrevious(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	t := nianbao.Template(q.Get("template"))
	if !t.Valid() {
		s.apiError(w, r, nianbao.Errorf(nianbao.EINVALID, "格式版本应为 2019 或 2021"))
		return
	}
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil || year < 2001 || year > 2100 {
		s.apiError(w, r, nianbao.Errorf(nianbao.EINVALID, "报告年度 %q 不是年份", q.Get("year")))
		return
	}
	prev, err := s.previousReport(r.Context(), q.Get("agency"), year)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if prev == nil {
		s.apiError(w, r, nianbao.Errorf(nianbao.ENOTFOUND, "没有“%s”%d年度已发布的报告", strings.TrimSpace(q.Get("agency")), year-1))
		return
	}
	writeJSON(w, http.StatusOK, startFrom(prev, t))
}

// startFrom turns last year's report into this year's starting values in
// template t. Nothing is invented: a blank stays blank, a mark a mark.
func startFrom(prev *nianbao.StoredReport, t nianbao.Template) entryPrevious {
	last := prev.Report
	raw := entryFields(last)
	out := entryPrevious{Report: prev.ID, Values: map[string]string{}}
	for c := range t.Cells() {
		switch c.Key.Table {
		case nianbao.TableRequests:
			if c.Key.Row != nianbao.CarriedOver.Key() {
				continue
			}
			from := nianbao.CellKey{Table: c.Key.Table, Row: nianbao.CarriedForward.Key(), Column: c.Key.Column}
			out.Values[cellField(c.Key)] = raw[cellField(from)]
		case nianbao.TableActive:
			if c.Field.Key != "in_force" {
				continue
			}
			if v, ok := raw[cellField(c.Key)]; ok {
				out.Notes = append(out.Notes, fmt.Sprintf("%s：上年现行有效 %s，本年现行有效应为 %s ＋ 本年制发 － 本年废止", c.Heading, v, v))
			}
		}
	}
	for i := range nianbao.Sections {
		name := fmt.Sprintf("section%d", i+1)
		out.Values[name] = raw[name]
	}
	return out
}

// entryFinding is a finding of the live prose check, as entry.js shows it.
type entryFinding struct {
	Rule     nianbao.RuleID   `json:"rule"`
	Title    string           `json:"title"`
	Severity nianbao.Severity `json:"severity"`
	Message  string           `json:"message"`
	Section  int              `json:"section,omitempty"`
	Quote    string           `json:"quote,omitempty"`
}

// apiEntryCheck serves POST /api/entry/check: the prose rules (text.*,
// and cross.copied_problems against the body's published year before)
// run on the form's report. The arithmetic entry.js checks itself.
func (s *Server) apiEntryCheck(w http.ResponseWriter, r *http.Request) {
	rep, err := entryReport(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var opt audit.Options
	prev, err := s.previousReport(r.Context(), rep.Agency, rep.Year)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if prev != nil {
		opt.Previous = []*nianbao.Report{prev.Report}
	}
	out := []entryFinding{}
	for _, f := range audit.Check(rep, opt) {
		if strings.HasPrefix(string(f.Rule), "text.") || f.Rule == nianbao.RuleCopiedProblems {
			out = append(out, entryFinding{Rule: f.Rule, Title: f.Rule.Title(), Severity: f.Severity, Message: f.Message, Section: f.Section, Quote: f.Quote})
		}
	}
	writeJSON(w, http.StatusOK, out)
}
