package document

import (
	"slices"
	"strings"

	"nianbao"
)

// Builder assembles a Document in reading order from what a reader found
// in a file, writing its Text as it goes: a paragraph as a line, a table
// row by row with its cells between " | ", a positioned line with each
// segment padded out to its display column.
type Builder struct {
	// Meter, when set, is told of every paragraph, cell, segment and table
	// as it is added, so that a reader can stop a document growing past
	// its limits while it grows (it panics to stop it).
	Meter Meter

	b      strings.Builder
	spans  []span
	boxes  []box
	lines  []int
	blocks []Block
	cells  []Cell
	segs   []Segment
	// from holds, for each block, where its cells or segments start in
	// cells or segs: the slices are cut when the document is done, once
	// the arrays have stopped growing.
	from  []int
	open  bool // the last block is a table or line still being added to
	row   int  // in an open table, the row of the last cell; -1 before the first
	col   int  // in an open line, the display column reached
	first bool // the open line has no segment yet
}

// Meter is told what a Builder adds: bytes of text, cells, tables.
type Meter interface {
	Text(n int)
	Cells(n int)
	Table()
}

// Grow makes room for about text more bytes, blocks more blocks and cells
// more cells, so that a reader that knows its document's size builds it
// without regrowing.
func (b *Builder) Grow(text, blocks, cells int) {
	b.b.Grow(text)
	b.spans = slices.Grow(b.spans, blocks+cells)
	b.blocks = slices.Grow(b.blocks, blocks)
	b.from = slices.Grow(b.from, blocks)
	b.cells = slices.Grow(b.cells, cells)
}

// Para adds a paragraph that came from pos. Line breaks in it become
// spaces; a paragraph with no text is left out.
func (b *Builder) Para(text string, pos nianbao.Pos) {
	b.close()
	text = strings.TrimSpace(strings.ReplaceAll(text, "\n", " "))
	if text == "" {
		return
	}
	if b.Meter != nil {
		b.Meter.Text(len(text))
	}
	start := b.b.Len()
	b.mark(pos, false)
	b.b.WriteString(text)
	b.add(Block{Kind: Paragraph, Start: start, End: b.b.Len()})
	b.newline()
}

// Table starts a table laid out as layout; Cell adds its cells, and the
// next Para, Table, Line or Document ends it.
func (b *Builder) Table(layout nianbao.Layout) {
	b.close()
	if b.Meter != nil {
		b.Meter.Table()
	}
	b.add(Block{Kind: Table, Layout: layout, Start: b.b.Len()})
	b.open, b.row = true, -1
}

// Cell adds a cell to the open table: cells come row by row, left to right
// in each row, each where its top-left corner is on the grid, with the
// number of rows and columns it spans. Its text is put on one line: a
// label that Word wrapped over several paragraphs reads as one label, and
// a '|' in a cell cannot split it.
func (b *Builder) Cell(row, col, rowSpan, colSpan int, text string, pos nianbao.Pos) {
	text = cellText(text)
	if b.Meter != nil {
		b.Meter.Text(len(text))
		b.Meter.Cells(1)
	}
	// A blank cell has no text to point at: its span starts before the
	// space after the separator, so that any offset between the separator
	// and the next one names this cell.
	if b.row >= 0 && row == b.row {
		b.b.WriteString(" |")
		b.mark(pos, true)
		b.b.WriteByte(' ')
	} else {
		if b.row >= 0 {
			b.endRow()
		}
		b.row = row
		b.mark(pos, true)
	}
	start := b.b.Len()
	b.b.WriteString(text)
	b.cells = append(b.cells, Cell{Row: row, Col: col, RowSpan: max(rowSpan, 1), ColSpan: max(colSpan, 1), Start: start, End: b.b.Len()})
}

func (b *Builder) endRow() {
	b.b.WriteString(" |")
	b.newline()
}

