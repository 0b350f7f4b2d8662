package match

import (
	"bytes"
	"fmt"
	"slices"
	"sort"

	"nianbao"
)

// rowsReading holds every row's candidate readings until the table's
// arithmetic has chosen among them.
type rowsReading struct {
	rep  *nianbao.Report
	text string
	ix   *docIndex
	cols int
	rows []*rowRead
}

type rowRead struct {
	hit   rowHit
	toks  []token   // the cells as read, before fitting
	cands [][]token // readings of exactly cols cells
	final []token   // the chosen reading; nil cells (kind "") are unread
	note  string
	// kept are the readings left when the table's arithmetic holds under
	// several, kept in the row's note for the neighbouring years (Settle).
	kept [][]token
}

func (rr *rowsReading) add(h rowHit, toks []token, cands [][]token, overflow bool) {
	r := &rowRead{hit: h, toks: toks, cands: cands}
	if overflow {
		r.cands = nil
		r.note = fmt.Sprintf("数字连写“%s”的拆法过多（超过%d种），无法确定；各格记为空", rawOf(toks), maxCandidates)
	}
	rr.rows = append(rr.rows, r)
}

// alignWindows chooses among the readings of grid rows that blank cells at
// both ends make ambiguous (see alignByStart). ordinal says the cells' x
// counts the cells printed on their line rather than grid columns (pipe
// rows, which print merged positions as one run at the line's end).
func (rr *rowsReading) alignWindows(ordinal bool) {
	cands := make([][][]token, len(rr.rows))
	var toks [][]token
	if ordinal {
		toks = make([][]token, len(rr.rows))
	}
	for i, r := range rr.rows {
		cands[i] = r.cands
		if ordinal {
			toks[i] = r.toks
		}
	}
	alignByStart(cands, toks)
	for i, r := range rr.rows {
		r.cands = cands[i]
	}
}

