package place

import (
	"slices"
	"strings"

	"nianbao"
)

// Resolve returns the division q means: a code (3208), or a name, short
// form or chain of them that means one division (淮安市; 洪泽区; 淮安市洪泽区,
// as people type a full name; 淮安洪泽). A name that means a division and
// others under it (淮安 is 淮安市 and its 淮安区) means the highest: a
// search by a place includes everything under it, so 淮安 finds 洪泽区 and
// 淮安区 alike. A name divisions apart share (88 城关镇) is an error that
// lists them with their codes, so that a person can give the code instead.
func Resolve(q string) (Place, error) {
	q = strings.TrimSpace(q)
	if p, ok := Lookup(q); ok {
		return p, nil
	}
	t := divisions()
	if exact := t.chained(normalize(q), 0); len(exact) > 0 {
		if top, ok := t.covering(exact); ok {
			return t.place(top), nil
		}
		return Place{}, ambiguous(q, exact, t)
	}
	found := Search(q)
	switch {
	case q == "":
		return Place{}, nianbao.Errorf(nianbao.EINVALID, "没有给出地区")
	case len(found) == 0:
		return Place{}, nianbao.Errorf(nianbao.EINVALID, "区划表中没有“%s”：请给出区划代码（如 3208 淮安市）", q)
	case len(found) == 1:
		return found[0], nil
	}
	is := make([]int32, len(found))
	for k, p := range found {
		is[k] = p.i - 1
	}
	return Place{}, ambiguous(q, is, t)
}

// maxChain bounds the names Resolve reads as a chain: a full name from the
// province down to the township has four.
const maxChain = 4

// chained returns the divisions q names exactly: by one full name or short
// form, or by a chain of them, each under the one before (淮安市洪泽区,
// 江苏淮安洪泽). depth counts the names read before q.
func (t *table) chained(q string, depth int) []int32 {
	if q == "" || depth == maxChain {
		return nil
	}
	out := slices.Concat(t.named(q), t.short()[q])
	for i := range q {
		if i == 0 {
			continue
		}
		heads := slices.Concat(t.named(q[:i]), t.short()[q[:i]])
		if len(heads) == 0 {
			continue
		}
		out = append(out, t.under(t.chained(q[i:], depth+1), heads)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// covering returns the one division of is that contains all the others.
func (t *table) covering(is []int32) (int32, bool) {
	top := slices.MinFunc(is, func(a, b int32) int { return len(t.nodes[a].code) - len(t.nodes[b].code) })
	for _, i := range is {
		if !t.contains(top, i) {
			return 0, false
		}
	}
	return top, true
}

// ambiguous is the error for a name of several divisions: the first few
// with their codes.
func ambiguous(q string, is []int32, t *table) error {
	slices.SortFunc(is, func(a, b int32) int {
		if la, lb := len(t.nodes[a].code), len(t.nodes[b].code); la != lb {
			return la - lb // higher levels first, as Search lists them
		}
		return int(a - b)
	})
	names := make([]string, 0, 6)
	for k, i := range is {
		if k == 5 {
			names = append(names, "……")
			break
		}
		names = append(names, Label(t.nodes[i].code))
	}
	return nianbao.Errorf(nianbao.EINVALID, "“%s”可指 %d 个地区（%s）：请给出区划代码", q, len(is), strings.Join(names, "、"))
}

// Label names a division for people: its full name and code, 江苏省淮安市
// （3208）; a code the table lacks is shown as it is.
func Label(code string) string {
	p, ok := Lookup(code)
	if !ok {
		return code
	}
	return p.FullName() + "（" + p.Code + "）"
}
