package audit

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"nianbao"
	"nianbao/place"
)

// carriedOver: what last year carried forward is what this year carried over.
func carriedOver(c *Context) []nianbao.Finding {
	prev := c.Previous
	if prev == nil {
		return nil
	}
	var out []nianbao.Finding
	for col := range nianbao.NumColumns {
		now, then := c.Report.Requests[nianbao.CarriedOver][col], prev.Requests[nianbao.CarriedForward][col]
		if !now.Valid() || !then.Valid() || now.Cmp(then) == 0 {
			continue
		}
		out = append(out, nianbao.Finding{
			Message: fmt.Sprintf("表三“%s”列：本年“二、上年结转”为 %s，而%d年度报告“四、结转下年度继续办理”为 %s",
				col.Label(), now, prev.Year, then),
			Cells: []nianbao.FindingCell{c.requestCell(nianbao.CarriedOver, col),
				c.cell(prev, nianbao.RequestCell(nianbao.CarriedForward, col))},
			Stated: now, Expected: then})
	}
	return out
}

// continuity is a table 二 count carried from one year to the next: this
// year's field now = last year's field base, plus the fields plus, minus
// the fields minus (of this year's report or of last year's).
type continuity struct {
	now, base   string
	plus, minus []string
}

// continued checks a continuity of table 二 for the given items, its
// steps taken from the report steps.
func (c *Context) continued(items []string, steps *nianbao.Report, k continuity) []nianbao.Finding {
	rep, prev := c.Report, c.Previous
	var out []nianbao.Finding
	for _, item := range items {
		key := func(field string) string { return nianbao.ActiveKey(item, field) }
		now, want := rep.Active[key(k.now)], prev.Active[key(k.base)]
		cells := []nianbao.FindingCell{c.activeCell(rep, item, k.now), c.activeCell(prev, item, k.base)}
		desc := cells[1].Label
		for i, f := range slices.Concat(k.plus, k.minus) {
			cell := c.activeCell(steps, item, f)
			cells = append(cells, cell)
			if i < len(k.plus) {
				want = want.Add(steps.Active[key(f)])
				desc += " + " + cell.Label
			} else {
				want = want.Sub(steps.Active[key(f)])
				desc += " − " + cell.Label
			}
		}
		if !now.Valid() || !want.Valid() || now.Cmp(want) == 0 {
			continue
		}
		out = append(out, nianbao.Finding{
			Message: fmt.Sprintf("%s为 %s，而按%d年度报告推算应为 %s（%s）", cells[0].Label, now, prev.Year, want, desc),
			Cells:   cells, Stated: now, Expected: want})
	}
	return out
}

// inForce: 2021 format, documents in force = last year's + issued − repealed.
func inForce(c *Context) []nianbao.Finding {
	if !c.sameFormat(nianbao.Format2021) {
		return nil
	}
	return c.continued([]string{"regulations", "normative_documents"}, c.Report,
		continuity{now: "in_force", base: "in_force", plus: []string{"issued"}, minus: []string{"repealed"}})
}

// items2019: 2019 format, this year's 上一年项目数量 = last year's plus its 本年增/减.
func items2019(c *Context) []nianbao.Finding {
	if !c.sameFormat(nianbao.Format2019) {
		return nil
	}
	return c.continued([]string{"licensing", "other_services", "punishment", "coercion", "fees"}, c.Previous,
		continuity{now: "previous_items", base: "previous_items", plus: []string{"change"}})
}

func (c *Context) sameFormat(t nianbao.Template) bool {
	return c.Previous != nil && c.Report.Template == t && c.Previous.Template == t
}

// copiedThreshold is the share of this year's section 五 — counted in
// runs of shingle characters, numbers ignored — that may already be in
// last year's. Reports of unrelated bodies share stock phrases (进一步加强,
// 政务公开工作): between the five seed reports, no section 五 has more than
// 9.6% of its runs in another's. A section edited from last year's keeps
// well over half. Half, five times what stock phrases explain, is where
// this year's problems and plans stop being this year's: "年年雷同".
const (
	copiedThreshold = 0.5
	shingle         = 4  // characters per run: a Chinese word or two
	minProblemsText = 30 // characters; "无" or one line is not worth comparing
)

