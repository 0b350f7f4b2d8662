package match

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// rowLabel holds a table 三 row's label and keywords in normal form.
type rowLabel struct {
	label    []byte
	keywords [][]byte
}

var rowLabels [nianbao.NumRows]rowLabel

func init() {
	for r := range nianbao.NumRows {
		spec := r.Spec()
		rl := rowLabel{label: normString(spec.Label)}
		for _, kw := range spec.Keywords {
			rl.keywords = append(rl.keywords, normString(kw))
		}
		if p := labelPrefix(r); p != nil {
			rl.keywords = append(rl.keywords, p)
		}
		rowLabels[r] = rl
	}
}

// labelPrefix returns the shortest start of a row's label (after its
// numbering, at least four characters) that no other row's label starts
// with. Column-aligned text wraps long labels, and the row's numbers may
// sit on the label's first line: the label must be found by its start.
func labelPrefix(row nianbao.Row) []byte {
	body := []rune(string(trimNumbering(normString(row.Spec().Label))))
	for k := 4; k <= len(body); k++ {
		p := string(body[:k])
		unique := true
		for r := range nianbao.NumRows {
			if r != row && strings.HasPrefix(string(trimNumbering(normString(r.Spec().Label))), p) {
				unique = false
				break
			}
		}
		if unique {
			return []byte(p)
		}
	}
	return nil
}

// rowHit is where a row's label was found, as original byte offsets.
type rowHit struct {
	row        nianbao.Row
	start, end int
	found      bool
	fuzzy      bool // found by a secondary keyword
}

// findRowLabels finds the labels of rows in order within the normalised
// region. A row whose label comes only after the next row's label is taken
// as missing rather than let it swallow the rows between.
func findRowLabels(text string, nt *normText, rows []nianbao.Row) []rowHit {
	hits := make([]rowHit, len(rows))
	cursor := 0
	for i, row := range rows {
		hits[i].row = row
		p, kw, fuzzy := firstKeyword(nt, row, cursor)
		if p < 0 {
			continue
		}
		// Does a later row's label come first? Then this one is missing here.
		if i+1 < len(rows) {
			if q, _, _ := firstKeyword(nt, rows[i+1], cursor); q >= 0 && q < p {
				continue
			}
		}
		rl := rowLabels[row]
		k := bytes.Index(rl.label, kw)
		start, end := p, p+len(kw)
		if k >= 0 {
			start = nt.extendBack(p, rl.label[:k], cursor)
			end = nt.extendForward(end, rl.label[k+len(kw):], len(nt.norm))
		}
		// A label is noted as different from the template when what the
		// text prints goes on in other words where the template's label
		// does ("其他法律行政止公开"), not when it is only cut short by a
		// line wrap.
		fuzzy = fuzzy && !bytes.Equal(trimNumbering(nt.norm[start:end]), trimNumbering(rl.label)) && continuesInWords(text, nt.origEnd(text, end))
		hits[i] = rowHit{row: row, start: nt.origStart(start), end: nt.origEnd(text, end), found: true, fuzzy: fuzzy}
		cursor = end
	}
	return hits
}

// continuesInWords reports whether the text at off goes on with words on
// the same line, before any cell or separator.
func continuesInWords(text string, off int) bool {
	r, _ := utf8.DecodeRuneInString(text[off:])
	return isLetter(r) && r != '|'
}

// trimNumbering drops a label's numbering ("一.", "(三)", "1.") so that
// labels compare by their words.
func trimNumbering(label []byte) []byte {
	return bytes.TrimLeft(label, "0123456789.()一二三四五六七八九十")
}

// firstKeyword finds the earliest keyword of row at or after from.
func firstKeyword(nt *normText, row nianbao.Row, from int) (pos int, kw []byte, fuzzy bool) {
	pos = -1
	for i, k := range rowLabels[row].keywords {
		if p := nt.index(k, from); p >= 0 && (pos < 0 || p < pos) {
			pos, kw, fuzzy = p, k, i > 0
		}
	}
	return pos, kw, fuzzy
}

// tableReader reads one table's rows of cells from text.
type tableReader struct {
	text   string
	lines  *lineIndex
	end    int // where the table's region ends
	style  style
	squash bool // free style with digits run together: split by arithmetic
}

