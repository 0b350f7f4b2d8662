package gen

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

// RenderDOCX writes the sample as a minimal valid Word document: the
// report's paragraphs (a Word file has no web-page chrome) and its tables
// with gridSpan and vMerge as the template merges them. Word's ways of
// storing text are drawn now and then: a paragraph or a number cut into
// several runs, a label wrapped over two paragraphs of its cell, content
// controls around paragraphs, cells and numbers (and an empty one showing
// its placeholder text), a number corrected with tracked changes (the old
// digits deleted, the new inserted), a hidden run, and blank cells holding
// a full-width space as the official template's do.
func RenderDOCX(s *Sample) []byte { return renderDOCX(s, false) }

// RenderPrintDOCX writes the sample as a Word document made to be printed,
// as an office prints its report to PDF: tracked changes accepted (a
// printout shows the final text, not the deleted digits), no placeholder
// text, and tables kept within the page's width — on narrow label columns,
// so that long labels wrap over several lines and rows grow tall, with some
// rows taller still and table 三's header rows sometimes repeated on each
// page. Nothing keeps a row on one page, so a page break may fall inside a
// row, as Word, WPS and LibreOffice break them.
func RenderPrintDOCX(s *Sample) []byte { return renderDOCX(s, true) }

// textWidth is the width between the margins of renderDOCX's A4 page, in
// twentieths of a point.
const textWidth = 11906 - 1587 - 1474

