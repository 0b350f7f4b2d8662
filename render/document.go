package render

import (
	"fmt"
	"regexp"
	"strings"

	"nianbao"
)

// document is a report as every format prints it: the title, the six
// sections with their paragraphs and, under sections 二, 三 and 四, the
// tables as the template lays them out, then the signature.
type document struct {
	rep      *nianbao.Report
	Title    string
	Sections [6]section
	Sign     []string // the agency, then the date; either may be missing
	printed  map[nianbao.CellKey]nianbao.Printed
}

type section struct {
	Heading    string   // 一、总体情况: the template's title, whatever the report printed
	Paragraphs []string // the report's text, one paragraph per line
	Table      *nianbao.TableLayout
}

func newDocument(rep *nianbao.Report) *document {
	d := &document{rep: rep, Title: Title(rep), printed: map[nianbao.CellKey]nianbao.Printed{}}
	idx := rep.CellIndex()
	for c := range rep.Template.Cells() {
		d.printed[c.Key] = rep.Printed(idx, c.Key)
	}
	tables := rep.Layout()
	text := map[int]string{}
	for _, s := range rep.Sections {
		if s.Number >= 1 && s.Number <= 6 {
			// A report that repeats a heading gets its parts joined.
			text[s.Number] = strings.TrimSpace(text[s.Number] + "\n" + s.Text)
		}
	}
	for i := range d.Sections {
		s := &d.Sections[i]
		s.Heading = nianbao.Numerals[i] + "、" + nianbao.Sections[i].Title
		s.Paragraphs = paragraphs(text[i+1])
		if i >= 1 && i <= 3 {
			s.Table = &tables[i-1]
			s.Paragraphs = prose(s.Paragraphs)
		}
	}
	last := &d.Sections[5].Paragraphs
	*last = withoutSignature(*last, rep.Agency)
	if rep.Agency != "" {
		d.Sign = append(d.Sign, rep.Agency)
	}
	if date := dateCN(rep.PublishedOn); date != "" {
		d.Sign = append(d.Sign, date)
	}
	return d
}

// Title is the report's title as the template words it:
// {agency}{year}年政府信息公开工作年度报告.
func Title(rep *nianbao.Report) string {
	year := ""
	if rep.Year > 0 {
		year = fmt.Sprintf("%d年", rep.Year)
	}
	return rep.Agency + year + "政府信息公开工作年度报告"
}

// text returns what the report prints in a number position.
func (d *document) text(c nianbao.Cell) string { return d.printed[c.Key].Text }

// number reports whether the position holds a number (rather than a mark or nothing).
func (d *document) number(c nianbao.Cell) (nianbao.Num, bool) {
	p := d.printed[c.Key]
	return p.Num, p.Num.Valid()
}

// paragraphs splits a section's text into its lines. A line of nothing
// but "#" is the mark of the next heading in a Markdown file, which a
// reader leaves at the end of the section before it.
func paragraphs(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" && strings.Trim(l, "#") != "" {
			out = append(out, l)
		}
	}
	return out
}

// prose keeps the sentences of sections 二, 三 and 四. A reader keeps a
// section's whole body, so these hold the table as it was printed too
// (label and number runs, "|" rows); the renderer prints the table from
// the numbers, so only paragraphs that read as sentences stay: those with
// a full stop or ending in a colon, and never a table row.
func prose(ps []string) []string {
	var out []string
	for _, p := range ps {
		if strings.ContainsAny(p, "|\t") || strings.Contains(p, nianbao.Table3Stub) {
			continue
		}
		if strings.Contains(p, "。") || strings.HasSuffix(p, "：") || strings.HasSuffix(p, ":") {
			out = append(out, p)
		}
	}
	return out
}

var dateLine = regexp.MustCompile(`^(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*[日号]$`)

// withoutSignature cuts the signature (the agency, the date) from the end of
// section 六, where readers find it with whatever followed on the page:
// the renderer signs the report itself.
func withoutSignature(ps []string, agency string) []string {
	for i := len(ps) - 1; i >= max(0, len(ps)-4); i-- {
		if !dateLine.MatchString(ps[i]) {
			continue
		}
		if i > 0 && agency != "" && strings.ReplaceAll(ps[i-1], " ", "") == strings.ReplaceAll(agency, " ", "") {
			i--
		}
		return ps[:i]
	}
	if n := len(ps); n > 0 && agency != "" && ps[n-1] == agency {
		return ps[:n-1]
	}
	return ps
}

// dateCN writes an ISO date as a signature's date, 2025年1月20日.
func dateCN(iso string) string {
	var y, m, d int
	if n, _ := fmt.Sscanf(iso, "%d-%d-%d", &y, &m, &d); n != 3 {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", y, m, d)
}
