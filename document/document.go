// Package document is the neutral form every reader turns a file into: the
// report's text in reading order, with its tables laid out one row per line
// and their cells separated by " | ", and for every byte of that text the
// place in the source file it came from.
//
// Readers of grids (HTML, DOCX, XLSX) write each cell once, where a merged
// cell starts, and leave out the positions it covers, so that an empty cell
// in the text is always a blank cell of the report and never a merged
// cell's filler. Readers of positioned text (PDF) write lines whose words
// sit at their display columns, as column-aligned text.
package document

import (
	"slices"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// Document is a report's text and where each part of it came from.
type Document struct {
	Text  string
	spans []span // sorted by off
}

// span says that the text from off on came from pos; whole says that pos
// names a whole cell, so that offsets inside it map to pos itself rather
// than to pos moved along.
type span struct {
	off   int
	pos   nianbao.Pos
	whole bool
}

// Pos returns the source position of byte off of the text.
func (d *Document) Pos(off int) nianbao.Pos {
	return d.posIn(d.spanAt(0, len(d.spans), off), off)
}

// spanAt returns the last span among spans[lo:hi] that starts at or before
// off, or lo-1 when there is none.
func (d *Document) spanAt(lo, hi, off int) int {
	for lo < hi {
		if m := int(uint(lo+hi) >> 1); d.spans[m].off <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// posIn returns the position of byte off within span i.
func (d *Document) posIn(i, off int) nianbao.Pos {
	if i < 0 {
		return nianbao.Pos{Offset: off}
	}
	s := d.spans[i]
	p := s.pos
	if !s.whole {
		p.Offset += off - s.off
		if p.Col > 0 {
			p.Col += utf8.RuneCountInString(d.Text[s.off:off])
		}
	}
	return p
}

// Cursor returns positions like Pos for offsets asked for mostly in
// increasing order, as a matcher reads cells, searching on from the last
// one rather than through the whole document. It is not safe for
// concurrent use; Pos is.
type Cursor struct {
	d    *Document
	last int // the span of the last offset asked for
}

// Cursor returns a cursor at the start of the document.
func (d *Document) Cursor() *Cursor { return &Cursor{d: d} }

// Pos returns the source position of byte off of the text.
func (c *Cursor) Pos(off int) nianbao.Pos {
	spans := c.d.spans
	if c.last >= len(spans) || spans[c.last].off > off {
		i := c.d.spanAt(0, len(spans), off)
		c.last = max(i, 0)
		return c.d.posIn(i, off)
	}
	// The next cell is usually a few spans on.
	i := c.last
	for k := 0; k < 4 && i+1 < len(spans) && spans[i+1].off <= off; k++ {
		i++
	}
	if i+1 < len(spans) && spans[i+1].off <= off {
		i = c.d.spanAt(i+1, len(spans), off)
	}
	c.last = i
	return c.d.posIn(i, off)
}

// Cell is one cell of a table as a grid reader found it.
type Cell struct {
	Text string
	Pos  nianbao.Pos
	// Covered cells are the positions a merged cell spans beyond its
	// first; they are left out of the text.
	Covered bool
}

// Builder assembles a Document in reading order.
type Builder struct {
	b     strings.Builder
	spans []span
}

// Grow makes room for about text more bytes and spans more paragraphs,
// cells or segments, so that a reader that knows its document's size
// builds it without regrowing.
func (b *Builder) Grow(text, spans int) {
	b.b.Grow(text)
	b.spans = slices.Grow(b.spans, spans)
}

// Para adds a paragraph (or a line of text) that came from pos.
func (b *Builder) Para(text string, pos nianbao.Pos) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\n", " "))
	if text == "" {
		return
	}
	b.mark(pos, false)
	b.b.WriteString(text)
	b.b.WriteByte('\n')
}

// Table adds a grid, one row per line.
func (b *Builder) Table(rows [][]Cell) {
	for _, row := range rows {
		wrote := false
		for _, c := range row {
			if c.Covered {
				continue
			}
			// The cell's span starts at the space after the separator, so
			// that any offset between the separator and the next one — a
			// blank cell has no text to point at — names this cell.
			if wrote {
				b.b.WriteString(" |")
			}
			b.mark(c.Pos, true)
			if wrote {
				b.b.WriteByte(' ')
			}
			b.b.WriteString(cellText(c.Text))
			wrote = true
		}
		if wrote {
			b.b.WriteString(" |\n")
		}
	}
}

// Segment is a run of text at a display column of a line.
type Segment struct {
	Text string
	Col  int // display column where the text starts (CJK characters count 2)
	Pos  nianbao.Pos
}

// Line adds a line of positioned text, padding with spaces so that each
// segment starts at its column (or one space after the previous segment).
func (b *Builder) Line(segs []Segment) {
	col := 0
	for i, s := range segs {
		pad := s.Col - col
		if i > 0 && pad < 1 {
			pad = 1
		}
		if pad > 0 {
			b.b.WriteString(strings.Repeat(" ", pad))
			col += pad
		}
		b.mark(s.Pos, false)
		b.b.WriteString(s.Text)
		col += DisplayWidth(s.Text)
	}
	b.b.WriteByte('\n')
}

// Break adds an empty line (a page or table boundary).
func (b *Builder) Break() { b.b.WriteByte('\n') }

func (b *Builder) mark(pos nianbao.Pos, whole bool) {
	b.spans = append(b.spans, span{off: b.b.Len(), pos: pos, whole: whole})
}

// Document returns what was built.
func (b *Builder) Document() *Document {
	return &Document{Text: b.b.String(), spans: b.spans}
}

// cellText puts a cell's text on one line: a label that Word wrapped over
// several paragraphs reads as one label, and a '|' in a cell cannot split it.
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

// DisplayWidth returns how many columns s takes in fixed-width text such as
// `pdftotext -layout` output: CJK characters and full-width forms take two,
// and so do the punctuation marks Chinese fonts set full width (“” ‘’ — …
// ·, East Asian Ambiguous in Unicode); everything else takes one.
func DisplayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += RuneWidth(r)
	}
	return n
}

// RuneWidth returns how many columns r takes (see DisplayWidth).
func RuneWidth(r rune) int {
	switch {
	case r < 0x1100:
		if r == 0xB7 {
			return 2
		}
		return 1
	case r >= 0x1100 && r <= 0x115F, // Hangul Jamo
		r == 0x2014, r >= 0x2018 && r <= 0x201D, r == 0x2026, // — ‘ ’ “ ” …
		r >= 0x2E80 && r <= 0x303E, // CJK radicals, symbols and punctuation
		r >= 0x3041 && r <= 0x33FF, // kana, CJK compatibility
		r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xA000 && r <= 0xA4CF,
		r >= 0xAC00 && r <= 0xD7A3, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6, // full-width forms
		r >= 0x20000 && r <= 0x3FFFD:
		return 2
	}
	return 1
}
