package match

import (
	"nianbao"
)

// maxCandidates bounds the readings kept for one row of squashed digits;
// real rows have a handful, and a row with more is left unread.
const maxCandidates = 512

// readings returns every way to read toks as exactly n cells: digit runs
// are cut into numbers (a number never starts with 0 unless it is 0; a run
// may also stand whole when maybeWhole), other tokens are one cell each.
// When the row has a total column (total >= 0), only readings whose stated
// cells satisfy 总计 = the sum of the others are kept.
func readings(toks []token, n int, splittable func(token) bool, total int) [][]token {
	var out [][]token
	cur := make([]token, 0, n)
	var rec func(i int) bool
	rec = func(i int) bool {
		if len(out) >= maxCandidates {
			return false
		}
		if i == len(toks) {
			if len(cur) == n && rowSumOK(cur, total) {
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
			cur = append(cur, t)
			ok := rec(i + 1)
			cur = cur[:len(cur)-1]
			return ok
		}
		return splitRun(t, 0, n-rest, &cur, func() bool { return rec(i + 1) })
	}
	rec(0)
	return out
}

// splitRun cuts t.raw[from:] into numbers appended to cur, leaving cur no
// longer than limit, and calls next for each complete cut.
func splitRun(t token, from int, limit int, cur *[]token, next func() bool) bool {
	s := t.raw
	if from == len(s) {
		return next()
	}
	if len(*cur) >= limit {
		return true
	}
	for end := from + 1; end <= len(s); end++ {
		part := s[from:end]
		if len(part) > 1 && part[0] == '0' {
			break
		}
		n, ok := nianbao.ParseNum(part)
		if !ok {
			break
		}
		*cur = append(*cur, token{kind: nianbao.KindNumber, num: n, raw: part, off: t.off + from, line: t.line, x: t.x})
		ok = splitRun(t, end, limit, cur, next)
		*cur = (*cur)[:len(*cur)-1]
		if !ok {
			return false
		}
	}
	return true
}

// rowSumOK reports whether cells (a full row) agree with its total column.
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
