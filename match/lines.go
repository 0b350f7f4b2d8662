package match

import (
	"slices"
	"strings"
	"unicode/utf8"

	"nianbao"
	"nianbao/document"
)

// lineIndex turns byte offsets into line and column positions.
type lineIndex struct {
	starts []int // byte offset of each line's first byte
	// source maps an offset to the source file's position when the text
	// was made from another format; nil for plain text.
	source func(off int) nianbao.Pos
	// last is the position pos returned last: cells are mostly asked for
	// in reading order, so the next is found from there.
	last nianbao.Pos
}

func newLineIndex(text string) *lineIndex {
	li := &lineIndex{starts: make([]int, 1, 256)}
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			return li
		}
		i += j + 1
		li.starts = append(li.starts, i)
	}
}

// line returns the 0-based line of byte offset off.
func (li *lineIndex) line(off int) int {
	i, _ := slices.BinarySearch(li.starts, off+1)
	return i - 1
}

// col returns the display column of byte offset off within its line: CJK
// and full-width characters take two columns, as in column-aligned text.
func (li *lineIndex) col(text string, off int) int {
	c := 0
	for _, r := range text[li.starts[li.line(off)]:off] {
		c += document.RuneWidth(r)
	}
	return c
}

// pos returns the provenance position of byte offset off: its place in the
// source file, or for plain text its 1-based line and character column.
func (li *lineIndex) pos(text string, off int) nianbao.Pos {
	if li.source != nil {
		return li.source(off)
	}
	if p := li.last; p.Line > 0 && off >= p.Offset && (p.Line == len(li.starts) || off < li.starts[p.Line]) {
		// Same line as last time, further on.
		p.Col += utf8.RuneCountInString(text[p.Offset:off])
		p.Offset = off
		li.last = p
		return p
	}
	l := li.line(off)
	li.last = nianbao.Pos{Offset: off, Line: l + 1, Col: utf8.RuneCountInString(text[li.starts[l]:off]) + 1}
	return li.last
}
