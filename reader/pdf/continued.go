package pdf

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tables that run on across a page break. Word, WPS and LibreOffice let a
// tall row break across pages: the numbers and the first lines of the
// label stay at the bottom of one page, the rest of the label goes to the
// top of the next in a box of its own (the other boxes of that row empty),
// and the table's header rows may be printed again above it. Read page by
// page, the rest of the label would be a row of its own, with no numbers,
// and the row it belongs to would have lost the end of its label; a
// repeated header would be a second header. So where a table ends a page
// and a table of the same width starts the next, the header rows repeated
// at the top are dropped and a first row that only continues the text
// above is moved into the cells it continues.

// continuePages joins the tables that run on from each page to the next.
func continuePages(pages []pageLayout) {
	dropRepeatedLines(pages)
	// head is the first part of the table prev is a part of: its header
	// is the one repeated.
	var head, cont *table
	for i := 1; i < len(pages); i++ {
		prev, next := lastTable(pages[i-1].blocks), firstTable(pages[i].blocks)
		if prev != nil && next == nil {
			pages[i].blocks = continueLines(prev, pages[i].blocks)
			next = firstTable(pages[i].blocks)
		}
		if prev == nil || next == nil || !sameWidth(prev, next) {
			continue
		}
		if prev != cont {
			head = prev
		}
		cont = next
		dropRepeatedHeader(head, next)
		continueRow(prev, next)
	}
}

// dropRepeatedLines removes from the top of each page a run of two or more
// lines without digits, one of them in columns, that repeats, line for
// line, a run of an earlier page: the header of a table without rules,
// printed again on every page the table runs on to, which would read as a
// second header inside the table. The earlier pages' lines are read only
// for a page that starts with such a run.
func dropRepeatedLines(pages []pageLayout) {
	texts := make([][]string, len(pages)) // each page's lines, "" for a table or a line with digits; nil until needed
	pageTexts := func(i int) []string {
		if texts[i] == nil {
			texts[i] = make([]string, len(pages[i].blocks))
			for j, b := range pages[i].blocks {
				if b.line != nil {
					if t := lineText(b.line.glyphs, true); !hasDigit(t) {
						texts[i][j] = t
					}
				}
			}
		}
		return texts[i]
	}
	for i := 1; i < len(pages); i++ {
		bs := pages[i].blocks
		start := 0
		for start < len(bs) && bs[start].line != nil && isFurniture(bs[start].line) {
			start++
		}
		var top []string
		columns := false // a header has columns: prose repeated is left alone
		for _, b := range bs[start:] {
			if b.line == nil {
				break
			}
			t := lineText(b.line.glyphs, true)
			if hasDigit(t) {
				break
			}
			top = append(top, t)
			columns = columns || len(segments(b.line)) > 1
		}
		if len(top) < 2 || !columns {
			continue
		}
		best := 0
		for e := range i {
			best = max(best, longestRepeat(top, pageTexts(e)))
		}
		columns = false
		for _, b := range bs[start : start+best] {
			columns = columns || len(segments(b.line)) > 1
		}
		if best >= 2 && columns {
			pageTexts(i) // as printed, for the pages after
			pages[i].blocks = append(bs[:start:start], bs[start+best:]...)
		}
	}
}

// longestRepeat returns the length of the longest run of texts at the
// start of top that appears, in order, in p.
func longestRepeat(top, p []string) int {
	best := 0
	for j := range p {
		k := 0
		for k < len(top) && j+k < len(p) && top[k] != "" && top[k] == p[j+k] {
			k++
		}
		best = max(best, k)
	}
	return best
}

// lastTable returns the page's last table when nothing follows it but
// page furniture (a page number) and lines beside it (the text of a label
// merged down the table's first column, whose box has no rules of its own
// on this page).
func lastTable(bs []block) *table {
	for i := len(bs) - 1; i >= 0; i-- {
		if t := bs[i].tab; t != nil {
			for _, b := range bs[i+1:] {
				if !isFurniture(b.line) && !beside(t, b.line) {
					return nil
				}
			}
			return t
		}
	}
	return nil
}

// firstTable returns the page's first table when nothing comes before it
// but page furniture and lines beside it.
func firstTable(bs []block) *table {
	for i, b := range bs {
		if t := b.tab; t != nil {
			for _, b := range bs[:i] {
				if !isFurniture(b.line) && !beside(t, b.line) {
					return nil
				}
			}
			return t
		}
	}
	return nil
}

// beside reports whether a line stands beside a table: its middle is
// between the table's top and bottom.
func beside(t *table, l *textLine) bool {
	_, y0, _, y1 := t.box()
	cy := (l.y0 + l.y1) / 2
	return cy > y0 && cy < y1
}

