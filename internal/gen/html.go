package gen

import (
	"fmt"
	"html"
	"math/rand/v2"
	"slices"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// RenderHTML writes the sample as a saved portal page: the site's header,
// navigation, scripts and footer around an article whose body is Word's
// HTML export of the report — MsoNormal paragraphs, MsoNormalTable tables
// merged with rowspan and colspan as the template merges them, numbers
// split over several <span>s now and then, labels over several <p>s, blank
// cells padded with &nbsp;, and sometimes a group label split into two
// cells stacked over its rows. Some pages wrap the article in a layout
// table, some are GBK with or without a <meta> charset.
func RenderHTML(s *Sample) []byte {
	rng := s.renderRNG("html")
	w := &htmlWriter{rng: rng}
	enc := pick(rng, "utf-8", "utf-8", "utf-8", "utf-8", "utf-8", "utf-8", "none-utf-8", "gb2312", "gbk", "none-gbk")
	bs := s.blocks(false)
	title := ""
	for _, bl := range bs {
		if bl.kind == titleLine {
			title = bl.text
		}
	}
	b := &w.b
	b.WriteString("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n")
	b.WriteString("<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n")
	switch enc {
	case "utf-8":
		b.WriteString("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\n")
	case "gb2312", "gbk":
		fmt.Fprintf(b, "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\" />\n", enc)
	}
	fmt.Fprintf(b, "<title>%s_%s</title>\n", html.EscapeString(title), "政府信息公开")
	b.WriteString("<link rel=\"stylesheet\" type=\"text/css\" href=\"/images/style.css\" />\n")
	b.WriteString("<style type=\"text/css\">\n.nav li{float:left} td>p{margin:0} a:hover{color:#c00}\n</style>\n")
	b.WriteString("<script type=\"text/javascript\">\nvar _hmt = _hmt || [];\nfunction fontZoom(n){ if (n < 12 && n > 0) { document.getElementById('zoom').style.fontSize = n + 'px'; } }\ndocument.write('<div class=\"ad\">广告 2099</div>');\n</script>\n")
	b.WriteString("</head>\n<body>\n")
	b.WriteString("<div class=\"top\"><div class=\"nav\"><ul>")
	for _, item := range []string{"首页", "政务公开", "政务服务", "互动交流"} {
		fmt.Fprintf(b, "<li><a href=\"/%s/\">%s</a></li>", "col", item)
	}
	b.WriteString("</ul></div>\n<form action=\"/search\" method=\"get\"><input type=\"text\" name=\"q\" value=\"请输入关键字\" /><select name=\"site\"><option>部门网站</option><option>2023年</option></select><input type=\"submit\" value=\"搜索\" /></form>\n</div>\n")
	i := 0
	for ; i < len(bs) && bs[i].kind == chromeLine; i++ {
		fmt.Fprintf(b, "<div class=\"location\">%s</div>\n", html.EscapeString(bs[i].text))
	}
	b.WriteString("<div class=\"article\">\n<div class=\"content\" id=\"zoom\">\n")
	layout := rng.IntN(4) == 0
	if layout {
		b.WriteString("<table width=\"100%\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\"><tr><td class=\"content\">\n")
	}
	end := len(bs)
	for end > i && bs[end-1].kind == chromeLine {
		end--
	}
	w.article(bs[i:end], false)
	b.WriteString("<div class=\"bdshare\" style=\"display: none\">分享到：微信 微博 2024</div>\n")
	if layout {
		b.WriteString("</td></tr></table>\n")
	}
	b.WriteString("</div>\n</div>\n<div class=\"footer\">\n")
	for _, bl := range bs[end:] {
		fmt.Fprintf(b, "<p>%s</p>\n", html.EscapeString(bl.text))
	}
	b.WriteString("</div>\n<script>var x = 1; if (x < 2) { x = \"</div>\"; }</script>\n</body>\n</html>\n")
	out := []byte(b.String())
	if strings.HasSuffix(enc, "gbk") || enc == "gb2312" {
		gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(out)
		if err != nil {
			panic("gen: GB18030 cannot encode the page: " + err.Error())
		}
		out = gb
	}
	return out
}

// RenderFragment writes the sample as a web page's fragment, as a CMS's
// content area, a script string or a copy-and-paste keeps it: no document
// shell, UTF-8 with no charset. Half the fragments open with the title's
// element; the others are text with the tables left as markup.
func RenderFragment(s *Sample) []byte {
	rng := s.renderRNG("fragment")
	w := &htmlWriter{rng: rng}
	bs := s.blocks(false)
	i, end := 0, len(bs)
	for ; i < end && bs[i].kind == chromeLine; i++ {
	}
	for end > i && bs[end-1].kind == chromeLine {
		end--
	}
	w.article(bs[i:end], rng.IntN(2) == 0)
	return []byte(w.b.String())
}

// RenderPrintHTML writes the sample as the page a browser prints to PDF:
// the article of RenderHTML (Word's HTML export, its tables on narrow
// columns) alone in a UTF-8 document, without the site around it. Nothing
// keeps a table row on one page, so the browser breaks a tall row across
// a page break, the rest of its label at the top of the next page.
func RenderPrintHTML(s *Sample) []byte {
	w := &htmlWriter{rng: s.renderRNG("print-html")}
	bs := s.blocks(false)
	i, end := 0, len(bs)
	for ; i < end && bs[i].kind == chromeLine; i++ {
	}
	for end > i && bs[end-1].kind == chromeLine {
		end--
	}
	w.b.WriteString("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<style>td>p{margin:0}</style>\n</head>\n<body>\n")
	w.article(bs[i:end], false)
	w.b.WriteString("</body>\n</html>\n")
	return []byte(w.b.String())
}

// article writes the report's blocks as the page's content: Word's
// paragraphs and tables, or with plain, text lines and tables.
func (w *htmlWriter) article(bs []block, plain bool) {
	b := &w.b
	for _, bl := range bs {
		if plain && bl.kind != tableBlock {
			b.WriteString(bl.text + "\n")
			continue
		}
		switch bl.kind {
		case titleLine:
			fmt.Fprintf(b, "<h1 class=\"title\">%s</h1>\n", html.EscapeString(bl.text))
		case dateLine:
			fmt.Fprintf(b, "<div class=\"info\"><span>%s</span>&nbsp;&nbsp;<span>来源：本站</span> <a href=\"javascript:fontZoom(16)\">大</a></div>\n", html.EscapeString(bl.text))
		case heading:
			b.WriteString("<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'><b><span\nstyle='font-family:黑体'>")
			w.runs(bl.text)
			b.WriteString("</span></b></p>\n")
		case para:
			b.WriteString("<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'><span\nstyle='font-family:仿宋_GB2312'>")
			w.runs(bl.text)
			b.WriteString("<o:p></o:p></span></p>\n")
		case signLine:
			b.WriteString("<p class=MsoNormal align=right style='text-align:right'><span style='font-family:仿宋_GB2312'>")
			w.runs(bl.text)
			b.WriteString("</span></p>\n")
		case tableBlock:
			w.table(bl.tab)
		}
	}
}

type htmlWriter struct {
	b   strings.Builder
	rng *rand.Rand
}

// runs writes text as Word's spans: now and then cut into several.
func (w *htmlWriter) runs(text string) {
	pieces := []string{text}
	if w.rng.IntN(3) == 0 {
		pieces = splitRunes(w.rng, text, 4)
	}
	for i, p := range pieces {
		if i > 0 {
			w.b.WriteString("</span><span style='font-family:仿宋_GB2312'>")
		}
		w.b.WriteString(html.EscapeString(p))
	}
}

// table writes a table as Word exports it.
func (w *htmlWriter) table(t *table) {
	rng := w.rng
	b := &w.b
	cells, _ := t.placedCells()
	// Word splits a merged label now and then into two cells stacked over
	// its rows (a table broken across pages and joined again).
	rows := make([][]placed, len(t.rows))
	for _, c := range cells {
		if !c.num && !c.head && c.rowspan >= 4 && len([]rune(c.text)) >= 4 && rng.IntN(3) == 0 {
			top, bottom := splitLabel(rng, c.text)
			k := 1 + rng.IntN(c.rowspan-1)
			first, second := c, c
			first.text, first.rowspan = top, k
			second.text, second.rowspan, second.row = bottom, c.rowspan-k, c.row+k
			rows[first.row] = append(rows[first.row], first)
			rows[second.row] = append(rows[second.row], second)
			continue
		}
		rows[c.row] = append(rows[c.row], c)
	}
	b.WriteString("<div align=center>\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=600\n style='width:450.0pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>\n")
	for r, row := range rows {
		slices.SortFunc(row, func(a, b placed) int { return a.col - b.col })
		fmt.Fprintf(b, " <tr style='mso-yfti-irow:%d;height:22.0pt'>\n", r)
		for _, c := range row {
			b.WriteString("  <td")
			if c.rowspan > 1 {
				fmt.Fprintf(b, " rowspan=%d", c.rowspan)
			}
			if c.colspan > 1 {
				fmt.Fprintf(b, " colspan=%d", c.colspan)
			}
			fmt.Fprintf(b, " width=%d valign=%s style='width:%d.0pt;border:solid windowtext 1.0pt;\n  border-top:none;padding:0cm 5.4pt 0cm 5.4pt;height:22.0pt'>\n", 60*c.colspan, pick(rng, "top", "center"), 45*c.colspan)
			w.cellBody(c.cell)
			b.WriteString("  </td>\n")
		}
		b.WriteString(" </tr>\n")
	}
	b.WriteString("</table>\n</div>\n<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n")
}

// cellBody writes a cell's paragraphs.
func (w *htmlWriter) cellBody(c cell) {
	rng, b := w.rng, &w.b
	const open = "  <p class=MsoNormal align=center style='text-align:center'><span lang=EN-US style='font-size:10.5pt;font-family:仿宋_GB2312'>"
	const close = "<o:p></o:p></span></p>\n"
	switch {
	case c.text == "":
		b.WriteString(open + pick(rng, "<o:p>&nbsp;</o:p></span></p>\n", "&nbsp;"+close, "　"+close, close))
	case c.num:
		b.WriteString(open)
		if rng.IntN(6) == 0 {
			b.WriteString("&nbsp;")
		}
		for i, p := range splitRunes(rng, c.text, 3) {
			if i > 0 {
				b.WriteString("</span><span lang=EN-US style='font-size:10.5pt'>")
			}
			b.WriteString(html.EscapeString(p))
		}
		if rng.IntN(6) == 0 {
			b.WriteString("&nbsp;&nbsp;")
		}
		b.WriteString(close)
	default:
		parts := []string{c.text}
		if rng.IntN(3) == 0 {
			if a, z := splitLabel(rng, c.text); z != "" {
				parts = []string{a, z}
			}
		}
		if rng.IntN(8) == 0 {
			b.WriteString(open + "<o:p>&nbsp;</o:p></span></p>\n")
		}
		for _, p := range parts {
			b.WriteString(open)
			for i, q := range splitRunes(rng, p, 3) {
				if i > 0 {
					b.WriteString("</span><span style='font-family:仿宋_GB2312'>")
				}
				b.WriteString(html.EscapeString(q))
			}
			b.WriteString(close)
		}
	}
}
