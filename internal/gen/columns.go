package gen

import (
	"fmt"
	"nianbao/document"
	"slices"
	"strings"
	"unicode/utf8"
)

// units splits s into the pieces a line may not be broken inside: a run of
// ASCII letters, digits and punctuation ("2024", "1.", "7,730.28"), a
// space, or one other character. As Chinese typesetting does, closing
// punctuation sticks to the piece before it and opening punctuation to the
// piece after it, so that no line starts with "，" or ends with "（".
func units(s string) []string {
	var out []string
	glue := false // the next piece joins the last one (it followed an opening mark)
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		if isWord(r) {
			n = len(s) - len(strings.TrimLeftFunc(s, isWord))
		}
		piece := s[:n]
		s = s[n:]
		switch {
		case r == ' ':
			out, glue = append(out, " "), false
		case (glue || strings.ContainsRune(closing, r)) && len(out) > 0 && out[len(out)-1] != " ":
			out[len(out)-1] += piece
			glue = strings.ContainsRune(opening, r)
		default:
			out = append(out, piece)
			glue = strings.ContainsRune(opening, r)
		}
	}
	return out
}

const (
	closing = "，。、；：？！）」』”’》)%,.;:"
	opening = "（「『“‘《("
)

func isWord(r rune) bool {
	return r > ' ' && r < 0x7f && !strings.ContainsRune(opening+closing, r) || r >= '0' && r <= '9' || r == '.' || r == ','
}

// wrap breaks s into lines at most w columns wide between any two pieces;
// a piece wider than w gets a line of its own. The first line starts
// indent columns in. atSpace prefers breaking at a space: a header printed
// "结果 维持" came from a cell broken there.
func wrap(s string, w, indent int, atSpace bool) []string {
	var lines []string
	var cur []string // the pieces of the line being filled
	at := indent     // where the line being filled starts
	for _, u := range units(s) {
		if u == " " && len(cur) == 0 {
			continue
		}
		cur = append(cur, u)
		if u == " " || at+document.DisplayWidth(strings.Join(cur, "")) <= w || len(cur) == 1 {
			continue
		}
		cut := len(cur) - 1
		for i := cut - 1; atSpace && i > 0; i-- {
			if cur[i] == " " {
				if document.DisplayWidth(strings.Join(cur[i+1:], "")) <= w {
					cut = i
				}
				break
			}
		}
		lines = append(lines, strings.Repeat(" ", at)+strings.TrimRight(strings.Join(cur[:cut], ""), " "))
		at = 0
		cur = slices.Clone(cur[cut:])
		if cur[0] == " " {
			cur = cur[1:]
		}
	}
	if len(cur) > 0 {
		lines = append(lines, strings.Repeat(" ", at)+strings.TrimRight(strings.Join(cur, ""), " "))
	}
	return lines
}

// widest returns the width of the widest line of lines.
func widest(lines []string) int {
	n := 0
	for _, l := range lines {
		n = max(n, document.DisplayWidth(l))
	}
	return n
}

// writeColumns writes the document as pdftotext -layout prints a PDF:
// paragraphs wrapped and indented two characters, the title centred, the
// signature right-aligned, tables laid out by layoutTable, and at each
// page break a centred page number and a form feed. A PDF has no web-page
// chrome.
func writeColumns(b *strings.Builder, bs []block, st *style) {
	var out []string
	page, pageStart, feed := 1, 0, false
	footer := func() { out = append(out, "", center(fmt.Sprintf("- %d -", page), st.width)) }
	for _, bl := range bs {
		if bl.kind == chromeLine {
			continue
		}
		if len(out)-pageStart >= st.pageLines {
			footer()
			page, feed = page+1, true
		}
		var lines []string
		switch bl.kind {
		case titleLine:
			for _, l := range wrap(bl.text, st.width, 0, false) {
				lines = append(lines, center(l, st.width))
			}
			lines = append(lines, "")
		case dateLine:
			lines = []string{bl.text}
		case heading:
			lines = []string{"    " + bl.text}
		case para:
			lines = wrap(bl.text, st.width, 4, false)
		case tableBlock:
			lines = append(append([]string{""}, layoutTable(bl.tab, st)...), "")
		case signLine:
			lines = []string{strings.Repeat(" ", max(0, st.width-document.DisplayWidth(bl.text))) + bl.text}
		}
		if feed {
			lines[0] = "\f" + lines[0]
			pageStart, feed = len(out), false
		}
		out = append(out, lines...)
	}
	footer()
	b.WriteString(strings.Join(out, "\n") + "\n\f")
}

func center(s string, w int) string {
	return strings.Repeat(" ", max(0, (w-document.DisplayWidth(s))/2)) + s
}

