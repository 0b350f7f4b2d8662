package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"nianbao"
	"nianbao/document"
	"nianbao/internal/gen"
	"nianbao/reader/internal/limit"
)

const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// book packs a workbook of the given sheets (name, sheetData+mergeCells XML)
// and shared strings.
func book(t testing.TB, sst []string, sheets ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, content string) {
		f, _ := zw.Create(name)
		f.Write([]byte(content))
	}
	var wb, rels strings.Builder
	wb.WriteString(`<workbook ` + ns + `><sheets>`)
	rels.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := 0; i+1 < len(sheets); i += 2 {
		n := string(rune('1' + i/2))
		state := ""
		if strings.HasPrefix(sheets[i], "hidden") {
			state = ` state="hidden"`
		}
		wb.WriteString(`<sheet name="` + sheets[i] + `" sheetId="` + n + `" r:id="rId` + n + `"` + state + `/>`)
		rels.WriteString(`<Relationship Id="rId` + n + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet` + n + `.xml"/>`)
		add("xl/worksheets/sheet"+n+".xml", `<worksheet `+ns+`>`+sheets[i+1]+`</worksheet>`)
	}
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`)
	add("xl/workbook.xml", wb.String())
	add("xl/_rels/workbook.xml.rels", rels.String())
	var s strings.Builder
	s.WriteString(`<sst ` + ns + `>`)
	for _, x := range sst {
		s.WriteString(x)
	}
	s.WriteString(`</sst>`)
	add("xl/sharedStrings.xml", s.String())
	zw.Close()
	return buf.Bytes()
}

func TestSheet(t *testing.T) {
	sst := []string{
		`<si><t>二、主动公开政府信息情况</t></si>`,
		`<si><r><t>第二十条</t></r><r><rPr><b/></rPr><t>第（一）项</t></r><rPh><t>だい</t></rPh></si>`,
		`<si><t>规章</t></si>`,
		`<si><t>3,119</t></si>`,
		`<si><t>收费金额</t></si>`,
	}
	sheet := `<sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c></row>` +
		`<row r="3"><c r="B3" t="s"><v>1</v></c><c r="C3"/><c r="D3"/></row>` +
		`<row r="4"><c r="B4" t="s"><v>2</v></c><c r="C4" t="s"><v>3</v></c><c r="D4"><v>7</v></c></row>` +
		`<row r="5"><c r="B5" t="s"><v>4</v></c><c r="C5"><v>7730.2799999999997</v></c><c r="D5" t="inlineStr"><is><t>/</t></is></c></row>` +
		`<row r="6"><c r="B6"/><c r="C6"><v>1E-2</v></c></row>` +
		`</sheetData><mergeCells count="2"><mergeCell ref="B3:D3"/><mergeCell ref="B5:B6"/></mergeCells>`
	data := book(t, sst, "表二", sheet, "hidden", `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>草稿</t></is></c></row></sheetData>`)
	doc, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	want := "二、主动公开政府信息情况\n" +
		"第二十条第（一）项 |\n" +
		"规章 | 3,119 | 7 |\n" +
		"收费金额 | 7730.28 | / |\n" +
		"0.01 |  |\n"
	if doc.Text != want {
		t.Errorf("got\n%s\nwant\n%s", doc.Text, want)
	}
	p := doc.Pos(strings.Index(doc.Text, "7730.28"))
	if p.Table != 1 || p.Row != 5 || p.Col != 3 {
		t.Errorf("7730.28 at %+v; want sheet 1, row 5, column C", p)
	}
}

func TestProvenance(t *testing.T) {
	for ref, want := range map[string][2]int{"A1": {1, 1}, "Z9": {9, 26}, "AA10": {10, 27}, "AB12": {12, 28}} {
		r, c, ok := cellRef(ref)
		if !ok || r != want[0] || c != want[1] {
			t.Errorf("%s = %d,%d", ref, r, c)
		}
	}
	for _, bad := range []string{"", "1", "A", "A0", "ABCDE1", "A-1"} {
		if _, _, ok := cellRef(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

// FuzzRead: any bytes — as a workbook, a worksheet or a string table —
// read without a panic, and fail only with a reason.
func FuzzRead(f *testing.F) {
	s := gen.New(rand.New(rand.NewPCG(5, 7)), gen.Options{Blanks: true})
	f.Add(gen.RenderXLSX(s))
	f.Add([]byte(`<worksheet><sheetData><row><c t="s"><v>0</v></c><c r="XFD1048576"><v>1e308</v></c></row></sheetData><mergeCells><mergeCell ref="A1:Z9999"/><mergeCell ref="B2:A1"/></mergeCells></worksheet>`))
	f.Add([]byte(`<sst><si><r><t>a</t></r><rPh><t>b</t></rPh></si></sst>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read(data)
		if err != nil {
			var e *nianbao.Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Fatalf("error without a reason: %v", err)
			}
		} else {
			if err := doc.Check(); err != nil {
				t.Fatal(err)
			}
			for i := range len(doc.Text) {
				doc.Pos(i)
			}
		}
		func() {
			defer limit.Recover(new(error))
			bud := limit.New(limit.Limits{})
			if sh, err := readSheet(data, []string{"x"}, bud); err == nil {
				b := document.Builder{Meter: bud}
				sh.write(&b, 1, bud)
			}
		}()
		sharedStrings(data)
	})
}

// TestHeadingOnTable: a heading typed right above a table, with no empty
// row between, is a paragraph; a caption merged across the table is the
// table's first row.
func TestHeadingOnTable(t *testing.T) {
	is := func(ref, s string) string {
		return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
	}
	sheet := `<sheetData>` +
		`<row r="1">` + is("A1", "二、主动公开政府信息情况") + `</row>` +
		`<row r="2">` + is("A2", "第二十条第（一）项") + `</row>` +
		`<row r="3">` + is("A3", "信息内容") + is("B3", "本年制发件数") + `</row>` +
		`<row r="4">` + is("A4", "规章") + `<c r="B4"><v>3</v></c></row>` +
		`</sheetData><mergeCells><mergeCell ref="A1:H1"/><mergeCell ref="A2:B2"/></mergeCells>`
	doc, err := Read(book(t, nil, "表二", sheet))
	if err != nil {
		t.Fatal(err)
	}
	want := "二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 | 本年制发件数 |\n规章 | 3 |\n"
	if doc.Text != want {
		t.Errorf("got\n%s\nwant\n%s", doc.Text, want)
	}
}
