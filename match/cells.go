package match

import (
	"iter"
	"sort"

	"nianbao"
	"nianbao/document"
)

// style is how a table's cells are read.
type style int

const (
	// styleFree reads cells from the text itself: squashed digits,
	// column-aligned text, a report on one line.
	styleFree style = iota
	// styleRows reads the cells of table rows: a row's cells follow its
	// label in the row.
	styleRows
	// styleCellLines reads cells printed one per line, whose rows the file
	// does not show: a row's cells are those between its label and the
	// next.
	styleCellLines
)

// tableStyle decides how to read the table whose labels start at the
// offsets labels and whose region ends at end, from the blocks they are
// in: the cells of the table that holds most of them, or else the text.
// It returns the layout of that table; for a table read from its text, the
// layout of the positioned lines that carry its rows when there are about
// as many of them as rows (a column-aligned table wraps labels on lines of
// their own, but prints each row's numbers on one), or "" for paragraphs.
func (ix *docIndex) tableStyle(labels []int, end int) (style, nianbao.Layout) {
	if len(labels) == 0 {
		return styleFree, ""
	}
	type kind struct {
		kind   document.Kind
		layout nianbao.Layout
	}
	var kinds []kind
	var counts []int
	for _, off := range labels {
		k := kind{kind: document.Paragraph}
		if i := ix.block(off); i >= 0 {
			b := &ix.doc.Blocks[i]
			k = kind{b.Kind, b.Layout}
		}
		j := 0
		for j < len(kinds) && kinds[j] != k {
			j++
		}
		if j == len(kinds) {
			kinds, counts = append(kinds, k), append(counts, 0)
		}
		counts[j]++
	}
	best := 0
	for j := range kinds {
		if counts[j] > counts[best] {
			best = j
		}
	}
	if k := kinds[best]; k.kind == document.Table && counts[best]*2 > len(labels) {
		if k.layout == nianbao.LayoutCellLines {
			return styleCellLines, k.layout
		}
		return styleRows, k.layout
	}
	n, layout := 0, nianbao.Layout("")
	bs := ix.doc.Blocks
	for i := ix.blocksFrom(labels[0]); i < len(bs) && bs[i].Start < end; i++ {
		if bs[i].Kind == document.Line {
			n, layout = n+1, bs[i].Layout
		}
	}
	if n*2 > len(labels) {
		return styleFree, layout
	}
	return styleFree, ""
}

// unit is a line of the document: a table row with its cells, or a
// paragraph or positioned line, which is one cell when read as a grid.
type unit struct {
	start, end int
	cells      []document.Cell // nil for a paragraph or line
}

// units returns the lines of the document that end at or after start and
// start before end, in order.
func (ix *docIndex) units(start, end int) iter.Seq[unit] {
	return func(yield func(unit) bool) {
		bs := ix.doc.Blocks
		for i := ix.blocksFrom(start - 1); i < len(bs) && bs[i].Start < end; i++ {
			b := &bs[i]
			if b.Kind != document.Table {
				if !yield(unit{start: b.Start, end: b.End}) {
					return
				}
				continue
			}
			cs := b.Cells
			// From the row of the first cell that ends at or after start.
			r := sort.Search(len(cs), func(k int) bool { return cs[k].End >= start })
			for r > 0 && r < len(cs) && cs[r-1].Row == cs[r].Row {
				r--
			}
			for r < len(cs) {
				k := r + 1
				for k < len(cs) && cs[k].Row == cs[r].Row {
					k++
				}
				row := cs[r:k:k]
				r = k
				if row[0].Start >= end {
					return
				}
				if !yield(unit{start: row[0].Start, end: row[len(row)-1].End, cells: row}) {
					return
				}
			}
		}
	}
}

// gridTokens reads the cells of text[start:end], a zone of a table read
// from its cells (styleRows or styleCellLines). The zone normally starts
// right after a label, in the label's cell. Empty cells are kept (marked
// empty) because a blank cell and the filler of a merged cell look alike
// in text files; the caller decides by counting. The tokens are appended
// to buf.
func gridTokens(text string, start, end int, st style, ix *docIndex, buf []token) []token {
	out := buf
	for u := range ix.units(start, end) {
		label := u.start < start // the line the label ends in
		switch {
		case label && st == styleCellLines:
			// What follows the label in its cell is a cell of the row:
			// in cell lines, a label and a number may share a line.
			cellEnd := u.end
			for _, c := range u.cells {
				if c.Start < start {
					cellEnd = c.End
				}
			}
			if rest := text[start:max(start, min(cellEnd, end))]; rest != "" {
				if i, j := document.SpaceBounds(rest); i < j {
					out = appendGridCell(out, start, rest, 0)
				}
			}
		case !label && end < u.end && st == styleRows:
			// The line of the next label, cut before it: cells there
			// before the label are covered by merged cells above it or
			// hold a group label, never this row's numbers.
			continue
		case u.cells == nil:
			// A line that is no table row is one cell.
			if !label {
				out = appendGridCell(out, u.start, text[u.start:min(u.end, end)], 0)
			}
			continue
		}
		for _, c := range u.cells {
			// The rest of the label's own cell is the label's.
			if c.Start >= start && c.Start < end {
				out = appendGridCell(out, c.Start, text[c.Start:min(c.End, end)], c.Col)
			}
		}
	}
	return out
}

// cellsIn returns how many cells the lines of text[start:end] hold at
// most, a line that is no table row counting as one: room for the tokens
// of a table's zones.
func (ix *docIndex) cellsIn(start, end int) int {
	n := 0
	bs := ix.doc.Blocks
	for i := ix.blocksFrom(start - 1); i < len(bs) && bs[i].Start < end; i++ {
		cs := bs[i].Cells
		if bs[i].Kind != document.Table {
			n++
			continue
		}
		n += sort.Search(len(cs), func(k int) bool { return cs[k].Start >= end }) -
			sort.Search(len(cs), func(k int) bool { return cs[k].End >= start })
	}
	return n
}

// dataRow returns the cells of the first table row after the line holding
// text[from-1] and before end, blank cells included: table 四's one row
// of numbers, which has no label.
func dataRow(text string, from, end int, ix *docIndex) []token {
	for u := range ix.units(from, end) {
		if u.start < from || u.cells == nil {
			continue
		}
		var out []token
		for _, c := range u.cells {
			if c.Start < end {
				out = appendGridCell(out, c.Start, text[c.Start:min(c.End, end)], c.Col)
			}
		}
		return out
	}
	return nil
}

// appendGridCell reads the cell whose text starts at byte base; x is its
// column in the table's grid.
func appendGridCell(out []token, base int, cellText string, x int) []token {
	i, j := document.SpaceBounds(cellText)
	raw := cellText[i:j]
	off := base + i
	if raw == "" {
		return append(out, token{kind: nianbao.KindBlank, off: off, empty: true, x: x})
	}
	t, ok := classify(raw, off)
	if !ok {
		// Words in a value cell are what is left of a label (a typo, a
		// wrapped line): they are not a cell of the row.
		return out
	}
	t.x = x
	return append(out, t)
}
