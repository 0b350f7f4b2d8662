package nianbao

import "strings"

// TableLayout is one of a report's tables laid out as the template prints
// it: its rows list the cells that start in them, as HTML's rows list their
// <td>s, and a merged cell covers the grid positions to its right and below.
// The web page, the renderer and the entry form all print the tables from
// it, so the three agree with the template and with each other.
type TableLayout struct {
	Table   Table
	Caption string // 三、收到和处理政府信息公开申请情况
	Columns int    // the width of the grid
	// Head are the column headings (tables 三 and 四), which a printed
	// table repeats on every page; table 二 has its headings in Body, one
	// before each block of items.
	Head [][]LayoutCell
	Body [][]LayoutCell
}

// LayoutCell is a heading, a label or a number position of a TableLayout.
type LayoutCell struct {
	Role    CellRole
	Text    string // the heading or label; "" for a number position
	Colspan int    // at least 1
	Rowspan int    // at least 1
	Cell    Cell   // the cell of a number position (RoleData)
}

// CellRole says what a LayoutCell is.
type CellRole int

// The roles of a table's cells.
const (
	RoleData     CellRole = iota // a number position
	RoleBlock                    // table 二: the 第二十条第（N）项 heading across the table
	RoleHeading                  // a heading over other headings or labels: 申请人情况, 行政诉讼, 信息内容
	RoleField                    // table 二: a field heading (本年制发件数)
	RoleStub                     // table 三's top-left cell with the table's own rule
	RoleColumn                   // a heading with numbers below it: 自然人, 结果维持
	RoleGroup                    // a label spanning its sub-rows: 三、本年度办理结果, （三）不予公开
	RoleLabel                    // a row's label
	RoleSubLabel                 // a numbered sub-item's label under its group: 1.属于国家秘密
)

// Header reports whether the cell is a heading or a label rather than a number position.
func (c LayoutCell) Header() bool { return c.Role != RoleData }

// Table3Stub is the text of table 三's top-left heading.
const Table3Stub = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

func heading(role CellRole, text string, colspan, rowspan int) LayoutCell {
	return LayoutCell{Role: role, Text: text, Colspan: max(colspan, 1), Rowspan: max(rowspan, 1)}
}

func dataCell(c Cell, colspan int) LayoutCell {
	return LayoutCell{Role: RoleData, Colspan: max(colspan, 1), Rowspan: 1, Cell: c}
}

// Layout lays out the report's three tables as its template prints them:
// a 2021-format report that prints （六）其他处理 as one row gets that row.
func (r *Report) Layout() [3]TableLayout {
	t := r.Template
	if !t.Valid() {
		t = Format2021
	}
	return [3]TableLayout{activeLayout(t), requestsLayout(r.printedRows()), reviewLayout()}
}

func caption(section int) string { return Numerals[section] + "、" + Sections[section].Title }

// activeLayout lays out table 二 block by block: the block's heading across
// the table, a heading row (信息内容 and the fields), then its items; a
// block with fewer fields lets its last one span the remaining columns.
func activeLayout(t Template) TableLayout {
	items := t.ActiveItems()
	width := 0
	for _, it := range items {
		width = max(width, len(it.Fields))
	}
	tl := TableLayout{Table: TableActive, Caption: caption(1), Columns: width + 1}
	span := func(i, n int) int {
		if i == n-1 {
			return width - n + 1
		}
		return 1
	}
	for i := 0; i < len(items); {
		j := i
		for j < len(items) && items[j].Block == items[i].Block && sameFields(items[j], items[i]) {
			j++
		}
		tl.Body = append(tl.Body, []LayoutCell{heading(RoleBlock, items[i].Block, width+1, 1)})
		head := []LayoutCell{heading(RoleHeading, "信息内容", 1, 1)}
		fields := items[i].Fields
		for fi, f := range fields {
			head = append(head, heading(RoleField, f.Label, span(fi, len(fields)), 1))
		}
		tl.Body = append(tl.Body, head)
		for _, it := range items[i:j] {
			row := []LayoutCell{heading(RoleLabel, it.Label, 1, 1)}
			for fi, f := range it.Fields {
				c, _ := t.Cell(CellKey{Table: TableActive, Row: it.Key, Column: f.Key})
				row = append(row, dataCell(c, span(fi, len(it.Fields))))
			}
			tl.Body = append(tl.Body, row)
		}
		i = j
	}
	return tl
}

