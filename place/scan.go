package place

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// A body's name and a report's text name divisions as chains of full
// names, each under the one before: 淮安市洪泽区, 台州市路桥区路北街道.
// The scans below find such chains and narrow them to the divisions that
// fit every name in them. They read full names only; a short form
// (洪泽) in running text is too easily part of another word.

// chain is a run of division names, each under the one before.
type chain struct {
	start, end int     // byte offsets in the text
	cands      []int32 // the divisions that fit every name, deepest level reached
	last       string  // the last name matched
	names      int     // how many names the chain has
}

// nameAt returns the end of the longest division name that starts at i in
// s and has at least min characters, and the divisions of that name. It
// narrows the range of names in name order that start with s[i:], one
// character at a time, and stops where none does: two or three binary
// searches for most positions of a text.
func (t *table) nameAt(s string, i, min int) (end int, cands []int32) {
	type match struct{ end, lo, hi int }
	var found [8]match
	nf := 0
	lo, hi := 0, len(t.order)/2
	for j, n := i, 0; j < len(s) && j-i < t.longest; {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !isHan(r) && r != '（' && r != '）' && r != '(' && r != ')' {
			break
		}
		j += size
		n++
		p := s[i:j]
		if _, ok := t.aliases[p]; ok && n >= min && nf < len(found) {
			found[nf] = match{end: j, lo: -1}
			nf++
		}
		if lo, hi = t.narrow(lo, hi, p); lo == hi {
			if !slices.ContainsFunc(aliases, func(a alias) bool { return strings.HasPrefix(a.name, p) }) {
				break
			}
			continue
		}
		if n >= min && t.nodes[t.ordered(lo)].name == p && nf < len(found) {
			e := lo + sort.Search(hi-lo, func(k int) bool { return t.nodes[t.ordered(lo+k)].name != p })
			found[nf] = match{end: j, lo: lo, hi: e}
			nf++
		}
	}
	for k := nf - 1; k >= 0; k-- {
		m := found[k]
		var c []int32
		if m.lo < 0 {
			c = t.aliases[s[i:m.end]]
		} else {
			for o := m.lo; o < m.hi; o++ {
				c = append(c, t.ordered(o))
			}
			slices.Sort(c)
		}
		if c = t.places(s[i:m.end], c); len(c) > 0 {
			return m.end, c
		}
	}
	return 0, nil
}

// narrow returns the range of positions in name order, within lo to hi,
// of the names that start with p.
func (t *table) narrow(lo, hi int, p string) (int, int) {
	lo += sort.Search(hi-lo, func(k int) bool { return t.nodes[t.ordered(lo+k)].name >= p })
	hi = lo + sort.Search(hi-lo, func(k int) bool { return !strings.HasPrefix(t.nodes[t.ordered(lo+k)].name, p) })
	return lo, hi
}

// places returns the divisions of cands, all of one name, that a body's
// name or running text can mean by that name. Township-level units named
// like bodies (林业局 in 鸡东县, 新华街道办事处 in 阿拉善左旗, a 监狱) are
// not: the name is a body's, whose place the words before it give. And
// township-level units drop out when the name does not end like a
// township's and divisions of a higher level share it: 西工区 is the county
// of 洛阳市, not the unit of that name in 获嘉县, which a 街道 or a
// department would not start with.
func (t *table) places(name string, cands []int32) []int32 {
	township := hasSuffixAny(name, townshipNames)
	if !township {
		r, _ := utf8.DecodeLastRuneInString(name)
		if !strings.ContainsRune("区园场", r) {
			return t.above(cands, County)
		}
	}
	if high := t.above(cands, County); !township && len(high) > 0 {
		return high
	}
	return cands
}

// townshipNames end the names of 乡级 divisions proper.
var townshipNames = []string{"街道", "镇", "乡", "苏木"}

// above returns the divisions of cands at level or higher; cands itself
// when all are.
func (t *table) above(cands []int32, level Level) []int32 {
	var out []int32
	for _, c := range cands {
		if levelOf(t.nodes[c].code) <= level {
			out = append(out, c)
		}
	}
	if len(out) == len(cands) {
		return cands
	}
	return out
}

