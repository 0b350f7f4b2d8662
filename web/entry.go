package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"nianbao"
	"nianbao/render"
)

// The entry form: a clerk types the report into a page laid out like the
// template, sees at once which identity does not hold, and downloads the
// report in the official layout. The form keeps nothing: saving drafts
// (and "start from last year", and who may edit a body's draft) belongs to
// the store and the accounts, and will post the same form to a handler
// that keeps it; entryReport is the one place a form becomes a report.

type entryPage struct {
	page
	Template   nianbao.Template
	Templates  []nianbao.Template
	Sections   []entrySection
	Tables     []entryTable
	Identities template.JS // the template's identities, as data for entry.js
	Formats    []render.Format
	Year       int
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

// handleEntry serves GET /entry?template=2021: the empty form of a format.
func (s *Server) handleEntry(w http.ResponseWriter, r *http.Request) {
	t := nianbao.Template(r.URL.Query().Get("template"))
	if !t.Valid() {
		t = nianbao.Format2021
	}
	rep := nianbao.NewReport(t)
	p := &entryPage{page: page{Title: "填报年度报告", Nav: "entry"}, Template: t,
		Templates: []nianbao.Template{nianbao.Format2021, nianbao.Format2019}, Formats: render.Formats}
	if t == nianbao.Format2019 {
		p.Year = 2020
	}
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
		switch n, isNum := nianbao.ParseNum(text); {
		case text == "":
			rep.Record(c, nianbao.Num{}, nianbao.KindBlank, "", nianbao.Pos{})
		case isNum:
			rep.Record(c, n, nianbao.KindNumber, text, nianbao.Pos{})
		default:
			rep.Record(c, nianbao.Num{}, nianbao.KindMark, text, nianbao.Pos{})
		}
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
	data, err := render.Render(r.Context(), rep, format)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	attachment(w, format.ContentType(), render.Title(rep)+format.Ext())
	w.Write(data)
}
