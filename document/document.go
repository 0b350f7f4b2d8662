// Package document is the neutral form every reader turns a file into: a
// sequence of blocks — paragraphs, tables of cells and lines positioned by
// coordinates — over the report's text in reading order, and for every byte
// of that text the place in the source file it came from.
//
// The text is what a person reading the file would copy: it is where the
// matcher finds sections, labels and dates, and what a report's sections
// quote. The blocks say what the text is: which part of it is a paragraph,
// which a table and which cell of it each part is, so that the matcher
// never has to guess a table's structure back from its text.
//
// One convention for merged cells holds in every document: a table lists
// each cell once, at the top-left grid position it takes, with how many
// rows and columns it spans; the positions it covers beyond that are not
// cells. A cell with nothing in it is a blank cell of the report.
package document

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// Document is a report file read into blocks.
type Document struct {
	// Text is the document's text in reading order. Each paragraph, each
	// positioned line and each table row is a line of it.
	Text string
	// Blocks are the paragraphs, tables and positioned lines of Text, in
	// order; they do not overlap.
	Blocks []Block
	lines  []int  // the offset in Text where each of its lines starts
	spans  []span // sorted by off
	boxes  []box  // the spans' boxes
	own    bool   // Text is the source itself: positions are its own (Of)
}

// Kind is what a block is.
type Kind uint8

// The kinds of block.
const (
	Paragraph Kind = iota // a paragraph: one line of text
	Table                 // a table of cells; each row of it is a line of Text
	Line                  // a line whose segments are placed by coordinates, as a table without rules prints
)

// Block is one paragraph, table or positioned line.
type Block struct {
	Kind Kind
	// Layout is how the file laid the block out (for tables and lines):
	// a PDF's ruled table, a text file's pipe rows, and so on.
	Layout     nianbao.Layout
	Start, End int // the block's text is Text[Start:End]
	// Cells are a table's cells, row by row and left to right in each row.
	Cells []Cell
	// Segments are a positioned line's runs of text, left to right.
	Segments []Segment
}

// Cell is one cell of a table.
type Cell struct {
	Row, Col         int // the grid position (0-based) of the cell's top-left corner
	RowSpan, ColSpan int // how many rows and columns the cell takes, at least 1
	// Start and End bound the cell's text in the document's Text; the
	// document's Pos(Start) is where the cell came from in the source
	// (a blank cell's Start is where its text would be).
	Start, End int
}

// Segment is a run of text at a display column of a positioned line.
type Segment struct {
	Col        int // display column where the text starts (CJK characters count 2)
	Start, End int // the segment's text in the document's Text
}

// Lines returns the offsets in Text where each of its lines starts (the
// first is 0). The slice is the document's own: do not change it.
func (d *Document) Lines() []int { return d.lines }

// Of returns the document of text read as it is, made of blocks over it:
// positions are text's own byte offsets, lines and columns (1-based, in
// characters), as a plain-text file's are. lines are where text's lines
// start, as Lines returns them, for a reader that has found them already;
// nil has Of find them.
func Of(text string, lines []int, blocks []Block) *Document {
	if lines == nil {
		lines = lineStarts(text)
	}
	return &Document{Text: text, Blocks: blocks, lines: lines, own: true}
}

// lineStarts returns where each line of text starts.
func lineStarts(text string) []int {
	starts := make([]int, 1, strings.Count(text, "\n")+1)
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			return starts
		}
		i += j + 1
		starts = append(starts, i)
	}
}

// span says that the text from off on came from a position in the source;
// whole says that it names a whole cell, so that offsets inside it map to
// the position itself rather than to it moved along.
//
// A span holds the position's fields but for its Box, which it names by
// index in the document's boxes (0: none): without a pointer the spans, a
// document's largest allocation, are not scanned by the collector.
type span struct {
	off, offset, line, col int
	table, row, page       int32
	box                    int32 // 1 + the index of the position's Box in boxes; 0 for none
	whole                  bool
}

type box = [4]float64

// posOf returns the position span s was made of.
func (d *Document) posOf(s *span) nianbao.Pos {
	p := nianbao.Pos{Offset: s.offset, Line: s.line, Table: int(s.table), Row: int(s.row), Col: s.col, Page: int(s.page)}
	if s.box > 0 {
		p.Box = &d.boxes[s.box-1]
	}
	return p
}

// Pos returns the source position of byte off of the text.
func (d *Document) Pos(off int) nianbao.Pos {
	if d.own {
		return d.plainPos(off)
	}
	return d.posIn(d.spanAt(0, len(d.spans), off), off)
}