// copiedProblems: section 五 reused from last year's report.
func copiedProblems(c *Context) []nianbao.Finding {
	if c.Previous == nil {
		return nil
	}
	now, then := sectionText(c.Report, 5), sectionText(c.Previous, 5)
	a, b := normText(now), normText(then)
	if len(a.runes) < minProblemsText || len(b.runes) < minProblemsText {
		return nil
	}
	share := containment(a.runes, b.runes)
	if share < copiedThreshold {
		return nil
	}
	passage := a.longestCommon(b)
	return []nianbao.Finding{{
		Message: fmt.Sprintf("第五部分有 %.0f%% 的文字与%d年度报告的第五部分相同：存在的问题和改进措施应针对本年度，不得年年雷同",
			share*100, c.Previous.Year),
		Section: 5, Quote: excerpt(passage, 0, len(passage))}}
}

func sectionText(rep *nianbao.Report, n int) string {
	for _, s := range rep.Sections {
		if s.Number == n {
			return s.Text
		}
	}
	return ""
}

// normalized is text reduced to what wording is made of — no spaces, no
// punctuation, every number one "#" so that a changed year or count does
// not hide a copy — with where each character came from.
type normalized struct {
	runes []rune
	from  []int // byte offset in the original of each rune
	text  string
}

func normText(s string) normalized {
	n := normalized{text: s}
	digits := false
	for i, r := range s {
		switch {
		case unicode.IsDigit(r):
			if !digits {
				n.runes, n.from = append(n.runes, '#'), append(n.from, i)
			}
			digits = true
			continue
		case unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
		default:
			n.runes, n.from = append(n.runes, r), append(n.from, i)
		}
		digits = false
	}
	return n
}

// containment is the share of a's runs of shingle characters that occur in b.
func containment(a, b []rune) float64 {
	runs := func(r []rune) map[string]bool {
		m := map[string]bool{}
		for i := 0; i+shingle <= len(r); i++ {
			m[string(r[i:i+shingle])] = true
		}
		return m
	}
	ra, rb := runs(a), runs(b)
	common := 0
	for s := range ra {
		if rb[s] {
			common++
		}
	}
	return float64(common) / float64(max(len(ra), 1))
}

// longestCommon returns the longest passage of n's original text whose
// wording also occurs in m.
func (n normalized) longestCommon(m normalized) string {
	best, end := 0, 0
	prev := make([]int, len(m.runes)+1)
	cur := make([]int, len(m.runes)+1)
	for i := range n.runes {
		for j := range m.runes {
			if n.runes[i] == m.runes[j] {
				cur[j+1] = prev[j] + 1
				if cur[j+1] > best {
					best, end = cur[j+1], i+1
				}
			} else {
				cur[j+1] = 0
			}
		}
		prev, cur = cur, prev
	}
	if best == 0 {
		return ""
	}
	stop := len(n.text)
	if end < len(n.from) {
		stop = n.from[end]
	}
	return strings.TrimSpace(n.text[n.from[end-best]:stop])
}

// crossUnchecked says why the cross-year rules could not all be applied.
func crossUnchecked(c *Context) []nianbao.Finding {
	rep, prev := c.Report, c.Previous
	switch {
	case len(c.opt.Previous) == 0:
		return nil
	case prev == nil:
		return []nianbao.Finding{{Message: fmt.Sprintf("所给往年报告中没有%d年度的报告，跨年度核对未进行", rep.Year-1)}}
	}
	var out []nianbao.Finding
	// One body under two names (洪泽区人民政府, 淮安市洪泽区人民政府) when
	// both are placed in one division: nothing to confirm.
	if !place.BodyYear(rep, place.Key(placement(rep, c.opt).Code)).SameBody(place.BodyYear(prev, place.Key(place.Locate(prev).Code))) {
		out = append(out, nianbao.Finding{Message: fmt.Sprintf("%d年度报告的机关为“%s”，本报告为“%s”：请确认是同一机关", prev.Year, prev.Agency, rep.Agency)})
	}
	if prev.Template != rep.Template {
		out = append(out, nianbao.Finding{Message: fmt.Sprintf("%d年度报告使用%s年版格式，本报告使用%s年版格式：表二口径不同，未逐项核对", prev.Year, prev.Template, rep.Template)})
	}
	return out
}
