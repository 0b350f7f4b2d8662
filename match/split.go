package match

import (
	"nianbao"
)

// maxCandidates bounds the readings kept for one row of squashed digits;
// real rows have a handful. A row with more is left unread, never guessed.
const maxCandidates = 512

// check tells whether a partial (complete=false) or complete reading of a
// row can satisfy the row's arithmetic; nil accepts every reading.
type check func(cells []token, complete bool) bool

// readings returns every way to read toks as exactly n cells: splittable
// tokens (digits run together) are cut into numbers — a number never starts
// with 0 unless it is 0, and a sign starts a new number — and other tokens
// are one cell each. Readings that ok rejects are left out; when none is
// left, the structural readings are returned instead, because the
// arithmetic decides how to read a row, never whether the report may be
// wrong. overflow reports that there were too many readings to list.
func readings(toks []token, n int, splittable func(token) bool, ok check) (out [][]token, overflow bool) {
	if ok != nil {
		out, overflow = enumerate(toks, n, splittable, ok)
		if len(out) > 0 || overflow {
			return out, overflow
		}
	}
	return enumerate(toks, n, splittable, nil)
}

func enumerate(toks []token, n int, splittable func(token) bool, ok check) (out [][]token, overflow bool) {
	cur := make([]token, 0, n)
	push := func(t token) bool {
		cur = append(cur, t)
		return ok == nil || ok(cur, false)
	}
	var rec func(i int) bool
	rec = func(i int) bool {
		if len(out) >= maxCandidates {
			overflow = true
			return false
		}
		if i == len(toks) {
			if len(cur) == n && (ok == nil || ok(cur, true)) {
				out = append(out, append([]token(nil), cur...))
			}
			return true
		}
		// Cells still needed by the tokens after this one: at least one each.
		rest := len(toks) - i - 1
		t := toks[i]
		if !splittable(t) {
			if len(cur)+1+rest > n {
				return true
			}
			more := true
			if push(t) {
				more = rec(i + 1)
			}
			cur = cur[:len(cur)-1]
			return more
		}
		return splitRun(t, 0, n-rest, &cur, push, func() bool { return rec(i + 1) })
	}
	rec(0)
	return out, overflow
}

// splitRun cuts t.raw[from:] into numbers appended to cur, leaving cur no
// longer than limit, and calls next for each complete cut. push appends a
// cell and reports whether the reading can still satisfy the arithmetic.
func splitRun(t token, from int, limit int, cur *[]token, push func(token) bool, next func() bool) bool {
	s := t.raw
	if from == len(s) {
		return next()
	}
	if len(*cur) >= limit {
		return true
	}
	digits := from
	if s[from] == '+' || s[from] == '-' {
		digits++
	}
	for end := digits + 1; end <= len(s); end++ {
		if s[end-1] < '0' || s[end-1] > '9' {
			break // the next sign starts the next number
		}
		if end-digits > 1 && s[digits] == '0' {
			break
		}
		n, ok := nianbao.ParseNum(s[from:end])
		if !ok {
			break
		}
		more := true
		if push(token{kind: nianbao.KindNumber, num: n, raw: s[from:end], off: t.off + from, line: t.line, x: t.x}) {
			more = splitRun(t, end, limit, cur, push, next)
		}
		*cur = (*cur)[:len(*cur)-1]
		if !more {
			return false
		}
	}
	return true
}

// rowTotal checks a table 三 row: when complete and its total column is
// stated, the total equals the sum of the stated applicant columns.
func rowTotal(total int) check {
	if total < 0 {
		return nil
	}
	return func(cells []token, complete bool) bool {
		return !complete || rowSumOK(cells, total)
	}
}

// groupTotals checks table 四's row group by group as the cells arrive, so
// that long runs of digits are cut only where every group adds up.
func groupTotals(width int) check {
	return func(cells []token, complete bool) bool {
		if len(cells)%width != 0 {
			return true
		}
		return rowSumOK(cells[len(cells)-width:], width-1)
	}
}

// rowSumOK reports whether cells (a full row or group) agree with its
// total column; a blank or mark makes the rule unevaluable, so it passes.
func rowSumOK(cells []token, total int) bool {
	if total < 0 || total >= len(cells) || !cells[total].num.Valid() {
		return true
	}
	sum := nianbao.Int(0)
	for i, c := range cells {
		if i == total {
			continue
		}
		if c.kind != nianbao.KindNumber || !c.num.Valid() {
			return true
		}
		sum = sum.Add(c.num)
	}
	return sum.Cmp(cells[total].num) == 0
}
