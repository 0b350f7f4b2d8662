package gen

import (
	"fmt"
	"strings"

	"nianbao"
)

// kind is what a block of the document is; layouts print kinds differently.
type kind int

const (
	chromeLine kind = iota // web-page navigation or footer
	titleLine
	dateLine // 发布时间 near the top
	heading  // 一、总体情况 …
	para     // prose, including sub-headings such as （一）主要问题
	tableBlock
	signLine // the signature at the end: the agency, then the date
)

type block struct {
	kind kind
	text string
	tab  *table
}

// Render writes the sample's report in the given layout as UTF-8 text.
func Render(s *Sample, layout Layout) []byte {
	plain := layout == Squashed || layout == OneLine || layout == Scraped
	bs := s.blocks(plain)
	var b strings.Builder
	switch layout {
	case PipeRows, CellLines, Tabs, Squashed, Markdown:
		writeLines(&b, bs, layout, &s.style)
	case OneLine:
		writeLines(&b, bs, Squashed, &s.style)
		return []byte(strings.ReplaceAll(b.String(), "\n", ""))
	case Scraped:
		for i, bl := range bs {
			if bl.kind == heading && strings.HasPrefix(bl.text, numerals[3]) {
				bs[i].text = misprint(bl.text) // the portal's typo, one of Typos'
			}
		}
		writeLines(&b, bs, Scraped, &s.style)
		return []byte(strings.ReplaceAll(b.String(), "\n", ""))
	case Columns:
		writeColumns(&b, bs, &s.style)
	default:
		panic("gen: unknown layout " + string(layout))
	}
	return []byte(b.String())
}

var numerals = []string{"一", "二", "三", "四", "五", "六"}

// blocks lays out the report as a document: title, sections with their
// prose and tables, signature. plain numbers are for squashing layouts.
func (s *Sample) blocks(plain bool) []block {
	st, r := &s.style, s.Report
	var bs []block
	add := func(k kind, text string) { bs = append(bs, block{kind: k, text: st.text(text)}) }
	for _, l := range st.prose.chromeTop {
		add(chromeLine, l)
	}
	add(titleLine, fmt.Sprintf("%s%d年政府信息公开工作年度报告", r.Agency, r.Year))
	dated := r.PublishedOn != ""
	if dated && st.dateTop {
		d := "发布时间：" + r.PublishedOn
		if st.dateTime {
			d += " " + st.prose.clock
		}
		add(dateLine, d)
	}
	for _, p := range st.prose.preface {
		add(para, p)
	}
	for i, sec := range nianbao.Sections {
		title := sec.Title
		if st.longTitle {
			title = sec.LongTitle
		}
		add(heading, numerals[i]+"、"+title)
		for _, p := range st.prose.sections[i] {
			add(para, p)
		}
		var t *table
		switch i {
		case 1:
			t = s.activeTable(plain)
		case 2:
			t = s.requestsTable(plain)
		case 3:
			t = s.reviewTable(plain)
		}
		if t != nil {
			bs = append(bs, block{kind: tableBlock, tab: t})
		}
	}
	if dated && !st.dateTop || st.prose.sign {
		add(signLine, r.Agency)
	}
	if dated && !st.dateTop {
		var y, m, d int
		fmt.Sscanf(r.PublishedOn, "%d-%d-%d", &y, &m, &d)
		add(signLine, fmt.Sprintf("%d年%d月%d日", y, m, d))
	}
	for _, l := range st.prose.chromeBottom {
		add(chromeLine, l)
	}
	s.damageBlocks(bs, plain)
	return bs
}

// writeLines writes the layouts that print one paragraph per line.
func writeLines(b *strings.Builder, bs []block, layout Layout, st *style) {
	for i, bl := range bs {
		if bl.kind == tableBlock {
			switch layout {
			case PipeRows:
				writePipeRows(b, bl.tab, st.lastRun)
			case CellLines:
				writeCellLines(b, bl.tab, st.lastRun)
			case Tabs:
				for _, row := range bl.tab.full() {
					b.WriteString(strings.Join(row, "\t") + "\n")
				}
				b.WriteString("\n")
			case Markdown:
				writeMarkdown(b, bl.tab)
			case Squashed, Scraped:
				// Seed 003: a blank line before a table, a line holding
				// only a no-break space and a blank line after it.
				b.WriteString("\n")
				writeSquashed(b, bl.tab, layout == Scraped)
				b.WriteString("\u00a0\n\n")
			}
			continue
		}
		if layout == Markdown && st.mdHeading {
			switch bl.kind {
			case titleLine:
				b.WriteString("# ")
			case heading:
				b.WriteString("## ")
			}
		}
		b.WriteString(bl.text + "\n")
		switch {
		case layout == Tabs || layout == Markdown:
			b.WriteString("\n")
		case layout == Squashed && bl.kind == chromeLine && i+1 < len(bs) && bs[i+1].kind != chromeLine:
			b.WriteString("\n")
		}
	}
}

// writePipeRows writes a row's cells as "a | b | c |", then one "|" for
// each grid position the row does not print (seed 000).
func writePipeRows(b *strings.Builder, t *table, lastRun bool) {
	for r, row := range t.rows {
		for i, cl := range row {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(cl.text)
		}
		b.WriteString(" |")
		if miss := t.ncols - len(row); miss > 0 && (lastRun || r < len(t.rows)-1) {
			b.WriteString(" " + strings.Repeat("|", miss))
		}
		b.WriteString("\n")
	}
}

// writeCellLines writes each cell as a line "text |", then a line of one
// "|" for each grid position the row does not print (seeds 001, 004).
func writeCellLines(b *strings.Builder, t *table, lastRun bool) {
	for r, row := range t.rows {
		for _, cl := range row {
			b.WriteString(cl.text + " |\n")
		}
		if miss := t.ncols - len(row); miss > 0 && (lastRun || r < len(t.rows)-1) {
			b.WriteString(strings.Repeat("|", miss) + "\n")
		}
	}
}

// writeMarkdown writes a pipe table, its first row taken as the header.
func writeMarkdown(b *strings.Builder, t *table) {
	for r, row := range t.full() {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
		if r == 0 {
			b.WriteString("|" + strings.Repeat("---|", t.ncols) + "\n")
		}
	}
	b.WriteString("\n")
}

// writeSquashed runs a row's cells together (seed 003). A blank cell is a
// no-break space; a label broken over lines ends its line, as the <p> it
// was in did. spaced puts a space between a row's label and its cells and
// between the cells of a row without a label (table 四), as the 平潭
// portal's text does.
func writeSquashed(b *strings.Builder, t *table, spaced bool) {
	for _, row := range t.rows {
		for i, cl := range row {
			text := cl.text
			if cl.num && text == "" {
				text = "\u00a0"
			}
			if spaced && i > 0 && cl.num && (!row[i-1].num || row[0].num) {
				b.WriteString(" ")
			}
			lines := chunk(text, cl.squash)
			b.WriteString(strings.Join(lines, "\n"))
			if len(lines) > 1 && i < len(row)-1 {
				b.WriteString("\n")
			}
		}
		b.WriteString("\n")
	}
}

// chunk breaks s into pieces of n characters; n == 0 means never. The
// spaces of a spaced header ("结果 维持") stood for such breaks, so a text
// that is broken loses them.
func chunk(s string, n int) []string {
	if n == 0 || len([]rune(s)) <= n {
		return []string{s}
	}
	rs := []rune(strings.ReplaceAll(s, " ", ""))
	var out []string
	for len(rs) > 0 {
		k := min(n, len(rs))
		out = append(out, string(rs[:k]))
		rs = rs[k:]
	}
	return out
}