// Line starts a line of text positioned by coordinates, laid out as layout;
// Segment adds its segments, and the next Para, Table, Line or Document
// ends it.
func (b *Builder) Line(layout nianbao.Layout) {
	b.close()
	b.add(Block{Kind: Line, Layout: layout, Start: b.b.Len()})
	b.open, b.col, b.first = true, 0, true
}

// Segment adds a run of text to the open line at display column col,
// padding with spaces so that it starts there (or one space after the
// previous segment), as column-aligned text prints it.
func (b *Builder) Segment(col int, text string, pos nianbao.Pos) {
	pad := col - b.col
	if !b.first && pad < 1 {
		pad = 1
	}
	b.first = false
	if b.Meter != nil {
		b.Meter.Text(len(text) + max(pad, 0))
	}
	for range pad {
		b.b.WriteByte(' ')
	}
	b.col += max(pad, 0)
	start := b.b.Len()
	b.mark(pos, false)
	b.b.WriteString(text)
	b.col += DisplayWidth(text)
	b.segs = append(b.segs, Segment{Col: col, Start: start, End: b.b.Len()})
}

// add appends a block, noting where its cells or segments start.
func (b *Builder) add(bl Block) {
	b.blocks = append(b.blocks, bl)
	from := len(b.cells)
	if bl.Kind == Line {
		from = len(b.segs)
	}
	b.from = append(b.from, from)
}

// close ends the open table or line: a table's last row, a line's end.
// A table without cells and a line without segments are left out.
func (b *Builder) close() {
	if !b.open {
		return
	}
	b.open = false
	k := len(b.blocks) - 1
	bl := &b.blocks[k]
	switch bl.Kind {
	case Table:
		if b.row < 0 {
			b.blocks, b.from = b.blocks[:k], b.from[:k]
			return
		}
		bl.End = b.b.Len()
		b.endRow()
	case Line:
		if b.first {
			b.blocks, b.from = b.blocks[:k], b.from[:k]
			return
		}
		bl.End = b.b.Len()
		b.newline()
	}
}

func (b *Builder) newline() {
	if b.lines == nil {
		b.lines = append(b.lines, 0)
	}
	b.b.WriteByte('\n')
	b.lines = append(b.lines, b.b.Len())
}

func (b *Builder) mark(pos nianbao.Pos, whole bool) {
	s := span{off: b.b.Len(), offset: pos.Offset, line: pos.Line, col: pos.Col,
		table: int32(pos.Table), row: int32(pos.Row), page: int32(pos.Page), whole: whole}
	if pos.Box != nil {
		if n := len(b.boxes); n == 0 || b.boxes[n-1] != *pos.Box { // a cell's runs share its box
			b.boxes = append(b.boxes, *pos.Box)
		}
		s.box = int32(len(b.boxes))
	}
	b.spans = append(b.spans, s)
}

// Document returns what was built.
func (b *Builder) Document() *Document {
	b.close()
	// A block's cells (or segments) run to where the next table's (or
	// line's) start.
	nextCells, nextSegs := len(b.cells), len(b.segs)
	for i := len(b.blocks) - 1; i >= 0; i-- {
		bl := &b.blocks[i]
		switch bl.Kind {
		case Table:
			bl.Cells = b.cells[b.from[i]:nextCells:nextCells]
			nextCells = b.from[i]
		case Line:
			bl.Segments = b.segs[b.from[i]:nextSegs:nextSegs]
			nextSegs = b.from[i]
		}
	}
	if b.lines == nil {
		b.lines = []int{0}
	}
	return &Document{Text: b.b.String(), Blocks: b.blocks, lines: b.lines, spans: b.spans, boxes: b.boxes}
}

// cellText puts a cell's text on one line and keeps '|' out of it.
func cellText(s string) string {
	// Most cells hold none of the bytes to replace (none of them occurs
	// inside a multi-byte character): skip the rune-by-rune copy.
	if !strings.ContainsAny(s, "\n\r\t|") {
		return strings.TrimSpace(s)
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\r', '\t':
			return ' '
		case '|':
			return '｜'
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}
