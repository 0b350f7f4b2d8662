package render

import (
	"strings"

	"nianbao"
)

// RenderMarkdown writes the report as Markdown: "#" title, "##" section
// headings, the tables as pipe tables on the template's grid. Markdown has
// no merged cells: a merged heading is written in its first position and
// the positions it covers are left empty, as pages converted to Markdown
// print them; a blank cell is empty too, and a mark is written as printed.
func RenderMarkdown(rep *nianbao.Report) []byte {
	d := newDocument(rep)
	var b strings.Builder
	b.WriteString("# " + d.Title + "\n\n")
	for _, s := range d.Sections {
		b.WriteString("## " + s.Heading + "\n\n")
		for _, p := range s.Paragraphs {
			b.WriteString(p + "\n\n")
		}
		if s.Table != nil {
			d.markdownTable(&b, s.Table)
		}
	}
	for _, l := range d.Sign {
		b.WriteString(l + "\n\n")
	}
	return []byte(strings.TrimRight(b.String(), "\n") + "\n")
}

func (d *document) markdownTable(b *strings.Builder, t *nianbao.TableLayout) {
	cells, _ := t.Grid()
	grid := make([][]string, len(t.Rows()))
	for r := range grid {
		grid[r] = make([]string, t.Columns)
	}
	for _, p := range cells {
		text := p.Text
		if !p.Header() {
			text = d.text(p.Cell)
		}
		grid[p.Row][p.Col] = strings.ReplaceAll(text, "|", `\|`)
	}
	for r, row := range grid {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
		if r == 0 {
			b.WriteString("|" + strings.Repeat("---|", t.Columns) + "\n")
		}
	}
	b.WriteString("\n")
}
