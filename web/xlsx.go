package web

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"encoding/xml"
	"io"
	"strconv"
)

// xlsxWriter streams one worksheet as a minimal valid SpreadsheetML
// workbook (Office Open XML): inline strings, numbers as numbers, a bold
// frozen header row. The standard library is enough for this.
type xlsxWriter struct {
	zw      *zip.Writer
	sheet   *bufio.Writer
	row     int
	columns []string // A, B, …: the column names used so far
}

const (
	xlsxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`
	xlsxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	xlsxWorkbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
	xlsxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
	xlsxSheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>`
	xlsxSheetTail = `</sheetData></worksheet>`
)

func xlsxWorkbook(sheetName string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="` + xmlEscape(sheetName) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`
}

func newXLSX(w io.Writer, sheetName string) (*xlsxWriter, error) {
	zw := zip.NewWriter(w)
	// The fastest compression: a workbook of every report is hundreds of
	// MB of XML, which the default level takes most of the export to
	// compress, for a file a few percent smaller.
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, f := range []struct{ name, body string }{
		{"[Content_Types].xml", xlsxContentTypes},
		{"_rels/.rels", xlsxRels},
		{"xl/workbook.xml", xlsxWorkbook(sheetName)},
		{"xl/_rels/workbook.xml.rels", xlsxWorkbookRels},
		{"xl/styles.xml", xlsxStyles},
	} {
		fw, err := zw.Create(f.name)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return nil, err
		}
	}
	fw, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return nil, err
	}
	x := &xlsxWriter{zw: zw, sheet: bufio.NewWriterSize(fw, 64<<10)}
	x.sheet.WriteString(xlsxSheetHead)
	return x, nil
}

// Row writes one row; header rows are bold. It writes piece by piece,
// without building strings: an export of every report is tens of millions
// of cells.
func (x *xlsxWriter) Row(cells []exportCell, header bool) error {
	x.row++
	r := strconv.Itoa(x.row)
	w := x.sheet
	w.WriteString(`<row r="`)
	w.WriteString(r)
	w.WriteString(`">`)
	for i, c := range cells {
		if c.Text == "" {
			continue
		}
		for len(x.columns) <= i {
			x.columns = append(x.columns, columnName(len(x.columns)))
		}
		w.WriteString(`<c r="`)
		w.WriteString(x.columns[i])
		w.WriteString(r)
		w.WriteByte('"')
		if header {
			w.WriteString(` s="1"`)
		}
		if c.Number {
			w.WriteString(`><v>`)
			w.WriteString(c.Text)
			w.WriteString(`</v></c>`)
		} else {
			w.WriteString(` t="inlineStr"><is><t xml:space="preserve">`)
			xml.EscapeText(w, []byte(c.Text))
			w.WriteString(`</t></is></c>`)
		}
	}
	_, err := w.WriteString(`</row>`)
	return err
}

// Close ends the worksheet and the workbook.
func (x *xlsxWriter) Close() error {
	x.sheet.WriteString(xlsxSheetTail)
	if err := x.sheet.Flush(); err != nil {
		return err
	}
	return x.zw.Close()
}

// columnName returns the spreadsheet name of the i-th column (0-based): A, …, Z, AA, ….
func columnName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

func xmlEscape(s string) string {
	var b xmlBuf
	xml.EscapeText(&b, []byte(s))
	return string(b)
}

type xmlBuf []byte

func (b *xmlBuf) Write(p []byte) (int, error) { *b = append(*b, p...); return len(p), nil }