func newTableReader(text string, start, end int, lines *lineIndex) *tableReader {
	return &tableReader{text: text, lines: lines, end: end, style: detectStyle(text[start:end])}
}

// zoneTokens reads the cells between a label's end and the next label.
func (tr *tableReader) zoneTokens(start, end int) []token {
	if tr.style != styleFree {
		return gridTokens(tr.text, start, end, tr.style, tr.lines, false)
	}
	toks := freeTokens(tr.text, start, end, tr.lines)
	if end == tr.end && len(toks) > 0 && toks[len(toks)-1].empty && !strings.Contains(tr.text[start:end], "\n") {
		// A report squashed onto one line keeps the U+00A0 that scrapers
		// print on a line of its own after each table: it ends the table,
		// it is not a cell.
		toks = toks[:len(toks)-1]
	}
	return toks
}

func (tr *tableReader) splittable(t token) bool {
	return tr.squash && isRun(t.raw)
}

// fit turns a row's tokens into its candidate readings of n cells. In
// squashed text digit runs are cut where ok allows; in grids, empty cells
// at the ends are fillers of merged cells. overflow says the row had too
// many readings to list.
func (tr *tableReader) fit(toks []token, n int, ok check) (cands [][]token, overflow bool) {
	if tr.squash {
		// A U+00A0 after the last digits may be a blank cell or the page
		// spacing that follows a table: keep the readings of both.
		toks = trimFillers(toks, n)
		for {
			c, over := readings(toks, n, tr.splittable, ok)
			cands = append(cands, c...)
			if over {
				return nil, true
			}
			if len(toks) == 0 || !toks[len(toks)-1].empty {
				return cands, false
			}
			toks = toks[:len(toks)-1]
		}
	}
	return windows(toks, n), false
}

// windows returns the ways to read a grid row's cells as n cells by leaving
// out empty cells at its ends, which merged cells leave behind as fillers.
// Most rows have one; a row with blank cells at both ends has several, and
// the columns of the table's other rows choose (alignWindows).
func windows(toks []token, n int) [][]token {
	var out [][]token
	for s := 0; s+n <= len(toks); s++ {
		if allEmpty(toks[:s]) && allEmpty(toks[s+n:]) {
			out = append(out, toks[s:s+n])
		}
	}
	return out
}

func allEmpty(toks []token) bool {
	for _, t := range toks {
		if !t.empty {
			return false
		}
	}
	return true
}

// trimFillers drops empty cells from the ends of a row that has more cells
// than the table has columns: merged cells leave such fillers, at the end in
// most scrapes and at the start in some (a label spanning two columns).
func trimFillers(toks []token, n int) []token {
	for len(toks) > n && toks[len(toks)-1].empty {
		toks = toks[:len(toks)-1]
	}
	for len(toks) > n && toks[0].empty {
		toks = toks[1:]
	}
	return toks
}

