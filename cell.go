package nianbao

import (
	"iter"
	"strings"
)

// CellKey names one cell of a report's tables: the table, the row key (the
// item key in table 二, the group key in table 四) and the column key. It is
// the cell's one name, in provenance, findings, the store and the exports.
type CellKey struct {
	Table  Table  `json:"table"`
	Row    string `json:"row"`
	Column string `json:"column"`
}

// Cell is one cell of a template's tables: its key, where the Report keeps
// its number, and how a person names it.
type Cell struct {
	Key CellKey
	// Label names the cell as a person reading the printed table would, in
	// findings: 表三“（六）其他处理·3.其他”·总计, 表四“行政诉讼·复议后起诉”·结果维持.
	Label string
	// Heading names the cell as a column of the exports:
	// 表三·一、本年新收·自然人.
	Heading string
	// Index is the column's place in the JSON array (tables 三, 四) or in
	// the item's field list (table 二).
	Index int
	// Field is the number's kind in table 二 (signed, money); zero elsewhere.
	Field ActiveField

	row    int    // Row (table 三) or ReviewGroup (table 四)
	active string // ActiveKey (table 二)
}

// Request returns the row and column of a table 三 cell.
func (c Cell) Request() (Row, Column) { return Row(c.row), Column(c.Index) }

// ReviewAt returns the group and column of a table 四 cell.
func (c Cell) ReviewAt() (ReviewGroup, ReviewColumn) {
	return ReviewGroup(c.row), ReviewColumn(c.Index)
}

// RequestCell returns table 三's cell at row, column.
func RequestCell(row Row, col Column) Cell { return requestCells[row][col] }

// ReviewCell returns table 四's cell at group, column.
func ReviewCell(g ReviewGroup, col ReviewColumn) Cell { return reviewCells[g][col] }

// Cells walks every cell the template's JSON carries, in JSON order: table
// 二 item by item, table 三 row by row, table 四 group by group.
func (t Template) Cells() iter.Seq[Cell] {
	cells := templateCells(t).list
	return func(yield func(Cell) bool) {
		for _, c := range cells {
			if !yield(c) {
				return
			}
		}
	}
}

// Cell returns the template's cell named k, and whether the template has it.
func (t Template) Cell(k CellKey) (Cell, bool) {
	tc := templateCells(t)
	i, ok := tc.index[k]
	if !ok {
		return Cell{}, false
	}
	return tc.list[i], true
}

// AllCells lists every cell of either format once, for exports that hold
// reports of both: table 二 (the 2021 format's items, then the 2019 format's
// own), table 三 row by row with every row of both formats, then table 四.
// A cell both formats print is named as the 2021 format names it.
func AllCells() []Cell { return allCells }

// At returns the number the report states in cell c (invalid when none).
func (r *Report) At(c Cell) Num {
	switch c.Key.Table {
	case TableActive:
		return r.Active[c.active]
	case TableRequests:
		return r.Requests[c.row][c.Index]
	case TableReview:
		return r.Review[c.row][c.Index]
	}
	return Num{}
}

// Set records n as the number the report states in cell c.
func (r *Report) Set(c Cell, n Num) {
	switch c.Key.Table {
	case TableActive:
		if !n.Valid() {
			delete(r.Active, c.active) // table 二 keeps only what is stated
			return
		}
		if r.Active == nil {
			r.Active = map[string]Num{}
		}
		r.Active[c.active] = n
	case TableRequests:
		r.Requests[c.row][c.Index] = n
	case TableReview:
		r.Review[c.row][c.Index] = n
	}
}

// Record sets the number the report states in cell c and where it came
// from: the text printed there, its kind and its place in the file.
func (r *Report) Record(c Cell, n Num, kind Kind, raw string, pos Pos) {
	r.Set(c, n)
	r.Cells = append(r.Cells, Provenance{CellKey: c.Key, Index: c.Index, Kind: kind, Raw: raw, Pos: pos})
}

