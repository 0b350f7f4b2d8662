package reader

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
	"nianbao/reader/legacy"
)

// zipOf packs name/content pairs.
func zipOf(t *testing.T, nameContent ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(nameContent); i += 2 {
		f, err := zw.Create(nameContent[i])
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(nameContent[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// corruptPart damages the compressed bytes of the named part.
func corruptPart(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	out := bytes.Clone(data)
	i := bytes.Index(out, []byte(name))
	if i < 0 || i+len(name)+400 > len(out) {
		t.Fatalf("part %s not found", name)
	}
	for k := i + len(name) + 100; k < i+len(name)+400; k += 7 {
		out[k] ^= 0x5A
	}
	return out
}

// TestBadFiles: damaged files of each format fail with a clear error in
// Chinese that names the problem, never a panic or an error without a reason.
func TestBadFiles(t *testing.T) {
	shuyang, err := os.ReadFile("../testdata/real/shuyang-fgj-2023.html")
	if err != nil {
		t.Fatal(err)
	}
	blank, err := os.ReadFile("../testdata/real/template-2021-blank.docx")
	if err != nil {
		t.Fatal(err)
	}
	s := gen.New(rand.New(rand.NewPCG(3, 7)), gen.Options{})
	docx, xlsx := gen.RenderDOCX(s), gen.RenderXLSX(s)
	const wb = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>`
	cases := []struct {
		name string
		data []byte
		code string
		want string // a phrase the message must hold
	}{
		{"truncated docx", blank[:len(blank)/2], nianbao.EINVALID, "不是有效的 zip"},
		{"truncated xlsx", xlsx[:len(xlsx)*2/3], nianbao.EINVALID, "不是有效的 zip"},
		{"corrupt docx", corruptPart(t, docx, "word/document.xml"), nianbao.EINVALID, "word/document.xml 无法解压"},
		{"corrupt xlsx", corruptPart(t, xlsx, "xl/worksheets/sheet1.xml"), nianbao.EINVALID, "无法解压"},
		{"zip of something else", zipOf(t, "readme.txt", "hello", "data/1.csv", "1,2"), nianbao.EUNSUPPORTED, "不是 DOCX/XLSX"},
		{"docx without its body", zipOf(t, "[Content_Types].xml", "<Types/>", "word/styles.xml", "<styles/>"), nianbao.EINVALID, "word/document.xml"},
		{"docx with broken XML", zipOf(t, "word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>一、总体情况`), nianbao.EINVALID, "不是有效的 XML"},
		{"docx without text", zipOf(t, "word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>`), nianbao.ENOTREPORT, "没有文字"},
		{"opendocument", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<office:document-content/>"), nianbao.EUNSUPPORTED, "OpenDocument"},
		{"xlsx without sheets", zipOf(t, "xl/workbook.xml", wb), nianbao.EINVALID, "没有工作表"},
		{"html without text", []byte("<!DOCTYPE html><html><head><title>x</title><script>var a=1;</script></head><body> </body></html>"), nianbao.ENOTREPORT, "没有正文"},
		{"html of something else", []byte("<html><body><p>通知公告</p><table><tr><td>1</td></tr></table></body></html>"), nianbao.ENOTREPORT, "表三"},
	}
	if !legacy.Available() {
		ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
		ole = append(ole, []byte("W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00")...)
		cases = append(cases, struct {
			name string
			data []byte
			code string
			want string
		}{"doc without LibreOffice", ole, nianbao.EUNSUPPORTED, "apt-get install libreoffice-writer"})
	}
	for _, c := range cases {
		_, err := Read(c.name, c.data)
		var e *nianbao.Error
		switch {
		case err == nil:
			t.Errorf("%s: read without error", c.name)
		case !errors.As(err, &e):
			t.Errorf("%s: error is not a *nianbao.Error: %v", c.name, err)
		case e.Code != c.code || !strings.Contains(e.Message, c.want):
			t.Errorf("%s: %s %q; want %s and %q", c.name, e.Code, e.Message, c.code, c.want)
		}
	}

	// A page cut short is still a page: what it holds is read, and the
	// numbers it lost are not invented.
	for _, frac := range []int{30, 60, 90} {
		cut := shuyang[:len(shuyang)*frac/100]
		rep, err := Read("cut.html", cut)
		if err != nil {
			var e *nianbao.Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Errorf("cut at %d%%: %v", frac, err)
			}
			continue
		}
		if rep.Source.Format != "html" {
			t.Errorf("cut at %d%%: format %q", frac, rep.Source.Format)
		}
	}
}

// TestBlankTemplate: the official blank template reads as a 2021-format
// report whose every cell is null, with a note that it is empty.
func TestBlankTemplate(t *testing.T) {
	data, err := os.ReadFile("../testdata/real/template-2021-blank.docx")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Read("template-2021-blank.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Template != nianbao.Format2021 || rep.Source.Format != "docx" {
		t.Errorf("template %q, format %q", rep.Template, rep.Source.Format)
	}
	for k, n := range rep.Active {
		if n.Valid() {
			t.Errorf("active %s = %s", k, n)
		}
	}
	for r, row := range rep.Requests {
		for c, n := range row {
			if n.Valid() {
				t.Errorf("requests %s[%d] = %s", nianbao.Row(r).Key(), c, n)
			}
		}
	}
	for g, row := range rep.Review {
		for c, n := range row {
			if n.Valid() {
				t.Errorf("review %d[%d] = %s", g, c, n)
			}
		}
	}
	empty := false
	for _, n := range rep.Notes {
		empty = empty || n.Code == nianbao.NoteEmptyReport
	}
	if !empty {
		t.Errorf("no empty_report note: %+v", rep.Notes)
	}
	// Every printed cell of the template is read, as blank.
	blanks := 0
	for _, c := range rep.Cells {
		if c.Kind != nianbao.KindBlank || c.Pos.Table == 0 || c.Pos.Row == 0 || c.Pos.Col == 0 {
			t.Errorf("cell %s %s: %s at %+v", c.Row, c.Column, c.Kind, c.Pos)
		}
		blanks++
	}
	if want := 10 + 25*7 + 15; blanks != want {
		t.Errorf("%d blank cells; the template prints %d", blanks, want)
	}
	checkGolden(t, "template-2021-blank.docx", rep)
}

// TestSniff: formats are told from content, not from names.
func TestSniff(t *testing.T) {
	s := gen.New(rand.New(rand.NewPCG(1, 7)), gen.Options{})
	for _, f := range gridFormats {
		rep, err := Read("report.txt", f.render(s)) // a misleading name
		if err != nil {
			t.Fatalf("%s: %v", f.format, err)
		}
		if rep.Source.Format != f.format {
			t.Errorf("%s read as %s", f.format, rep.Source.Format)
		}
	}
	page := "<!-- saved from url=(0041)http://www.example.gov.cn/ -->\n<html><head><meta charset=\"utf-8\"></head><body></body></html>"
	if got := sniff([]byte(page)); got != formatHTML {
		t.Errorf("a page opening with a comment sniffed as %s", got)
	}
	for _, c := range []struct {
		name, data string
		want       format
	}{
		{"fragment opening with a paragraph", "<p class=MsoNormal>一、总体情况</p>", formatHTML},
		{"fragment opening with a span", "<span style='font-size:16pt'>报告</span>", formatHTML},
		{"text holding a table", "某局2023年报告\n一、总体情况\n<table><tr><td>规章</td><td>0</td></tr></table>", formatHTML},
		{"text quoting a tag", "依据<条例>和<table>标记的说明</td>", formatText},
		{"text opening with a bracket", "<政府信息公开条例>第五十条", formatText},
		{"text with a parameter", "<p1>不是标签", formatText},
		{"markup in a script string", `报告\n<table class=\'t\'><tr><td>规章<\/td><\/tr><\/table>`, formatScript},
		{"markup in a script string, opening with a tag", `<div><table><tr><td>0<\/td><\/tr><\/table><\/div>`, formatScript},
		{"a page whose script writes one cell", `<html><table><tr><td>0</td></tr></table><script>s="<\/td>"</script></html>`, formatHTML},
		{"GBK text with escapes is left as text", "\xb1\xa8<table><tr><td>\xb9\\<\\/td><\\/tr>", formatText},
	} {
		if got := sniff([]byte(c.data)); got != c.want {
			t.Errorf("%s: sniffed as %s; want %s", c.name, got, c.want)
		}
	}
}
