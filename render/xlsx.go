package render

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"nianbao"
)

// The workbook's sheets: each of tables 二, 三 and 四 needs column widths of
// its own, so each stands on a sheet with its section, and the sheets
// follow the report's order (a reader reads them one after the other).
var xlsxSheets = [...]struct {
	name     string
	sections []int // 0-based
}{
	{"总体情况", []int{0}},
	{"主动公开", []int{1}},
	{"依申请公开", []int{2}},
	{"复议诉讼", []int{3}},
	{"问题与其他", []int{4, 5}},
}

// Column widths, in Excel's units (the width of a "0"; a Chinese
// character takes about two), chosen to print on A4 portrait.
func xlsxColumns(t *nianbao.TableLayout) []float64 {
	switch {
	case t == nil:
		return []float64{86}
	case t.Table == nianbao.TableActive:
		return []float64{26, 20, 20, 20}
	case t.Table == nianbao.TableRequests:
		return []float64{6, 11, 28, 6.5, 6.5, 6.5, 6.5, 6.5, 6.5, 6.5}
	}
	w := make([]float64, t.Columns)
	for i := range w {
		w[i] = 5.7
	}
	return w
}

// Fonts of 公文 (GB/T 9704): a spreadsheet names one font per style and
// has no fallback list, so these are the names Office and WPS know;
// LibreOffice substitutes its own CJK fonts for those it lacks.
const (
	fontBody    = "仿宋_GB2312"
	fontTitle   = "方正小标宋简体"
	fontHeading = "黑体"
	fontTable   = "宋体"
)

type xlsxWriter struct {
	f      *excelize.File
	doc    *document
	styles map[string]int
	err    error
}

// RenderXLSX writes the report as an Excel workbook with
// github.com/xuri/excelize/v2: the title and text one paragraph a row, each
// table with the template's merged cells, numbers stored as numbers with
// exactly the digits the report states (7730.28 stays 7730.28, 12.50 is
// shown as 12.50), marks as text, blanks empty; A4 portrait, one page wide,
// page numbers in the footer.
func RenderXLSX(rep *nianbao.Report) ([]byte, error) {
	x := &xlsxWriter{f: excelize.NewFile(), doc: newDocument(rep), styles: map[string]int{}}
	defer x.f.Close()
	x.check(x.f.SetDocProps(&excelize.DocProperties{Title: x.doc.Title, Creator: rep.Agency, Language: "zh-CN"}))
	for i, sh := range xlsxSheets {
		if i == 0 {
			x.check(x.f.SetSheetName("Sheet1", sh.name))
		} else {
			_, err := x.f.NewSheet(sh.name)
			x.check(err)
		}
		x.sheet(sh.name, i == 0, i == len(xlsxSheets)-1, sh.sections)
	}
	if x.err != nil {
		return nil, nianbao.Errorf(nianbao.EINTERNAL, "无法生成 Excel 文件: %v", x.err)
	}
	buf, err := x.f.WriteToBuffer()
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINTERNAL, "无法生成 Excel 文件: %v", err)
	}
	return buf.Bytes(), nil
}