// segment is a piece of text at a column of a line.
type segment struct {
	col  int
	text string
}

// layoutTable prints a table as pdftotext prints a ruled table: every cell
// at its column's position, labels left-aligned, headers centred in their
// span, numbers right-aligned in their column (centred when they span
// several). A row is as tall as its tallest label; a number sits on the
// row's first line (topAlign) or its middle one, and when the label has an
// even number of lines it gets a line of its own between them, as a
// vertically centred number does in a PDF. Labels spanning rows are
// centred over them, and so share lines with the rows' own text.
func layoutTable(t *table, st *style) []string {
	pos := t.grid()
	gap := st.gap
	w := make([]int, t.ncols)
	for r, row := range t.rows {
		for i, cl := range row {
			if c := pos[r][i]; cl.colspan == 1 {
				w[c] = max(w[c], widest(cellLines(cl, t.wrap[c])))
			}
		}
	}
	spanWidth := func(c, n int) int {
		sum := gap * (n - 1)
		for _, x := range w[c : c+n] {
			sum += x
		}
		return sum
	}
	// A spanning cell whose number or widest word does not fit widens the
	// last column it spans.
	for r, row := range t.rows {
		for i, cl := range row {
			if c := pos[r][i]; cl.colspan > 1 {
				need := widest(cellLines(cl, 1))
				if have := spanWidth(c, cl.colspan); need > have {
					w[c+cl.colspan-1] += need - have
				}
			}
		}
	}
	x := make([]int, t.ncols)
	for c := 1; c < t.ncols; c++ {
		x[c] = x[c-1] + w[c-1] + gap
	}

	lines := make([][][]string, len(t.rows))
	height := make([]int, len(t.rows))
	between := make([]bool, len(t.rows))
	for r, row := range t.rows {
		height[r] = 1
		hasNum := false
		for i, cl := range row {
			ls := cellLines(cl, spanWidth(pos[r][i], cl.colspan))
			lines[r] = append(lines[r], ls)
			hasNum = hasNum || cl.num
			if cl.rowspan == 1 {
				height[r] = max(height[r], len(ls))
			}
		}
		if hasNum && !st.topAlign && height[r]%2 == 0 {
			height[r]++
			between[r] = true
		}
	}
	for r, row := range t.rows {
		for i, cl := range row {
			last := r + cl.rowspan - 1
			have := 0
			for _, h := range height[r : last+1] {
				have += h
			}
			height[last] += max(0, len(lines[r][i])-have)
		}
	}
	y := make([]int, len(t.rows)+1)
	for r, h := range height {
		y[r+1] = y[r] + h
	}

	canvas := make([][]segment, y[len(t.rows)])
	for r, row := range t.rows {
		for i, cl := range row {
			c, ls := pos[r][i], lines[r][i]
			top, h := y[r], y[r+cl.rowspan]-y[r]
			sw := spanWidth(c, cl.colspan)
			if cl.num {
				if len(ls) == 0 {
					continue
				}
				ln := top
				if !st.topAlign {
					ln += (h - 1) / 2
				}
				col := x[c] + sw - document.DisplayWidth(ls[0])
				if cl.colspan > 1 {
					col = x[c] + (sw-document.DisplayWidth(ls[0]))/2
				}
				canvas[ln] = append(canvas[ln], segment{col, ls[0]})
				continue
			}
			start, skip := top, -1
			if cl.head || !st.topAlign {
				start = top + (h-len(ls))/2
			}
			if between[r] && cl.rowspan == 1 && len(ls) == h-1 {
				start, skip = top, top+(h-1)/2
			}
			for j, l := range ls {
				ln := start + j
				if skip >= 0 && ln >= skip {
					ln++
				}
				col := x[c]
				if cl.head {
					col += (sw - document.DisplayWidth(l)) / 2
				}
				canvas[ln] = append(canvas[ln], segment{col, l})
			}
		}
	}

	out := make([]string, len(canvas))
	for i, segs := range canvas {
		slices.SortStableFunc(segs, func(a, b segment) int { return a.col - b.col })
		var line strings.Builder
		at := 0
		for _, sg := range segs {
			if sg.col < at {
				panic(fmt.Sprintf("gen: %q overlaps the text before it", sg.text))
			}
			line.WriteString(strings.Repeat(" ", sg.col-at))
			line.WriteString(sg.text)
			at = sg.col + document.DisplayWidth(sg.text)
		}
		out[i] = line.String()
	}
	return out
}

// cellLines returns a cell's text as printed in width w: a number on one
// line (none when blank), a label wrapped.
func cellLines(cl cell, w int) []string {
	if cl.num {
		if cl.text == "" {
			return nil
		}
		return []string{cl.text}
	}
	return wrap(cl.text, w, 0, cl.head)
}
