package web

import (
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
	p := printedCell(b.rep, b.cells, k)
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
		notes = append(cv.Tips, notes...)
	}
	cv.Class = strings.Join(classes, " ")
	cv.Title = strings.Join(notes, "\n")
	return cv
}

// table2 lays out table 二 block by block: the block's heading across the
// table, a header row (信息内容 and the fields), then its items; a block
// with fewer fields lets its last one span the remaining columns.
func (b *tableBuilder) table2() tableView {
	t := tableView{Class: "table2", Caption: "二、主动公开政府信息情况"}
	items := b.rep.Template.ActiveItems()
	width := 0
	for _, it := range items {
		width = max(width, len(it.Fields))
	}
	for i := 0; i < len(items); {
		block := items[i].Block
		j := i
		for j < len(items) && items[j].Block == block && sameFields(items[j], items[i]) {
			j++
		}
		t.Body = append(t.Body, []cellView{th(block, width+1, 0, "block")})
		head := []cellView{th("信息内容", 0, 0, "")}
		fields := items[i].Fields
		for fi, f := range fields {
			span := 0
			if fi == len(fields)-1 && len(fields) < width {
				span = width - len(fields) + 1
			}
			head = append(head, th(f.Label, span, 0, "field"))
		}
		t.Body = append(t.Body, head)
		for _, it := range items[i:j] {
			row := []cellView{th(it.Label, 0, 0, "label")}
			for fi, f := range it.Fields {
				span := 0
				if fi == len(it.Fields)-1 && len(it.Fields) < width {
					span = width - len(it.Fields) + 1
				}
				row = append(row, b.data(nianbao.CellKey{Table: nianbao.TableActive, Row: it.Key, Column: f.Key}, span))
			}
			t.Body = append(t.Body, row)
		}
		i = j
	}
	return t
}

func sameFields(a, b nianbao.ActiveItem) bool {
	if len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		if a.Fields[i].Key != b.Fields[i].Key {
			return false
		}
	}
	return true
}

// table3Stub is the text of table 三's top-left header cell.
const table3Stub = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

// table3 lays out table 三 with the template's three-level header and its
// row labels: 三、本年度办理结果 spans the outcome rows, each of
// （三）…（六） spans its numbered sub-rows.
func (b *tableBuilder) table3() tableView {
	t := tableView{Class: "table3", Caption: "三、收到和处理政府信息公开申请情况"}
	t.Head = [][]cellView{
		{th(table3Stub, 3, 3, "stub"), th("申请人情况", 7, 0, "")},
		{th(nianbao.NaturalPerson.Label(), 0, 2, "col"), th("法人或其他组织", 5, 0, ""), th(nianbao.ColumnTotal.Label(), 0, 2, "col")},
		{},
	}
	for c := nianbao.Commercial; c <= nianbao.OtherOrg; c++ {
		t.Head[2] = append(t.Head[2], th(c.Label(), 0, 0, "col"))
	}
	rows := b.table3Rows()
	outcome, groups := 0, map[nianbao.Group]int{}
	for _, r := range rows {
		if g := r.Spec().Group; g != nianbao.NoGroup {
			outcome++
			groups[g]++
		}
	}
	first, firstOf := true, map[nianbao.Group]bool{}
	for _, r := range rows {
		spec := r.Spec()
		var row []cellView
		switch spec.Group {
		case nianbao.NoGroup:
			row = append(row, th(spec.Label, 3, 0, "label"))
		default:
			if first {
				row = append(row, th(nianbao.GroupOutcome.Label(), 0, outcome, "group"))
				first = false
			}
			if spec.Group == nianbao.GroupOutcome {
				row = append(row, th(spec.Label, 2, 0, "label"))
				break
			}
			if !firstOf[spec.Group] {
				row = append(row, th(spec.Group.Label(), 0, groups[spec.Group], "group"))
				firstOf[spec.Group] = true
			}
			row = append(row, th(spec.Label, 0, 0, "label sub"))
		}
		for c := range nianbao.NumColumns {
			row = append(row, b.data(nianbao.CellKey{Table: nianbao.TableRequests, Row: r.Key(), Column: c.Key()}, 0))
		}
		t.Body = append(t.Body, row)
	}
	return t
}

// table3Rows are the rows of table 三 as this report prints them: a 2021
// report that prints （六）其他处理 as one row shows that row.
func (b *tableBuilder) table3Rows() []nianbao.Row {
	rows := b.rep.Template.Rows()
	if !b.rep.OtherMerged() {
		return rows
	}
	var out []nianbao.Row
	for _, r := range rows {
		if r.Spec().Group == nianbao.GroupOther {
			continue
		}
		if r == nianbao.Total {
			out = append(out, nianbao.Other)
		}
		out = append(out, r)
	}
	return out
}

// table4 lays out table 四: 行政复议 and 行政诉讼 over their groups, the
// five result columns under each, one row of numbers.
func (b *tableBuilder) table4() tableView {
	t := tableView{Class: "table4", Caption: "四、政府信息公开行政复议、行政诉讼情况"}
	n := int(nianbao.NumReviewColumns)
	t.Head = [][]cellView{
		{th(nianbao.Reconsideration.Label(), n, 0, ""), th("行政诉讼", 2*n, 0, "")},
		{},
		{},
	}
	for c := range nianbao.NumReviewColumns {
		t.Head[1] = append(t.Head[1], th(c.Label(), 0, 2, "col"))
	}
	for _, g := range []nianbao.ReviewGroup{nianbao.LitigationDirect, nianbao.LitigationAfterReconsideration} {
		t.Head[1] = append(t.Head[1], th(g.Label(), n, 0, ""))
		for c := range nianbao.NumReviewColumns {
			t.Head[2] = append(t.Head[2], th(c.Label(), 0, 0, "col"))
		}
	}
	var row []cellView
	for g := range nianbao.NumReviewGroups {
		for c := range nianbao.NumReviewColumns {
			row = append(row, b.data(nianbao.CellKey{Table: nianbao.TableReview, Row: g.Key(), Column: c.Key()}, 0))
		}
	}
	t.Body = [][]cellView{row}
	return t
}