// alignByStart keeps, for each row with several readings, the one whose
// first cell sits in the grid column where the table's unambiguous rows
// start, when that column is clear. Given the rows' cells (toks), where x
// counts cells printed rather than grid columns, it counts instead how
// many of the row's first cells a reading leaves out: a row that prints a
// group label before its own (三、本年度办理结果 printed again over （四）)
// starts its numbers a cell later, and must not teach the other rows to.
func alignByStart(rows [][][]token, toks [][]token) {
	skip := func(i int, c []token) int {
		switch {
		case len(c) == 0:
			return -1
		case toks == nil:
			return c[0].x
		case len(toks[i]) == 0:
			return -1
		}
		return c[0].x - toks[i][0].x
	}
	starts := map[int]int{}
	for i, c := range rows {
		if len(c) == 1 && len(c[0]) > 0 {
			starts[skip(i, c[0])]++
		}
	}
	for i, cands := range rows {
		if len(cands) < 2 {
			continue
		}
		best, bestN, tie := -1, 0, false
		for j, c := range cands {
			switch n := starts[skip(i, c)]; {
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
// With no full row (every zero printed blank leaves few) the columns are
// the header's (headerColumns), if the table prints them.
func (rr *rowsReading) placeByColumns(header [][2]int) {
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
			rr.placeByHeader(header)
			return
		}
		sort.Ints(xs)
		med[j] = xs[len(xs)/2]
	}
	rr.placeShort(func(t token) int {
		best, dist := -1, 1<<30
		for j, x := range med {
			if d := abs(t.x - x); d < dist {
				best, dist = j, d
			}
		}
		if dist > 3 {
			return -1
		}
		return best
	})
}

// placeByHeader places the cells of short rows by the header's columns
// (columnUnder). The header's place is trusted only when the table's full
// rows, if any, sit each cell under its own column.
func (rr *rowsReading) placeByHeader(header [][2]int) {
	if len(header) != rr.cols {
		return
	}
	under := func(t token) int { return columnUnder(header, t.x) }
	for _, r := range rr.rows {
		if len(r.cands) == 1 && !sitsUnder(r.cands[0], under) {
			return
		}
	}
	rr.placeShort(under)
}

// sitsUnder reports whether each cell of a full row is under its own
// column.
func sitsUnder(row []token, under func(token) int) bool {
	for j, t := range row {
		if under(t) != j {
			return false
		}
	}
	return true
}

// columnUnder returns the header column a cell ending at display column x
// is printed under, or -1. Numbers are printed right-aligned, ending under
// their head's end or a little past it: the cell is under column j when it
// ends past the start of head j and at most halfway from head j's end to
// the next head.
func columnUnder(header [][2]int, x int) int {
	for j, h := range header {
		end := 1 << 30
		if j+1 < len(header) {
			end = h[1] + (header[j+1][0]-h[1])/2
		}
		if x > h[0] && x <= end {
			return j
		}
	}
	return -1
}

// placeShort reads each row that has no reading and fewer cells than
// columns by placing its cells (placeCells).
func (rr *rowsReading) placeShort(col func(token) int) {
	for _, r := range rr.rows {
		if len(r.cands) > 0 || len(r.toks) == 0 || len(r.toks) > rr.cols {
			continue
		}
		if placed, ok := placeCells(r.toks, rr.cols, col); ok {
			r.cands = [][]token{placed}
		}
	}
}

// placeCells puts each of a row's cells in the column of n that col gives
// it (-1: none), the others blank; ok is false unless the cells fall in
// distinct columns, left to right.
func placeCells(toks []token, n int, col func(token) int) (placed []token, ok bool) {
	placed = make([]token, n)
	for j := range placed {
		placed[j] = token{kind: nianbao.KindBlank}
	}
	last := -1
	for _, t := range toks {
		j := col(t)
		if j <= last {
			return nil, false
		}
		placed[j] = t
		last = j
	}
	return placed, true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// maxSearch bounds the steps the search of resolve takes over the
// combinations of row readings; a table that needs more (many rows of
// many readings the arithmetic barely prunes) is left with its
// disagreeing cells unread, noted.
const maxSearch = 1 << 16

// resolve chooses among the readings of rows with several, keeping only the
// combinations under which the table's arithmetic holds. Where combinations
// still disagree about a cell, that cell stays unread, and the row's note
// lists the readings that remain.
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
	// Rows with fewer readings first: the sums they fix prune the most.
	slices.SortStableFunc(open, func(a, b *rowRead) int { return len(a.cands) - len(b.cands) })
	s := rr.newSearch(open)
	complete := s.run()
	for i, r := range open {
		raw := rawOf(r.toks)
		var kept [][]token
		for c, ok := range s.seen[i] {
			if ok {
				kept = append(kept, r.cands[c])
			}
		}
		switch {
		case !complete:
			r.final = agreeing(r.cands)
			r.note = fmt.Sprintf("数字连写“%s”有%d种拆法（%s），与其他行的组合过多，未能逐一按勾稽关系核对；无法确定的格记为空", raw, len(r.cands), listReadings(r.cands))
		case s.survivors == 0:
			r.final = agreeing(r.cands)
			r.note = fmt.Sprintf("数字连写“%s”有%d种拆法（%s），没有一种能使表内勾稽关系成立；无法确定的格记为空", raw, len(r.cands), listReadings(r.cands))
		case s.survivors == 1:
			r.final = kept[0]
			r.note = fmt.Sprintf("数字连写“%s”有%d种拆法，按表内勾稽关系只有一种成立，据此拆分", raw, len(r.cands))
		default:
			r.final = agreeing(kept)
			if len(kept) == 1 {
				r.note = fmt.Sprintf("数字连写“%s”有%d种拆法，按表内勾稽关系只有%s成立，据此拆分", raw, len(r.cands), listReadings(kept))
			} else {
				r.note = fmt.Sprintf("数字连写“%s”有多种拆法都符合勾稽关系（%s）；无法确定的格记为空", raw, listReadings(kept))
				markUndecided(kept)
				r.kept = kept
			}
		}
	}
}

// search walks the combinations of the open rows' readings, one row at a
// time, and prunes a partial combination as soon as an identity of table
// 三 can no longer hold whatever the rows still open read: each identity
// is a sum that must come to zero, and the open rows' readings bound what
// they can add to it.
type search struct {
	open []*rowRead
	ids  []sumIdentity
	sums []int64 // each identity's sum so far
	skip []int   // >0: the identity has a cell that is no number, so it cannot be checked
	// The identities to check first (all), and after each open row is
	// chosen (those with a cell of the row).
	all     []int
	touches [][]int
	steps   int
	// What the search found: how many combinations hold, and which
	// readings of each open row are in one.
	survivors int
	seen      [][]bool
	choice    []int
}

// sumIdentity is an identity as a sum of terms that must be 0, split into
// the fixed part (rows with one reading) and the open rows' terms.
type sumIdentity struct {
	fixed     int64
	unchecked bool      // a fixed cell is no whole number: the identity cannot be checked
	terms     [][]int64 // by open row: the sum the row adds under each of its readings
	blank     [][]bool  // by open row and reading: the row adds a cell that is no number
	lo, hi    []int64   // by open row k: the least and most rows k… can add
	anyBlank  []bool    // by open row k: rows k… may add a cell that is no number
	touched   []bool    // by open row: the identity has a cell of the row
}

func (rr *rowsReading) newSearch(open []*rowRead) *search {
	s := &search{open: open, seen: make([][]bool, len(open)), choice: make([]int, len(open))}
	for i, r := range open {
		s.seen[i] = make([]bool, len(r.cands))
	}
	at := map[nianbao.Row]*rowRead{}
	openAt := map[nianbao.Row]int{}
	tmp := nianbao.NewReport(rr.rep.Template)
	for _, r := range rr.rows {
		at[r.hit.row] = r
		if len(r.cands) > 0 {
			for j, t := range r.cands[0] {
				if t.kind == nianbao.KindNumber {
					tmp.Requests[r.hit.row][j] = t.num
				}
			}
		}
	}
	for i, r := range open {
		openAt[r.hit.row] = i
	}
	for _, id := range tmp.Identities() {
		if id.Left[0].Key.Table != nianbao.TableRequests {
			continue
		}
		si := sumIdentity{terms: make([][]int64, len(open)), blank: make([][]bool, len(open)), touched: make([]bool, len(open))}
		for i, r := range open {
			si.terms[i] = make([]int64, len(r.cands))
			si.blank[i] = make([]bool, len(r.cands))
		}
		add := func(c nianbao.Cell, sign int64) {
			row, _ := nianbao.RowByKey(c.Key.Row)
			r := at[row]
			if r == nil || len(r.cands) == 0 {
				si.unchecked = true // a row not read: the identity cannot be checked
				return
			}
			if i, ok := openAt[row]; ok {
				si.touched[i] = true
				for k, cand := range r.cands {
					v, ok := wholeNumber(cand, c.Index)
					si.terms[i][k] += sign * v
					si.blank[i][k] = si.blank[i][k] || !ok
				}
				return
			}
			v, ok := wholeNumber(r.final, c.Index)
			si.fixed += sign * v
			si.unchecked = si.unchecked || !ok
		}
		for _, c := range id.Left {
			add(c, 1)
		}
		for _, c := range id.Right {
			add(c, -1)
		}
		if si.unchecked {
			continue
		}
		n := len(open)
		si.lo, si.hi, si.anyBlank = make([]int64, n+1), make([]int64, n+1), make([]bool, n+1)
		for k := n - 1; k >= 0; k-- {
			lo, hi := si.terms[k][0], si.terms[k][0]
			for _, v := range si.terms[k] {
				lo, hi = min(lo, v), max(hi, v)
			}
			si.lo[k], si.hi[k] = si.lo[k+1]+lo, si.hi[k+1]+hi
			si.anyBlank[k] = si.anyBlank[k+1] || slices.Contains(si.blank[k], true)
		}
		s.ids = append(s.ids, si)
	}
	s.sums = make([]int64, len(s.ids))
	s.skip = make([]int, len(s.ids))
	s.touches = make([][]int, len(open))
	for i, id := range s.ids {
		s.sums[i] = id.fixed
		s.all = append(s.all, i)
		for k, t := range id.touched {
			if t {
				s.touches[k] = append(s.touches[k], i)
			}
		}
	}
	return s
}

// wholeNumber returns the whole number of a row's j-th cell; ok is false
// for a blank, a mark, a number with decimals or a column the table does
// not print, which an identity cannot be checked on.
func wholeNumber(row []token, j int) (int64, bool) {
	if j >= len(row) {
		return 0, false
	}
	t := row[j]
	if t.kind != nianbao.KindNumber && t.kind != nianbao.KindInferred || !t.num.Valid() {
		return 0, false
	}
	return t.num.Int64()
}

// run searches every combination; it reports false when it gave up after
// maxSearch steps.
func (s *search) run() bool { return s.rec(0) }

func (s *search) rec(k int) bool {
	s.steps++
	if s.steps > maxSearch {
		return false
	}
	// Only the sums the last row chose for moved (all of them at first).
	check := s.all
	if k > 0 {
		check = s.touches[k-1]
	}
	for _, i := range check {
		id := &s.ids[i]
		if s.skip[i] > 0 || id.anyBlank[k] {
			continue
		}
		if sum := s.sums[i]; sum+id.lo[k] > 0 || sum+id.hi[k] < 0 {
			return true // no reading of the rows left can make it hold
		}
	}
	if k == len(s.open) {
		s.survivors++
		for i, c := range s.choice {
			s.seen[i][c] = true
		}
		return true
	}
	for c := range s.open[k].cands {
		s.choice[k] = c
		for _, i := range s.touches[k] {
			s.sums[i] += s.ids[i].terms[k][c]
			if s.ids[i].blank[k][c] {
				s.skip[i]++
			}
		}
		ok := s.rec(k + 1)
		for _, i := range s.touches[k] {
			s.sums[i] -= s.ids[i].terms[k][c]
			if s.ids[i].blank[k][c] {
				s.skip[i]--
			}
		}
		if !ok {
			return false
		}
	}
	return true
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
			p := rr.ix.pos(r.hit.start)
			n := nianbao.Note{Code: nianbao.NoteRowReading, Table: nianbao.TableRequests, Row: row.Key(), Pos: &p,
				Message: fmt.Sprintf("表三“%s”：%s", row.Spec().Label, r.note)}
			if len(r.kept) > 1 && len(r.kept) <= maxStoredReadings {
				n.Code = nianbao.NoteCandidates
				n.Readings = storedReadings(r.kept, func(t token) nianbao.Pos { return rr.ix.pos(t.off) }, func(int, token) string { return "" })
			}
			rr.rep.AddNote(n)
		}
		for j, t := range r.final {
			if t.kind == "" {
				continue
			}
			rr.rep.Record(nianbao.RequestCell(row, nianbao.Column(j)), t.num, t.kind, t.raw, rr.ix.pos(t.off))
		}
	}
}