// readRequests reads table 三 from text[start:end] into rep.
func readRequests(rep *nianbao.Report, text string, region *normText, start, end int, lines *lineIndex) (ok bool, layout string) {
	nt := newLabelText(text, start, end)
	subRows := false
	for _, kw := range [][]byte{rowLabels[nianbao.OtherNoCorrection].keywords[0], rowLabels[nianbao.OtherNoFee].keywords[0], rowLabels[nianbao.OtherNoFee].keywords[1]} {
		if nt.index(kw, 0) >= 0 {
			subRows = true
		}
	}
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
	if header.index(normString("总计"), 0) < 0 && header.index(normString("合计"), 0) < 0 {
		cols = int(nianbao.ColumnTotal)
		rep.AddNote(nianbao.Note{Code: "no_total_column", Table: nianbao.TableRequests,
			Message: "表三未印“总计”列：各行总计记为空"})
	}
	tr := newTableReader(text, first, end, lines)
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
		var ends []int
		for _, h := range hits {
			if h.found {
				ends = append(ends, h.end)
			}
		}
		tr.squash = looksSquashed(text, ends)
	}
	layout = styleNames[tr.style]
	if tr.style == styleFree {
		layout = "columns"
		if tr.squash {
			layout = "squashed"
		}
	}
	totalCol := -1
	if cols == int(nianbao.NumColumns) {
		totalCol = int(nianbao.ColumnTotal)
	}
	columns := tr.style == styleFree && !tr.squash
	var byLine [][]token
	if columns {
		byLine = tokensByLabelLines(text, hits, first, end, lines)
	}
	rr := &rowsReading{rep: rep, text: text, lines: lines, cols: cols}
	for i, h := range hits {
		if !h.found {
			rep.AddNote(nianbao.Note{Code: "missing_row", Table: nianbao.TableRequests, Row: h.row.Key(),
				Message: fmt.Sprintf("表三未找到“%s”一行：该行各格记为空", h.row.Spec().Label)})
			continue
		}
		if h.fuzzy {
			p := lines.pos(text, h.start)
			rep.AddNote(nianbao.Note{Code: "fuzzy_label", Table: nianbao.TableRequests, Row: h.row.Key(), Pos: &p,
				Message: fmt.Sprintf("表三第%d行的行名“%s”与模板不完全一致，按相近的“%s”读取", p.Line, trimSpace(text[h.start:h.end]), h.row.Spec().Label)})
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
	case rowStyle(tr.style):
		rr.alignWindows()
	case columns:
		rr.placeByColumns()
	}
	rr.resolve()
	rr.fillShortZeroRows()
	rr.commit()
	return true, layout
}

// tokensByLabelLines gives each row the cells printed from its label's
// first line up to the next row label's first line. Column-aligned text
// wraps long labels over several lines and prints the row's numbers on one
// of them — the first, the middle, or between two label lines — so cells go
// by line, not by reading order.
func tokensByLabelLines(text string, hits []rowHit, start, end int, lines *lineIndex) [][]token {
	var firsts []int // first line of each found row, in order
	var idx []int    // the row's index in hits
	for i, h := range hits {
		if h.found {
			firsts = append(firsts, lines.line(h.start))
			idx = append(idx, i)
		}
	}
	out := make([][]token, len(hits))
	for _, t := range freeTokens(text, start, end, lines) {
		k := sort.SearchInts(firsts, t.line+1) - 1 // last row starting at or above the cell's line
		if k >= 0 {
			out[idx[k]] = append(out[idx[k]], t)
		}
	}
	return out
}

// looksSquashed reports whether labels run straight into their cells
// ("予以公开0000000", "规章53无"), as scrapers that drop cell boundaries
// print them. ends are the byte offsets where labels end.
func looksSquashed(text string, ends []int) bool {
	glued, n := 0, 0
	for _, e := range ends {
		if e >= len(text) {
			continue
		}
		n++
		if r, _ := utf8.DecodeRuneInString(text[e:]); isNumRune(r) || markRune(r) || r == '\u00a0' {
			glued++
		}
	}
	return n > 0 && glued*2 >= n
}

// rowsReading holds every row's candidate readings until the table's
// arithmetic has chosen among them.
type rowsReading struct {
	rep   *nianbao.Report
	text  string
	lines *lineIndex
	cols  int
	rows  []*rowRead
}

type rowRead struct {
	hit   rowHit
	toks  []token   // the cells as read, before fitting
	cands [][]token // readings of exactly cols cells
	final []token   // the chosen reading; nil cells (kind "") are unread
	note  string
}

func (rr *rowsReading) add(h rowHit, toks []token, cands [][]token, overflow bool) {
	r := &rowRead{hit: h, toks: toks, cands: cands}
	if overflow {
		r.cands = nil
		r.note = fmt.Sprintf("数字连写“%s”的拆法过多，无法确定；各格记为空", rawOf(toks))
	}
	rr.rows = append(rr.rows, r)
}

// alignWindows chooses among the readings of grid rows that blank cells at
// both ends make ambiguous (see alignByStart).
func (rr *rowsReading) alignWindows() {
	cands := make([][][]token, len(rr.rows))
	for i, r := range rr.rows {
		cands[i] = r.cands
	}
	alignByStart(cands)
	for i, r := range rr.rows {
		r.cands = cands[i]
	}
}

