package render

import (
	"archive/zip"
	"bytes"
	"embed"
	"strings"
	"text/template"

	"nianbao"
)

// The parts of the Word document. Text templates write them; x escapes
// text for XML.
//
//go:embed docx/*.xml
var docxFS embed.FS

var docxTemplates = template.Must(template.New("docx").Funcs(template.FuncMap{"x": xmlText}).ParseFS(docxFS, "docx/*.xml"))

// docxParts are the package's parts in the order they are zipped, each
// with the template that writes it; [Content_Types].xml comes first, as
// Word expects.
var docxParts = []struct{ name, template string }{
	{"[Content_Types].xml", "content_types.xml"},
	{"_rels/.rels", "rels.xml"},
	{"docProps/core.xml", "core.xml"},
	{"docProps/app.xml", "app.xml"},
	{"word/document.xml", "document.xml"},
	{"word/_rels/document.xml.rels", "document_rels.xml"},
	{"word/styles.xml", "styles.xml"},
	{"word/settings.xml", "settings.xml"},
	{"word/fontTable.xml", "fontTable.xml"},
	{"word/footer1.xml", "footer.xml"},
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func xmlText(s string) string { return xmlEscaper.Replace(s) }

// docxDoc is what the templates see.
type docxDoc struct {
	Title, Agency string
	Sections      []docxSection
	Sign          []string
}

type docxSection struct {
	// NewPage starts section 三 on a page of its own: its table takes
	// most of a page, and LibreOffice does not keep a heading with a
	// table that must not be split, leaving the heading alone at the foot
	// of the page before.
	NewPage    bool
	Heading    string
	Paragraphs []string
	Table      *docxTable
}

type docxTable struct {
	Width int   // twips
	Grid  []int // the columns' widths, twips
	Rows  []docxRow
}

type docxRow struct {
	Header bool // repeated at the top of each page
	// KeepNext keeps the row on the page of the next one: every row but
	// the last, so that a table that fits on a page is never split (a
	// table 三 cut by a page break reads badly, and reads back badly).
	KeepNext bool
	Cells    []docxCell
}

// docxCell is a <w:tc>: Merge is "restart" for a cell spanning rows,
// "continue" for the positions below it, "" otherwise.
type docxCell struct {
	Width int
	Span  int
	Merge string
	Text  string
	Left  bool
}

// The text is 156 mm wide between the margins of GB/T 9704 (28 mm left,
// 26 mm right of A4): 8845 twips, shared out among each table's columns
// so that labels get room and numbers enough.
const textWidth = 8845

func columnWidths(t *nianbao.TableLayout) []int {
	var w []int
	switch t.Table {
	case nianbao.TableActive:
		w = []int{2245}
	case nianbao.TableRequests:
		w = []int{700, 900, 2900}
	}
	used := 0
	for _, x := range w {
		used += x
	}
	n := t.Columns - len(w)
	for i := range n {
		x := (textWidth - used) / n
		if i == 0 {
			x += (textWidth - used) % n
		}
		w = append(w, x)
	}
	return w
}

// RenderDOCX writes the report as a Word document (Office Open XML): A4
// portrait with the margins, fonts and page numbers of GB/T 9704, the
// tables on the template's grid with gridSpan and vMerge where it merges.
func RenderDOCX(rep *nianbao.Report) []byte {
	d := newDocument(rep)
	v := docxDoc{Title: d.Title, Agency: rep.Agency, Sign: d.Sign}
	for i, s := range d.Sections {
		ds := docxSection{NewPage: i == 2, Heading: s.Heading, Paragraphs: s.Paragraphs}
		if s.Table != nil {
			ds.Table = d.docxTable(s.Table)
		}
		v.Sections = append(v.Sections, ds)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range docxParts {
		w, err := zw.Create(p.name)
		if err == nil {
			err = docxTemplates.ExecuteTemplate(w, p.template, v)
		}
		if err != nil {
			panic("render: DOCX: " + err.Error()) // writing to memory from the package's own templates
		}
	}
	if err := zw.Close(); err != nil {
		panic("render: DOCX: " + err.Error())
	}
	return buf.Bytes()
}

// docxTable writes a table on its grid: Word's rows hold a <w:tc> for every
// grid position not covered from the left, and a cell merged down is
// continued by an empty one in each row below.
func (d *document) docxTable(t *nianbao.TableLayout) *docxTable {
	grid := columnWidths(t)
	dt := &docxTable{Width: textWidth, Grid: grid}
	_, at := t.Grid()
	for r := range at {
		row := docxRow{Header: r < len(t.Head), KeepNext: r < len(at)-1}
		for c := 0; c < t.Columns; {
			p := at[r][c]
			if p == nil {
				c++ // the layout's rows are full: no position is uncovered
				continue
			}
			w := 0
			for _, x := range grid[p.Col : p.Col+p.Colspan] {
				w += x
			}
			cell := docxCell{Width: w, Span: p.Colspan}
			switch {
			case p.Row != r:
				cell.Merge = "continue"
			case p.Rowspan > 1:
				cell.Merge = "restart"
			}
			if p.Row == r {
				cell.Text = p.Text
				if !p.Header() {
					cell.Text = d.text(p.Cell)
				}
				cell.Left = p.Role == nianbao.RoleLabel || p.Role == nianbao.RoleSubLabel
			}
			row.Cells = append(row.Cells, cell)
			c = p.Col + p.Colspan
		}
		dt.Rows = append(dt.Rows, row)
	}
	return dt
}
