package match

import (
	"sort"
	"unicode/utf8"

	"nianbao"
)

// lineIndex turns byte offsets into line and column positions.
type lineIndex struct {
	starts []int // byte offset of each line's first byte
}

func newLineIndex(text string) *lineIndex {
	li := &lineIndex{starts: make([]int, 1, 256)}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

// line returns the 0-based line of byte offset off.
func (li *lineIndex) line(off int) int {
	return sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
}

// col returns the display column of byte offset off within its line: CJK
// and full-width characters take two columns, as in column-aligned text.
func (li *lineIndex) col(text string, off int) int {
	c := 0
	for _, r := range text[li.starts[li.line(off)]:off] {
		c += runeWidth(r)
	}
	return c
}

// pos returns the provenance position of byte offset off: 1-based line
// and character column.
func (li *lineIndex) pos(text string, off int) nianbao.Pos {
	l := li.line(off)
	return nianbao.Pos{Offset: off, Line: l + 1, Col: utf8.RuneCountInString(text[li.starts[l]:off]) + 1}
}

func runeWidth(r rune) int {
	switch {
	case r < 0x1100:
		return 1
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x20000 && r <= 0x3FFFD:
		return 2
	case r == '“' || r == '”' || r == '—' || r == '…':
		return 2
	}
	return 1
}
