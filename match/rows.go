package match

import (
	"bytes"
	"fmt"
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

// maxCombinations bounds the combinations of row readings the table's
// arithmetic is tried on: each costs a check of every identity, and a
// table with more ambiguous rows than this covers (six rows of three
// readings, say) is left with its disagreeing cells unread.
const maxCombinations = 1 << 10

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
		if combos > maxCombinations {
			break
		}
	}
	var survivors [][]int
	if combos <= maxCombinations {
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
			agree = agreeing(r.cands)
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
		if id.Left[0].Key.Table != nianbao.TableRequests {
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
			p := rr.ix.pos(r.hit.start)
			rr.rep.AddNote(nianbao.Note{Code: nianbao.NoteRowReading, Table: nianbao.TableRequests, Row: row.Key(), Pos: &p,
				Message: fmt.Sprintf("表三“%s”：%s", row.Spec().Label, r.note)})
		}
		for j, t := range r.final {
			if t.kind == "" {
				continue
			}
			rr.rep.Record(nianbao.RequestCell(row, nianbao.Column(j)), t.num, t.kind, t.raw, rr.ix.pos(t.off))
		}
	}
}
