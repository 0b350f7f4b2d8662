package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"nianbao/reader/internal/limit"
	"nianbao/reader/internal/limit/limittest"
	"nianbao/reader/internal/ooxml"
)

// amplifier is the shape of a workbook that is small on disk and costly to
// read: what each of its fields multiplies.
type amplifier struct {
	strLen    int // length of the one shared string every cell names
	cells     int // rows of the sheet, each one cell naming the string (or two, for blocks)
	listed    int // times the workbook lists the one sheet
	merges    int // merged regions, each mergeRows × mergeCols, one under another
	mergeRows int
	mergeCols int
	blocks    bool // rows of two cells between empty rows: one block each, under many merges
}

// bytes packs the workbook.
func (a amplifier) bytes() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, write func(b *strings.Builder)) {
		var b strings.Builder
		write(&b)
		f, _ := zw.Create(name)
		f.Write([]byte(b.String()))
	}
	add("xl/workbook.xml", func(b *strings.Builder) {
		b.WriteString(`<workbook ` + ns + `><sheets>`)
		for i := range max(a.listed, 1) {
			fmt.Fprintf(b, `<sheet name="s%d" sheetId="%d" r:id="rId1"/>`, i, i+1)
		}
		b.WriteString(`</sheets></workbook>`)
	})
	add("xl/_rels/workbook.xml.rels", func(b *strings.Builder) {
		b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
	})
	add("xl/sharedStrings.xml", func(b *strings.Builder) {
		b.WriteString(`<sst ` + ns + `><si><t>` + strings.Repeat("报", max(a.strLen, 1)) + `</t></si></sst>`)
	})
	add("xl/worksheets/sheet1.xml", func(b *strings.Builder) {
		b.WriteString(`<worksheet ` + ns + `><sheetData>`)
		for r := 1; r <= a.cells; r++ {
			row := r
			if a.blocks {
				row = 2 * r
			}
			fmt.Fprintf(b, `<row r="%d"><c r="A%d" t="s"><v>0</v></c>`, row, row)
			if a.blocks {
				fmt.Fprintf(b, `<c r="B%d"><v>%d</v></c>`, row, r)
			}
			b.WriteString(`</row>`)
		}
		b.WriteString(`</sheetData><mergeCells>`)
		for i := range a.merges {
			r1 := 1 + i*max(a.mergeRows, 1)
			if a.blocks {
				r1 = 2*i + 2 // one per block, beside its cells
			}
			fmt.Fprintf(b, `<mergeCell ref="C%d:%s%d"/>`, r1, colName(2+max(a.mergeCols, 1)), r1+max(a.mergeRows, 1)-1)
		}
		b.WriteString(`</mergeCells></worksheet>`)
	})
	zw.Close()
	return buf.Bytes()
}

// colName is the spreadsheet name of 1-based column c.
func colName(c int) string {
	s := ""
	for ; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

// readUnder reads a workbook under the limits l.
func readUnder(data []byte, l limit.Limits) error {
	pkg, err := ooxml.Open(data, "XLSX")
	if err != nil {
		return err
	}
	pkg.Budget = limit.New(l)
	_, err = ReadPackage(pkg)
	return err
}

// TestAmplification: workbooks of a few KB that once asked for gigabytes
// stop at the limit they reach, with ETOOLARGE naming it; a sheet of many
// blocks under many merges reads in time.
func TestAmplification(t *testing.T) {
	for _, tt := range []struct {
		name string
		a    amplifier
		want string // words of the error; "" for none
	}{
		{"shared string in every cell", amplifier{strLen: 1 << 20, cells: 10000}, "文字"},
		{"one sheet listed many times", amplifier{strLen: 10, cells: 20000, listed: 5000}, ""},
		{"merges over huge areas", amplifier{strLen: 10, cells: 10, merges: 190, mergeRows: 512, mergeCols: 500}, "单元格"},
		{"many blocks under many merges", amplifier{strLen: 2, cells: 9000, merges: 9000, mergeRows: 1, mergeCols: 2, blocks: true}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.a.bytes()
			limittest.Read(t, len(data), tt.want, func() error { return readUnder(data, limit.Limits{}) })
		})
	}
}

// FuzzAmplification: workbooks of any of the shapes above, any size, read
// under tight limits, stop in time with a reason or read.
func FuzzAmplification(f *testing.F) {
	f.Add(uint16(1000), uint16(500), uint8(3), uint16(10), uint16(20), uint16(20), false)
	f.Add(uint16(10), uint16(2000), uint8(100), uint16(0), uint16(0), uint16(0), false)
	f.Add(uint16(2), uint16(3000), uint8(1), uint16(1000), uint16(1), uint16(2), true)
	f.Add(uint16(5), uint16(10), uint8(1), uint16(200), uint16(500), uint16(512), false)
	f.Fuzz(func(t *testing.T, strLen, cells uint16, listed uint8, merges, mergeRows, mergeCols uint16, blocks bool) {
		a := amplifier{int(strLen), int(cells % 5000), int(listed), int(merges % 2000), int(mergeRows), int(mergeCols % 600), blocks}
		limittest.Reason(t, readUnder(a.bytes(), limit.Limits{Decoded: 64 << 20, Text: 16 << 20, Cells: 500_000, Time: 2 * time.Second}))
	})
}
