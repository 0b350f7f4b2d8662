package match

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// style is how a table's cells are separated in text.
type style int

const (
	styleFree      style = iota // no separators: squashed digits, column-aligned text, one line
	stylePipeRows               // one row per line, cells between '|'
	styleMarkdown               // pipe rows with outer pipes and a |---| line
	styleCellLines              // one cell per line, each ending in '|'
	styleTabs                   // one row per line, cells between tabs
)

var styleNames = [...]string{"free", "pipe-rows", "markdown", "cell-lines", "tabs"}

// rowStyle reports whether st puts one table row on each line.
func rowStyle(st style) bool { return st == stylePipeRows || st == styleMarkdown || st == styleTabs }

// detectStyle looks at the lines of a table region and decides how its cells
// are separated.
func detectStyle(region string) style {
	var lines, pipeLines, multiPipe, tabLines int
	markdown := false
	for rest := region; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		lines++
		if k := strings.Count(line, "|"); k > 0 {
			pipeLines++
			if k > 1 && strings.Trim(line, "| ") != "" {
				multiPipe++
			}
		}
		if strings.Contains(line, "\t") {
			tabLines++
		}
		if strings.HasPrefix(line, "|") && strings.Count(line, "-") >= 3 && strings.Trim(line, "|-: ") == "" {
			markdown = true
		}
	}
	switch {
	case lines == 0:
		return styleFree
	case pipeLines*2 > lines && multiPipe*4 > pipeLines && markdown:
		return styleMarkdown
	case pipeLines*2 > lines && multiPipe*4 > pipeLines:
		return stylePipeRows
	case pipeLines*2 > lines:
		return styleCellLines
	case tabLines*3 > lines:
		return styleTabs
	}
	return styleFree
}

// token is one cell as read from a zone of text: a number, a mark, a blank,
// or digits run together that the arithmetic must split.
type token struct {
	kind nianbao.Kind
	num  nianbao.Num
	raw  string
	off  int  // byte offset of raw in the text
	run  bool // squashed digits: raw holds several cells' digits
	// x is the token's horizontal place: the display column just after it
	// in column-aligned text, the cell's index within its line in grids.
	x    int
	line int // line number (0-based) of the token
	// empty is set for grid cells with nothing in them, which may be a
	// blank cell or the filler a merged cell leaves behind.
	empty bool
}

// marks are the non-numbers reports print in cells that have no number.
var marks = map[string]bool{
	"/": true, "／": true, "\\": true, "—": true, "——": true, "-": true, "--": true, "–": true, "－": true,
	"无": true, "空": true, "×": true, "*": true, "…": true, "……": true, "不适用": true, "——/": true,
}

// classify reads a cell's trimmed text.
func classify(raw string, off int) (token, bool) {
	t := token{raw: raw, off: off}
	if n, ok := nianbao.ParseNum(raw); ok {
		t.kind, t.num = nianbao.KindNumber, n
		return t, true
	}
	if marks[raw] {
		t.kind = nianbao.KindMark
		return t, true
	}
	if isRun(raw) {
		t.kind, t.run = nianbao.KindNumber, true
		return t, true
	}
	return t, false
}

// isRun reports whether s is digits run together that may hold several
// cells: two or more digits, and signs only in front of digits ("7-20",
// 2019's signed 本年增/减).
func isRun(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case (c == '+' || c == '-') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
		default:
			return false
		}
	}
	return digits >= 2
}

// spaceBounds returns where s starts and ends without its spaces (isSpace),
// looking at bytes first since most cells are ASCII.
func spaceBounds(s string) (i, j int) {
	i, j = 0, len(s)
	for i < j && asciiSpace(s[i]) {
		i++
	}
	for j > i && asciiSpace(s[j-1]) {
		j--
	}
	if i < j && (s[i] >= utf8.RuneSelf || s[j-1] >= utf8.RuneSelf) {
		lead := strings.TrimLeftFunc(s[i:j], isSpace)
		i = j - len(lead)
		j = i + len(strings.TrimRightFunc(lead, isSpace))
	}
	return i, j
}

func asciiSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\u3000', '\u00a0', '\u2002', '\u2003', '\u2009', '\u200b', '\ufeff':
		return true
	}
	return false
}