// line returns the 0-based line of byte off.
func (d *Document) line(off int) int {
	i, _ := slices.BinarySearch(d.lines, off+1)
	return i - 1
}

// plainPos returns the position of byte off in a document that is its own
// source.
func (d *Document) plainPos(off int) nianbao.Pos {
	off = max(0, min(off, len(d.Text)))
	l := d.line(off)
	return nianbao.Pos{Offset: off, Line: l + 1, Col: utf8.RuneCountInString(d.Text[d.lines[l]:off]) + 1}
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
	s := &d.spans[i]
	p := d.posOf(s)
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
	last int         // the span of the last offset asked for
	pos  nianbao.Pos // in a plain document, the last position returned
}

// Cursor returns a cursor at the start of the document.
func (d *Document) Cursor() *Cursor { return &Cursor{d: d} }

// Pos returns the source position of byte off of the text.
func (c *Cursor) Pos(off int) nianbao.Pos {
	if c.d.own {
		c.plainPos(off)
		return c.pos
	}
	return c.spanPos(off)
}

// spanPos is Pos in a document made by a Builder.
func (c *Cursor) spanPos(off int) nianbao.Pos {
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

// plainPos sets the cursor's position to that of byte off of a document
// that is its own source, as Document.plainPos, counting on from the last
// position when off is further on the same line. It changes the position
// in place: a plain text's has no Box to store.
func (c *Cursor) plainPos(off int) {
	d, p := c.d, &c.pos
	if p.Line > 0 && off >= p.Offset && off <= len(d.Text) && (p.Line == len(d.lines) || off < d.lines[p.Line]) {
		p.Col += utf8.RuneCountInString(d.Text[p.Offset:off])
		p.Offset = off
		return
	}
	off = max(0, min(off, len(d.Text)))
	l := d.line(off)
	p.Offset, p.Line, p.Col = off, l+1, utf8.RuneCountInString(d.Text[d.lines[l]:off])+1
}

// DisplayWidth returns how many columns s takes in fixed-width text such as
// `pdftotext -layout` output: CJK characters and full-width forms take two,
// and so do the punctuation marks Chinese fonts set full width (“” ‘’ — …
// ·, East Asian Ambiguous in Unicode); everything else takes one.
func DisplayWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			n, i = n+1, i+1
		case c >= 0xE5 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			// U+5000–U+9FFF, most of a report's characters, all CJK
			// ideographs: counted without decoding (no lead byte in this
			// range starts an overlong or surrogate encoding).
			n, i = n+2, i+3
		case (c >= 0xE1 && c <= 0xEC || c >= 0xEE) && c <= 0xEF && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			// The rest of U+1000–U+FFFF but for surrogates (CJK
			// punctuation, full-width forms), decoded here.
			n, i = n+RuneWidth(rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F)), i+3
		default:
			r, size := utf8.DecodeRuneInString(s[i:]) // an invalid byte is U+FFFD, as range reads it
			n, i = n+RuneWidth(r), i+size
		}
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

// IsSpace reports whether r is a space in a report's text: ASCII white
// space, and the no-break, ideographic, en, em, thin and zero-width spaces
// and byte-order marks that pages and scrapers leave between and in cells.
func IsSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\u3000', '\u00a0', '\u2002', '\u2003', '\u2009', '\u200b', '\ufeff':
		return true
	}
	return false
}

// SpaceBounds returns where s starts and ends without the spaces (IsSpace)
// around it; for s of nothing but spaces, i == j, just after the last
// space that is not ASCII (or at the end). It looks at bytes first, since
// most cells are ASCII or start with a Chinese character, and decodes a
// character only where a space may stand.
func SpaceBounds(s string) (i, j int) {
	// Most text has no space at either end: no loop, and a call inlined.
	if len(s) > 0 && !spaceStart[s[0]] && !spaceEnd[s[len(s)-1]] {
		return 0, len(s)
	}
	return spaceBounds(s)
}

// spaceStart and spaceEnd tell, for each byte, whether a space (IsSpace)
// may start or end with it.
var spaceStart, spaceEnd = func() (start, end [256]bool) {
	for _, c := range []byte{' ', '\t', '\n', '\r'} {
		start[c], end[c] = true, true
	}
	for _, c := range []byte{0xC2, 0xE2, 0xE3, 0xEF} {
		start[c] = true
	}
	for _, c := range []byte{0xA0, 0x80, 0x82, 0x83, 0x89, 0x8B, 0xBF} {
		end[c] = true
	}
	return start, end
}()

