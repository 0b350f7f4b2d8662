package gen

import (
	"strings"

	"nianbao"
)

// cell is one printed cell of a table, as an HTML <td> with its spans.
type cell struct {
	text             string
	rowspan, colspan int
	num              bool // a number position (its text may be "" or a mark)
	head             bool // a header, centred in Columns
	squash           int  // Squashed: break the text every squash characters (0: never)
}

// table is a table as its source document defines it: rows of the cells
// each row starts, merged cells covering the positions to their right and
// below as in HTML.
type table struct {
	ncols int
	rows  [][]cell
	// wrap is, per column, the widest a label or header line may be in
	// Columns (display columns); cells spanning columns wrap at the span.
	wrap []int
}

// add appends a row; a zero span means 1.
func (t *table) add(cells ...cell) {
	for i := range cells {
		cells[i].rowspan = max(cells[i].rowspan, 1)
		cells[i].colspan = max(cells[i].colspan, 1)
	}
	t.rows = append(t.rows, cells)
}

// grid returns the column each cell starts in: like HTML, a cell takes the
// first position not covered by a cell spanning down from a row above.
func (t *table) grid() [][]int {
	covered := make([][]bool, len(t.rows))
	for r := range covered {
		covered[r] = make([]bool, t.ncols)
	}
	pos := make([][]int, len(t.rows))
	for r, row := range t.rows {
		c := 0
		for _, cl := range row {
			for c < t.ncols && covered[r][c] {
				c++
			}
			if c+cl.colspan > t.ncols || r+cl.rowspan > len(t.rows) {
				panic("gen: table cell outside the table: " + cl.text)
			}
			pos[r] = append(pos[r], c)
			for rr := r; rr < r+cl.rowspan; rr++ {
				for cc := c; cc < c+cl.colspan; cc++ {
					covered[rr][cc] = true
				}
			}
			c += cl.colspan
		}
	}
	return pos
}

// full returns every grid position's text, "" where a merged cell covers it.
func (t *table) full() [][]string {
	pos := t.grid()
	out := make([][]string, len(t.rows))
	for r, row := range t.rows {
		out[r] = make([]string, t.ncols)
		for i, cl := range row {
			out[r][pos[r][i]] = cl.text
		}
	}
	return out
}

// activeTable builds table 二: for each 第二十条 block a title row, a header
// row and its items, on a grid of four columns (the widest block has a
// label and three numbers); a block with fewer fields lets its last one span.
func (s *Sample) activeTable(plain bool) *table {
	st := &s.style
	t := &table{ncols: 4, wrap: []int{40, st.fieldWrap, st.fieldWrap, st.fieldWrap}}
	tmpl := s.activeFormat()
	items := tmpl.ActiveItems()
	span := func(j, n int) int {
		if j == n-1 {
			return t.ncols - n
		}
		return 1
	}
	for i, item := range items {
		n := len(item.Fields)
		if i == 0 || items[i-1].Block != item.Block {
			t.add(cell{text: st.label(item.Block), colspan: t.ncols, head: true})
			hdr := []cell{{text: "信息内容", head: true}}
			for j, f := range item.Fields {
				hdr = append(hdr, cell{text: st.label(f.Label), colspan: span(j, n), head: true, squash: st.sqField})
			}
			t.add(hdr...)
		}
		if s.drops(item.Key) {
			continue
		}
		row := []cell{{text: st.label(item.Label)}}
		for j, f := range item.Fields {
			c, _ := tmpl.Cell(nianbao.CellKey{Table: nianbao.TableActive, Row: item.Key, Column: f.Key})
			text := s.number(c, f.Signed, plain)
			if !plain || s.damage&Units != 0 {
				text += s.Unit(c.Key)
			}
			row = append(row, cell{text: text, colspan: span(j, n), num: true})
		}
		t.add(row...)
	}
	return t
}

