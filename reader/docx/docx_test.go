package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/gen"
	"nianbao/reader/internal/limit"
)

func pack(t testing.TB, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create("word/document.xml")
	f.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`))
	zw.Close()
	return buf.Bytes()
}

func read(t *testing.T, body string) string {
	t.Helper()
	doc, err := Read(pack(t, body))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Text
}

func TestText(t *testing.T) {
	body := `<w:p><w:r><w:t>三、收到</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">和处理</w:t></w:r>` +
		`<w:ins w:id="1"><w:r><w:t>政府信息</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:delText>删去</w:delText></w:r></w:del>` +
		`<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>` +
		`<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:r><w:t>公开申请情况</w:t></w:r></w:sdtContent></w:sdt></w:p>` +
		`<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>单击此处输入文字。</w:t></w:r></w:p></w:sdtContent></w:sdt>` +
		`<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>`
	want := "三、收到和处理政府信息公开申请情况\n第一行\n第二行\n"
	if got := read(t, body); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func tc(props, text string) string {
	return `<w:tc><w:tcPr>` + props + `</w:tcPr><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:tc>`
}

func TestMergedCells(t *testing.T) {
	body := `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>` +
		`<w:tr>` + tc(`<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>`, "表头") + tc(`<w:gridSpan w:val="2"/>`, "申请人情况") + `</w:tr>` +
		`<w:tr>` + tc(`<w:gridSpan w:val="2"/><w:vMerge/>`, "") + tc(``, "自然人") + tc(``, "总计") + `</w:tr>` +
		`<w:tr>` + tc(`<w:vMerge w:val="restart"/>`, "三、本年度") + tc(``, "予以公开") +
		`<w:tc><w:p><w:r><w:t>2</w:t></w:r><w:r><w:t>6</w:t></w:r></w:p></w:tc>` +
		`<w:sdt><w:sdtContent>` + tc(``, "26") + `</w:sdtContent></w:sdt></w:tr>` +
		`<w:tr>` + tc(`<w:vMerge/>`, "") + `<w:tc><w:p><w:r><w:t>部分</w:t></w:r></w:p><w:p><w:r><w:t>公开</w:t></w:r></w:p></w:tc>` + tc(``, "　") + tc(``, "") + `</w:tr>` +
		`<w:tr><w:trPr><w:del w:id="9"/></w:trPr>` + tc(``, "删去的行") + `</w:tr>` +
		`<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>` + tc(`<w:hMerge w:val="restart"/>`, "合") + tc(`<w:hMerge/>`, "") + `</w:tr>` +
		`</w:tbl>`
	want := "表头 | 申请人情况 |\n" +
		"自然人 | 总计 |\n" +
		"三、本年度 | 予以公开 | 26 | 26 |\n" +
		"部分公开 |  |  |\n" +
		"合 |\n"
	doc, err := Read(pack(t, body))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Text != want {
		t.Errorf("got\n%s\nwant\n%s", doc.Text, want)
	}
	for _, c := range []struct {
		text     string
		row, col int
	}{{"申请人情况", 1, 3}, {"总计", 2, 4}, {"部分公开", 4, 2}, {"合", 5, 3}} {
		p := doc.Pos(strings.Index(doc.Text, c.text))
		if p.Table != 1 || p.Row != c.row || p.Col != c.col || p.Offset == 0 {
			t.Errorf("%s at %+v; want row %d col %d", c.text, p, c.row, c.col)
		}
	}
}

func TestNestedTable(t *testing.T) {
	body := `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>` +
		`<w:tbl><w:tr>` + tc(``, "规章") + tc(``, "3") + `</w:tr></w:tbl>` +
		`<w:p><w:r><w:t>表后</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`
	want := "一、总体情况\n规章 | 3 |\n表后\n"
	if got := read(t, body); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// FuzzRead: any bytes — as a .docx, or as its word/document.xml — read
// without a panic, and fail only with a reason.
func FuzzRead(f *testing.F) {
	if data, err := os.ReadFile("../../testdata/real/template-2021-blank.docx"); err == nil {
		f.Add(data)
	}
	s := gen.New(rand.New(rand.NewPCG(5, 7)), gen.Options{Blanks: true})
	f.Add(gen.RenderDOCX(s))
	f.Add([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl><w:tr><w:trPr><w:gridBefore w:val="3"/></w:trPr><w:tc><w:tcPr><w:vMerge/><w:gridSpan w:val="99"/></w:tcPr><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl></w:body></w:document>`))
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
			readBody(data, limit.New(limit.Limits{}))
		}()
	})
}