func (x *xlsxWriter) check(err error) {
	if err != nil && x.err == nil {
		x.err = err
	}
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func (x *xlsxWriter) sheet(name string, first, last bool, sections []int) {
	f := x.f
	var table *nianbao.TableLayout
	for _, s := range sections {
		if t := x.doc.Sections[s].Table; t != nil {
			table = t
		}
	}
	widths := xlsxColumns(table)
	total := 0.0
	for i, w := range widths {
		total += w
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.check(f.SetColWidth(name, col, col, w))
	}
	size, portrait, one, tall := 9, "portrait", 1, 0 // 9: A4
	x.check(f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &portrait, FitToWidth: &one, FitToHeight: &tall}))
	top, bottom, left, right, hf := 37/25.4, 35/25.4, 28/25.4, 26/25.4, 0.5
	x.check(f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Top: &top, Bottom: &bottom, Left: &left, Right: &right, Header: &hf, Footer: &hf}))
	x.check(f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: "&C&\"" + fontTable + "\"&14— &P —"}))
	row := 0
	para := func(text, style string, height float64) {
		row++
		ref := cellName(1, row)
		x.check(f.SetCellStr(name, ref, text))
		end := cellName(len(widths), row)
		if len(widths) > 1 {
			x.check(f.MergeCell(name, ref, end))
		}
		x.check(f.SetCellStyle(name, ref, end, x.style(style, 0)))
		// A merged cell never grows to fit its text: give the row the
		// lines the text needs, about one character per two units.
		lines := math.Ceil(float64(utf8.RuneCountInString(text)+2) * 2.2 / total)
		x.check(f.SetRowHeight(name, row, max(lines, 1)*height))
	}
	if first {
		para(x.doc.Title, "title", 30)
		row++
	}
	for _, s := range sections {
		sec := x.doc.Sections[s]
		para(sec.Heading, "heading", 20)
		for _, p := range sec.Paragraphs {
			para(p, "body", 20)
		}
		if sec.Table != nil {
			row++ // an empty row between the text and the table
			row = x.table(name, sec.Table, row)
			row++
		}
	}
	if last {
		row++
		for _, l := range x.doc.Sign {
			para(l, "sign", 20)
		}
	}
}

// table writes t from the row after top, in columns A on; it returns the
// last row written.
func (x *xlsxWriter) table(sheet string, t *nianbao.TableLayout, top int) int {
	f := x.f
	cells, _ := t.Grid()
	for _, p := range cells {
		r, c := top+1+p.Row, 1+p.Col
		ref, end := cellName(c, r), cellName(c+p.Colspan-1, r+p.Rowspan-1)
		if ref != end {
			x.check(f.MergeCell(sheet, ref, end))
		}
		style, places := "head", 0
		switch {
		case p.Role == nianbao.RoleLabel || p.Role == nianbao.RoleSubLabel:
			style = "label"
			x.check(f.SetCellStr(sheet, ref, p.Text))
		case p.Header():
			x.check(f.SetCellStr(sheet, ref, p.Text))
		default:
			style = "data"
			if n, ok := x.doc.number(p.Cell); ok {
				// The stated digits, as a number: SetCellDefault stores
				// the text itself rather than a float64's rendering.
				s := n.String()
				if i := strings.IndexByte(s, '.'); i >= 0 {
					places = len(s) - i - 1
				}
				x.check(f.SetCellDefault(sheet, ref, s))
			} else if text := x.doc.text(p.Cell); text != "" {
				x.check(f.SetCellStr(sheet, ref, text))
			}
		}
		x.check(f.SetCellStyle(sheet, ref, end, x.style(style, places)))
	}
	return top + len(t.Head) + len(t.Body)
}

// style returns the workbook's style of a kind of cell; a number with
// decimals shows as many as the report states.
func (x *xlsxWriter) style(kind string, places int) int {
	key := fmt.Sprintf("%s/%d", kind, places)
	if id, ok := x.styles[key]; ok {
		return id
	}
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	var st excelize.Style
	switch kind {
	case "title":
		st = excelize.Style{Font: &excelize.Font{Family: fontTitle, Size: 18}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}
	case "heading":
		st = excelize.Style{Font: &excelize.Font{Family: fontHeading, Size: 14}, Alignment: &excelize.Alignment{Vertical: "center", Indent: 2}}
	case "body":
		st = excelize.Style{Font: &excelize.Font{Family: fontBody, Size: 14}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}
	case "sign":
		st = excelize.Style{Font: &excelize.Font{Family: fontBody, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}
	case "head":
		st = excelize.Style{Border: border, Font: &excelize.Font{Family: fontTable, Size: 10.5}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}
	case "label":
		st = excelize.Style{Border: border, Font: &excelize.Font{Family: fontTable, Size: 10.5}, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}
	default:
		format := "0"
		if places > 0 {
			format += "." + strings.Repeat("0", places)
		}
		st = excelize.Style{Border: border, Font: &excelize.Font{Family: "Times New Roman", Size: 10.5}, CustomNumFmt: &format,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}
	}
	id, err := x.f.NewStyle(&st)
	x.check(err)
	x.styles[key] = id
	return id
}