// gridTokens splits a zone of a table laid out with separators into cells.
// Empty cells are kept (marked empty) because a blank cell and the filler of
// a merged cell look alike; the caller decides by counting.
//
// The zone normally starts right after a label, so the rest of the first
// line is the label's own cell; wholeLine says the zone starts a row instead.
func gridTokens(text string, start, end int, st style, lines *lineIndex, wholeLine bool) []token {
	sep := "|"
	if st == styleTabs {
		sep = "\t"
	}
	// At most one cell per separator and one more per line: one allocation.
	out := make([]token, 0, strings.Count(text[start:end], sep)+strings.Count(text[start:end], "\n")+1)
	first := !wholeLine
	for ls := start; ls < end; {
		le := strings.IndexByte(text[ls:end], '\n')
		if le < 0 {
			le = end
		} else {
			le += ls
		}
		line := text[ls:le]
		trimmed := strings.TrimFunc(line, isSpace)
		at := ls + len(line) - len(strings.TrimLeftFunc(line, isSpace)) // where trimmed starts
		switch st {
		case styleCellLines:
			// Each cell prints as its text and " |": an empty cell is " |",
			// while a line of nothing but '|' is the filler a merged cell
			// leaves behind.
			if first {
				// The rest of the label's own line closes the label's cell.
				first = false
				if rest := strings.TrimSuffix(trimmed, "|"); strings.TrimFunc(rest, isSpace) != "" {
					out = appendGridCell(out, at, rest)
				}
				break
			}
			if trimmed == "" || strings.Trim(line, "|") == "" {
				break
			}
			out = appendGridCell(out, at, strings.TrimSuffix(trimmed, "|"))
		default:
			if le == end && ls > start && end < len(text) && text[end-1] != '\n' {
				// The start of the next label's line: cells there before the
				// label are covered by merged cells above it or hold a group
				// label, never this row's numbers.
				break
			}
			// Cells are numbered from the start of the line, not of the
			// zone, so that rows line up whatever their labels.
			base := strings.Count(text[lines.starts[lines.line(ls)]:ls], sep)
			for i, next := 0, ls; next <= le; i++ {
				cellStart := next
				c := text[cellStart:le]
				last := true
				if k := strings.IndexByte(c, sep[0]); k >= 0 {
					c, last = c[:k], false
				}
				next = cellStart + len(c) + 1
				if i == 0 && first {
					// The label's own cell.
					continue
				}
				if st != styleTabs && strings.TrimFunc(c, isSpace) == "" && (last || i == 0 && st == styleMarkdown) {
					// A row's closing pipe, and Markdown's opening one: in
					// plain pipe rows a line that starts with '|' starts
					// with a blank cell.
					continue
				}
				out = appendGridCell(out, cellStart, c)
				if len(out) > 0 && out[len(out)-1].off >= cellStart {
					out[len(out)-1].x = base + i
				}
			}
			first = false
		}
		ls = le + 1
	}
	return out
}

// appendGridCell reads the cell whose text starts at byte base.
func appendGridCell(out []token, base int, cellText string) []token {
	i, j := spaceBounds(cellText)
	raw := cellText[i:j]
	off := base + i
	if raw == "" {
		return append(out, token{kind: nianbao.KindBlank, off: off, empty: true})
	}
	t, ok := classify(raw, off)
	if !ok {
		// Words in a value cell are what is left of a label (a typo, a
		// wrapped line): they are not a cell of the row.
		return out
	}
	return append(out, t)
}

// freeTokens reads a zone of text that has no separators: squashed cells,
// column-aligned text or a report on one line. Digits that touch words are
// cut from them; each U+00A0 on a line that has other cells stands for one
// blank cell, as scrapers print an empty cell.
func freeTokens(text string, start, end int, lines *lineIndex) []token {
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
			out = append(out, token{kind: nianbao.KindBlank, off: i, empty: true, line: lines.line(i), x: lines.col(text, i) + 1})
			i += size
		case isSpace(r) || r == '|':
			i += size
		default:
			j := i
			for j < end {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if isSpace(r2) || r2 == '|' {
					break
				}
				j += s2
			}
			for _, t := range splitWord(text, i, j) {
				t.line = lines.line(t.off)
				t.x = lines.col(text, t.off+len(t.raw))
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
			if !isLetter(prev) && (afterCells || !isLetter(next)) {
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

func isNumRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= '０' && r <= '９' || r == '.' || r == ',' || r == '+' || r == '-'
}

// markRune reports whether r alone can be a mark cell.
func markRune(r rune) bool {
	switch r {
	case '/', '／', '—', '–', '无', '×', '\\':
		return true
	}
	return false
}

// isLetter reports whether r belongs to words: not a digit, a mark, a
// space or nothing at all.
func isLetter(r rune) bool {
	return r != 0 && r != utf8.RuneError && !isNumRune(r) && !markRune(r) && !isSpace(r)
}

// isPageNumber reports whether a line is a page number or footer that a
// PDF's text puts between table rows: "- 3 -", "第3页", "第 3 页 共 5 页".
// ("3/5" is not taken: in squashed text it is two cells and a mark.)
func isPageNumber(line string) bool {
	line = strings.TrimFunc(line, isSpace)
	if line == "" {
		return false
	}
	return pageNumber.MatchString(line)
}

var pageNumber = regexp.MustCompile(`^(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$`)