// isFurniture reports whether a line is a page number or a folio such as
// "—2—", "- 2 -", "第2页 共5页".
func isFurniture(l *textLine) bool {
	digits := false
	for _, g := range l.glyphs {
		for _, r := range g.s {
			switch {
			case isDigit(r):
				digits = true
			case unicode.IsSpace(r) || strings.ContainsRune("—－-–/第页共", r):
			default:
				return false
			}
		}
	}
	return digits
}

// sameWidth reports whether two tables stand between the same left and
// right edges, as the parts of one table on two pages do — or share one of
// them and most of their width: a part whose first column is the empty
// rest of a label merged down may be printed without that column's rules
// (Chromium draws none where the merged cell has no border of its own).
func sameWidth(a, b *table) bool {
	ax0, _, ax1, _ := a.box()
	bx0, _, bx1, _ := b.box()
	left, right := math.Abs(ax0-bx0) <= 2*ruleTol, math.Abs(ax1-bx1) <= 2*ruleTol
	overlap := math.Min(ax1, bx1) - math.Max(ax0, bx0)
	return left && right || (left || right) && overlap >= 0.75*math.Max(ax1-ax0, bx1-bx0)
}

// rowTexts returns the texts of the cells that start in row r, left to
// right, blank ones left out.
func (t *table) rowTexts(r int) []string {
	var out []string
	for c := range len(t.xs) - 1 {
		id := t.owner[r][c]
		if cl := t.cells[id]; cl.r0 == r && cl.c0 == c && t.texts[id] != "" {
			out = append(out, t.texts[id])
		}
	}
	return out
}