// requestsTable builds table 三 with the template's three-row header and
// three label columns: 一、二、四、 span all three; 三、本年度办理结果 spans
// the outcome rows down the first; group labels such as （三）不予公开 span
// their sub-rows down the second; （一）, （二）, （七） and a one-row （六）
// span the second and third.
func (s *Sample) requestsTable(plain bool) *table {
	st := &s.style
	cols := s.printedCols()
	t := &table{ncols: 3 + len(cols), wrap: []int{st.labelWrap[0], st.labelWrap[1], st.labelWrap[2]}}
	for range cols {
		t.wrap = append(t.wrap, st.headWrap)
	}
	stub := "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
	if st.halfParen {
		stub = "(" + strings.TrimSuffix(strings.TrimPrefix(stub, "（"), "）") + ")"
	}
	t.add(cell{text: st.text(stub), rowspan: 3, colspan: 3, head: true},
		cell{text: "申请人情况", colspan: len(cols), head: true})
	h2 := []cell{{text: st.header(nianbao.NaturalPerson.Label()), rowspan: 2, head: true},
		{text: "法人或其他组织", colspan: 5, head: true}}
	if !st.noTotal {
		h2 = append(h2, cell{text: nianbao.ColumnTotal.Label(), rowspan: 2, head: true})
	}
	t.add(h2...)
	var h3 []cell
	for c := nianbao.Commercial; c <= nianbao.OtherOrg; c++ {
		sq := 0
		if len([]rune(c.Label())) == 4 {
			sq = st.sqHead
		}
		h3 = append(h3, cell{text: st.header(c.Label()), head: true, squash: sq})
	}
	t.add(h3...)

	rows := s.printedRows()
	outcomes := 0
	for _, row := range rows {
		if row.Spec().Group != nianbao.NoGroup {
			outcomes++
		}
	}
	for i, row := range rows {
		spec := row.Spec()
		var cells []cell
		switch {
		case spec.Group == nianbao.NoGroup:
			cells = append(cells, cell{text: st.label(spec.Label), colspan: 3, squash: st.sqLevel1})
		default:
			if i == 0 || rows[i-1].Spec().Group == nianbao.NoGroup {
				cells = append(cells, cell{text: nianbao.GroupOutcome.Label(), rowspan: outcomes, squash: st.sqLevel1})
			}
			if spec.Group == nianbao.GroupOutcome {
				cells = append(cells, cell{text: st.label(spec.Label), colspan: 2})
				break
			}
			if rows[i-1].Spec().Group != spec.Group {
				n := 0
				for _, r := range rows[i:] {
					if r.Spec().Group == spec.Group {
						n++
					}
				}
				cells = append(cells, cell{text: st.label(spec.Group.Label()), rowspan: n, squash: st.sqGroup})
			}
			cells = append(cells, cell{text: st.label(spec.Label)})
		}
		for _, c := range cols {
			cells = append(cells, cell{text: s.number(nianbao.RequestCell(row, c), false, plain), num: true})
		}
		t.add(cells...)
	}
	return t
}

// reviewTable builds table 四: 行政复议 and 行政诉讼 over three groups of
// five columns, and one row of numbers.
func (s *Sample) reviewTable(plain bool) *table {
	st := &s.style
	n := int(nianbao.NumReviewColumns)
	t := &table{ncols: 3 * n}
	for range t.ncols {
		t.wrap = append(t.wrap, st.wrap4)
	}
	t.add(cell{text: nianbao.Reconsideration.Label(), colspan: n, head: true},
		cell{text: "行政诉讼", colspan: 2 * n, head: true})
	head := func(c nianbao.ReviewColumn, rowspan int) cell {
		return cell{text: st.header(c.Label()), rowspan: rowspan, head: true, squash: st.sqReview}
	}
	var h2, h3, nums []cell
	for c := range nianbao.NumReviewColumns {
		h2 = append(h2, head(c, 2))
	}
	h2 = append(h2, cell{text: nianbao.LitigationDirect.Label(), colspan: n, head: true},
		cell{text: nianbao.LitigationAfterReconsideration.Label(), colspan: n, head: true})
	for range 2 {
		for c := range nianbao.NumReviewColumns {
			h3 = append(h3, head(c, 1))
		}
	}
	for g := range nianbao.NumReviewGroups {
		for c := range nianbao.NumReviewColumns {
			nums = append(nums, cell{text: s.number(nianbao.ReviewCell(g, c), false, plain), num: true})
		}
	}
	t.add(h2...)
	t.add(h3...)
	t.add(nums...)
	return t
}

// Unit returns the unit the cell's amount is printed with in the layouts
// that keep cell boundaries: "元" after a 2019 report's 采购总金额 in one
// sample of three (the number as printed, never converted), else "".
// Squashed text leaves it out: there it would only run into the digits —
// unless the sample has the damage Units, which prints it always.
func (s *Sample) Unit(k nianbao.CellKey) string {
	if k.Table != nianbao.TableActive || k.Row != "procurement" || k.Column != "amount" || !s.Report.Value(k).Valid() {
		return ""
	}
	if s.damage&Units == 0 && s.renderRNG("unit").IntN(3) != 0 {
		return ""
	}
	return "元"
}