func sameFields(a, b ActiveItem) bool {
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

// printedRows are the rows of table 三 as the report prints them: a 2021
// report that prints （六）其他处理 as one row prints that row instead of
// its three sub-rows.
func (r *Report) printedRows() []Row {
	rows := r.Template.Rows()
	if !r.OtherMerged() {
		return rows
	}
	var out []Row
	for _, row := range rows {
		if rowSpecs[row].Group == GroupOther {
			continue
		}
		if row == Total {
			out = append(out, Other)
		}
		out = append(out, row)
	}
	return out
}

// requestsLayout lays out table 三 with the template's three-level heading
// and its row labels: 三、本年度办理结果 spans the outcome rows, each of
// （三）…（六） spans its numbered sub-rows.
func requestsLayout(rows []Row) TableLayout {
	tl := TableLayout{Table: TableRequests, Caption: caption(2), Columns: 3 + int(NumColumns)}
	tl.Head = [][]LayoutCell{
		{heading(RoleStub, Table3Stub, 3, 3), heading(RoleHeading, "申请人情况", int(NumColumns), 1)},
		{heading(RoleColumn, NaturalPerson.Label(), 1, 2), heading(RoleHeading, "法人或其他组织", 5, 1), heading(RoleColumn, ColumnTotal.Label(), 1, 2)},
		{},
	}
	for c := Commercial; c <= OtherOrg; c++ {
		tl.Head[2] = append(tl.Head[2], heading(RoleColumn, c.Label(), 1, 1))
	}
	outcome, groups := 0, map[Group]int{}
	for _, r := range rows {
		if g := rowSpecs[r].Group; g != NoGroup {
			outcome++
			groups[g]++
		}
	}
	first, firstOf := true, map[Group]bool{}
	for _, r := range rows {
		spec := rowSpecs[r]
		var row []LayoutCell
		switch spec.Group {
		case NoGroup:
			row = append(row, heading(RoleLabel, spec.Label, 3, 1))
		default:
			if first {
				row = append(row, heading(RoleGroup, GroupOutcome.Label(), 1, outcome))
				first = false
			}
			if spec.Group == GroupOutcome {
				row = append(row, heading(RoleLabel, spec.Label, 2, 1))
				break
			}
			if !firstOf[spec.Group] {
				row = append(row, heading(RoleGroup, spec.Group.Label(), 1, groups[spec.Group]))
				firstOf[spec.Group] = true
			}
			row = append(row, heading(RoleSubLabel, spec.Label, 1, 1))
		}
		for c := range NumColumns {
			row = append(row, dataCell(RequestCell(r, c), 1))
		}
		tl.Body = append(tl.Body, row)
	}
	return tl
}

// reviewLayout lays out table 四: 行政复议 and 行政诉讼 over their groups,
// the five result columns under each, one row of numbers.
func reviewLayout() TableLayout {
	n := int(NumReviewColumns)
	tl := TableLayout{Table: TableReview, Caption: caption(3), Columns: int(NumReviewGroups) * n}
	tl.Head = [][]LayoutCell{
		{heading(RoleHeading, Reconsideration.Label(), n, 1), heading(RoleHeading, "行政诉讼", 2*n, 1)},
		{},
		{},
	}
	for c := range NumReviewColumns {
		tl.Head[1] = append(tl.Head[1], heading(RoleColumn, c.Label(), 1, 2))
	}
	for _, g := range []ReviewGroup{LitigationDirect, LitigationAfterReconsideration} {
		tl.Head[1] = append(tl.Head[1], heading(RoleHeading, g.Label(), n, 1))
		for c := range NumReviewColumns {
			tl.Head[2] = append(tl.Head[2], heading(RoleColumn, c.Label(), 1, 1))
		}
	}
	var row []LayoutCell
	for g := range NumReviewGroups {
		for c := range NumReviewColumns {
			row = append(row, dataCell(ReviewCell(g, c), 1))
		}
	}
	tl.Body = [][]LayoutCell{row}
	return tl
}

// Rows returns the table's heading rows, then its body rows.
func (t *TableLayout) Rows() [][]LayoutCell {
	return append(append([][]LayoutCell(nil), t.Head...), t.Body...)
}

// Placed is a LayoutCell at its place on the grid (0-based).
type Placed struct {
	LayoutCell
	Row, Col int
}

// Grid places every cell of Rows() on the grid as HTML does (a cell takes
// the first position not covered by a cell spanning down from a row above)
// and returns the cells in order and, for every grid position, the cell
// covering it (nil where none does).
func (t *TableLayout) Grid() (cells []*Placed, at [][]*Placed) {
	rows := t.Rows()
	at = make([][]*Placed, len(rows))
	for r := range at {
		at[r] = make([]*Placed, t.Columns)
	}
	for r, row := range rows {
		c := 0
		for _, lc := range row {
			for c < t.Columns && at[r][c] != nil {
				c++
			}
			p := &Placed{LayoutCell: lc, Row: r, Col: c}
			cells = append(cells, p)
			for rr := r; rr < min(r+lc.Rowspan, len(rows)); rr++ {
				for cc := c; cc < min(c+lc.Colspan, t.Columns); cc++ {
					at[rr][cc] = p
				}
			}
			c += lc.Colspan
		}
	}
	return cells, at
}

// Printed is a cell as a report prints it.
type Printed struct {
	Num  Num
	Kind Kind   // "" when the report does not print the cell at all
	Text string // the number, the mark, or "" for a blank
}

// Printed returns what the report prints in cell k; idx is its CellIndex.
// A mark is its text as printed, a blank is "", and a cell with neither a
// number nor provenance is one the report does not print.
func (r *Report) Printed(idx map[CellKey]Provenance, k CellKey) Printed {
	ref, ok := idx[k]
	return PrintedAs(r.Value(k), ref, ok)
}

// PrintedAs returns what a cell prints that states n and whose provenance
// is ref (ok false: it has none), as Printed does for a cell by name: for
// callers that find a cell's number and provenance without looking its
// name up (the exports).
func PrintedAs(n Num, ref Provenance, ok bool) Printed {
	switch {
	case !ok && n.Valid():
		return Printed{Num: n, Kind: KindNumber, Text: n.String()}
	case !ok:
		return Printed{}
	case ref.Kind == KindMark:
		return Printed{Kind: ref.Kind, Text: strings.TrimSpace(ref.Raw)}
	case ref.Kind == KindBlank || !n.Valid():
		return Printed{Kind: KindBlank}
	}
	return Printed{Num: n, Kind: ref.Kind, Text: n.String()}
}

// Same reports whether two printed cells state the same fact.
func (p Printed) Same(q Printed) bool {
	if p.Num.Valid() != q.Num.Valid() {
		return false
	}
	if p.Num.Valid() {
		return p.Num.Cmp(q.Num) == 0
	}
	return p.Text == q.Text
}
