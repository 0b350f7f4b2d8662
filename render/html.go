package render

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"

	"nianbao"
)

//go:embed templates/report.html
var templateFS embed.FS

var htmlTemplate = template.Must(template.ParseFS(templateFS, "templates/report.html"))

// htmlDoc is what the HTML template sees: the document with its tables'
// cells ready to print.
type htmlDoc struct {
	Title string
	// TitleLines are the agency and the rest: a title too long for a line
	// breaks after the agency, as printed reports break it.
	TitleLines []string
	Sections   []htmlSection
	Sign       []string
}

type htmlSection struct {
	NewPage    bool // printed from the top of a page: section 三, as in the DOCX
	Heading    string
	Paragraphs []string
	Table      *htmlTable
}

type htmlTable struct {
	Widths     []string // of the columns, as CSS percentages
	Head, Body [][]htmlCell
}

// htmlCell is a <th> or <td>; a span of one is 0, written as no attribute.
type htmlCell struct {
	Header           bool
	Text             string
	Colspan, Rowspan int
	Class            string
}

// RenderHTML writes the report as one self-contained HTML page, laid out
// for the screen and, with its @page rules, for printing on A4.
func RenderHTML(rep *nianbao.Report) []byte {
	d := newDocument(rep)
	v := htmlDoc{Title: d.Title, TitleLines: []string{rep.Agency, strings.TrimPrefix(d.Title, rep.Agency)}, Sign: d.Sign}
	for i, s := range d.Sections {
		hs := htmlSection{NewPage: i == 2, Heading: s.Heading, Paragraphs: s.Paragraphs}
		if s.Table != nil {
			hs.Table = &htmlTable{Head: d.htmlRows(s.Table.Head), Body: d.htmlRows(s.Table.Body)}
			for _, w := range columnWidths(s.Table) {
				hs.Table.Widths = append(hs.Table.Widths, fmt.Sprintf("%.2f%%", float64(w)*100/textWidth))
			}
		}
		v.Sections = append(v.Sections, hs)
	}
	var b bytes.Buffer
	if err := htmlTemplate.Execute(&b, v); err != nil {
		panic("render: HTML template: " + err.Error()) // the template and its data are the package's own
	}
	return b.Bytes()
}

func (d *document) htmlRows(rows [][]nianbao.LayoutCell) [][]htmlCell {
	out := make([][]htmlCell, len(rows))
	for r, row := range rows {
		for _, lc := range row {
			hc := htmlCell{Header: lc.Header(), Text: lc.Text, Colspan: span(lc.Colspan), Rowspan: span(lc.Rowspan)}
			switch lc.Role {
			case nianbao.RoleLabel:
				hc.Class = "label"
			case nianbao.RoleSubLabel:
				hc.Class = "sub"
			case nianbao.RoleData:
				hc.Text = d.text(lc.Cell)
			}
			out[r] = append(out[r], hc)
		}
	}
	return out
}

func span(n int) int {
	if n <= 1 {
		return 0
	}
	return n
}
