package match

import (
	"strings"
	"unicode/utf8"

	"nianbao"
	"nianbao/document"
)

// token is one cell as read from a zone of text: a number, a mark, a blank,
// or digits run together that the arithmetic must split.
type token struct {
	kind nianbao.Kind
	num  nianbao.Num
	raw  string
	off  int // byte offset of raw in the text
	// x is the token's horizontal place: the display column just after it
	// in column-aligned text, the cell's grid column in tables.
	x    int
	line int // line number (0-based) of the token
	// empty is set for cells with nothing in them, which in a text file
	// may be a blank cell or the filler a merged cell leaves behind.
	empty bool
}

// marks are the non-numbers reports print in cells that have no number.
var marks = map[string]bool{
	"/": true, "／": true, "\\": true, "—": true, "——": true, "-": true, "--": true, "–": true, "－": true,
	"无": true, "空": true, "×": true, "*": true, "…": true, "……": true, "不适用": true, "——/": true,
}

// classify reads a cell's trimmed text.
func classify(raw string, off int) (token, bool) {
	t := token{raw: raw, off: off}
	if n, ok := nianbao.ParseNum(raw); ok {
		t.kind, t.num = nianbao.KindNumber, n
		return t, true
	}
	if marks[raw] {
		t.kind = nianbao.KindMark
		return t, true
	}
	if isRun(raw) {
		t.kind = nianbao.KindNumber // digits of several cells, perhaps: the arithmetic splits them
		return t, true
	}
	// An amount printed with its unit ("75394432.52元"): the number as
	// printed; the unit goes beside it (amountUnit).
	for _, u := range units {
		if num, ok := strings.CutSuffix(raw, u); ok {
			if n, ok := nianbao.ParseNum(num); ok {
				t.kind, t.num = nianbao.KindNumber, n
				return t, true
			}
		}
	}
	return t, false
}

// isRun reports whether s is digits run together that may hold several
// cells: two or more digits, and signs only in front of digits ("7-20",
// 2019's signed 本年增/减).
func isRun(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case (c == '+' || c == '-') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
		default:
			return false
		}
	}
	return digits >= 2
}

func isNumRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= '０' && r <= '９' || r == '.' || r == ',' || r == '+' || r == '-'
}

// markRune reports whether r alone can be a mark cell.
func markRune(r rune) bool {
	switch r {
	case '/', '／', '—', '–', '无', '×', '\\':
		return true
	}
	return false
}

// isLetter reports whether r belongs to words: not a digit, a mark, a
// space or nothing at all.
func isLetter(r rune) bool {
	return r != 0 && r != utf8.RuneError && !isNumRune(r) && !markRune(r) && !document.IsSpace(r)
}
