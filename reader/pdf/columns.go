package pdf

import (
	"math"

	"nianbao"
	"nianbao/document"
)

// Tables without rules: a line outside tables whose glyphs fall apart in
// wide gaps is a row of cells known only by where they stand, written as
// a positioned line at display columns.

// columnUnit is the width of one display column on the page: half the
// most common font size, as a CJK character takes two columns.
func columnUnit(gs []textGlyph) float64 {
	count := map[int]int{}
	best, bestN := 0, 0
	for _, g := range gs {
		k := int(math.Round(g.size * 2))
		count[k]++
		if count[k] > bestN {
			best, bestN = k, count[k]
		}
	}
	if best == 0 {
		return 5
	}
	return float64(best) / 4
}

// segments splits a line where the gap between glyphs is wider than one
// and a half characters, or than half a character beside a digit: the
// cells of a table without rules.
func segments(l *textLine) [][]textGlyph {
	var out [][]textGlyph
	start := 0
	for i := 1; i < len(l.glyphs); i++ {
		prev, g := l.glyphs[i-1], l.glyphs[i]
		size := math.Max(math.Max(prev.size, g.size), 1)
		gap := g.x0 - prev.x1
		if gap > 1.5*size || gap > 0.6*size && (isDigitText(prev.s) || isDigitText(g.s)) {
			out = append(out, l.glyphs[start:i])
			start = i
		}
	}
	return append(out, l.glyphs[start:])
}

func isDigitText(s string) bool { return len(s) == 1 && s[0] >= '0' && s[0] <= '9' }

// writeLine writes a line of text outside tables: a paragraph line, or
// when it falls into cells separated by wide gaps, a line of segments at
// their display columns (column-aligned text, as tables without rules
// print).
func writeLine(b *document.Builder, l *textLine, page int, unit float64) {
	if l.glyphs[0].vertical || l.glyphs[0].rotated {
		b.Para(lineText(l.glyphs, false), nianbao.Pos{Page: page, Box: boxOf(l.glyphs)})
		return
	}
	segs := segments(l)
	if len(segs) == 1 && !isNumber(lineText(l.glyphs, true)) {
		b.Para(lineText(l.glyphs, true), nianbao.Pos{Page: page, Box: boxOf(l.glyphs)})
		return
	}
	b.Line(nianbao.LayoutByColumns)
	for _, s := range segs {
		col := int(math.Round(s[0].x0 / unit))
		col = max(0, min(col, 1000))
		b.Segment(col, lineText(s, true), nianbao.Pos{Page: page, Box: boxOf(s)})
	}
}

// isNumber reports whether a line is one number, which a table without
// rules may print on a line of its own under a wrapped label.
func isNumber(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',':
		case (r == '-' || r == '+') && i == 0:
		default:
			return false
		}
	}
	return digits > 0
}