func spaceBounds(s string) (i, j int) {
	for i < len(s) && asciiSpace(s[i]) {
		i++
	}
	if i == len(s) {
		return i, i
	}
	j = len(s)
	for asciiSpace(s[j-1]) {
		j--
	}
	for i < j {
		c := s[i]
		if c < utf8.RuneSelf {
			if !asciiSpace(c) {
				break
			}
			i++
			continue
		}
		if !spaceLead(s[i:j]) {
			break
		}
		r, n := utf8.DecodeRuneInString(s[i:j])
		if !IsSpace(r) {
			break
		}
		i += n
	}
	for j > i {
		c := s[j-1]
		if c < utf8.RuneSelf {
			if !asciiSpace(c) {
				break
			}
			j--
			continue
		}
		if !spaceEnd[c] {
			break
		}
		r, n := utf8.DecodeLastRuneInString(s[i:j])
		if !IsSpace(r) {
			break
		}
		j -= n
	}
	return i, j
}

// spaceLead reports whether s may start with one of IsSpace's spaces that
// are not ASCII, by its first two bytes: U+00A0 is C2 A0; U+2002, U+2003,
// U+2009 and U+200B start E2 80; U+3000 is E3 80 80; U+FEFF is EF BB BF.
func spaceLead(s string) bool {
	if len(s) < 2 {
		return false
	}
	switch s[0] {
	case 0xC2:
		return s[1] == 0xA0
	case 0xE2, 0xE3:
		return s[1] == 0x80
	case 0xEF:
		return s[1] == 0xBB
	}
	return false
}

func asciiSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// Check reports the first way d breaks the rules every reader's document
// keeps, or nil: lines where Text's lines start; blocks in order, apart,
// each on its own lines; a table's cells in reading order, one row per
// line, each inside its block with spans of at least 1; a line's segments
// in order. Readers' tests and fuzz targets call it.
func (d *Document) Check() error {
	text := d.Text
	if len(d.lines) == 0 || d.lines[0] != 0 {
		return fmt.Errorf("lines %v do not start at 0", d.lines)
	}
	for i, l := range d.lines[1:] {
		if l <= d.lines[i] || l > len(text) || text[l-1] != '\n' {
			return fmt.Errorf("line %d starts at %d, not after a line end", i+1, l)
		}
	}
	if want := strings.Count(text, "\n") + 1; len(d.lines) != want {
		return fmt.Errorf("%d lines; the text has %d", len(d.lines), want)
	}
	prev := 0
	for k, b := range d.Blocks {
		if b.Start < prev || b.End < b.Start || b.End > len(text) {
			return fmt.Errorf("block %d at [%d, %d) is out of order or outside the text", k, b.Start, b.End)
		}
		prev = b.End
		if b.Kind != Table && strings.Contains(text[b.Start:b.End], "\n") {
			return fmt.Errorf("block %d (kind %d) spans lines", k, b.Kind)
		}
		if (len(b.Cells) > 0) != (b.Kind == Table) || (len(b.Segments) > 0) != (b.Kind == Line) {
			return fmt.Errorf("block %d (kind %d) has %d cells and %d segments", k, b.Kind, len(b.Cells), len(b.Segments))
		}
		at := b.Start
		for i, c := range b.Cells {
			if c.Start < at || c.End < c.Start || c.End > b.End || c.RowSpan < 1 || c.ColSpan < 1 || c.Row < 0 || c.Col < 0 {
				return fmt.Errorf("block %d cell %d %+v is out of order or outside its block", k, i, c)
			}
			between := text[at:c.Start]
			if i > 0 {
				p := b.Cells[i-1]
				if c.Row < p.Row || c.Row == p.Row && c.Col <= p.Col {
					return fmt.Errorf("block %d cell %d %+v comes after %+v", k, i, c, p)
				}
				if (c.Row != p.Row) != strings.Contains(between, "\n") {
					return fmt.Errorf("block %d cell %d %+v: rows and lines disagree", k, i, c)
				}
			}
			if strings.Contains(text[c.Start:c.End], "\n") {
				return fmt.Errorf("block %d cell %d spans lines", k, i)
			}
			at = c.End
		}
		at = b.Start
		for i, s := range b.Segments {
			if s.Start < at || s.End < s.Start || s.End > b.End || s.Col < 0 {
				return fmt.Errorf("block %d segment %d %+v is out of order or outside its block", k, i, s)
			}
			at = s.End
		}
	}
	return nil
}
