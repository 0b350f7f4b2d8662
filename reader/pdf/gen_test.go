package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"sort"
	"strings"

	"nianbao"
)

// A small PDF writer for tests: composite fonts (Identity-H and
// Identity-V, CID = Unicode code point, with W arrays and ToUnicode CMaps),
// text, ruling lines, images, and a synthetic annual report laid out like
// the WPS reports: ruled tables with merged cells, a vertical label, small
// type, labels wrapped over three lines and a table split across pages.

type pdfObj struct {
	body string
}

type pdfBuilder struct {
	objs []pdfObj
}

// add adds an object and returns its number.
func (b *pdfBuilder) add(body string) int {
	b.objs = append(b.objs, pdfObj{body})
	return len(b.objs)
}

// reserve adds a placeholder to fill in later with set.
func (b *pdfBuilder) reserve() int { return b.add("null") }

func (b *pdfBuilder) set(n int, body string) { b.objs[n-1].body = body }

// stream adds a stream object, Flate-compressed when compress is set.
func (b *pdfBuilder) stream(dict string, data []byte, compress bool) int {
	if compress {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(data)
		w.Close()
		data = z.Bytes()
		dict += "/Filter/FlateDecode"
	}
	return b.add(fmt.Sprintf("<<%s/Length %d>>\nstream\n%s\nendstream", dict, len(data), data))
}

// bytes writes the file with a classic xref table.
func (b *pdfBuilder) bytes(root int) []byte {
	var out bytes.Buffer
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(b.objs))
	for i, o := range b.objs {
		offs[i] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", i+1, o.body)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(b.objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<</Size %d/Root %d 0 R/ID[<0123456789abcdef0123456789abcdef><0123456789abcdef0123456789abcdef>]>>\nstartxref\n%d\n%%%%EOF\n", len(b.objs)+1, root, xref)
	return out.Bytes()
}

const pageW, pageH = 595.0, 842.0

// genPage is one page's content being drawn; y runs down from the top.
type genPage struct {
	ops strings.Builder
}

func hexCIDs(s string) string {
	var sb strings.Builder
	for _, r := range s {
		fmt.Fprintf(&sb, "%04X", r)
	}
	return sb.String()
}

func (p *genPage) text(x, y, size float64, s string) {
	fmt.Fprintf(&p.ops, "BT /F1 %.2f Tf 1 0 0 1 %.2f %.2f Tm <%s> Tj ET\n", size, x, pageH-y, hexCIDs(s))
}

// vtext sets s top to bottom in the vertical font, from (x, y), the top
// centre of the first character.
func (p *genPage) vtext(x, y, size float64, s string) {
	fmt.Fprintf(&p.ops, "BT /F2 %.2f Tf 1 0 0 1 %.2f %.2f Tm <%s> Tj ET\n", size, x, pageH-y, hexCIDs(s))
}

// rect strokes a rectangle's border.
func (p *genPage) rect(x0, y0, x1, y1 float64) {
	fmt.Fprintf(&p.ops, "0.5 w 0 0 0 RG %.2f %.2f %.2f %.2f re S\n", x0, pageH-y1, x1-x0, y1-y0)
}

// thinRect draws a rectangle's border as four thin filled rectangles, as
// Word does.
func (p *genPage) thinRect(x0, y0, x1, y1 float64) {
	const t = 0.5
	fmt.Fprintf(&p.ops, "0 0 0 rg %.2f %.2f %.2f %.2f re f\n", x0, pageH-y0-t/2, x1-x0, t)
	fmt.Fprintf(&p.ops, "%.2f %.2f %.2f %.2f re f\n", x0, pageH-y1-t/2, x1-x0, t)
	fmt.Fprintf(&p.ops, "%.2f %.2f %.2f %.2f re f\n", x0-t/2, pageH-y1, t, y1-y0)
	fmt.Fprintf(&p.ops, "%.2f %.2f %.2f %.2f re f\n", x1-t/2, pageH-y1, t, y1-y0)
}

