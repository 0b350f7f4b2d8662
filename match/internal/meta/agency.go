package meta

import (
	"strings"
	"unicode/utf8"
)

// Names of reporting bodies end in the word for what they are: a place
// (区, 县, 街道), a government (人民政府), an office (办公室, 局, 委员会) or
// another unit (中心, 大队). Only such names are taken from places less
// certain than the title: the line above the signature date, or prose.

// suffixRunes are one-character endings of body names.
const suffixRunes = "局厅委办处所站队院部署会社馆场省市区县州盟旗镇乡"

// suffixWords are endings whose last character is not in suffixRunes.
var suffixWords = []string{"街道", "政府", "办公室", "中心", "集团", "公司", "海关", "气象台", "银行", "支行", "分行"}

// hasAdminSuffix reports whether name ends like the name of a body.
func hasAdminSuffix(name string) bool {
	r, _ := utf8.DecodeLastRuneInString(name)
	if strings.ContainsRune(suffixRunes, r) {
		return true
	}
	for _, w := range suffixWords {
		if strings.HasSuffix(name, w) {
			return true
		}
	}
	return false
}

// hasPlaceSuffix reports whether name ends like a place name, which can
// stand in front of another name ("西工区 王城路街道办事处").
func hasPlaceSuffix(name string) bool {
	r, _ := utf8.DecodeLastRuneInString(name)
	return strings.ContainsRune("省市区县州盟旗镇乡", r) || strings.HasSuffix(name, "街道")
}

// notName are phrases that never occur in a body's name but do in the
// sentences and document titles around one.
var notName = []string{"印发", "通知", "根据", "按照", "简称", "报告", "年报"}

// cleanName trims what surrounds a name taken from a title and reports
// whether what is left can be a name.
func cleanName(name string) (string, bool) {
	// xx局关于2023年…报告的公告.
	name = strings.TrimSuffix(name, "关于")
	name = cutName(balanceParens(name))
	for again := true; again; {
		again = false
		for _, c := range chrome {
			if strings.HasPrefix(name, c) {
				name, again = name[len(c):], true
			}
		}
	}
	// 关于xx局2023年…报告.
	name = strings.TrimPrefix(name, "关于")
	n := utf8.RuneCountInString(name)
	// A name that ends in chrome or a column's name (当前位置首页政府信息公开)
	// is the breadcrumb, not a body.
	if n < 2 || n > maxName || isBare(name) || endsCut(name) {
		return "", false
	}
	for _, w := range notName {
		if strings.Contains(name, w) {
			return "", false
		}
	}
	return name, true
}

// balanceParens drops an unmatched parenthesis and what it cuts off: a
// closing one with the text before it, an opening one with the text after.
func balanceParens(name string) string {
	depth, open := 0, -1
	for i, r := range name {
		switch r {
		case '(', '（':
			if depth == 0 {
				open = i
			}
			depth++
		case ')', '）':
			if depth == 0 {
				return balanceParens(name[i+utf8.RuneLen(r):])
			}
			depth--
		}
	}
	if depth > 0 {
		return name[:open]
	}
	return name
}

func isNameRune(r rune) bool {
	return isHan(r) || r == '(' || r == ')' || r == '（' || r == '）'
}

// nameBefore collects the name that ends at j, reading backwards over name
// characters and whitespace. Inner spaces are dropped, so "平 武 县" and
// "西工区 王城路街道办事处" read whole, but a piece behind a space joins only
// if it is a letter-spaced character or a body's name on the same line
// ("国家税务总局 沭阳县税务局"), or a place name on the line above, so page
// chrome in front ("长者专版 曲靖市…", a site's name in its header) stays
// out. A year in front ("2023年洪泽区…") ends the name and is returned.
// start is where the name begins; crossed reports whether the name's
// nearest piece lies on an earlier line than j.
func nameBefore(s string, j int) (name string, start, year int, crossed bool) {
	var pieces []string // nearest first
	start = j
	for {
		k := skipSpaceBack(s, j)
		newline := strings.IndexByte(s[k:j], '\n') >= 0
		if len(pieces) == 0 {
			crossed = newline
		}
		from, y := pieceBefore(s, k)
		if y > 0 {
			year = y
		}
		if from == k {
			break
		}
		piece := s[from:k]
		if len(pieces) > 0 {
			last := pieces[len(pieces)-1]
			spaced := utf8.RuneCountInString(piece) == 1 && utf8.RuneCountInString(last) == 1
			joins := hasPlaceSuffix(piece) || !newline && (spaced || hasAdminSuffix(piece))
			if !joins {
				break
			}
		}
		pieces = append(pieces, piece)
		start = from
		if y > 0 {
			break
		}
		if r, n := runeBefore(s, from); n == 0 || !isSpace(r) {
			break
		}
		j = from
	}
	var b strings.Builder
	for i := len(pieces) - 1; i >= 0; i-- {
		b.WriteString(pieces[i])
	}
	return b.String(), start, year, crossed
}

