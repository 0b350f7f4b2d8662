package match

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"nianbao"
	"nianbao/document"
)

// readRequests reads table 三 from text[start:end] into rep.
func readRequests(rep *nianbao.Report, text string, region *normText, start, end int, ix *docIndex) (ok bool, layout nianbao.Layout) {
	nt := borrowLabelText(text, start, end)
	defer nt.release()
	subRows := nt.any([][]byte{rowLabels[nianbao.OtherNoCorrection].keywords[0], rowLabels[nianbao.OtherNoFee].keywords[0], rowLabels[nianbao.OtherNoFee].keywords[1]})
	// Which rows to look for follows what the table prints: a 2021 report
	// may print （六） as one row, as the 2019 format does.
	rows := nianbao.Format2019.Rows()
	if subRows {
		rows = nianbao.Format2021.Rows()
	}
	hits := findRowLabels(text, nt, rows)
	found := 0
	for _, h := range hits {
		if h.found {
			found++
		}
	}
	if found < len(rows)/2 {
		return false, ""
	}
	first := end
	for _, h := range hits {
		if h.found {
			first = h.start
			break
		}
	}
	// The header tells whether the table has its 总计 column.
	cols := int(nianbao.NumColumns)
	header := region.sub(start, first)
	if !hasTotalColumn(header) {
		cols = int(nianbao.ColumnTotal)
		rep.AddNote(nianbao.Note{Code: nianbao.NoteNoTotalColumn, Table: nianbao.TableRequests,
			Message: "表三未印“总计”列：各行总计记为空"})
	}
	var starts, ends []int
	for _, h := range hits {
		if h.found {
			starts, ends = append(starts, h.start), append(ends, h.end)
		}
	}
	tr := newTableReader(text, end, ix, starts)
	defer tr.release()
	zones := make([][2]int, len(hits))
	for i, h := range hits {
		if !h.found {
			continue
		}
		zend := end
		for _, next := range hits[i+1:] {
			if next.found {
				zend = next.start
				break
			}
		}
		zones[i] = [2]int{h.end, zend}
	}
	if tr.style == styleFree {
		tr.squash = looksSquashed(text, starts, ends, end)
	}
	totalCol := -1
	if cols == int(nianbao.NumColumns) {
		totalCol = int(nianbao.ColumnTotal)
	}
	columns := tr.style == styleFree && !tr.squash
	var byLine [][]token
	if columns {
		byLine = tokensByLabelLines(text, hits, first, end, ix)
	}
	rr := &rowsReading{rep: rep, text: text, ix: ix, cols: cols}
	for i, h := range hits {
		if !h.found {
			rep.AddNote(nianbao.Note{Code: nianbao.NoteMissingRow, Table: nianbao.TableRequests, Row: h.row.Key(),
				Message: fmt.Sprintf("表三未找到“%s”一行：该行各格记为空", h.row.Spec().Label)})
			continue
		}
		if h.fuzzy {
			p := ix.pos(h.start)
			rep.AddNote(nianbao.Note{Code: nianbao.NoteFuzzyLabel, Table: nianbao.TableRequests, Row: h.row.Key(), Pos: &p,
				Message: fmt.Sprintf("表三“%s”一行的行名印作“%s”，与模板不完全一致，按模板的这一行读取", h.row.Spec().Label, printedLabel(text, h.start, h.end))})
		}
		var toks []token
		if columns {
			toks = byLine[i]
		} else {
			toks = tr.zoneTokens(zones[i][0], zones[i][1])
		}
		cands, overflow := tr.fit(toks, cols, rowTotal(totalCol))
		rr.add(h, toks, cands, overflow)
	}
	switch {
	case tr.style == styleRows:
		rr.alignWindows(tr.layout == nianbao.LayoutPipeRows)
	case columns:
		rr.placeByColumns(headerColumns(text, start, first, cols))
	}
	rr.resolve()
	rr.fillShortZeroRows()
	rr.commit()
	return true, tr.fileLayout()
}

// hasTotalColumn reports whether table 三's header prints the 总计 column:
// "总计", "合计", or 总 and 计 apart, as a header cell "总 计" that
// column-aligned text wraps over two lines with the other headers' words
// between (no other header word of table 三 has either character).
func hasTotalColumn(header *normText) bool {
	if header.index(normString("总计"), 0) >= 0 || header.index(normString("合计"), 0) >= 0 {
		return true
	}
	i := header.index(normString("总"), 0)
	return i >= 0 && header.index(normString("计"), i) >= 0
}

// tokensByLabelLines gives each row the cells printed from its label's
// first line up to the next row label's first line. Column-aligned text
// wraps long labels over several lines and prints the row's numbers on one
// of them — the first, the middle, or between two label lines — so cells go
// by line, not by reading order.
func tokensByLabelLines(text string, hits []rowHit, start, end int, ix *docIndex) [][]token {
	var firsts []int // first line of each found row, in order
	var idx []int    // the row's index in hits
	for i, h := range hits {
		if h.found {
			firsts = append(firsts, ix.line(h.start))
			idx = append(idx, i)
		}
	}
	out := make([][]token, len(hits))
	for _, t := range freeTokens(text, start, end, ix) {
		k := sort.SearchInts(firsts, t.line+1) - 1 // last row starting at or above the cell's line
		if k >= 0 {
			out[idx[k]] = append(out[idx[k]], t)
		}
	}
	return out
}