// alignByStart keeps, for each row with several readings, the one whose
// first cell sits in the grid column where the table's unambiguous rows
// start, when that column is clear.
func alignByStart(rows [][][]token) {
	starts := map[int]int{}
	for _, c := range rows {
		if len(c) == 1 && len(c[0]) > 0 {
			starts[c[0][0].x]++
		}
	}
	for i, cands := range rows {
		if len(cands) < 2 {
			continue
		}
		best, bestN, tie := -1, 0, false
		for j, c := range cands {
			switch n := starts[c[0].x]; {
			case n > bestN:
				best, bestN, tie = j, n, false
			case n == bestN && n > 0:
				tie = true
			}
		}
		if best >= 0 && !tie {
			rows[i] = cands[best : best+1]
		}
	}
}

// placeByColumns reads rows of column-aligned text that have fewer cells
// than columns (blank cells print as nothing): each number goes to the
// column whose right edge it is aligned with, learnt from the full rows.
func (rr *rowsReading) placeByColumns() {
	edges := make([][]int, rr.cols)
	for _, r := range rr.rows {
		if len(r.cands) == 1 {
			for j, t := range r.cands[0] {
				edges[j] = append(edges[j], t.x)
			}
		}
	}
	med := make([]int, rr.cols)
	for j, xs := range edges {
		if len(xs) == 0 {
			return
		}
		sort.Ints(xs)
		med[j] = xs[len(xs)/2]
	}
	for _, r := range rr.rows {
		if len(r.cands) > 0 || len(r.toks) == 0 || len(r.toks) > rr.cols {
			continue
		}
		placed := make([]token, rr.cols)
		for j := range placed {
			placed[j] = token{kind: nianbao.KindBlank}
		}
		ok := true
		last := -1
		for _, t := range r.toks {
			best, dist := -1, 1<<30
			for j, x := range med {
				if d := abs(t.x - x); d < dist {
					best, dist = j, d
				}
			}
			if best <= last || dist > 3 {
				ok = false
				break
			}
			placed[best] = t
			last = best
		}
		if ok {
			r.cands = [][]token{placed}
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// resolve chooses among the readings of rows with several, keeping only the
// combinations under which the table's arithmetic holds. Where combinations
// still disagree about a cell, that cell stays unread.
func (rr *rowsReading) resolve() {
	var open []*rowRead
	for _, r := range rr.rows {
		switch len(r.cands) {
		case 0:
		case 1:
			r.final = r.cands[0]
		default:
			open = append(open, r)
		}
	}
	if len(open) == 0 {
		return
	}
	combos := 1
	for _, r := range open {
		combos *= len(r.cands)
		if combos > 1<<14 {
			break
		}
	}
	var survivors [][]int
	if combos <= 1<<14 {
		choice := make([]int, len(open))
		var rec func(k int)
		rec = func(k int) {
			if k == len(open) {
				for i, r := range open {
					r.final = r.cands[choice[i]]
				}
				if rr.arithmeticHolds() {
					survivors = append(survivors, append([]int(nil), choice...))
				}
				return
			}
			for c := range open[k].cands {
				choice[k] = c
				rec(k + 1)
			}
		}
		rec(0)
	}
	for i, r := range open {
		var agree []token
		if len(survivors) > 0 {
			agree = append([]token(nil), r.cands[survivors[0][i]]...)
			for _, s := range survivors[1:] {
				mergeAgreeing(agree, r.cands[s[i]])
			}
		} else {
			agree = append([]token(nil), r.cands[0]...)
			for _, c := range r.cands[1:] {
				mergeAgreeing(agree, c)
			}
		}
		r.final = agree
		raw := rawOf(r.toks)
		switch {
		case len(survivors) == 1:
			r.note = fmt.Sprintf("数字连写“%s”有%d种拆法，按表内勾稽关系只有一种成立，据此拆分", raw, len(r.cands))
		case len(survivors) == 0:
			r.note = fmt.Sprintf("数字连写“%s”有%d种拆法，没有一种能使表内勾稽关系成立；无法确定的格记为空", raw, len(r.cands))
		default:
			r.note = fmt.Sprintf("数字连写“%s”有多种拆法都符合勾稽关系；无法确定的格记为空", raw)
		}
	}
}

// mergeAgreeing clears the cells of agree that differ from other.
func mergeAgreeing(agree, other []token) {
	for j := range agree {
		if agree[j].kind != other[j].kind || agree[j].num.Valid() != other[j].num.Valid() ||
			agree[j].num.Valid() && agree[j].num.Cmp(other[j].num) != 0 {
			agree[j] = token{}
		}
	}
}

func rawOf(toks []token) string {
	var b bytes.Buffer
	for _, t := range toks {
		b.WriteString(t.raw)
	}
	return b.String()
}

// arithmeticHolds checks the identities of table 三 that the current
// readings let it evaluate.
func (rr *rowsReading) arithmeticHolds() bool {
	tmp := nianbao.NewReport(rr.rep.Template)
	for _, r := range rr.rows {
		for j, t := range r.final {
			if t.kind == nianbao.KindNumber {
				tmp.Requests[r.hit.row][j] = t.num
			}
		}
	}
	for _, id := range tmp.Identities() {
		if id.Left[0].Table != nianbao.TableRequests {
			continue
		}
		if l, rt, ok := id.Eval(tmp); ok && l.Cmp(rt) != 0 {
			return false
		}
	}
	return true
}

// fillShortZeroRows reads rows that lost cells in scraping (fewer cells than
// columns, so their positions are unknown) when the table's own arithmetic
// leaves no doubt: if every cell the row printed is 0 and the （七）总计 of a
// column is 0, then every outcome row is 0 in that column, since counts are
// never negative. Other cells of such rows stay unread.
func (rr *rowsReading) fillShortZeroRows() {
	var total *rowRead
	for _, r := range rr.rows {
		if r.hit.row == nianbao.Total && r.final != nil {
			total = r
		}
	}
	for _, r := range rr.rows {
		if r.final != nil || len(r.cands) > 0 || r.note != "" {
			continue
		}
		if countStated(r.toks) == 0 {
			r.note = "该行没有读到任何数；各格记为空"
			continue
		}
		toks := trimFillers(r.toks, rr.cols)
		r.note = fmt.Sprintf("该行读到%d个格，表有%d列，无法确定各数所在的列；各格记为空", countStated(toks), rr.cols)
		if total == nil || !r.hit.row.Spec().Outcome || !allZero(toks) {
			continue
		}
		final := make([]token, rr.cols)
		filled := 0
		for j := range final {
			if tt := total.final[j]; tt.kind == nianbao.KindNumber && tt.num.Valid() && tt.num.Cmp(nianbao.Int(0)) == 0 {
				final[j] = token{kind: nianbao.KindInferred, num: nianbao.Int(0), off: toks[0].off}
				filled++
			}
		}
		if filled > 0 {
			r.final = final
			r.note = fmt.Sprintf("该行只读到%d个格（表有%d列），所印均为0；因（七）总计在这些列为0，且各项不为负数，推定该行这些列均为0", countStated(toks), rr.cols)
		}
	}
}

func countStated(toks []token) int {
	n := 0
	for _, t := range toks {
		if !t.empty {
			n++
		}
	}
	return n
}

func allZero(toks []token) bool {
	any := false
	for _, t := range toks {
		if t.empty {
			continue
		}
		if t.kind != nianbao.KindNumber || !t.num.Valid() || t.num.Cmp(nianbao.Int(0)) != 0 {
			return false
		}
		any = true
	}
	return any
}

// commit writes the chosen readings, their provenance and the notes.
func (rr *rowsReading) commit() {
	for _, r := range rr.rows {
		row := r.hit.row
		if r.note != "" {
			p := rr.lines.pos(rr.text, r.hit.start)
			rr.rep.AddNote(nianbao.Note{Code: "row_reading", Table: nianbao.TableRequests, Row: row.Key(), Pos: &p,
				Message: fmt.Sprintf("表三“%s”：%s", row.Spec().Label, r.note)})
		}
		for j, t := range r.final {
			if t.kind == "" {
				continue
			}
			col := nianbao.Column(j)
			rr.rep.Requests[row][col] = t.num
			rr.rep.Cells = append(rr.rep.Cells, nianbao.CellRef{
				Table: nianbao.TableRequests, Row: row.Key(), Column: col.Key(), Index: j,
				Kind: t.kind, Raw: t.raw, Pos: rr.lines.pos(rr.text, t.off)})
		}
	}
}
