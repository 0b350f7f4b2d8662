package match

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"nianbao"
	"nianbao/document"
)

// The section headings: the numeral and the phrases any of the titles in use
// begins with (the template's short title, the notice's long one, and
// variants seen in real reports such as "存在的主要问题及整改措施").
var sectionHeads = [6]struct {
	numeral  string
	keywords []string
}{
	{"一", []string{"总体情况", "概述", "基本情况"}},
	{"二", []string{"主动公开政府信息", "行政机关主动公开", "主动公开情况"}},
	{"三", []string{"收到和处理政府信息公开申请", "行政机关收到和处理", "收到和处理"}},
	{"四", []string{"政府信息公开行政复议", "因政府信息公开工作被申请行政复议", "政府信息公开行政复议、行政诉讼", "行政复议、行政诉讼", "被申请行政复议"}},
	{"五", []string{"存在的主要问题", "政府信息公开工作存在的主要问题", "主要问题及改进", "存在问题"}},
	{"六", []string{"其他需要报告的事项", "其他需要报告"}},
}

var normSectionKeywords [6][][]byte

func init() {
	for i, h := range sectionHeads {
		for _, kw := range h.keywords {
			normSectionKeywords[i] = append(normSectionKeywords[i], normString(kw))
		}
	}
}

// heading is where a section heading was found, as original byte offsets.
type heading struct {
	start, end int // the heading's numeral and keyword
	found      bool
	// near is set when the title differs from every keyword by one
	// character ("行政法复议" for "行政复议"): a typo in the report.
	near bool
}

// findSections locates the six section headings in order. A heading is its
// numeral, "、" (or "." or nothing, as some scrapers drop it), and the start
// of a title; table row labels such as "二、上年结转" or "四、结转下年度"
// never match.
func findSections(text string, nt *normText) [6]heading {
	var hs [6]heading
	from := 0
	for i := range hs {
		numeral := []byte(sectionHeads[i].numeral)
		// Exact titles first, then, for a report with a typo in a heading,
		// titles one character away from a keyword.
		for _, near := range [2]bool{false, true} {
			for p := nt.index(numeral, from); p >= 0; p = nt.index(numeral, p+len(numeral)) {
				q := p + len(numeral)
				if q < len(nt.norm) && nt.norm[q] == '.' {
					q++
				}
				n := 0
				if near {
					n = nearKeyword(nt.norm[q:], normSectionKeywords[i])
				} else if kw := hasKeyword(nt.norm[q:], normSectionKeywords[i]); kw != nil {
					n = len(kw)
				}
				if n > 0 {
					hs[i] = heading{start: nt.origStart(p), end: nt.origEnd(text, q+n), found: true, near: near}
					from = q + n
					break
				}
			}
			if hs[i].found {
				break
			}
		}
	}
	return hs
}

// minNearKeyword is the shortest keyword, in runes, a title may differ
// from by a character: shorter ones would match ordinary words.
const minNearKeyword = 5

// nearKeyword returns the length of the prefix of s that is one of kws with
// one character added, dropped or changed, or 0.
func nearKeyword(s []byte, kws [][]byte) int {
	for _, kw := range kws {
		if utf8.RuneCount(kw) < minNearKeyword {
			continue
		}
		if n := nearPrefix(s, kw); n > 0 {
			return n
		}
	}
	return 0
}

// nearPrefix returns the length of the prefix of s that differs from kw by
// at most one rune added, dropped or changed, or 0. The first and last
// runes must agree, so that the match has the keyword's ends.
func nearPrefix(s, kw []byte) int {
	first, _ := utf8.DecodeRune(kw)
	if r, _ := utf8.DecodeRune(s); r != first {
		return 0
	}
	last, _ := utf8.DecodeLastRune(kw)
	common := 0 // bytes of kw and s that agree from the start
	for common < len(kw) && common < len(s) && kw[common] == s[common] {
		common++
	}
	if common == len(kw) {
		return common
	}
	for common > 0 && !utf8.RuneStart(kw[common]) {
		common--
	}
	_, ks := utf8.DecodeRune(kw[common:])
	rs, ss := utf8.DecodeRune(s[common:])
	ends := func(n int) int {
		if r, _ := utf8.DecodeLastRune(s[:n]); r == last {
			return n
		}
		return 0
	}
	switch {
	case bytes.HasPrefix(s[common+ss:], kw[common+ks:]) && rs != utf8.RuneError: // changed
		return ends(common + ss + len(kw) - common - ks)
	case bytes.HasPrefix(s[common+ss:], kw[common:]): // added
		return ends(common + ss + len(kw) - common)
	case bytes.HasPrefix(s[common:], kw[common+ks:]): // dropped
		return ends(common + len(kw) - common - ks)
	}
	return 0
}