func renderDOCX(s *Sample, print bool) []byte {
	w := &docxWriter{rng: s.renderRNG("docx"), print: print}
	b := &w.b
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	for _, bl := range s.blocks(false) {
		switch bl.kind {
		case chromeLine:
		case titleLine:
			w.para(bl.text, `<w:jc w:val="center"/>`, `<w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/>`)
		case heading:
			w.para(bl.text, `<w:ind w:firstLine="640"/>`, `<w:rFonts w:eastAsia="黑体"/>`)
		case signLine:
			w.para(bl.text, `<w:jc w:val="right"/>`, "")
		case tableBlock:
			w.table(bl.tab)
		default:
			if w.rng.IntN(8) == 0 {
				// A paragraph inside a block-level content control.
				b.WriteString(`<w:sdt><w:sdtPr><w:alias w:val="正文"/><w:id w:val="1"/></w:sdtPr><w:sdtContent>`)
				w.para(bl.text, `<w:ind w:firstLine="640"/>`, "")
				b.WriteString(`</w:sdtContent></w:sdt>`)
				continue
			}
			w.para(bl.text, `<w:ind w:firstLine="640"/>`, `<w:rFonts w:eastAsia="仿宋_GB2312"/>`)
		}
	}
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`)
	return zipFiles(
		"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml", b.String(),
	)
}

// zipFiles packs name/content pairs into a zip archive.
func zipFiles(nameContent ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(nameContent); i += 2 {
		f, err := zw.Create(nameContent[i])
		if err == nil {
			_, err = f.Write([]byte(nameContent[i+1]))
		}
		if err != nil {
			panic("gen: zip: " + err.Error())
		}
	}
	if err := zw.Close(); err != nil {
		panic("gen: zip: " + err.Error())
	}
	return buf.Bytes()
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func xmlText(s string) string { return xmlEscaper.Replace(s) }

type docxWriter struct {
	b     strings.Builder
	rng   *rand.Rand
	ids   int
	print bool // RenderPrintDOCX
}

// para writes a paragraph, its text cut into runs now and then.
func (w *docxWriter) para(text, pPr, rPr string) {
	w.b.WriteString("<w:p>")
	if pPr != "" {
		w.b.WriteString("<w:pPr>" + pPr + "</w:pPr>")
	}
	pieces := []string{text}
	if w.rng.IntN(3) == 0 {
		pieces = splitRunes(w.rng, text, 5)
	}
	for _, p := range pieces {
		w.run(p, rPr)
	}
	w.b.WriteString("</w:p>")
}

func (w *docxWriter) run(text, rPr string) {
	w.b.WriteString("<w:r>")
	if rPr != "" {
		w.b.WriteString("<w:rPr>" + rPr + "</w:rPr>")
	}
	w.b.WriteString(`<w:t xml:space="preserve">` + xmlText(text) + "</w:t></w:r>")
}

// table writes a table on its grid: a cell spanning columns has gridSpan,
// one spanning rows starts a vMerge that the rows below continue with an
// empty cell of the same span.
func (w *docxWriter) table(t *table) {
	b := &w.b
	_, at := t.placedCells()
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr><w:tblGrid>`)
	widths := w.columnWidths(t)
	for _, cw := range widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, cw)
	}
	b.WriteString("</w:tblGrid>")
	// The header rows on top (cells that are all headers) repeat on every
	// page the table runs onto, in some printed reports.
	heads := 0
	if w.print && w.rng.IntN(2) == 0 {
		for heads < len(t.rows) && allHeads(t.rows[heads]) {
			heads++
		}
	}
	for r := range t.rows {
		b.WriteString(`<w:tr><w:trPr><w:jc w:val="center"/>`)
		if r < heads {
			b.WriteString("<w:tblHeader/>")
		}
		// Header rows are not split, as templates set them: a header
		// cell cut by a page break makes LibreOffice draw its text over
		// the rule below, into the numbers. (Keeping them with the next
		// row as well makes LibreOffice lose table 四's row of numbers.)
		if w.print && allHeads(t.rows[r]) {
			b.WriteString("<w:cantSplit/>")
		}
		if w.print && w.rng.IntN(6) == 0 {
			fmt.Fprintf(b, `<w:trHeight w:val="%d" w:hRule="atLeast"/>`, 600+100*w.rng.IntN(9))
		}
		b.WriteString("</w:trPr>")
		for c := 0; c < t.ncols; {
			p := at[r][c]
			if p == nil {
				// A position no cell covers: the grid's rows are all full.
				c++
				continue
			}
			c = p.col + p.colspan
			sdt := w.rng.IntN(25) == 0
			if sdt {
				b.WriteString(`<w:sdt><w:sdtPr><w:id w:val="7"/></w:sdtPr><w:sdtContent>`)
			}
			b.WriteString("<w:tc><w:tcPr>")
			width := 0
			for _, cw := range widths[p.col : p.col+p.colspan] {
				width += cw
			}
			fmt.Fprintf(b, `<w:tcW w:w="%d" w:type="dxa"/>`, width)
			if p.colspan > 1 {
				fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, p.colspan)
			}
			switch {
			case p.rowspan > 1 && p.row == r:
				b.WriteString(`<w:vMerge w:val="restart"/>`)
			case p.row != r:
				b.WriteString(`<w:vMerge/>`)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			if p.row != r {
				b.WriteString("<w:p/>")
			} else {
				w.cellBody(p.cell)
			}
			b.WriteString("</w:tc>")
			if sdt {
				b.WriteString("</w:sdtContent></w:sdt>")
			}
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl><w:p/>")
}

// columnWidths returns the width of each column of the table's grid, in
// twentieths of a point: 900 each, as a quick Word table has them, or for
// printing, within the page where it can be — number columns narrow but
// wide enough for their numbers on one line, and the label columns (those
// no number starts in) sharing the rest, the first ones narrow so that
// group labels wrap over several lines.
func (w *docxWriter) columnWidths(t *table) []int {
	widths := make([]int, t.ncols)
	if !w.print {
		for c := range widths {
			widths[c] = 900
		}
		return widths
	}
	label := make([]bool, t.ncols)
	for c := range label {
		label[c] = true
	}
	base := min(textWidth/t.ncols, 560+20*w.rng.IntN(12))
	pos := t.grid()
	for r, row := range t.rows {
		for i, cl := range row {
			if c := pos[r][i]; cl.num {
				label[c] = false
				widths[c] = max(widths[c], base, numberWidth(cl.text)/cl.colspan)
			}
		}
	}
	var labels []int
	rest := textWidth
	for c, l := range label {
		if l {
			labels = append(labels, c)
		} else {
			rest -= widths[c]
		}
	}
	for i, c := range labels {
		if i == len(labels)-1 {
			widths[c] = max(rest, 1200)
			break
		}
		widths[c] = max(400, min(rest/3, 420+60*w.rng.IntN(12)))
		rest -= widths[c]
	}
	return widths
}

// numberWidth is about the width a number takes on one line of a cell at
// Word's default size, in twentieths of a point, the cell's margins
// included, with room to spare: LibreOffice sets the digits in whatever
// font it finds for the document's, some wider than half an em.
func numberWidth(s string) int {
	w := 360
	for _, r := range s {
		if r < 0x80 {
			w += 170
		} else {
			w += 300
		}
	}
	return w
}

func allHeads(row []cell) bool {
	for _, c := range row {
		if !c.head {
			return false
		}
	}
	return true
}

// cellBody writes a cell's paragraphs.
func (w *docxWriter) cellBody(c cell) {
	rng, b := w.rng, &w.b
	const pPr = `<w:pPr><w:jc w:val="center"/></w:pPr>`
	switch {
	case c.text == "":
		switch rng.IntN(4) {
		case 0:
			b.WriteString("<w:p>" + pPr + "</w:p>")
		case 1:
			b.WriteString("<w:p>" + pPr + `<w:r><w:t>　</w:t></w:r></w:p>`)
		case 2:
			if w.print { // placeholder text prints: a printed report would show it
				b.WriteString("<w:p/>")
				break
			}
			b.WriteString("<w:p>" + pPr + `<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>单击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt></w:p>`)
		default:
			b.WriteString("<w:p/>")
		}
	case c.num:
		b.WriteString("<w:p>" + pPr)
		switch rng.IntN(8) {
		case 0: // corrected with tracked changes
			w.ids++
			if w.print { // accepted: the printout shows the final text
				w.run(c.text, "")
				break
			}
			fmt.Fprintf(b, `<w:del w:id="%d" w:author="办公室" w:date="2024-01-10T09:00:00Z"><w:r><w:delText>%d</w:delText></w:r></w:del>`, w.ids, 1+rng.IntN(9))
			w.ids++
			fmt.Fprintf(b, `<w:ins w:id="%d" w:author="办公室" w:date="2024-01-10T09:00:00Z">`, w.ids)
			w.run(c.text, "")
			b.WriteString("</w:ins>")
		case 1: // a run-level content control
			b.WriteString(`<w:sdt><w:sdtPr><w:alias w:val="数量"/></w:sdtPr><w:sdtContent>`)
			w.run(c.text, "")
			b.WriteString("</w:sdtContent></w:sdt>")
		case 2: // a hidden run before the number, which a printout leaves out
			if !w.print {
				w.run("0", "<w:vanish/>")
			}
			w.run(c.text, "")
		default:
			for _, p := range splitRunes(rng, c.text, 3) {
				w.run(p, `<w:rFonts w:ascii="Times New Roman"/>`)
			}
		}
		b.WriteString("</w:p>")
	default:
		parts := []string{c.text}
		if rng.IntN(3) == 0 {
			if a, z := splitLabel(rng, c.text); z != "" {
				parts = []string{a, z}
			}
		}
		for _, p := range parts {
			b.WriteString("<w:p>" + pPr)
			for _, q := range splitRunes(rng, p, 3) {
				w.run(q, "")
			}
			b.WriteString("</w:p>")
		}
	}
}