// genDoc lays out text and tables over pages.
type genDoc struct {
	pages  []*genPage
	y      float64
	rules  bool // draw table borders
	frame  bool // draw a border around every page
	rotate bool // store pages landscape with /Rotate 90, drawn turned
	used   map[rune]bool
}

const margin = 60.0

func newGenDoc(rules bool) *genDoc {
	d := &genDoc{rules: rules, used: map[rune]bool{}}
	d.newPage()
	return d
}

func (d *genDoc) newPage() {
	d.pages = append(d.pages, &genPage{})
	d.y = margin
}

func (d *genDoc) page() *genPage { return d.pages[len(d.pages)-1] }

func (d *genDoc) use(s string) {
	for _, r := range s {
		d.used[r] = true
	}
}

func charW(r rune, size float64) float64 {
	if r < 0x80 {
		return size / 2
	}
	return size
}

// wrap cuts s into lines no wider than w.
func wrap(s string, size, w float64) []string {
	var lines []string
	var cur []rune
	cw := 0.0
	for _, r := range s {
		if cw+charW(r, size) > w && len(cur) > 0 {
			lines = append(lines, string(cur))
			cur, cw = nil, 0
		}
		cur = append(cur, r)
		cw += charW(r, size)
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// para writes a paragraph wrapped to the page width.
func (d *genDoc) para(s string, size float64, indent float64) {
	d.use(s)
	for _, l := range wrap(s, size, pageW-2*margin-indent) {
		if d.y+size*1.5 > pageH-margin {
			d.newPage()
		}
		d.page().text(margin+indent, d.y+size, size, l)
		d.y += size * 1.5
	}
}

// gcell is a table cell: its text, grid column, spans, and whether it is
// set vertically.
type gcell struct {
	text   string
	c, cs  int
	rs     int
	vert   bool
	size   float64
	center bool
}

type grow struct {
	cells []gcell
	brk   bool // start a new page before this row
	// split > 0 breaks the row across a page break, as Word, WPS and
	// LibreOffice break a tall row: its cells' first split lines and its
	// numbers stay at the bottom of the page, the rest of its wrapped
	// labels go to the top of the next in a box of their own, the row's
	// other boxes there empty (all of them when no line is left over).
	split int
}

// splitRows turns each row with split set into its two parts, the second
// starting a new page; a cell spanning down over the row spans both.
func splitRows(colW []float64, rows []grow) []grow {
	var out []grow
	for _, row := range rows {
		if row.split == 0 {
			out = append(out, row)
			continue
		}
		var a, b grow
		b.brk = true
		for _, c := range row.cells {
			lines := []string{c.text}
			if !c.vert && c.rs <= 1 {
				w := -4.0
				for _, cw := range colW[c.c : c.c+c.cs] {
					w += cw
				}
				lines = wrap(c.text, c.size, w)
			}
			first, rest := c, c
			k := min(row.split, len(lines))
			first.text, rest.text = strings.Join(lines[:k], ""), strings.Join(lines[k:], "")
			if c.rs > 1 {
				first.rs++ // a cell merged down from this row spans both parts
				rest.text = ""
			}
			a.cells = append(a.cells, first)
			if c.rs <= 1 {
				b.cells = append(b.cells, rest)
			}
		}
		// Cells merged down from rows above over this one span both parts.
		for i := range out {
			for j, c := range out[i].cells {
				if i+c.rs > len(out) && i < len(out) {
					out[i].cells[j].rs++
				}
			}
		}
		out = append(out, a, b)
	}
	return out
}

// table lays out a grid. Each cell's border is drawn per page part; a cell
// that spans rows across a page break keeps its text in the first part.
// With repeat, the first repeat rows (the header) are drawn again at the
// top of every page the table runs on to.
func (d *genDoc) table(colW []float64, rows []grow, thin bool, repeat int) {
	rows = splitRows(colW, rows)
	xs := []float64{margin}
	for _, w := range colW {
		xs = append(xs, xs[len(xs)-1]+w)
	}
	// Row heights from the cells that span one row.
	hs := make([]float64, len(rows))
	for r, row := range rows {
		h := 16.0
		for _, c := range row.cells {
			d.use(c.text)
			if c.rs > 1 || c.vert {
				continue
			}
			n := len(wrap(c.text, c.size, xs[c.c+c.cs]-xs[c.c]-4))
			h = max(h, float64(n)*c.size*1.3+6)
		}
		hs[r] = h
	}
	// Place rows on pages.
	type place struct {
		page int
		y    float64
	}
	pl := make([]place, len(rows))
	var copies []place // where the header is drawn again
	head := 0.0
	for r := range min(repeat, len(rows)) {
		head += hs[r]
	}
	for r := range rows {
		if rows[r].brk || d.y+hs[r] > pageH-margin {
			d.newPage()
			if repeat > 0 && r >= repeat {
				copies = append(copies, place{len(d.pages) - 1, d.y})
				d.y += head
			}
		}
		pl[r] = place{len(d.pages) - 1, d.y}
		d.y += hs[r]
	}
	d.y += 10
	draw := func(r int, c gcell, pl []place) {
		rs := max(c.rs, 1)
		x0, x1 := xs[c.c], xs[c.c+c.cs]
		// The cell's parts, one per page.
		first := true
		for k := r; k < r+rs; {
			pg := pl[k].page
			y0 := pl[k].y
			y1 := y0
			for k < r+rs && pl[k].page == pg {
				y1 += hs[k]
				k++
			}
			p := d.pages[pg]
			if d.rules {
				if thin {
					p.thinRect(x0, y0, x1, y1)
				} else {
					p.rect(x0, y0, x1, y1)
				}
			}
			if first {
				d.cellText(p, c, x0, y0, x1, y1)
				first = false
			}
		}
	}
	for r, row := range rows {
		for _, c := range row.cells {
			draw(r, c, pl)
		}
	}
	for _, at := range copies {
		hp := make([]place, repeat)
		y := at.y
		for r := range hp {
			hp[r] = place{at.page, y}
			y += hs[r]
		}
		for r, row := range rows[:repeat] {
			for _, c := range row.cells {
				draw(r, c, hp)
			}
		}
	}
}

func (d *genDoc) cellText(p *genPage, c gcell, x0, y0, x1, y1 float64) {
	if c.text == "" {
		return
	}
	if c.vert {
		n := float64(len([]rune(c.text)))
		top := (y0+y1)/2 - n*c.size/2
		p.vtext((x0+x1)/2, top, c.size, c.text)
		return
	}
	lines := wrap(c.text, c.size, x1-x0-4)
	lh := c.size * 1.3
	top := (y0+y1)/2 - float64(len(lines))*lh/2
	for i, l := range lines {
		x := x0 + 2
		if c.center {
			w := 0.0
			for _, r := range l {
				w += charW(r, c.size)
			}
			x = (x0+x1)/2 - w/2
		}
		p.text(x, top+float64(i)*lh+c.size, c.size, l)
	}
}

// bytes writes the document: fonts with the characters used, pages.
func (d *genDoc) bytes() []byte {
	var b pdfBuilder
	catalog := b.reserve()
	pagesObj := b.reserve()
	// The ToUnicode CMap maps each code used (its own code point).
	var runes []rune
	for r := range d.used {
		runes = append(runes, r)
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	var cm strings.Builder
	cm.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Test-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(runes); i += 100 {
		chunk := runes[i:min(i+100, len(runes))]
		fmt.Fprintf(&cm, "%d beginbfchar\n", len(chunk))
		for _, r := range chunk {
			fmt.Fprintf(&cm, "<%04X> <%04X>\n", r, r)
		}
		cm.WriteString("endbfchar\n")
	}
	cm.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	toUni := b.stream("", []byte(cm.String()), true)
	cid := b.add("<</Type/Font/Subtype/CIDFontType2/BaseFont/SimSun/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor " +
		fmt.Sprint(b.add("<</Type/FontDescriptor/FontName/SimSun/Flags 4/FontBBox[0 -141 1000 859]/ItalicAngle 0/Ascent 859/Descent -141/CapHeight 700/StemV 80>>")) +
		" 0 R/DW 1000/W[32 126 500]/CIDToGIDMap/Identity>>")
	f1 := b.add(fmt.Sprintf("<</Type/Font/Subtype/Type0/BaseFont/SimSun/Encoding/Identity-H/DescendantFonts[%d 0 R]/ToUnicode %d 0 R>>", cid, toUni))
	f2 := b.add(fmt.Sprintf("<</Type/Font/Subtype/Type0/BaseFont/SimSun/Encoding/Identity-V/DescendantFonts[%d 0 R]/ToUnicode %d 0 R>>", cid, toUni))
	img := b.stream("/Type/XObject/Subtype/Image/Width 2/Height 2/ColorSpace/DeviceGray/BitsPerComponent 8", []byte{0, 255, 255, 0}, false)
	res := b.add(fmt.Sprintf("<</Font<</F1 %d 0 R/F2 %d 0 R>>/XObject<</Im1 %d 0 R>>>>", f1, f2, img))
	var kids []string
	for _, p := range d.pages {
		ops := p.ops.String()
		if d.frame {
			ops = "1 w 20 20 555 802 re S\n" + ops
		}
		box, rot := "[0 0 595 842]", ""
		if d.rotate {
			// Turned a quarter anticlockwise in user space, and a quarter
			// clockwise for display: upright again.
			ops = "0 1 -1 0 842 0 cm\n" + ops
			box, rot = "[0 0 842 595]", "/Rotate 90"
		}
		content := b.stream("", []byte(ops), true)
		pg := b.add(fmt.Sprintf("<</Type/Page/Parent %d 0 R/MediaBox%s%s/Resources %d 0 R/Contents %d 0 R>>", pagesObj, box, rot, res, content))
		kids = append(kids, fmt.Sprintf("%d 0 R", pg))
	}
	b.set(pagesObj, fmt.Sprintf("<</Type/Pages/Kids[%s]/Count %d>>", strings.Join(kids, " "), len(kids)))
	b.set(catalog, fmt.Sprintf("<</Type/Catalog/Pages %d 0 R>>", pagesObj))
	return b.bytes(catalog)
}

// synthOpts vary the synthetic report's drawing.
type synthOpts struct {
	rules  bool // table borders
	frame  bool // a border around every page
	rotate bool // pages stored turned, with /Rotate 90
	// split breaks rows of table 三 across pages (grow.split): a label's
	// rest at the top of the next page, an empty continuation box, the
	// header repeated on every page.
	split bool
}

// synthReport lays out a synthetic report of the 2021 format and returns
// the PDF with the numbers it prints.
func synthReport(rules bool) ([]byte, *nianbao.Report) {
	return synthReportOpts(synthOpts{rules: rules})
}

func synthReportOpts(o synthOpts) ([]byte, *nianbao.Report) {
	want := nianbao.NewReport(nianbao.Format2021)
	want.Agency, want.Year, want.PublishedOn = "清江浦区人民政府", 2023, "2024-01-20"
	d := newGenDoc(o.rules)
	d.frame, d.rotate = o.frame, o.rotate
	d.para("清江浦区人民政府", 20, 150)
	d.para("2023年政府信息公开工作年度报告", 18, 60)
	d.para("本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据统计期限自2023年1月1日起至2023年12月31日止。", 12, 24)
	d.para("一、总体情况", 14, 24)
	d.para("2023年，全区受理政府信息公开申请若干件，均在法定期限内答复。", 12, 24)
	d.para("二、主动公开政府信息情况", 14, 24)

	// Table 二.
	active := map[string][]int64{
		"regulations": {2, 1, 17}, "normative_documents": {12, 3, 88},
		"licensing": {45218}, "punishment": {3127}, "coercion": {86},
	}
	for k, vs := range active {
		for _, item := range want.Template.ActiveItems() {
			if item.Key != k {
				continue
			}
			for i, v := range vs {
				want.Active[nianbao.ActiveKey(k, item.Fields[i].Key)] = nianbao.Int(v)
			}
		}
	}
	fee, _ := nianbao.ParseNum("123.45")
	want.Active[nianbao.ActiveKey("fees", "amount")] = fee
	num := func(v int64) string { return fmt.Sprint(v) }
	h := func(s string, c, cs int) gcell { return gcell{text: s, c: c, cs: cs, size: 10, center: true} }
	v := func(s string, c, cs int) gcell { return gcell{text: s, c: c, cs: cs, size: 10, center: true} }
	w2 := []float64{160, 105, 105, 105}
	d.table(w2, []grow{
		{cells: []gcell{h("第二十条第（一）项", 0, 4)}},
		{cells: []gcell{h("信息内容", 0, 1), h("本年制发件数", 1, 1), h("本年废止件数", 2, 1), h("现行有效件数", 3, 1)}},
		{cells: []gcell{h("规章", 0, 1), v(num(2), 1, 1), v(num(1), 2, 1), v(num(17), 3, 1)}},
		{cells: []gcell{h("行政规范性文件", 0, 1), v(num(12), 1, 1), v(num(3), 2, 1), v(num(88), 3, 1)}},
		{cells: []gcell{h("第二十条第（五）项", 0, 4)}},
		{cells: []gcell{h("信息内容", 0, 1), h("本年处理决定数量", 1, 3)}},
		{cells: []gcell{h("行政许可", 0, 1), v(num(45218), 1, 3)}},
		{cells: []gcell{h("第二十条第（六）项", 0, 4)}},
		{cells: []gcell{h("信息内容", 0, 1), h("本年处理决定数量", 1, 3)}},
		{cells: []gcell{h("行政处罚", 0, 1), v(num(3127), 1, 3)}},
		{cells: []gcell{h("行政强制", 0, 1), v(num(86), 1, 3)}},
		{cells: []gcell{h("第二十条第（八）项", 0, 4)}},
		{cells: []gcell{h("信息内容", 0, 1), h("本年收费金额（单位：万元）", 1, 3)}},
		{cells: []gcell{h("行政事业性收费", 0, 1), v("123.45", 1, 3)}},
	}, false, 0)

	d.para("三、收到和处理政府信息公开申请情况", 14, 24)
	// Table 三: consistent numbers, distinct enough to catch a shifted
	// cell.
	rows21 := want.Template.Rows()
	vals := map[nianbao.Row][7]int64{}
	var total [7]int64
	for i, r := range rows21 {
		if !r.Spec().Outcome {
			continue
		}
		var row [7]int64
		for j := range 6 {
			row[j] = int64((i*7+j*5)%11) * int64(1+j%2)
			if j == 2 || j == 3 {
				row[j] = 0
			}
			row[6] += row[j]
		}
		vals[r] = row
		for j := range 7 {
			total[j] += row[j]
		}
	}
	vals[nianbao.Total] = total
	var carried, fwd, newr [7]int64
	for j := range 6 {
		carried[j] = int64(j % 3)
		fwd[j] = int64((j + 1) % 4)
		newr[j] = total[j] + fwd[j] - carried[j]
		carried[6] += carried[j]
		fwd[6] += fwd[j]
		newr[6] += newr[j]
	}
	vals[nianbao.CarriedOver], vals[nianbao.CarriedForward], vals[nianbao.NewReceived] = carried, fwd, newr
	for r, row := range vals {
		for j, x := range row {
			want.Requests[r][j] = nianbao.Int(x)
		}
	}
	small := func(s string, c int) gcell { return gcell{text: s, c: c, cs: 1, size: 7, center: true} }
	lab := func(s string, c, cs int) gcell { return gcell{text: s, c: c, cs: cs, size: 9} }
	numCells := func(r nianbao.Row) []gcell {
		var out []gcell
		for j, x := range vals[r] {
			out = append(out, small(num(x), 3+j))
		}
		return out
	}
	w3 := []float64{26, 62, 130, 40, 40, 40, 40, 40, 40, 37}
	t3 := []grow{
		{cells: []gcell{lab("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 0, 3), h("申请人情况", 3, 7)}},
		{cells: []gcell{h("自然人", 3, 1), h("法人或其他组织", 4, 5), h("总计", 9, 1)}},
		{cells: []gcell{small("商业企业", 4), small("科研机构", 5), small("社会公益组织", 6), small("法律服务机构", 7), small("其他", 8)}},
	}
	// The stub spans the three header rows, 自然人 and 总计 two.
	t3[0].cells[0].rs = 3
	t3[1].cells[0].rs = 2
	t3[1].cells[2].rs = 2
	add := func(cells []gcell, r nianbao.Row, brk bool) {
		t3 = append(t3, grow{cells: append(cells, numCells(r)...), brk: brk})
	}
	add([]gcell{lab("一、本年新收政府信息公开申请数量", 0, 3)}, nianbao.NewReceived, false)
	add([]gcell{lab("二、上年结转政府信息公开申请数量", 0, 3)}, nianbao.CarriedOver, false)
	outcome := gcell{text: "三、本年度办理结果", c: 0, cs: 1, rs: 22, vert: true, size: 10}
	add([]gcell{outcome, lab("（一）予以公开", 1, 2)}, nianbao.Granted, false)
	add([]gcell{lab("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)}, nianbao.PartiallyGranted, false)
	group := func(label string, rows []nianbao.Row, brkAt int) {
		for i, r := range rows {
			var cells []gcell
			if i == 0 {
				cells = append(cells, gcell{text: label, c: 1, cs: 1, rs: len(rows), size: 9})
			}
			cells = append(cells, lab(r.Spec().Label, 2, 1))
			add(cells, r, i == brkAt)
		}
	}
	group("（三）不予公开", rows21[4:12], -1)
	// The page breaks inside （四）: its label stays behind.
	group("（四）无法提供", rows21[12:15], 2)
	group("（五）不予处理", rows21[15:20], -1)
	// （六）'s labels wrap over three lines in their column.
	group("（六）其他处理", rows21[20:23], -1)
	add([]gcell{lab("（七）总计", 1, 2)}, nianbao.Total, false)
	add([]gcell{lab("四、结转下年度继续办理", 0, 3)}, nianbao.CarriedForward, false)
	repeat := 0
	if o.split {
		repeat = 3
		t3[6].split = 1  // （二）部分公开（…）: its second line on the next page
		t3[20].split = 1 // 3.要求提供公开出版物, one line: an empty box on the next page
		t3[24].split = 2 // （六）2., three lines: the third on the next page
	}
	d.table(w3, t3, false, repeat)

	d.para("四、政府信息公开行政复议、行政诉讼情况", 14, 24)
	review := [3][5]int64{{4, 2, 1, 1, 8}, {3, 0, 2, 1, 6}, {1, 1, 0, 0, 2}}
	for g, row := range review {
		for c, x := range row {
			want.Review[g][c] = nianbao.Int(x)
		}
	}
	w4 := make([]float64, 15)
	for i := range w4 {
		w4[i] = 31.6
	}
	r4 := []grow{
		{cells: []gcell{h("行政复议", 0, 5), h("行政诉讼", 5, 10)}},
		{cells: []gcell{h("未经复议直接起诉", 5, 5), h("复议后起诉", 10, 5)}},
		{},
		{},
	}
	heads := []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
	for k, s := range heads {
		c := small(s, k)
		c.rs = 2
		r4[1].cells = append(r4[1].cells, c)
		r4[2].cells = append(r4[2].cells, small(s, 5+k), small(s, 10+k))
	}
	for g, row := range review {
		for c, x := range row {
			r4[3].cells = append(r4[3].cells, small(num(x), g*5+c))
		}
	}
	d.table(w4, r4, true, 0)

	d.para("五、存在的主要问题及改进情况", 14, 24)
	d.para("政务公开工作仍有不足，下一步将持续改进。", 12, 24)
	d.para("六、其他需要报告的事项", 14, 24)
	d.para("本年度未收取信息处理费。", 12, 24)
	d.para("清江浦区人民政府", 12, 300)
	d.para("2024年1月20日", 12, 300)
	return d.bytes(), want
}

// trueTypeWithCmap returns a minimal TrueType font program: a cmap table
// (format 4) mapping each rune of chars to glyph ids 1, 2, … in order.
func trueTypeWithCmap(chars []rune) []byte {
	be := func(b *bytes.Buffer, vs ...int) {
		for _, v := range vs {
			b.WriteByte(byte(v >> 8))
			b.WriteByte(byte(v))
		}
	}
	segs := len(chars) + 1
	var sub bytes.Buffer
	be(&sub, 4, 16+8*segs, 0, 2*segs, 0, 0, 0)
	for _, r := range chars {
		be(&sub, int(r))
	}
	be(&sub, 0xFFFF, 0)
	for _, r := range chars {
		be(&sub, int(r))
	}
	be(&sub, 0xFFFF)
	for i, r := range chars {
		be(&sub, (i+1-int(r))&0xFFFF)
	}
	be(&sub, 1)
	for range segs {
		be(&sub, 0)
	}
	var cmap bytes.Buffer
	be(&cmap, 0, 1, 3, 1, 0, 12)
	cmap.Write(sub.Bytes())
	var font bytes.Buffer
	be(&font, 1, 0, 1, 16, 0, 0)
	font.WriteString("cmap")
	be(&font, 0, 0, 0, 28, 0, cmap.Len())
	font.Write(cmap.Bytes())
	return font.Bytes()
}

// noToUnicodePDF writes a page of text in an Identity-H font that has no
// ToUnicode CMap, only an embedded TrueType program with a cmap; the codes
// are glyph ids.
func noToUnicodePDF(text string) []byte {
	var chars []rune
	seen := map[rune]int{}
	for _, r := range text {
		if _, ok := seen[r]; !ok {
			chars = append(chars, r)
			seen[r] = len(chars)
		}
	}
	var codes strings.Builder
	for _, r := range text {
		fmt.Fprintf(&codes, "%04X", seen[r])
	}
	var b pdfBuilder
	ff := b.stream("", trueTypeWithCmap(chars), true)
	desc := b.add(fmt.Sprintf("<</Type/FontDescriptor/FontName/ABCDEF+SimSun/Flags 4/FontBBox[0 -141 1000 859]/ItalicAngle 0/Ascent 859/Descent -141/CapHeight 700/StemV 80/FontFile2 %d 0 R>>", ff))
	cid := b.add(fmt.Sprintf("<</Type/Font/Subtype/CIDFontType2/BaseFont/ABCDEF+SimSun/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor %d 0 R/DW 1000/CIDToGIDMap/Identity>>", desc))
	f1 := b.add(fmt.Sprintf("<</Type/Font/Subtype/Type0/BaseFont/ABCDEF+SimSun/Encoding/Identity-H/DescendantFonts[%d 0 R]>>", cid))
	c := b.stream("", []byte("BT /F1 12 Tf 72 700 Td <"+codes.String()+"> Tj ET"), true)
	page := b.add(fmt.Sprintf("<</Type/Page/Parent 6 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 %d 0 R>>>>/Contents %d 0 R>>", f1, c))
	pages := b.add(fmt.Sprintf("<</Type/Pages/Kids[%d 0 R]/Count 1>>", page))
	return b.bytes(b.add(fmt.Sprintf("<</Type/Catalog/Pages %d 0 R>>", pages)))
}
