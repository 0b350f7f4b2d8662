package audit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"nianbao"
)

// splitSentences returns the sentences of a section's text in a form the
// prose rules can match: widths folded, so that "，" and "１２" read as ","
// and "12", and every space and line break removed, since scraped and
// column-aligned text breaks sentences across lines and writes "2024 年".
func splitSentences(text string) []string {
	text = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, nianbao.FoldWidth(text))
	return strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("。;!?", r) })
}

// maxQuote bounds a quoted passage, in characters.
const maxQuote = 80

// excerpt quotes s around s[start:end]: all of it when it is short, else
// a window around the match.
func excerpt(s string, start, end int) string {
	if utf8.RuneCountInString(s) <= maxQuote {
		return s
	}
	before := []rune(s[:start])
	from := max(0, len(before)-maxQuote/3)
	out := string(before[from:]) + s[start:end]
	rest := []rune(s[end:])
	room := max(0, maxQuote-utf8.RuneCountInString(out))
	out += string(rest[:min(room, len(rest))])
	if from > 0 {
		out = "…" + out
	}
	if room < len(rest) {
		out += "…"
	}
	return out
}

// parseCount reads a count as prose writes it: digits (with thousands
// separators) or a small number in Chinese numerals ("两", "十二").
func parseCount(s string) (nianbao.Num, bool) {
	if n, ok := nianbao.ParseNum(s); ok {
		return n, true
	}
	digits := map[rune]int64{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	var n, cur int64
	for i, r := range []rune(s) {
		if r == '十' {
			if i == 0 {
				cur = 1
			}
			n, cur = n+cur*10, 0
			continue
		}
		d, ok := digits[r]
		if !ok {
			return nianbao.Num{}, false
		}
		cur = cur*10 + d
	}
	return nianbao.Int(n + cur), s != ""
}