// textRows returns the rows in which a cell with text starts.
func (t *table) textRows() []int {
	var out []int
	for r := range len(t.ys) - 1 {
		for c := range len(t.xs) - 1 {
			id := t.owner[r][c]
			if cl := t.cells[id]; cl.r0 == r && cl.c0 == c && t.texts[id] != "" {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// dropRepeatedHeader blanks the rows at the top of next that repeat the
// first rows of head, text for text (blank cells aside: the grid of each
// page's part is cut by its own rules): the header printed again on each
// page.
// Only rows without a digit count, so that a row of numbers is never
// taken for a header.
func dropRepeatedHeader(head, next *table) {
	hr, nr := head.textRows(), next.textRows()
	for k := 0; k < len(hr) && k < len(nr) && k < len(hr)-1; k++ {
		h, n := head.rowTexts(hr[k]), next.rowTexts(nr[k])
		if strings.Join(h, "\x00") != strings.Join(n, "\x00") || hasDigit(strings.Join(h, "")) {
			return
		}
		for c := range len(next.xs) - 1 {
			if id := next.owner[nr[k]][c]; next.cells[id].r0 == nr[k] {
				next.texts[id] = ""
			}
		}
	}
}

// continueRow moves the first row of next into the last row of prev where
// it only continues prev's text: each of its cells with text is between
// the edges of a cell of prev's last row (a row of its own under a cell
// spanning it, such as a header under a block's title row, is not) and
// continues it (see continues); the cells under prev's numbers and marks
// are then empty. Anything else stays where it is.
func continueRow(prev, next *table) {
	pr, nr := prev.textRows(), next.textRows()
	if len(pr) == 0 || len(nr) == 0 {
		return
	}
	last, first := pr[len(pr)-1], nr[0]
	y := (prev.ys[last] + prev.ys[last+1]) / 2
	type move struct{ from, to int }
	var moves []move
	for c := range len(next.xs) - 1 {
		id := next.owner[first][c]
		cl := next.cells[id]
		if cl.r0 != first || cl.c0 != c || next.texts[id] == "" {
			continue
		}
		x0, x1 := next.xs[cl.c0], next.xs[cl.c1+1]
		to := prev.cellIndexAt((x0+x1)/2, y)
		if to < 0 {
			return
		}
		if a := prev.cells[to]; math.Abs(prev.xs[a.c0]-x0) > 2*ruleTol || math.Abs(prev.xs[a.c1+1]-x1) > 2*ruleTol {
			return
		}
		ok, stop := continues(prev, last, to, next.texts[id])
		if stop {
			return
		}
		if ok {
			moves = append(moves, move{id, to})
		}
	}
	for _, m := range moves {
		prev.texts[m.to] = joinLines([]string{prev.texts[m.to], next.texts[m.from]})
		next.texts[m.from] = ""
	}
}

// continueLines moves the lines at the top of a page (bs, after page
// furniture) into the last row of prev, the table that ended the page
// before, while each lies within the edges of one of the row's cells and
// continues it (see continues): a label whose rest, or whole, went to the
// next page in a box that has no rules of its own to make a table. It
// returns the blocks left.
func continueLines(prev *table, bs []block) []block {
	pr := prev.textRows()
	if len(pr) == 0 {
		return bs
	}
	last := pr[len(pr)-1]
	y := (prev.ys[last] + prev.ys[last+1]) / 2
	i := 0
	for i < len(bs) && bs[i].line != nil && isFurniture(bs[i].line) {
		i++
	}
	for i < len(bs) && bs[i].line != nil {
		l := bs[i].line
		to := prev.cellIndexAt((l.x0+l.x1)/2, y)
		if to < 0 {
			break
		}
		if a := prev.cells[to]; l.x0 < prev.xs[a.c0]-ruleTol || l.x1 > prev.xs[a.c1+1]+ruleTol {
			break
		}
		text := lineText(l.glyphs, true)
		if ok, _ := continues(prev, last, to, text); !ok {
			break
		}
		prev.texts[to] = joinLines([]string{prev.texts[to], text})
		bs = append(bs[:i:i], bs[i+1:]...)
	}
	return bs
}

// continues reports whether text, printed at the top of a page under cell
// to of prev's last row, continues that cell, and whether it stops the
// joining as something else altogether. It continues a cell whose text is
// words (or only a label's numbering, "7、" or the "(" of "(三)", which a
// narrow column leaves on a line of its own) when it is words with no
// digit and no numbering of its own; and an empty box of the row, left of
// its numbers, is continued by the whole label of a row whose numbers are
// above (a label centred in a tall row), and in a row without numbers by
// words with neither (a header's words). Under an empty box merged down from rows above, a label is
// printed in its part on this page and stays there. A number, a mark or a
// numbered row of its own stops the joining.
func continues(prev *table, last, to int, text string) (ok, stop bool) {
	above := prev.texts[to]
	if above == "" {
		if prev.cells[to].r0 != last || !isWords(text) {
			return false, false
		}
		// Left of the row's numbers, the box is the row's label's; in a row
		// of words (a header), the rest of the header's words. A blank
		// among numbers is a blank cell, never a label's.
		left, right := numbersBeside(prev, last, to)
		if left {
			return false, false
		}
		plain := !right && !hasDigit(text) && !startsNumbered(text) && len(prev.rowTexts(last)) > 0
		return right || plain, false
	}
	if hasDigit(text) || !isWords(text) || startsNumbered(text) || !isWords(above) && !isNumbering(above) {
		return false, true
	}
	return true, false
}

// isWords reports whether s is words rather than a number or a mark: past
// a leading "4、" or "5." it has letters (CJK included), more of them than
// digits ("4、无" is words, "12件" is not), and it is not the mark 无.
func isWords(s string) bool {
	s = strings.TrimSpace(s)
	if s == "无" {
		return false
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 {
		if r, n := utf8.DecodeRuneInString(s[i:]); r == '、' || r == '.' || r == '．' {
			s = s[i+n:]
		}
	}
	letters, digits := 0, 0
	for _, r := range s {
		switch {
		case isDigit(r):
			digits++
		case unicode.IsLetter(r):
			letters++
		}
	}
	return letters > digits
}

// numbersBeside reports whether cells starting in row r hold numbers to
// the left of cell to, and to its right.
func numbersBeside(t *table, r, to int) (left, right bool) {
	box := t.cells[to]
	for c := range len(t.xs) - 1 {
		id := t.owner[r][c]
		cl := t.cells[id]
		if cl.r0 != r || cl.c0 != c || !hasDigit(t.texts[id]) || isWords(t.texts[id]) {
			continue
		}
		if cl.c0 < box.c0 {
			left = true
		} else {
			right = true
		}
	}
	return left, right
}

// isNumbering reports whether s is only the numbering of a label, or its
// start: "7、", "（三）", "(".
func isNumbering(s string) bool {
	punct := false
	for _, r := range s {
		switch {
		case strings.ContainsRune("、.．（()）", r):
			punct = true
		case r >= '0' && r <= '9' || strings.ContainsRune("一二三四五六七八九十", r):
		default:
			return false
		}
	}
	return punct
}

func hasDigit(s string) bool { return strings.IndexFunc(s, isDigit) >= 0 }

// isDigit reports whether r is a digit, half- or full-width.
func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// startsNumbered reports whether s begins with a label's numbering, "一、"
// or "（一）", as a row of its own does.
func startsNumbered(s string) bool {
	rs := []rune(strings.TrimSpace(s))
	numeral := func(r rune) bool { return strings.ContainsRune("一二三四五六七八九十", r) }
	switch {
	case len(rs) >= 2 && numeral(rs[0]) && (rs[1] == '、' || rs[1] == '.' || rs[1] == '．'):
		return true
	case len(rs) >= 3 && (rs[0] == '（' || rs[0] == '(') && numeral(rs[1]):
		return true
	}
	return false
}
