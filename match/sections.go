package match

import (
	"bytes"
	"cmp"
	"slices"
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

// titleEnds are what the titles in use go on with after a keyword
// ("主动公开政府信息" + "情况", "行政复议" + "、行政诉讼情况"), longest
// first: a report run together on one line has no line end to say where
// its title stops, and the rest of it would open the section's text.
var titleEnds = []string{"、行政诉讼情况", "及改进情况", "及整改情况", "及整改措施", "及改进措施", "和改进情况", "情况"}

var normSectionKeywords [6][][]byte
var normTitleEnds [][]byte

func init() {
	for i, h := range sectionHeads {
		normSectionKeywords[i] = normStrings(h.keywords...)
	}
	normTitleEnds = normStrings(titleEnds...)
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
					if e := hasKeyword(nt.norm[q+n:], normTitleEnds); e != nil {
						n += len(e)
					}
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

// sectionTexts returns the sections' headings and bodies, and the
// preface: the text before the first heading (the title, the lines that
// say which law the report follows and where it is published), which is
// no section's but tells where the body is.
func sectionTexts(text string, hs [6]heading, ix *docIndex) (string, []nianbao.Section) {
	type body struct {
		number          int
		start, titleEnd int
		text            string
		table           bool // a section of 二–四 that holds a table
	}
	var bodies []body
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
		if utf8.RuneCountInString(text[h.start:titleEnd]) > 40 {
			titleEnd = h.end
		}
		t, table := text[titleEnd:end], false
		if i >= 1 && i <= 3 {
			t, table = outsideTables(text, titleEnd, end, ix.doc.Blocks)
			table = table || holdsTable(t)
		}
		bodies = append(bodies, body{i + 1, h.start, titleEnd, trimSpace(t), table})
	}
	if len(bodies) == 0 {
		return "", nil
	}
	// The preface is left out of the measure: a title, a first page set
	// in another size.
	texts := make([]string, 0, len(bodies))
	for _, b := range bodies {
		texts = append(texts, b.text)
	}
	w := measureWrap(texts)
	out := make([]nianbao.Section, 0, len(bodies))
	for k, b := range bodies {
		t := proseText(b.text, w)
		if b.table {
			t = sentencesOnly(t)
		}
		if k == len(bodies)-1 {
			t = withoutPageFooter(t)
		}
		out = append(out, nianbao.Section{
			Number: b.number,
			Title:  strings.TrimRight(trimSpace(text[b.start:b.titleEnd]), " |"), // a heading typed in a table row ends in its separator
			Text:   t,
			Pos:    ix.pos(b.start),
		})
	}
	return proseText(trimSpace(text[:bodies[0].start]), w), out
}

func trimSpace(s string) string {
	return strings.TrimFunc(s, document.IsSpace)
}

// outsideTables returns text[start:end] without the tables and
// positioned lines the reader found in it, and whether there were any:
// sections 二, 三 and 四 hold their tables, which the report's tables show
// from the cells read, and what else they say.
func outsideTables(text string, start, end int, blocks []document.Block) (string, bool) {
	i, _ := slices.BinarySearchFunc(blocks, start, func(b document.Block, off int) int { return cmp.Compare(b.End, off+1) })
	var b strings.Builder
	at := start
	for ; i < len(blocks) && blocks[i].Start < end; i++ {
		bl := blocks[i]
		if bl.Kind == document.Paragraph {
			continue
		}
		if bl.Start > at {
			b.WriteString(text[at:bl.Start])
		}
		b.WriteByte('\n')
		at = max(at, bl.End)
	}
	if at < end {
		b.WriteString(text[at:end])
	}
	return b.String(), at > start
}

// tableOpens are the texts a table of sections 二–四 opens with, where a
// reader left it in a paragraph (cells run together, or a table the
// reader did not see as one): what follows them is the table.
var tableOpens = []string{"第二十条第", nianbao.Table3Stub, "（本列数据的勾稽关系", "(本列数据的勾稽关系", "申请人情况", "行政复议行政诉讼", "结果维持"}

// holdsTable reports whether s, a section's text outside the tables the
// reader found, still holds one: a row of cells, or the opening of a
// table run together in a paragraph.
func holdsTable(s string) bool {
	for l := range strings.Lines(s) {
		if strings.ContainsAny(trimSpace(l), "|\t") {
			return true
		}
	}
	return slices.ContainsFunc(tableOpens, func(open string) bool { return strings.Contains(s, open) })
}

// sentencesOnly keeps the sentences of a section of 二–四 that holds a
// table: paragraphs with a full stop or ending in a colon, each without a
// table run on after it; labels, headers, units, page numbers and table
// rows the reader left as paragraphs go. (A section without a table, "本
// 年度未发生行政复议、行政诉讼", keeps its text as it is.)
func sentencesOnly(s string) string {
	var b strings.Builder
	for l := range strings.Lines(s) {
		l = trimSpace(l)
		for _, open := range tableOpens {
			if i := strings.Index(l, open); i >= 0 {
				l = trimSpace(l[:i])
			}
		}
		if strings.ContainsAny(l, "|\t") || !strings.Contains(l, "。") && !strings.HasSuffix(l, "：") && !strings.HasSuffix(l, ":") {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	return b.String()
}

// pageChrome is what a web page prints around a report — its footer,
// its links — which a copied or scraped page carries on after the last
// section. A line holding one of these is the page's, not the report's.
var pageChrome = []string{"版权所有", "ICP备", "公网安备", "网站标识码", "技术支持：", "技术支持:", "主办单位", "承办单位", "主办：", "网站地图",
	"联系我们", "扫一扫", "打印本页", "关闭窗口", "返回顶部", "分享到", "上一篇", "下一篇", "浏览次数", "访问次数", "Copyright", "CopyRight", "COPYRIGHT"}

// pageLinks are the page's links and labels that stand alone on a line,
// or after the report's last sentence.
var pageLinks = []string{"附件下载", "相关附件", "附件：", "附件:", "图解", "图解：", "图解:", "图片解读", "相关解读", "相关链接", "打印", "关闭",
	"【打印】", "【关闭】", "[打印]", "[关闭]", "【字体：大中小】"}

// withoutPageFooter cuts from the end of the last section the lines a
// web page prints after the report, and from its lines the page's links
// after their last sentence.
func withoutPageFooter(s string) string {
	for s != "" {
		i := strings.LastIndexByte(s, '\n') + 1
		l := trimSpace(s[i:])
		chrome := slices.Contains(pageLinks, l)
		for _, c := range pageChrome {
			chrome = chrome || strings.Contains(l, c) && !strings.HasSuffix(l, "。")
		}
		if !chrome {
			break
		}
		s = trimSpace(s[:max(i-1, 0)])
	}
	if !strings.Contains(s, "。") {
		return s
	}
	var b strings.Builder
	for l := range strings.Lines(s) {
		nl := strings.HasSuffix(l, "\n")
		l = strings.TrimRightFunc(l, document.IsSpace)
		// "……情况。 附件下载": a link run on after a sentence.
		for again := true; again; {
			again = false
			for _, link := range pageLinks {
				if rest, ok := strings.CutSuffix(l, link); ok && endsSentence(rest) {
					l, again = strings.TrimRightFunc(rest, document.IsSpace), true
				}
			}
		}
		b.WriteString(l)
		if nl {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// minWrappedLines is how many lines of a document must fill its width,
// and break off inside a sentence, for the document to be taken as
// printed with wrapped lines (a PDF's), rather than a paragraph a line (a
// web page's, a document's).
const minWrappedLines = 3

// wrapSlack is how much narrower than the document's widest line, as a
// fraction of it, a line may be and still fill the width: a paragraph's
// first line is indented by two characters, half-width digits and a
// character that did not fit leave a line short of the margin.
const wrapSlack = 6 // one sixth

// wrap is how a document's prose was printed: fill is the width a line
// that ran to the margin has; on, that lines were wrapped at it.
type wrap struct {
	fill int
	on   bool
}

// proseWidth is the display width of a line of prose; 0 for a table's row.
func proseWidth(l string) int {
	if strings.IndexByte(l, '|') >= 0 || strings.IndexByte(l, '\t') >= 0 { // two byte scans: quicker than ContainsAny's set
		return 0
	}
	return document.DisplayWidth(trimSpace(l))
}

// measureWrap finds how the prose of texts (all of a document's) was
// printed: one page width holds for the whole document, so a short
// section wrapped once is seen by the lines of the others.
func measureWrap(texts []string) wrap {
	type line struct {
		text  string
		width int
	}
	var buf [256]line // each line measured once: most documents, no allocation
	lines := buf[:0]
	width := 0
	for _, t := range texts {
		for l := range strings.Lines(t) {
			pw := proseWidth(l)
			width = max(width, pw)
			lines = append(lines, line{l, pw})
		}
	}
	w := wrap{fill: width - width/wrapSlack}
	full := 0
	for _, l := range lines {
		if l.width > 0 && l.width >= w.fill && !endsSentence(l.text) {
			full++
		}
	}
	w.on = full >= minWrappedLines
	return w
}

// proseText returns a section's text as paragraphs: page numbers a PDF
// prints between its lines dropped ("-1-", "第 2 页", or a bare number
// where lines were wrapped), and lines that a PDF wrapped inside a
// paragraph joined. A line is wrapped when it fills the document's width,
// does not end a sentence and the next line does not open an item; table
// rows (with "|" or tabs) are kept as they are.
func proseText(s string, w wrap) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	type line struct {
		text  string
		width int // display width; 0 for a table's row, or when lines are not wrapped
	}
	var buf [128]line // most sections: no allocation
	lines := buf[:0]
	dropped := false
	for rest := s; ; {
		l, after, more := strings.Cut(rest, "\n")
		if isPageNumber(l) || w.on && isBareNumber(l) {
			dropped = true
		} else {
			lines = append(lines, line{text: l})
			if w.on { // widths only tell wrapped lines
				lines[len(lines)-1].width = proseWidth(l)
			}
		}
		if !more {
			break
		}
		rest = after
	}
	wrapped := func(i int) bool {
		return w.on && lines[i-1].width > 0 && lines[i-1].width >= w.fill && lines[i].width > 0 &&
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

// isBareNumber reports whether a line is a number of one to three digits
// alone: in a document printed with wrapped lines, a page's number.
func isBareNumber(l string) bool {
	l = trimSpace(l)
	return l != "" && len(l) <= 3 && strings.Trim(l, "0123456789") == ""
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
