package htmldoc

import (
	"bytes"

	"nianbao/reader/internal/grid"
)

// Table building: a table's cells as the markup gives them, placed on its
// grid as a browser places them when the table ends.

// tableState is a table being read: its cells in the order the markup
// gives them, row by row, placed on the grid when the table ends.
type tableState struct {
	parent *container
	// cells hold each cell's span, offset and blocks as the markup gives
	// them; place sets where each goes on the grid.
	cells     []grid.Cell
	rowStarts []int // row r is cells[rowStarts[r]:rowStarts[r+1]]
	rowOpen   bool
	cur       int // the open cell's index in cells; -1 when none
	// open collects the open cell's content, which goes to the cell when
	// it closes: one paragraph buffer serves all of a table's cells.
	open    container
	caption bool
}

// row returns the table's row r of cells.
func (t *tableState) row(r int) []grid.Cell {
	end := len(t.cells)
	if r+1 < len(t.rowStarts) {
		end = t.rowStarts[r+1]
	}
	return t.cells[t.rowStarts[r]:end]
}

func (s *scanner) top() *tableState {
	if len(s.tables) == 0 {
		return nil
	}
	return s.tables[len(s.tables)-1]
}

// closeCell ends the table's open cell (and caption).
func (s *scanner) closeCell(t *tableState) {
	if t.cur >= 0 {
		s.flush(&t.open)
		t.cells[t.cur].Blocks, t.open.blocks = t.open.blocks, nil
		t.cur = -1
	}
	if t.caption {
		s.flush(t.parent)
		t.caption = false
	}
}

// newTable starts a table inside parent, with the slices of a closed
// table if there is one: a page's tables are read one after another, or
// one inside another.
func (s *scanner) newTable(parent *container) *tableState {
	n := len(s.freeTables)
	if n == 0 {
		return &tableState{parent: parent, cur: -1}
	}
	t := s.freeTables[n-1]
	s.freeTables = s.freeTables[:n-1]
	*t = tableState{parent: parent, cells: t.cells[:0], rowStarts: t.rowStarts[:0], cur: -1,
		open: container{p: para{b: t.open.p.b[:0]}}}
	return t
}

// closeTable ends the innermost table: its cells are placed on the grid
// and its blocks go to the container around it.
func (s *scanner) closeTable() {
	t := s.tables[len(s.tables)-1]
	s.tables = s.tables[:len(s.tables)-1]
	s.closeCell(t)
	nrows, ncols := s.place(t)
	blocks := grid.Resolve(s.budget, t.cells, nrows, ncols)
	s.flush(t.parent)
	t.parent.blocks = append(t.parent.blocks, blocks...)
	for i := range t.cells {
		if b := t.cells[i].Blocks; b != nil {
			s.freeBlocks = append(s.freeBlocks, b[:0])
		}
	}
	s.freeTables = append(s.freeTables, t)
}

// place puts a table's cells on its grid as HTML does: each cell takes the
// first position of its row that no cell spanning down from above covers.
// rowspan="0" and rowspans past the last row reach the last row. It sets
// each cell's position and spans, and returns the grid's size.
func (s *scanner) place(t *tableState) (nrows, ncols int) {
	nrows = len(t.rowStarts)
	// occ[r][c] says that grid position (r, c) is taken.
	occ := s.occ
	if cap(occ) < nrows {
		occ = append(occ[:cap(occ)], make([][]bool, nrows-cap(occ))...)
	}
	occ = occ[:nrows]
	for r := range occ {
		occ[r] = occ[r][:0]
	}
	area := 0
	for r := range nrows {
		row := t.row(r)
		c := 0
		for i := range row {
			cell := &row[i]
			for c < len(occ[r]) && occ[r][c] {
				c++
			}
			rs := cell.RowSpan
			if rs == 0 || r+rs > nrows {
				rs = nrows - r
			}
			colspan := cell.ColSpan
			if area += rs * colspan; area > grid.MaxArea {
				rs, colspan = 1, 1 // hostile spans: the cell keeps its place only
			}
			// The cell's own row needs no marks: the row's next cells
			// start past it.
			for rr := r + 1; rr < r+rs; rr++ {
				if n := c + colspan - len(occ[rr]); n > 0 {
					occ[rr] = append(occ[rr], make([]bool, n)...)
				}
				for k := c; k < c+colspan; k++ {
					occ[rr][k] = true
				}
			}
			cell.Row, cell.Col, cell.RowSpan, cell.ColSpan = r, c, rs, colspan
			c += colspan
			ncols = max(ncols, c)
		}
	}
	s.occ = occ
	return nrows, ncols
}

// number parses a span attribute as HTML does (leading digits, anything
// after them ignored), clamped to [lo, hi]; def when there are no digits.
func number(v []byte, def, lo, hi int) int {
	v = bytes.TrimLeft(v, " \t\n\r\f")
	n, digits := 0, 0
	for digits < len(v) && v[digits] >= '0' && v[digits] <= '9' {
		if n <= hi {
			n = n*10 + int(v[digits]-'0')
		}
		digits++
	}
	if digits == 0 {
		return def
	}
	return max(lo, min(n, hi))
}
