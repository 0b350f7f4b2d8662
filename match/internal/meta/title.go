package meta

import "strings"

// A title names the body and the year around a fixed phrase:
//
//	西工区王城路街道办事处 2024 年政府信息公开工作 年度报告
//	2023年洪泽区政府信息公开工作年度报告
//	xx市人民政府政府信息公开工作2023年度报告
//	xx局政府信息公开年度报告（2023年）
//
// The phrase is 政府信息公开 / 信息公开 / 政务公开, then 工作 or not, then
// 年度报告 or 年报. The search starts from each 报 and reads backwards, so
// page chrome and navigation in front of the title cost nothing.

// title is what a title says.
type title struct {
	agency string // "" when the title names no body
	year   int
}

// findTitle returns the first title in head that names the body, with the
// year of the first one that states a year: a page may carry the plain
// title of its column ("2023年政府信息公开工作年度报告") before the report's.
func findTitle(head string) (title, bool) {
	var t title
	for off := 0; t.agency == "" || t.year == 0; {
		k := strings.Index(head[off:], "报")
		if k < 0 {
			break
		}
		p := off + k
		off = p + len("报")
		c, ok := titleAt(head, p)
		if !ok {
			continue
		}
		if t.agency == "" && c.agency != "" {
			t.agency = c.agency
		}
		if t.year == 0 {
			t.year = c.year
		}
	}
	return t, t.agency != "" || t.year != 0
}

// titleAt reads the title whose 报 is at p.
func titleAt(s string, p int) (title, bool) {
	pos, ok := matchAnyBefore(s, p, "年度", "年")
	if !ok {
		return title{}, false
	}
	var t title
	// 工作2023年度报告: the year inside the phrase.
	if y, start, ok := yearBefore(s, pos); ok {
		t.year, pos = y, start
	}
	if start, ok := matchBefore(s, pos, "工作"); ok {
		pos = start
	}
	if pos, ok = matchBefore(s, pos, "公开"); !ok {
		return title{}, false
	}
	govTrimmed := false
	if start, ok := matchBefore(s, pos, "信息"); ok {
		pos = start
		if start, ok := matchBefore(s, pos, "政府"); ok {
			pos, govTrimmed = start, true
		}
	} else if pos, ok = matchBefore(s, pos, "政务"); !ok {
		return title{}, false
	}

	after := p + len("报")
	if end, ok := matchAt(s, after, "告"); ok {
		after = end
	}
	if _, ok := matchAt(s, after, "格式"); ok {
		// 关于印发…政府信息公开工作年度报告格式的通知: the template, not a title.
		return title{}, false
	}

	nameEnd := pos
	if t.year == 0 {
		if start, ok := matchAnyBefore(s, pos, "年度", "年"); ok {
			if y, ys, ok := yearBefore(s, start); ok {
				t.year, nameEnd = y, ys
			}
		}
	}
	name, start, y, crossed := nameBefore(s, nameEnd)
	if t.year == 0 {
		t.year = y
	}
	if t.year == 0 {
		t.year = yearInParens(s, after)
	}
	// 字号：大 中 小曲靖市…: the last of the font sizes is glued to the name.
	if rest, ok := strings.CutPrefix(name, "小"); ok {
		if _, ok := matchBefore(s, start, "大中"); ok {
			name = rest
		}
	}
	if name != "" {
		// 曲靖市人民政府信息公开…: 政府 belonged to the name.
		if govTrimmed && strings.HasSuffix(name, "人民") {
			name += "政府"
		}
		var ok bool
		if name, ok = cleanName(name); ok && (!crossed || hasAdminSuffix(name)) {
			t.agency = name
		}
	}
	if t.year == 0 && (t.agency == "" || !lineStart(s, start) || !phraseEnd(s, after)) {
		// Without a year, only a line of its own is a title: in prose the
		// phrase names reports in general.
		return title{}, false
	}
	return t, true
}

// lineStart reports whether only whitespace separates i from the start of its line.
func lineStart(s string, i int) bool {
	k := skipSpaceBack(s, i)
	return k == 0 || strings.IndexByte(s[k:i], '\n') >= 0
}

// phraseEnd reports whether the title phrase ending at i ends its sentence:
// the end of the text, whitespace or a parenthesis follows.
func phraseEnd(s string, i int) bool {
	r, n := runeAt(s, i)
	return n == 0 || isSpace(r) || r == '(' || r == '（'
}

// yearInParens reads "（2023年）" or "(2023年度)" at i.
func yearInParens(s string, i int) int {
	i = skipSpace(s, i)
	r, n := runeAt(s, i)
	if r != '(' && r != '（' {
		return 0
	}
	y, end, ok := yearAt(s, skipSpace(s, i+n))
	if !ok {
		return 0
	}
	if e, ok := matchAt(s, end, "年度"); ok {
		end = e
	} else if e, ok := matchAt(s, end, "年"); ok {
		end = e
	}
	if _, ok := matchAt(s, end, ")"); ok {
		return y
	}
	if _, ok := matchAt(s, end, "）"); ok {
		return y
	}
	return 0
}