// hasKeyword returns the first of kws that s starts with, or nil.
func hasKeyword(s []byte, kws [][]byte) []byte {
	for _, kw := range kws {
		if bytes.HasPrefix(s, kw) {
			return kw
		}
	}
	return nil
}

// sectionTexts returns the sections' headings and bodies.
func sectionTexts(text string, hs [6]heading, ix *docIndex) []nianbao.Section {
	var out []nianbao.Section
	for i, h := range hs {
		if !h.found {
			continue
		}
		end := len(text)
		for _, next := range hs[i+1:] {
			if next.found {
				end = next.start
				break
			}
		}
		// The title runs to the end of its line.
		titleEnd := h.end
		if nl := strings.IndexByte(text[h.end:end], '\n'); nl >= 0 {
			titleEnd = h.end + nl
		}
		title := text[h.start:titleEnd]
		if utf8.RuneCountInString(title) > 40 {
			title = text[h.start:h.end]
			titleEnd = h.end
		}
		out = append(out, nianbao.Section{
			Number: i + 1,
			Title:  strings.TrimRight(trimSpace(title), " |"), // a heading typed in a table row ends in its separator
			Text:   proseText(trimSpace(text[titleEnd:end])),
			Pos:    ix.pos(h.start),
		})
	}
	return out
}

func trimSpace(s string) string {
	return strings.TrimFunc(s, document.IsSpace)
}

// minWrappedLines is how many lines of a section must fill its width for
// the section to be taken as printed with wrapped lines (a PDF's), rather
// than a paragraph a line (a web page's, a document's).
const minWrappedLines = 3

// wrapSlack is how much narrower than the section's widest line, as a
// fraction of it, a line may be and still fill the width: a paragraph's
// first line is indented by two characters, half-width digits and a
// character that did not fit leave a line short of the margin.
const wrapSlack = 8 // one eighth

// proseText returns a section's text as paragraphs: page numbers a PDF
// prints between its lines dropped ("-1-", "第 2 页"), and lines that a
// PDF wrapped inside a paragraph joined. A line is wrapped when it fills
// the section's width, does not end a sentence and the next line does
// not open an item; table rows (with "|" or tabs) are kept as they are.
func proseText(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	type line struct {
		text  string
		width int // display width; 0 for a table's row
	}
	var buf [128]line // most sections: no allocation
	lines := buf[:0]
	dropped := false
	width := 0
	for rest := s; ; {
		l, after, more := strings.Cut(rest, "\n")
		if isPageNumber(l) {
			dropped = true
		} else {
			w := 0
			if !strings.ContainsAny(l, "|\t") { // not a table's row
				w = document.DisplayWidth(trimSpace(l))
			}
			lines = append(lines, line{l, w})
			width = max(width, w)
		}
		if !more {
			break
		}
		rest = after
	}
	fill := width - width/wrapSlack
	full := 0
	for _, l := range lines {
		if l.width > 0 && l.width >= fill {
			full++
		}
	}
	wrapped := func(i int) bool {
		return full >= minWrappedLines && lines[i-1].width > 0 && lines[i-1].width >= fill && lines[i].width > 0 &&
			!endsSentence(lines[i-1].text) && !opensItem(trimSpace(lines[i].text))
	}
	joins := false
	for i := 1; i < len(lines) && !joins; i++ {
		joins = wrapped(i)
	}
	if !dropped && !joins {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, l := range lines {
		t := l.text
		if i > 0 {
			if wrapped(i) {
				t = trimSpace(t) // the line ended where the page ran out
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(t)
	}
	return b.String()
}

// endsSentence reports whether a line ends a sentence or a heading.
func endsSentence(l string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRightFunc(l, document.IsSpace))
	switch r {
	case '。', '！', '？', '；', '：', '.', '!', '?', ';', ':', '）', ')':
		return true
	}
	return false
}

// opensItem reports whether a line starts an item of its own: "（一）",
// "一、", "1.", "1、", "(1)", "一是".
func opensItem(l string) bool {
	r, size := utf8.DecodeRuneInString(l)
	switch {
	case r == '（' || r == '(':
		return true
	case strings.ContainsRune("一二三四五六七八九十", r):
		next, _ := utf8.DecodeRuneInString(l[size:])
		return next == '、' || next == '是' || next == '．'
	case r >= '0' && r <= '9':
		rest := strings.TrimLeft(l, "0123456789")
		next, _ := utf8.DecodeRuneInString(rest)
		return next == '.' || next == '、' || next == '．'
	}
	return false
}