// under returns the divisions of cands that lie under one of parents.
func (t *table) under(cands, parents []int32) []int32 {
	var out []int32
	for _, c := range cands {
		for _, p := range parents {
			if p != c && t.contains(p, c) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// chainAt reads the chain of division names that starts at i in s: each
// name after the first must be of a division under the one before. It
// stops at the first name that is not (the stray, with its end), or where
// no name follows. ok is false when no name starts at i.
func (t *table) chainAt(s string, i, min int) (c chain, stray string, ok bool) {
	end, cands := t.nameAt(s, i, min)
	if end == 0 {
		return chain{}, "", false
	}
	c = chain{start: i, end: end, cands: cands, last: s[i:end], names: 1}
	for {
		e, next := t.nameAt(s, c.end, 2)
		if e == 0 {
			return c, "", true
		}
		below := t.under(next, c.cands)
		if len(below) == 0 {
			return c, s[c.end:e], true
		}
		c.cands, c.last, c.end = below, s[c.end:e], e
		c.names++
	}
}

// chainEnding returns the longest chain that ends at to, within the run
// of Chinese text before it.
func (t *table) chainEnding(s string, to int) (chain, bool) {
	from := to
	for from > 0 && to-from < 4*t.longest {
		r, size := utf8.DecodeLastRuneInString(s[:from])
		if !isHan(r) {
			break
		}
		from -= size
	}
	for i := from; i < to; {
		if c, _, ok := t.chainAt(s[:to], i, 2); ok && c.end == to {
			return c, true
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return chain{}, false
}

func isHan(r rune) bool { return r >= 0x3400 && r <= 0x9fff || r >= 0xf900 && r <= 0xfaff }

// portalWords end the name of a government's web site: a report says it
// is published there ("在平武县人民政府网站公开发布", "路桥区人民政府门户网站",
// "依托西工区政府门户网站"), which places its body. Each holds 网, which
// the scan looks for.
var portalWords = []string{"门户网站", "网站", "政府网", "政务网"}

// siteOwners stand between a government's name and portalWords.
var siteOwners = []string{"人民政府", "政府", "政务"}

// ownerWords come before the name of a site's owner or a page's source
// ("主办单位：邯郸市人民政府办公室", "信息来源曲靖市麒麟区珠街街道").
var ownerWords = []string{"主办单位", "主办", "信息来源", "发布机构"}

// portals returns the chains a text names as the portal it is published
// on or as the owner of the page: the strongest evidence a text gives of
// where its body is. It reads the text once, stopping at 网 and at the
// first characters of ownerWords.
func (t *table) portals(s string) []chain {
	var out []chain
	add := func(c chain) {
		if !hasChain(out, c) {
			out = append(out, c)
		}
	}
	for j, r := range s {
		switch r {
		case '网':
			for _, w := range portalWords {
				k := strings.Index(w, "网")
				if j < k || !strings.HasPrefix(s[j-k:], w) {
					continue
				}
				to := j - k
				for _, o := range siteOwners {
					if strings.HasSuffix(s[:to], o) {
						to -= len(o)
						break
					}
				}
				if c, ok := t.chainEnding(s, to); ok {
					add(c)
				}
				break
			}
		case '主', '信', '发':
			for _, w := range ownerWords {
				if !strings.HasPrefix(s[j:], w) {
					continue
				}
				i := j + len(w)
				for i < len(s) {
					r, size := utf8.DecodeRuneInString(s[i:])
					if r != ':' && r != '：' && !isSpace(r) {
						break
					}
					i += size
				}
				if c, _, ok := t.chainAt(s, i, 2); ok {
					add(c)
				}
				break
			}
		}
	}
	return out
}

func hasChain(cs []chain, c chain) bool {
	for _, d := range cs {
		if d.start == c.start && d.end == c.end {
			return true
		}
	}
	return false
}

// nameEnds are the last characters of the division names running text is
// searched for.
const nameEnds = "省市区县州盟旗镇乡道木"

// mentions returns the chains of division names in running text. A name
// of two characters (涉县, 城区, 矿区) counts only right after the name of
// its parent or right before 人民政府 or 政府, since such names are also
// parts of words (贡献县域, 主城区).
func (t *table) mentions(s string) []chain {
	var out []chain
	last := 0 // where the last name found ends
	for j, r := range s {
		if !strings.ContainsRune(nameEnds, r) {
			continue
		}
		end := j + utf8.RuneLen(r)
		start, cands := t.nameEnding(s, last, end)
		if cands == nil {
			continue
		}
		joined := len(out) > 0 && out[len(out)-1].end == start
		if runes(s[start:end]) < 3 && !joined && !strings.HasPrefix(s[end:], "人民政府") && !strings.HasPrefix(s[end:], "政府") {
			continue
		}
		last = end
		if joined {
			prev := &out[len(out)-1]
			if below := t.under(cands, prev.cands); len(below) > 0 {
				prev.cands, prev.last, prev.end = below, s[start:end], end
				prev.names++
				continue
			}
		}
		out = append(out, chain{start: start, end: end, cands: cands, last: s[start:end], names: 1})
	}
	return out
}

// nameEnding returns the start of the longest division name in s[from:end]
// that ends at end, and its divisions.
func (t *table) nameEnding(s string, from, end int) (start int, cands []int32) {
	best := -1
	for i, n := end, 0; i > from && end-i < t.longest; n++ {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !isHan(r) {
			break
		}
		i -= size
		if n >= 1 {
			if c := t.places(s[i:end], t.named(s[i:end])); len(c) > 0 {
				best, cands = i, c
			}
		}
	}
	return best, cands
}
