package web

import (
	"fmt"
	"slices"
	"strings"

	"nianbao"
)

// tableView is one of a report's tables laid out as the template prints it,
// merged cells included, ready for the template to write out.
type tableView struct {
	Class   string // table2, table3, table4
	Caption string
	Head    [][]cellView
	Body    [][]cellView
}

// cellView is one <th> or <td>.
type cellView struct {
	Header  bool
	Text    string
	Colspan int
	Rowspan int
	Class   string
	ID      string // the cell's anchor, for links from the findings
	Href    string // where the number links to (the requests behind a ledger's cell), "" for none
	Title   string // the title attribute: what the cell holds, the findings' messages
	Tips    []string
}

func th(text string, colspan, rowspan int, class string) cellView {
	return cellView{Header: true, Text: text, Colspan: colspan, Rowspan: rowspan, Class: class}
}

// tableBuilder lays out one report's tables, marking the cells its findings
// are about.
type tableBuilder struct {
	rep      *nianbao.Report
	cells    cellIndex
	findings map[nianbao.CellKey][]*nianbao.Finding
	rendered map[nianbao.CellKey]string // cell → anchor, for the findings list
	// corrected says of each cell a reviewer corrected what was read and
	// who corrected it (see correctionNotes); nil for none.
	corrected map[nianbao.CellKey]string
}

func newTableBuilder(sr *nianbao.StoredReport) *tableBuilder {
	b := &tableBuilder{
		rep:      sr.Report,
		cells:    sr.Report.CellIndex(),
		findings: map[nianbao.CellKey][]*nianbao.Finding{},
		rendered: map[nianbao.CellKey]string{},
	}
	for i := range sr.Findings {
		f := &sr.Findings[i]
		for _, c := range f.Cells {
			if c.Year != 0 {
				continue // a cell of another year's report
			}
			k := nianbao.CellKey{Table: c.Table, Row: c.Row, Column: c.Column}
			b.findings[k] = append(b.findings[k], f)
		}
	}
	return b
}

// cellID is the anchor of a table cell on the report page.
func cellID(k nianbao.CellKey) string {
	return "cell-" + string(k.Table) + "-" + k.Row + "-" + k.Column
}

// data returns the <td> of cell k: the number, the mark or nothing, as
// printed, with the classes and messages of the findings about it.
func (b *tableBuilder) data(k nianbao.CellKey, colspan int) cellView {
	p := b.rep.Printed(b.cells, k)
	cv := cellView{Text: p.Text, Colspan: colspan, ID: cellID(k)}
	classes := []string{"num"}
	var notes []string
	switch p.Kind {
	case "":
		classes = append(classes, "absent")
		notes = append(notes, "报告未印此格")
	case nianbao.KindBlank:
		classes = append(classes, "blank")
		notes = append(notes, "空白（不等于0）")
	case nianbao.KindMark:
		classes = append(classes, "mark")
		notes = append(notes, "所印为符号“"+p.Text+"”（不等于0）")
	case nianbao.KindInferred:
		classes = append(classes, "inferred")
		notes = append(notes, "报告未印此数，由报告自身的勾稽关系推得")
	}
	b.rendered[k] = cv.ID
	if note, ok := b.corrected[k]; ok {
		classes = append(classes, "corrected")
		cv.Tips = append(cv.Tips, note)
	}
	if fs := b.findings[k]; len(fs) > 0 {
		worst := nianbao.SeverityInfo
		seen := map[string]bool{}
		for _, f := range fs {
			if f.Severity.Rank() < worst.Rank() {
				worst = f.Severity
			}
			if !seen[f.Message] {
				seen[f.Message] = true
				cv.Tips = append(cv.Tips, f.Severity.Label()+"："+f.Message)
			}
		}
		classes = append(classes, "finding", "finding-"+string(worst))
	}
	notes = append(slices.Clone(cv.Tips), notes...)
	cv.Class = strings.Join(classes, " ")
	cv.Title = strings.Join(notes, "\n")
	return cv
}

// roleClass is the class of a heading or label of each role, which the
// style sheet lays out.
var roleClass = map[nianbao.CellRole]string{
	nianbao.RoleBlock:    "block",
	nianbao.RoleField:    "field",
	nianbao.RoleStub:     "stub",
	nianbao.RoleColumn:   "col",
	nianbao.RoleGroup:    "group",
	nianbao.RoleLabel:    "label",
	nianbao.RoleSubLabel: "label sub",
}

// tables lays out the report's three tables as the template prints them
// (nianbao.Report.Layout), each number position a <td> with its findings.
func (b *tableBuilder) tables() []tableView {
	var out []tableView
	for i, tl := range b.rep.Layout() {
		t := tableView{Class: fmt.Sprintf("table%d", i+2), Caption: tl.Caption}
		t.Head = b.rows(tl.Head)
		t.Body = b.rows(tl.Body)
		out = append(out, t)
	}
	return out
}

func (b *tableBuilder) rows(rows [][]nianbao.LayoutCell) [][]cellView {
	out := make([][]cellView, len(rows))
	for r, row := range rows {
		out[r] = []cellView{}
		for _, lc := range row {
			if lc.Header() {
				out[r] = append(out[r], th(lc.Text, span(lc.Colspan), span(lc.Rowspan), roleClass[lc.Role]))
			} else {
				out[r] = append(out[r], b.data(lc.Cell.Key, span(lc.Colspan)))
			}
		}
	}
	return out
}

// span is a span as the templates write it: 0 (no attribute) for one.
func span(n int) int {
	if n <= 1 {
		return 0
	}
	return n
}