// pieceBefore returns the start of the run of name characters ending at j.
// It stops after "年" or "年度" that follows a year, returning the year.
func pieceBefore(s string, j int) (start, year int) {
	i := j
	for {
		r, n := runeBefore(s, i)
		if n == 0 || !isNameRune(r) {
			return i, 0
		}
		if r == '年' || r == '度' {
			k := i - n
			if r == '度' {
				if r2, n2 := runeBefore(s, k); r2 == '年' {
					k -= n2
				} else {
					k = -1
				}
			}
			if k >= 0 {
				if y, _, ok := yearBefore(s, k); ok {
					return i, y
				}
			}
		}
		i -= n
	}
}

// notFirst are characters that start references and phrases, not names:
// pronouns (我街道, 本机关, 全县, 各部门) and prepositions (在区委…, 按照…).
const notFirst = "我本全各该此其每在对为以由据按至"

// namesBody reports whether s can start a name: not with a pronoun or a
// preposition, and not as a bare 区政府 or 县委, which refer to a body
// without naming it.
func namesBody(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return !strings.ContainsRune(notFirst+suffixRunes, r)
}

// stopWords occur in the clauses that follow a name in prose ("路北街道切实
// 根据…", "东山区坚持以…") and never inside the names themselves.
var stopWords = []string{
	"坚持", "认真", "根据", "按照", "围绕", "全面", "持续", "深入", "切实", "紧紧",
	"严格", "进一步", "主动", "通过", "积极", "高度", "不断", "扎实", "始终", "聚焦",
	"立足", "依托", "贯彻", "落实", "着力", "推进", "加强", "结合", "以来", "全年",
	"年度", "共计", "收到", "发布", "深化", "做好", "强化", "开展", "印发", "关于",
}

// stopRunes are single characters with the same role; they are checked
// only after the first part of a name, since place names may hold them (于都县).
const stopRunes = "在以的为了把将被从向并于"

func hasStop(seg string, runes bool) bool {
	for _, w := range stopWords {
		if strings.Contains(seg, w) {
			return true
		}
	}
	return runes && strings.ContainsAny(seg, stopRunes)
}

// nameAt returns the longest sensible name that starts a run of Chinese
// text at i, as in "2024年，路北街道切实根据…" → 路北街道. A name is a
// chain of parts that each end like a name (平武县 + 人民政府 + 办公室);
// the chain stops at the first part that reads as the rest of the sentence.
func nameAt(s string, i int) string {
	end := i
	for n := 0; n < 30; n++ {
		r, size := runeAt(s, end)
		if size == 0 || !isHan(r) {
			break
		}
		end += size
	}
	run := s[i:end]
	if run == "" || !namesBody(run) {
		return ""
	}
	best, from := 0, 0
	for k, r := range run {
		e := k + utf8.RuneLen(r)
		if !hasAdminSuffix(run[:e]) {
			continue
		}
		seg := run[from:e]
		n := utf8.RuneCountInString(seg)
		if best == 0 {
			// A bare 政府 or 街道办事处 names no body (2024年政府信息公开…).
			if n > 15 || hasStop(seg, false) || isBare(seg) {
				return ""
			}
		} else {
			if n > 10 || hasStop(seg, true) {
				break
			}
			// A lone 市 or 区 after a place is the start of the next word
			// (东山区市场…); a lone 委, 办 or 局 completes a name (县委).
			if n == 1 && !strings.Contains("委办局", seg) {
				continue
			}
		}
		best, from = e, e
	}
	return run[:best]
}