// Value returns the number the report states in the cell named k (invalid
// when none, or when the report's format has no such cell).
func (r *Report) Value(k CellKey) Num {
	c, ok := r.Template.Cell(k)
	if !ok {
		return Num{}
	}
	return r.At(c)
}

// RowLabel names a row of table 三 briefly and unambiguously, without the
// template's explanations and under its group when it is a numbered
// sub-item: 一、本年新收, （三）不予公开·1.属于国家秘密, （七）总计.
func (r Row) RowLabel() string {
	spec := r.Spec()
	label, _, _ := strings.Cut(spec.Label, "（区分")
	label, _, _ = strings.Cut(label, "、行政机关")
	label = strings.TrimSuffix(label, "政府信息公开申请数量")
	if spec.Group != NoGroup && spec.Group != GroupOutcome {
		label = spec.Group.Label() + "·" + label
	}
	return label
}

// GroupLabel names a group of table 四 under its printed header:
// 行政复议, 行政诉讼·未经复议直接起诉.
func (g ReviewGroup) GroupLabel() string {
	if g == Reconsideration {
		return g.Label()
	}
	return "行政诉讼·" + g.Label()
}

type cellSet struct {
	list  []Cell
	index map[CellKey]int
}

// Package variables are initialised in dependency order, so the table 三
// and 四 cells exist before the templates' lists are built from them.
var (
	requestCells = buildRequestCells()
	reviewCells  = buildReviewCells()
	cells2019    = buildCells(Format2019)
	cells2021    = buildCells(Format2021)
	allCells     = buildAllCells()
)

func templateCells(t Template) *cellSet {
	if t == Format2019 {
		return cells2019
	}
	return cells2021
}

func newCell(table Table, tableLabel, row, rowLabel, col, colLabel string) Cell {
	return Cell{
		Key:     CellKey{Table: table, Row: row, Column: col},
		Label:   tableLabel + "“" + rowLabel + "”·" + colLabel,
		Heading: tableLabel + "·" + rowLabel + "·" + colLabel,
	}
}

func buildRequestCells() (cells [NumRows][NumColumns]Cell) {
	for row := range NumRows {
		for col := range NumColumns {
			c := newCell(TableRequests, "表三", row.Key(), row.RowLabel(), col.Key(), col.Label())
			c.row, c.Index = int(row), int(col)
			cells[row][col] = c
		}
	}
	return cells
}

func buildReviewCells() (cells [NumReviewGroups][NumReviewColumns]Cell) {
	for g := range NumReviewGroups {
		for col := range NumReviewColumns {
			c := newCell(TableReview, "表四", g.Key(), g.GroupLabel(), col.Key(), col.Label())
			c.row, c.Index = int(g), int(col)
			cells[g][col] = c
		}
	}
	return cells
}

func activeCells(t Template) []Cell {
	var out []Cell
	for _, item := range t.ActiveItems() {
		for i, f := range item.Fields {
			c := newCell(TableActive, "表二", item.Key, item.Label, f.Key, f.Label)
			c.Index, c.Field, c.active = i, f, ActiveKey(item.Key, f.Key)
			out = append(out, c)
		}
	}
	return out
}

func buildCells(t Template) *cellSet {
	s := &cellSet{list: activeCells(t), index: map[CellKey]int{}}
	for _, row := range t.JSONRows() {
		s.list = append(s.list, requestCells[row][:]...)
	}
	for g := range NumReviewGroups {
		s.list = append(s.list, reviewCells[g][:]...)
	}
	for i, c := range s.list {
		s.index[c.Key] = i
	}
	return s
}

func buildAllCells() []Cell {
	var out []Cell
	seen := map[CellKey]bool{}
	add := func(c Cell) {
		if !seen[c.Key] {
			seen[c.Key] = true
			out = append(out, c)
		}
	}
	for _, t := range []Template{Format2021, Format2019} {
		for _, c := range activeCells(t) {
			add(c)
		}
	}
	for row := range NumRows {
		for _, c := range requestCells[row] {
			add(c)
		}
	}
	for g := range NumReviewGroups {
		for _, c := range reviewCells[g] {
			add(c)
		}
	}
	return out
}
