package gen

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"nianbao"
)

// RenderXLSX writes the sample as a minimal valid Excel workbook, the way
// offices that publish the report as a spreadsheet lay it out: the title,
// headings and prose one paragraph per row in column A (sometimes merged
// across), each table below its heading with mergeCells as the template
// merges them and an empty row around it (sometimes none between the
// heading and its table). Some workbooks put sections 二, 三 and 四 on
// sheets of their own. Numbers are stored as numbers, or as text now and
// then (and always when printed with separators, full-width digits or a
// "+"), amounts sometimes with the binary noise of floating point; blank
// cells are absent or present without a value; strings are shared or
// inline.
func RenderXLSX(s *Sample) []byte {
	rng := s.renderRNG("xlsx")
	x := &xlsxWriter{rng: rng, inline: rng.IntN(3) == 0, index: map[string]int{}}
	perSection := rng.IntN(2) == 0
	sh := x.newSheet("年度报告")
	afterHeading := false
	section := 0
	for _, bl := range s.blocks(false) {
		switch bl.kind {
		case chromeLine:
			continue
		case heading:
			section++
			if perSection && section >= 2 && section <= 5 {
				sh = x.newSheet(numerals[section-1] + "、" + strconv.Itoa(section))
			}
			sh.text(bl.text, rng)
			afterHeading = true
			continue
		case tableBlock:
			if !afterHeading || rng.IntN(3) > 0 {
				sh.row++
			}
			sh.table(s, bl.tab, rng)
			sh.row++
		default:
			sh.text(bl.text, rng)
		}
		afterHeading = false
	}
	return x.pack()
}

type xlsxWriter struct {
	rng     *rand.Rand
	inline  bool // strings stored inline rather than in the shared table
	strings []string
	index   map[string]int
	sheets  []*xlsxSheet
}

type xlsxSheet struct {
	x      *xlsxWriter
	name   string
	row    int // last row written
	rows   []string
	merges []string
}

func (x *xlsxWriter) newSheet(name string) *xlsxSheet {
	sh := &xlsxSheet{x: x, name: name}
	x.sheets = append(x.sheets, sh)
	return sh
}

// colName returns the column letters of 1-based column c.
func colName(c int) string {
	s := ""
	for c > 0 {
		c--
		s = string(rune('A'+c%26)) + s
		c /= 26
	}
	return s
}

func ref(r, c int) string { return colName(c) + strconv.Itoa(r) }

// str returns a string cell's XML.
func (x *xlsxWriter) str(r, c int, text string) string {
	if x.inline {
		return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref(r, c), xmlText(text))
	}
	i, ok := x.index[text]
	if !ok {
		i = len(x.strings)
		x.strings = append(x.strings, text)
		x.index[text] = i
	}
	return fmt.Sprintf(`<c r="%s" t="s"><v>%d</v></c>`, ref(r, c), i)
}

// text writes a paragraph as one row, its text in column A.
func (sh *xlsxSheet) text(text string, rng *rand.Rand) {
	sh.row++
	sh.rows = append(sh.rows, fmt.Sprintf(`<row r="%d">%s</row>`, sh.row, sh.x.str(sh.row, 1, text)))
	if rng.IntN(3) == 0 {
		sh.merges = append(sh.merges, ref(sh.row, 1)+":"+ref(sh.row, 8))
	}
}

// table writes a table from the next row on, starting in column A.
func (sh *xlsxSheet) table(s *Sample, t *table, rng *rand.Rand) {
	cells, at := t.placedCells()
	top := sh.row + 1
	for _, c := range cells {
		if c.rowspan > 1 || c.colspan > 1 {
			sh.merges = append(sh.merges, ref(top+c.row, 1+c.col)+":"+ref(top+c.row+c.rowspan-1, c.col+c.colspan))
		}
	}
	fillCovered := rng.IntN(2) == 0
	for r := range t.rows {
		sh.row++
		var b strings.Builder
		fmt.Fprintf(&b, `<row r="%d">`, sh.row)
		for c := 0; c < t.ncols; c++ {
			p := at[r][c]
			switch {
			case p == nil:
			case p.row != r || p.col != c:
				if fillCovered {
					fmt.Fprintf(&b, `<c r="%s"/>`, ref(sh.row, c+1))
				}
			case p.text == "":
				if rng.IntN(2) == 0 {
					fmt.Fprintf(&b, `<c r="%s"/>`, ref(sh.row, c+1))
				}
			case p.num:
				b.WriteString(sh.x.number(sh.row, c+1, p.text, rng))
			default:
				b.WriteString(sh.x.str(sh.row, c+1, p.text))
			}
		}
		b.WriteString("</row>")
		sh.rows = append(sh.rows, b.String())
	}
}

// number writes a number cell: as a number when it is printed as one
// would type it, else (or now and then anyway) as text.
func (x *xlsxWriter) number(r, c int, text string, rng *rand.Rand) string {
	n, ok := nianbao.ParseNum(text)
	plain := ok && text == n.String()
	if !plain || rng.IntN(5) == 0 {
		return x.str(r, c, text)
	}
	v := text
	if strings.Contains(v, ".") && rng.IntN(2) == 0 {
		// Seventeen significant digits, as some writers store a double.
		f, _ := strconv.ParseFloat(v, 64)
		v = strconv.FormatFloat(f, 'g', 17, 64)
	}
	return fmt.Sprintf(`<c r="%s"><v>%s</v></c>`, ref(r, c), v)
}

// pack writes the workbook's parts into a zip.
func (x *xlsxWriter) pack() []byte {
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	var types, wb, rels strings.Builder
	types.WriteString(head + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	wb.WriteString(head + `<workbook ` + ns + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(head + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	var files []string
	for i, sh := range x.sheets {
		part := fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		fmt.Fprintf(&types, `<Override PartName="/%s" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, part)
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, xmlText(sh.name), i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		var b strings.Builder
		b.WriteString(head + `<worksheet ` + ns + `><sheetData>`)
		for _, r := range sh.rows {
			b.WriteString(r)
		}
		b.WriteString("</sheetData>")
		if len(sh.merges) > 0 {
			fmt.Fprintf(&b, `<mergeCells count="%d">`, len(sh.merges))
			for _, m := range sh.merges {
				fmt.Fprintf(&b, `<mergeCell ref="%s"/>`, m)
			}
			b.WriteString("</mergeCells>")
		}
		b.WriteString("</worksheet>")
		files = append(files, part, b.String())
	}
	wb.WriteString("</sheets></workbook>")
	if len(x.strings) > 0 {
		types.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, len(x.sheets)+1)
		var b strings.Builder
		fmt.Fprintf(&b, head+`<sst `+ns+` count="%d" uniqueCount="%d">`, len(x.strings), len(x.strings))
		for _, s := range x.strings {
			if p := splitRunes(x.rng, s, 3); len(p) > 1 {
				// Rich text: the string stored as runs.
				b.WriteString("<si>")
				for _, q := range p {
					fmt.Fprintf(&b, `<r><t xml:space="preserve">%s</t></r>`, xmlText(q))
				}
				b.WriteString("</si>")
				continue
			}
			fmt.Fprintf(&b, `<si><t xml:space="preserve">%s</t></si>`, xmlText(s))
		}
		b.WriteString("</sst>")
		files = append(files, "xl/sharedStrings.xml", b.String())
	}
	types.WriteString("</Types>")
	rels.WriteString("</Relationships>")
	all := []string{
		"[Content_Types].xml", types.String(),
		"_rels/.rels", head + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml", wb.String(),
		"xl/_rels/workbook.xml.rels", rels.String(),
	}
	return zipFiles(append(all, files...)...)
}