// headerColumns returns the display spans [start, end) of table 三's
// applicant columns as column-aligned text prints their header between
// start and first (where the rows begin): the header's columns
// (headerSpans) from 自然人's place on, 自然人 perhaps spaced (自 然) or
// wrapped. It returns nil when they are another count than the table's
// columns.
func headerColumns(text string, start, first, cols int) [][2]int {
	from := -1
	for i := start; i < first; {
		k := strings.IndexRune(text[i:first], '自')
		if k < 0 {
			return nil
		}
		i += k
		rest := strings.TrimLeftFunc(text[i+len("自"):first], document.IsSpace)
		if strings.HasPrefix(rest, "然") || runeBelow(text[:first], i) == '然' {
			from = i
			break
		}
		i += len("自")
	}
	if from < 0 {
		return nil
	}
	// The header lines from the one above 自然人's (a group head may
	// stand there) to the rows.
	ls := strings.LastIndexByte(text[:from], '\n') + 1
	x0 := document.DisplayWidth(text[ls:from])
	if ls > start {
		ls = max(strings.LastIndexByte(text[:ls-1], '\n')+1, start)
	}
	if out := headerSpans(text, ls, first, x0-2); len(out) == cols {
		return out
	}
	return nil
}

// runeBelow returns the rune the line after off's prints at off's display
// column (a head printed one character a line: 自 over 然 over 人), or 0.
func runeBelow(text string, off int) rune {
	ls := strings.LastIndexByte(text[:off], '\n') + 1
	x := document.DisplayWidth(text[ls:off])
	next := strings.IndexByte(text[off:], '\n')
	if next < 0 {
		return 0
	}
	c := 0
	for _, r := range text[off+next+1:] {
		switch {
		case r == '\n' || c > x:
			return 0
		case c == x:
			return r
		}
		c += document.RuneWidth(r)
	}
	return 0
}

// headerSpans returns the display spans [start, end) of the columns that
// the header lines of text[from:to] print, counting only heads that start
// at display column x0 or right of it. Heads wrap and may be spaced, so a
// column is the heads, on every line, that overlap one another — words a
// single space apart are one head, and a group head over several of
// another line's heads (法人或其他组织, 行政诉讼) is none.
func headerSpans(text string, from, to, x0 int) [][2]int {
	var lines [][][2]int
	for ls := from; ls < to; {
		le := to
		if k := strings.IndexByte(text[ls:to], '\n'); k >= 0 {
			le = ls + k
		}
		var heads [][2]int
		for _, h := range lineHeads(text[ls:le]) {
			if h[0] >= x0 {
				heads = append(heads, h)
			}
		}
		lines = append(lines, heads)
		ls = le + 1
	}
	overlap := func(a, b [2]int) bool { return a[0] < b[1] && b[0] < a[1] }
	var heads [][2]int
	for i, line := range lines {
	head:
		for _, h := range line {
			for k, other := range lines {
				n := 0
				for _, o := range other {
					if k != i && overlap(h, o) {
						n++
					}
				}
				if n > 1 {
					continue head // a group head
				}
			}
			heads = append(heads, h)
		}
	}
	slices.SortFunc(heads, func(a, b [2]int) int { return a[0] - b[0] })
	var out [][2]int
	for _, h := range heads {
		if n := len(out); n > 0 && h[0] < out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], h[1])
			continue
		}
		out = append(out, h)
	}
	return out
}

// lineHeads returns the display spans of the heads a header line prints:
// its words, those a single space apart (自 然) taken as one.
func lineHeads(line string) [][2]int {
	var out [][2]int
	x := 0
	for _, r := range line {
		w := document.RuneWidth(r)
		switch {
		case document.IsSpace(r):
		case len(out) > 0 && x-out[len(out)-1][1] <= 1:
			out[len(out)-1][1] = x + w
		default:
			out = append(out, [2]int{x, x + w})
		}
		x += w
	}
	return out
}

// looksSquashed reports whether labels run straight into their cells
// ("予以公开0000000", "规章53无"), as scrapers that drop cell boundaries
// print them, or are followed by digits on a line that runs on into the next
// label ("予以公开 210000021（二）部分公开…": a whole table on one line, where
// columns cannot be the layout). starts and ends are the byte offsets where
// labels start and end, in order; end is where the table's region ends.
func looksSquashed(text string, starts, ends []int, end int) bool {
	glued, n := 0, 0
	for i, e := range ends {
		if e >= len(text) {
			continue
		}
		n++
		r, size := utf8.DecodeRuneInString(text[e:])
		if isNumRune(r) || markRune(r) || r == '\u00a0' {
			glued++
			continue
		}
		if r != ' ' && r != '\t' && r != '\u3000' {
			continue
		}
		next := end
		if i+1 < len(starts) {
			next = starts[i+1]
		}
		if next <= e {
			continue
		}
		zone := text[e+size : next]
		if strings.IndexByte(zone, '\n') >= 0 {
			continue
		}
		zone = strings.TrimLeft(zone, " \t\u3000")
		// A U+00A0 is a blank cell there ("四、结转下年度继续办理 \u00a0\u00a0…").
		if r, _ := utf8.DecodeRuneInString(zone); isNumRune(r) || markRune(r) || r == '\u00a0' {
			glued++
		}
	}
	return n > 0 && glued*2 >= n
}

// maxPrintedLabel bounds, in runes, how far a note's quote of a label runs
// past the keyword it was found by.
const maxPrintedLabel = 24

// printedLabel returns the label as printed from start: the words found
// (text[start:end]) and the words that follow them up to the row's cells,
// a space, a bracket that opens the next label, or maxPrintedLabel runes.
func printedLabel(text string, start, end int) string {
	for n := 0; end < len(text) && n < maxPrintedLabel; n++ {
		r, size := utf8.DecodeRuneInString(text[end:])
		if !isLetter(r) || r == '（' || r == '(' || r == '|' {
			break
		}
		end += size
	}
	return trimSpace(text[start:end])
}
