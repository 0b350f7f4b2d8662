package match

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"nianbao"
	"nianbao/document"
)

// Reading cells from the text itself, where no block says where a cell
// ends: digits squashed together, column-aligned text, a report on one line.

// freeTokens reads a zone of text that has no separators: squashed cells,
// column-aligned text or a report on one line. Digits that touch words are
// cut from them; each U+00A0 on a line that has other cells stands for one
// blank cell, as scrapers print an empty cell.
func freeTokens(text string, start, end int, ix *docIndex) []token {
	var out []token
	lineHasValue := false
	lineStart := len(out)
	flushLine := func() {
		if !lineHasValue {
			// A line of nothing but non-breaking spaces is page spacing.
			k := lineStart
			for _, t := range out[lineStart:] {
				if !t.empty {
					out[k] = t
					k++
				}
			}
			out = out[:k]
		}
		lineHasValue = false
		lineStart = len(out)
	}
	i := start
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			flushLine()
			i += size
			if le := strings.IndexByte(text[i:end], '\n'); le >= 0 && isPageNumber(text[i:i+le]) {
				i += le
			} else if le < 0 && isPageNumber(text[i:end]) {
				i = end
			}
		case r == '\u00a0':
			out = append(out, token{kind: nianbao.KindBlank, off: i, empty: true, line: ix.line(i), x: ix.col(text, i) + 1})
			i += size
		case document.IsSpace(r) || r == '|':
			i += size
		default:
			j := i
			for j < end {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if document.IsSpace(r2) || r2 == '|' {
					break
				}
				j += s2
			}
			for _, t := range splitWord(text, i, j) {
				t.line = ix.line(t.off)
				t.x = ix.col(text, t.off+len(t.raw))
				out = append(out, t)
				lineHasValue = true
			}
			i = j
		}
	}
	flushLine()
	return out
}

// splitWord cuts a run of non-space text into the cells it holds: the
// numbers, digit runs and marks, dropping words (label remnants).
func splitWord(text string, i, j int) []token {
	w := text[i:j]
	if t, ok := classify(nianbao.FoldWidth(w), i); ok {
		t.raw = w
		return []token{t}
	}
	var out []token
	prev := rune(0)
	for k := 0; k < len(w); {
		r, size := utf8.DecodeRuneInString(w[k:])
		switch {
		case isNumRune(r):
			m := k
			for m < len(w) {
				r2, s2 := utf8.DecodeRuneInString(w[m:])
				if !isNumRune(r2) {
					break
				}
				m += s2
			}
			part := w[k:m]
			next, _ := utf8.DecodeRuneInString(w[m:])
			// A number glued to the front of a word is a label's numbering
			// ("1.属于…", "1、属于…"), not a cell.
			numbering := next == '、' || next == '．' || strings.HasSuffix(part, ".") && m < len(w) && !isNumRune(next)
			if !numbering {
				if t, ok := classify(nianbao.FoldWidth(strings.TrimRight(part, ".,")), i+k); ok {
					t.raw = part
					out = append(out, t)
				} else if countAndAmount.MatchString(part) {
					// A count of 0 run into an amount ("040367.9"), which
					// no number starts with: splitAmount cuts it.
					out = append(out, token{kind: nianbao.KindNumber, raw: part, off: i + k})
				}
			}
			prev, _ = utf8.DecodeLastRuneInString(part)
			if numbering {
				prev = '、' // what follows numbering is the label's words
			}
			k = m
		case markRune(r):
			// A mark among digits is a cell ("0无00000", "000000无三、…"
			// where a label follows on the same line); the same character
			// inside words is text ("（四）无法提供").
			next, _ := utf8.DecodeRuneInString(w[k+size:])
			afterCells := prev != 0 && (isNumRune(prev) || markRune(prev))
			// Right after a group's numbering it starts the group's label,
			// even split from its words by a space ("（四）无 法提供").
			if !isLetter(prev) && (afterCells || !isLetter(next)) && !endsInNumbering(w[:k]) {
				if t, ok := classify(string(r), i+k); ok {
					out = append(out, t)
				}
			}
			prev = r
			k += size
		default:
			prev = r
			k += size
		}
	}
	return out
}

// endsInNumbering reports whether s ends in a group's numbering: "（四）",
// "(四)".
func endsInNumbering(s string) bool {
	for _, close := range [...]string{"）", ")"} {
		rest, ok := strings.CutSuffix(s, close)
		if !ok {
			continue
		}
		r, size := utf8.DecodeLastRuneInString(rest)
		rest = rest[:len(rest)-size]
		if strings.ContainsRune("一二三四五六七八九", r) && (strings.HasSuffix(rest, "（") || strings.HasSuffix(rest, "(")) {
			return true
		}
	}
	return false
}

// isPageNumber reports whether a line is a page number or footer that a
// PDF's text puts between table rows: "- 3 -", "第3页", "第 3 页 共 5 页".
// ("3/5" is not taken: in squashed text it is two cells and a mark.)
func isPageNumber(line string) bool {
	line = strings.TrimFunc(line, document.IsSpace)
	if line == "" {
		return false
	}
	// Every line pageNumber takes starts as one of its alternatives does:
	// most lines are told apart without running it.
	if c := line[0]; c != '-' && c != 'P' && c != 'p' &&
		!strings.HasPrefix(line, "—") && !strings.HasPrefix(line, "–") && !strings.HasPrefix(line, "第") {
		return false
	}
	return pageNumber.MatchString(line)
}

var countAndAmount = regexp.MustCompile(`^0[0-9]+\.[0-9]+$`)

var pageNumber = regexp.MustCompile(`^(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$`)
