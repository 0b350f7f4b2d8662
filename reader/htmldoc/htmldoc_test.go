package htmldoc

import (
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"nianbao"
)

func text(t *testing.T, page string) string {
	t.Helper()
	doc, err := Read([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Text
}

func TestWordExport(t *testing.T) {
	page := `<html><body><div class=WordSection1>
<p class=MsoNormal><span style='font-family:黑体'>三、收到和处理</span><span
style='font-family:黑体'>政府信息公开申请情况</span></p>
<table class=MsoNormalTable border=1>
 <tr><td rowspan=2 colspan=2><p>（本列数据）</p></td><td colspan=2><p>申请人情</p><p>况</p></td></tr>
 <tr><td><p><o:p>&nbsp;</o:p></p><p>自然</p><p>人</p></td><td><p>总<span>计</span></p></td></tr>
 <tr><td rowspan=2><p>三、本年度</p></td><td><p>（一）予以公开</p></td><td><p><span lang=EN-US>2</span><span lang=EN-US>6</span></p></td><td><p>&nbsp;26&nbsp;</p></td></tr>
 <tr><td><p>（二）部分公开</p></td><td><p><o:p>&nbsp;</o:p></p></td><td>　</td></tr>
</table></div></body></html>`
	want := "三、收到和处理政府信息公开申请情况\n" +
		"（本列数据） | 申请人情况 |\n" +
		"自然人 | 总计 |\n" +
		"三、本年度 | （一）予以公开 | 26 | 26 |\n" +
		"（二）部分公开 |  |  |\n"
	if got := text(t, page); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestChromeAndNesting(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>标题不读</title>
<script>if (a < b) document.write("<p>脚本</p>");</script><style>p{x:1}</style></head>
<body><ul class="nav"><li><a href="/">首页</a></li><li>政务公开</li></ul>
<select><option>部门网站</option></select>
<div style="display: none">隐藏<div>也隐藏</div></div>
<table width="100%"><tr><td>
  <p>一、总体情况</p><p>正文</p>
  <table border=1><tr><td>规章</td><td>3</td></tr></table>
  <p>二、表后</p>
</td></tr></table>
<p>页脚 &copy; 2024</p><!-- <p>注释</p> -->
</body></html>`
	want := "首页\n政务公开\n一、总体情况\n正文\n规章 | 3 |\n二、表后\n页脚 © 2024\n"
	if got := text(t, page); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestPositions(t *testing.T) {
	page := "<p>甲</p>\n<table><tr><td>a</td><td rowspan=2>b</td></tr><tr><td>c</td></tr></table><table><tr><td>x</td><td>y</td></tr></table>"
	doc, err := Read([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if p := doc.Pos(0); p.Offset != strings.Index(page, "甲") {
		t.Errorf("paragraph at %+v", p)
	}
	for _, c := range []struct {
		text            string
		table, row, col int
	}{{"a", 1, 1, 1}, {"b", 1, 1, 2}, {"c", 1, 2, 1}, {"y", 2, 1, 2}} {
		i := strings.Index(doc.Text, c.text+" |")
		p := doc.Pos(i)
		if p.Table != c.table || p.Row != c.row || p.Col != c.col || p.Offset == 0 {
			t.Errorf("%s at %+v; want table %d row %d col %d", c.text, p, c.table, c.row, c.col)
		}
	}
}

func TestEncodings(t *testing.T) {
	body := "<p>沭阳县发展和改革局</p>"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(body)
	for _, c := range []struct {
		name string
		page string
		enc  string
	}{
		{"utf-8 declared", `<meta charset="utf-8">` + body, UTF8},
		{"utf-8 declaring gb2312", `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">` + body, UTF8},
		{"gbk declared", `<meta http-equiv="Content-Type" content="text/html; charset=GBK">` + gbk, GB18030},
		{"gbk undeclared", `<html>` + gbk, GB18030},
		{"gbk declared latin-1", `<meta charset="iso-8859-1">` + gbk, GB18030},
		{"big5 declared", `<meta charset="big5">` + "<p>\xa4\xa4\xa4\xe5</p>", "big5"},
		{"bom", "\xef\xbb\xbf" + body, UTF8},
		// A stray byte in a script does not make the text GBK.
		{"utf-8 damaged script", `<meta charset="gb2312"><script>x="\xff"</script>` + body, UTF8},
		// A GBK page whose start holds no Chinese is still GBK.
		{"gbk late", "<html><!--" + strings.Repeat("x", 20<<10) + "-->" + gbk, GB18030},
	} {
		doc, enc, err := ReadEncoding([]byte(c.page))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want := "沭阳县发展和改革局\n"
		if c.enc == "big5" {
			want = "中文\n"
		}
		if enc != c.enc || doc.Text != want {
			t.Errorf("%s: %s %q; want %s %q", c.name, enc, doc.Text, c.enc, want)
		}
	}
}

// TestGBKPositions: a GBK page is read in place, so positions are the
// file's own offsets; a style is read in characters, where a GBK
// character may end in an ASCII letter.
func TestGBKPositions(t *testing.T) {
	enc := func(s string) string {
		b, _ := simplifiedchinese.GBK.NewEncoder().String(s)
		return b
	}
	page := `<meta charset="gbk"><p>` + enc("公开") + `</p><table><tr><td>` + enc("甲") + `</td><td>7</td></tr></table>` +
		`<p><span style="` + "\xb6" + `display:none">` + enc("可见") + `</span></p>`
	doc, encoding, err := ReadEncoding([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if want := "公开\n甲 | 7 |\n可见\n"; encoding != GB18030 || doc.Text != want {
		t.Fatalf("%s %q; want %q", encoding, doc.Text, want)
	}
	if got, want := doc.Pos(0).Offset, strings.Index(page, enc("公开")); got != want {
		t.Errorf("paragraph at %d; want %d", got, want)
	}
	if got, want := doc.Pos(strings.Index(doc.Text, "7")).Offset, strings.Index(page, "<td>7"); got != want {
		t.Errorf("cell at %d; want %d", got, want)
	}
}

// TestDamagedText: a UTF-8 page that declares so, with a bad byte in its
// text past the start, reads as UTF-8 with the byte replaced.
func TestDamagedText(t *testing.T) {
	page := `<meta charset="utf-8">` + strings.Repeat("<p>甲</p>", 4<<10) + "<p>乙\xff丙</p>"
	doc, enc, err := ReadEncoding([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if enc != UTF8 || !strings.HasSuffix(doc.Text, "乙\uFFFD丙\n") {
		t.Errorf("%s %q", enc, doc.Text[len(doc.Text)-20:])
	}
}

func TestHostileSpans(t *testing.T) {
	var b strings.Builder
	b.WriteString("<table><tr><td colspan=1000 rowspan=65534>x</td><td>1</td></tr>")
	for range 2000 {
		b.WriteString("<tr><td colspan=999>y</td></tr>")
	}
	b.WriteString("</table>")
	if _, err := Read([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
}

// FuzzRead: any bytes read without a panic, and fail only with a reason.
func FuzzRead(f *testing.F) {
	if data, err := os.ReadFile("../../testdata/real/shuyang-fgj-2023.html"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`<table><tr><td rowspan=0 colspan=3>a<table><tr><td>b</td></tr></table></td></tr><caption>c</caption><tr><td>&nbsp;</td></tr></table>`))
	f.Add([]byte("<meta charset=gbk><p>\xb9\xfa</p><script>a</scr"))
	f.Add([]byte("<div style='display:none'><span hidden>x</span><!-- a <b>c</b"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read(data)
		if err != nil {
			var e *nianbao.Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Fatalf("error without a reason: %v", err)
			}
			return
		}
		if err := doc.Check(); err != nil {
			t.Fatal(err)
		}
		for i := range len(doc.Text) {
			doc.Pos(i)
		}
	})
}

func TestHidden(t *testing.T) {
	page := `<p>甲</p><table style="DISPLAY: none"><tr><td>表</td></tr></table><span style='display:none;mso-hide:all'>字</span>` +
		`<div hidden><p>段</p></div><font style="visibility: hidden">号</font><p style="display:none">乙</p><span style="font-family:宋体">丙</span>`
	// A <p>'s end tag is optional, so its display:none is not trusted.
	if got := text(t, page); got != "甲\n乙\n丙\n" {
		t.Errorf("got %q", got)
	}
}

// TestMayHide checks the cheap test against the full one on styles that
// hide and styles that look as if they might.
func TestMayHide(t *testing.T) {
	for _, style := range []string{
		"display:none", "DISPLAY: NONE", "display:\u00a0none", "visibility :\thidden", "mso-hide:all",
		"mso-hide: ALL;font-size:9pt", "font-family:宋体;display:none", "border:none", "font-weight:normal",
		"font-size:10.5pt", "font-family:\"Times New Roman\"", "", "display", "x:", "dis play:none",
	} {
		s := &scanner{src: []byte(style), styleTo: len(style)}
		full := strings.Contains(strings.ToLower(strings.Join(strings.Fields(style), "")), "display:none") ||
			strings.Contains(strings.ToLower(strings.Join(strings.Fields(style), "")), "visibility:hidden") ||
			strings.Contains(strings.ToLower(strings.Join(strings.Fields(style), "")), "mso-hide:all")
		if full && !mayHide([]byte(style)) {
			t.Errorf("mayHide(%q) = false, but the style hides", style)
		}
		if got := s.hidden(); got != full {
			t.Errorf("hidden(%q) = %v; want %v", style, got, full)
		}
	}
}
