package gen

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// style is every choice about how a sample looks in print, made once by New
// so that Render draws nothing and all layouts of a sample agree.
type style struct {
	merged  bool // table 三 prints （六）其他处理 as one row (2021 format)
	noTotal bool // table 三 leaves out its 总计 column

	halfParen bool // numbering in half-width brackets: (一)
	halfPunct bool // every （），：； in the text half-width, as some sites convert them
	numSpace  bool // a space after a label's numbering: "(一) 予以公开"
	enumComma bool // sub-items numbered "1、" rather than "1."
	spaced    bool // four-character headers split by a space: "商业 企业"
	longTitle bool // section headings use the notices' longer names
	spaceYear bool // "2024 年" in the prose

	chrome    bool                     // web-page navigation and footer lines around the report
	dateTop   bool                     // PublishedOn printed near the top rather than as a signature date
	dateTime  bool                     // the top date carries a time of day
	plus      bool                     // 2019 positive 本年增/减 printed with "+"
	sep       string                   // thousands separator ("," or "，"), or "" for none
	wide      map[nianbao.CellKey]bool // numbers printed in full-width digits
	lastRun   bool                     // PipeRows, CellLines: a table's last row keeps its "|" run
	mdHeading bool                     // Markdown: headings marked with "#"

	// Columns: numbers on the first line of a wrapped label rather than in
	// its middle; the gap between columns; the widths labels and headers
	// wrap at; the prose width; lines per page.
	topAlign  bool
	gap       int
	labelWrap [3]int
	headWrap  int
	fieldWrap int
	wrap4     int
	width     int
	pageLines int

	// Squashed: labels are broken every so many characters (0: never) —
	// 一、二、四、 and 三、本年度办理结果; group labels; four-character
	// headers of table 三; field headers of table 二; headers of table 四.
	sqLevel1, sqGroup, sqHead, sqField, sqReview int

	prose prose
}

// choose draws every choice of the style and writes the prose; the
// sample's numbers must be final, since the prose quotes some of them.
func (st *style) choose(rng *rand.Rand, s *Sample, ag agency) {
	coin := func(n int) bool { return rng.IntN(n) == 0 }
	st.halfParen = coin(2)
	st.halfPunct = coin(4)
	st.numSpace = coin(5)
	st.enumComma = coin(6)
	st.spaced = coin(2)
	st.longTitle = coin(6)
	st.spaceYear = coin(6)
	st.chrome = coin(3)
	st.dateTop = coin(2)
	st.dateTime = coin(2)
	st.plus = coin(2)
	st.wide = map[nianbao.CellKey]bool{}
	switch rng.IntN(10) {
	case 0:
		st.sep = pick(rng, ",", "，")
	case 1:
		for _, ref := range s.printedCells() {
			if coin(4) {
				st.wide[ref.Key] = true
			}
		}
	}
	st.lastRun = coin(2)
	st.mdHeading = !coin(4)

	st.topAlign = coin(2)
	st.gap = 2 + rng.IntN(3)
	// A group label's first line holds at least "（三） 不予".
	st.labelWrap = [3]int{2 * (5 + rng.IntN(5)), 2 * (6 + rng.IntN(4)), 2 * (10 + rng.IntN(9))}
	st.headWrap = 2 * (2 + rng.IntN(3))
	st.fieldWrap = 2 * (3 + rng.IntN(5))
	st.wrap4 = 2 * (2 + rng.IntN(3))
	st.width = 2 * (34 + rng.IntN(12))
	st.pageLines = 40 + rng.IntN(20)

	either := func(n int) int { return pick(rng, 0, n) }
	st.sqLevel1 = either(10 + rng.IntN(5))
	st.sqGroup = either(4 + rng.IntN(3))
	st.sqHead = either(2)
	st.sqField = either(3 + rng.IntN(2))
	st.sqReview = either(2)

	st.prose = writeProse(rng, s, ag)
}

// text applies the document-wide punctuation style.
func (st *style) text(s string) string {
	if !st.halfPunct {
		return s
	}
	return halfPunct.Replace(s)
}

var halfPunct = strings.NewReplacer("（", "(", "）", ")", "，", ",", "：", ":", "；", ";")

// label prints a template label the way this report numbers its items:
// "（一）予以公开", "(一) 予以公开", "1.属于国家秘密", "1、属于国家秘密".
func (st *style) label(s string) string {
	if st.enumComma && len(s) > 1 && s[0] >= '0' && s[0] <= '9' && s[1] == '.' {
		s = s[:1] + "、" + s[2:]
	}
	if n := numbering(s); n > 0 {
		head := s[:n]
		if st.halfParen {
			head = "(" + strings.TrimSuffix(strings.TrimPrefix(head, "（"), "）") + ")"
		}
		if st.numSpace {
			head += " "
		}
		s = head + s[n:]
	}
	if st.halfParen {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "第（", "第("), "）项", ")项")
	}
	return st.text(s)
}

// numbering returns the length in bytes of a leading "（一）"…"（九）", or 0.
func numbering(s string) int {
	rest, ok := strings.CutPrefix(s, "（")
	if !ok {
		return 0
	}
	r, size := utf8.DecodeRuneInString(rest)
	if !strings.ContainsRune("一二三四五六七八九", r) || !strings.HasPrefix(rest[size:], "）") {
		return 0
	}
	return len("（") + size + len("）")
}

// header prints a column header: four-character ones are split in two by
// a space in some reports ("结果 维持"), as their cells wrap in the source.
func (st *style) header(s string) string {
	if st.spaced && utf8.RuneCountInString(s) == 4 {
		r := []rune(s)
		s = string(r[:2]) + " " + string(r[2:])
	}
	return st.text(s)
}

// year prints a year in the prose: "2024年" or "2024 年".
func (st *style) year(y int) string {
	if st.spaceYear {
		return strconv.Itoa(y) + " 年"
	}
	return strconv.Itoa(y) + "年"
}

// number prints the number at ref, or its mark. plain numbers are
// half-width digits without separators, for the layouts that squash
// digits together.
func (s *Sample) number(ref nianbao.Cell, signed, plain bool) string {
	n := s.Report.At(ref)
	if _, ok := s.Report.Template.Cell(ref.Key); !ok && s.other != nil {
		n = s.other.At(ref) // MixedFormat's cell the report has not
	}
	if !n.Valid() {
		return s.Marks[ref.Key]
	}
	txt := n.String()
	if signed && s.style.plus && n.Cmp(nianbao.Int(0)) > 0 {
		txt = "+" + txt
	}
	if plain {
		return txt
	}
	if s.style.sep != "" {
		txt = group(txt, s.style.sep)
	}
	if s.style.wide[ref.Key] {
		txt = toWide(txt)
	}
	return txt
}

// group inserts a thousands separator into a number's integer part.
func group(num, sep string) string {
	start := strings.IndexAny(num, "0123456789")
	end := strings.IndexByte(num, '.')
	if end < 0 {
		end = len(num)
	}
	var b strings.Builder
	b.WriteString(num[:start])
	for i := start; i < end; i++ {
		if i > start && (end-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(num[i])
	}
	b.WriteString(num[end:])
	return b.String()
}

// toWide turns ASCII into its full-width forms, as some word processors
// print digits.
func toWide(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > ' ' && r < 0x7f {
			r += 0xFF01 - '!'
		}
		b.WriteRune(r)
	}
	return b.String()
}
