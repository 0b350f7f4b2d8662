// Package xlsx reads a report published as an Excel workbook (Office Open
// XML, .xlsx) into a document.
//
// Each worksheet, in the workbook's order (hidden ones left out), is cut
// into blocks at its empty rows. A block where no row has more than one
// filled cell is text: each filled cell a paragraph (titles, headings and
// prose typed into column A). Any other block is a table: the rectangle of
// its columns in use, every position a cell, merged cells written once at
// their first position and the positions they cover left out. Single-cell
// rows right above a table are text too (a heading with no empty row
// under it), unless merged across exactly the table's columns (a caption). Numbers are
// read as stored (numbers kept as text included), written without the
// binary noise of floating point ("7730.2799999999997" is 7730.28).
//
// Positions: Table is the worksheet's place in the workbook (1-based, tabs
// counted as Excel shows them, hidden ones included), Row and Col the
// spreadsheet's own row and column numbers, so that a cell reads back as
// "sheet 2, C14"; paragraphs carry their sheet and row.
package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"nianbao"
	"nianbao/document"
	"nianbao/reader/internal/grid"
	"nianbao/reader/internal/limit"
	"nianbao/reader/internal/ooxml"
)

// Limits on what a sheet may use: report tables are a few dozen rows of at
// most 16 columns; a cell beyond these is stray and left out.
const (
	maxRow = 100000
	maxCol = 512
)

const (
	nsRel       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRelStrict = "http://purl.oclc.org/ooxml/officeDocument/relationships"
)

// Read reads a .xlsx file.
func Read(data []byte) (*document.Document, error) {
	pkg, err := ooxml.Open(data, "XLSX")
	if err != nil {
		return nil, err
	}
	return ReadPackage(pkg)
}

// ReadPackage reads an opened .xlsx package.
func ReadPackage(pkg *ooxml.Package) (_ *document.Document, err error) {
	defer limit.Recover(&err)
	wbName := pkg.Main("xl/workbook.xml")
	if !pkg.Has(wbName) {
		return nil, nianbao.Errorf(nianbao.EINVALID, "XLSX 文件不完整（缺少工作簿 xl/workbook.xml）")
	}
	wbData, err := pkg.Read(wbName)
	if err != nil {
		return nil, err
	}
	var wb struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			State string     `xml:"state,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(wbData, &wb); err != nil {
		return nil, pkg.BadXML(wbName, err)
	}
	rels, err := pkg.Rels(wbName)
	if err != nil {
		return nil, err
	}
	targets := map[string]string{}
	var sst []string
	for _, r := range rels {
		targets[r.ID] = r.Target
		if strings.HasSuffix(r.Type, "/sharedStrings") && pkg.Has(r.Target) {
			data, err := pkg.Read(r.Target)
			if err != nil {
				return nil, err
			}
			if sst, err = sharedStrings(data); err != nil {
				return nil, pkg.BadXML(r.Target, err)
			}
		}
	}
	if sst == nil && pkg.Has("xl/sharedStrings.xml") {
		data, err := pkg.Read("xl/sharedStrings.xml")
		if err != nil {
			return nil, err
		}
		if sst, err = sharedStrings(data); err != nil {
			return nil, pkg.BadXML("xl/sharedStrings.xml", err)
		}
	}
	b := document.Builder{Meter: pkg.Budget}
	read := 0
	seen := map[string]bool{} // sheets read: a workbook listing one sheet many times is read once
	for i, sh := range wb.Sheets {
		if sh.State == "hidden" || sh.State == "veryHidden" {
			continue
		}
		target := ""
		for _, a := range sh.Attrs {
			if a.Name.Local == "id" && (a.Name.Space == nsRel || a.Name.Space == nsRelStrict) {
				target = targets[a.Value]
			}
		}
		if target == "" || !pkg.Has(target) || seen[target] {
			continue // a chart sheet, a sheet the package lost, or one read already
		}
		seen[target] = true
		data, err := pkg.Read(target)
		if err != nil {
			return nil, err
		}
		s, err := readSheet(data, sst, pkg.Budget)
		if err != nil {
			return nil, pkg.BadXML(target, err)
		}
		s.write(&b, i+1, pkg.Budget)
		read++
	}
	if read == 0 {
		return nil, nianbao.Errorf(nianbao.EINVALID, "XLSX 文件中没有工作表")
	}
	doc := b.Document()
	if strings.TrimSpace(doc.Text) == "" {
		return nil, nianbao.Errorf(nianbao.ENOTREPORT, "Excel 工作簿中没有文字")
	}
	return doc, nil
}

// sharedStrings reads the workbook's string table: each item's text runs
// joined, phonetic guides (rPh) left out.
func sharedStrings(data []byte) ([]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var out []string
	var cur strings.Builder
	inSI, inT, rph := false, false, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "rPh":
				rph++
			case "t":
				inT = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if inSI {
					out = append(out, cur.String())
				}
				inSI = false
			case "rPh":
				rph--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inSI && inT && rph == 0 {
				cur.Write(t)
			}
		}
	}
}

type pos struct{ r, c int }

type merge struct{ r1, c1, r2, c2 int }

type sheet struct {
	cells  map[pos]string // text of every cell that has a value (blank ones too)
	merges []merge
	maxR   int
}

func readSheet(data []byte, sst []string, bud *limit.Budget) (*sheet, error) {
	s := &sheet{cells: map[pos]string{}}
	dec := xml.NewDecoder(bytes.NewReader(data))
	row, col := 0, 0
	var cur pos
	var typ string
	var v, is strings.Builder
	inV, inIS, inT, rph, inCell := false, false, false, 0, false
	for {
		bud.Step(0) // XML of no cells still takes time to read
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row++
				if r, err := strconv.Atoi(attr(t, "r")); err == nil && r > 0 {
					row = r
				}
				col = 0
			case "c":
				col++
				if r, c, ok := cellRef(attr(t, "r")); ok {
					row, col = r, c
				}
				cur, typ, inCell = pos{row, col}, attr(t, "t"), true
				v.Reset()
				is.Reset()
			case "v":
				inV = inCell
			case "is":
				inIS = inCell
			case "rPh":
				rph++
			case "t":
				inT = true
			case "mergeCell":
				if m, ok := mergeRef(attr(t, "ref")); ok {
					s.merges = append(s.merges, m)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "c":
				if inCell && cur.r <= maxRow && cur.c <= maxCol {
					// Charged as read: a shared string costs nothing
					// until it is written, once per cell naming it.
					bud.Cells(1)
					s.cells[cur] = cellText(typ, v.String(), is.String(), sst)
					s.maxR = max(s.maxR, cur.r)
				}
				inCell = false
			case "v":
				inV = false
			case "is":
				inIS = false
			case "rPh":
				rph--
			case "t":
				inT = false
			}
		case xml.CharData:
			switch {
			case inV:
				v.Write(t)
			case inIS && inT && rph == 0:
				is.Write(t)
			}
		}
	}
	return s, nil
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// cellText is a cell's value as Excel shows it, near enough for reports:
// strings as stored, numbers in their shortest exact decimal form.
func cellText(typ, v, inline string, sst []string) string {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(sst) {
			return ""
		}
		return sst[i]
	case "inlineStr":
		return inline
	case "b":
		switch strings.TrimSpace(v) {
		case "1":
			return "TRUE"
		case "0":
			return "FALSE"
		}
		return v
	case "str", "e", "d":
		return v
	}
	return number(v)
}

// number writes a stored number the way it was typed: Excel keeps binary
// floating point, and some writers store 17 significant digits.
func number(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	if !strings.ContainsAny(v, ".eE") {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// cellRef parses "AB12" into row 12, column 28.
func cellRef(ref string) (row, col int, ok bool) {
	i := 0
	for i < len(ref) && (ref[i]|0x20 >= 'a' && ref[i]|0x20 <= 'z') {
		if col > maxCol*26 {
			return 0, 0, false
		}
		col = col*26 + int(ref[i]|0x20-'a'+1)
		i++
	}
	if i == 0 || i == len(ref) || i > 3 {
		return 0, 0, false
	}
	r, err := strconv.Atoi(ref[i:])
	if err != nil || r <= 0 {
		return 0, 0, false
	}
	return r, col, true
}

func mergeRef(ref string) (merge, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		return merge{}, false
	}
	r1, c1, ok1 := cellRef(a)
	r2, c2, ok2 := cellRef(b)
	if !ok1 || !ok2 {
		return merge{}, false
	}
	m := merge{min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)}
	if m.r2 > maxRow || m.c2 > maxCol || (m.r1 == m.r2 && m.c1 == m.c2) {
		return merge{}, false
	}
	return m, true
}

// write adds the sheet's blocks to the document.
func (s *sheet) write(b *document.Builder, sheetNo int, bud *limit.Budget) {
	// What each merged region covers, and which rows a region spanning
	// rows holds together.
	covered := map[pos]bool{}
	origin := map[pos]merge{}
	starts := map[int][]merge{} // the merges by first row, in the sheet's order
	bound := map[int]bool{}     // rows inside a merge spanning rows, after its first
	maxR := s.maxR
	var merges []merge
	for _, m := range s.merges {
		if (m.r2-m.r1+1)*(m.c2-m.c1+1) > grid.MaxArea || covered[pos{m.r1, m.c1}] {
			continue
		}
		clash := false
		for _, o := range merges {
			if m.r1 <= o.r2 && o.r1 <= m.r2 && m.c1 <= o.c2 && o.c1 <= m.c2 {
				clash = true
				break
			}
		}
		if clash || len(merges) > 10000 {
			continue
		}
		merges = append(merges, m)
		origin[pos{m.r1, m.c1}] = m
		starts[m.r1] = append(starts[m.r1], m)
		bud.Cells((m.r2 - m.r1 + 1) * (m.c2 - m.c1 + 1))
		for r := m.r1; r <= m.r2; r++ {
			for c := m.c1; c <= m.c2; c++ {
				if r != m.r1 || c != m.c1 {
					covered[pos{r, c}] = true
				}
			}
			if m.r2 > m.r1 {
				bound[r] = true
			}
		}
		maxR = max(maxR, m.r2)
	}
	// Filled cells by row.
	rows := make(map[int][]int, len(s.cells))
	for p, t := range s.cells {
		if !covered[p] && strings.TrimSpace(t) != "" {
			rows[p.r] = append(rows[p.r], p.c)
		}
	}
	for r := 1; r <= maxR; {
		if len(rows[r]) == 0 && !bound[r] {
			r++
			continue
		}
		end := r
		for end+1 <= maxR && (len(rows[end+1]) > 0 || bound[end+1]) {
			end++
		}
		s.block(b, sheetNo, r, end, rows, covered, origin, starts)
		r = end + 1
	}
}

// block writes rows r1..r2 as text or as a table.
//
// It looks only at the merges starting in its rows (starts): a sheet of
// many blocks and many merges would otherwise cost their product.
func (s *sheet) block(b *document.Builder, sheetNo, r1, r2 int, rows map[int][]int, covered map[pos]bool, origin map[pos]merge, starts map[int][]merge) {
	text := true
	c1, c2 := maxCol+1, 0
	for r := r1; r <= r2; r++ {
		if len(rows[r]) > 1 {
			text = false
		}
		for _, c := range rows[r] {
			c1, c2 = min(c1, c), max(c2, c)
		}
	}
	for r := r1; r <= r2; r++ {
		for _, m := range starts[r] {
			text = text && m.r2 == m.r1
			c1, c2 = min(c1, m.c1), max(c2, m.c2)
		}
	}
	para := func(from, to int) {
		for r := from; r <= to; r++ {
			for _, c := range rows[r] {
				// Without Col: a paragraph's offsets move along its text,
				// and a column moved along would name other cells.
				b.Para(s.cells[pos{r, c}], nianbao.Pos{Table: sheetNo, Row: r})
			}
		}
	}
	if text {
		para(r1, r2)
		return
	}
	// A heading or paragraph typed right above the table, with no empty
	// row between, is text; a row merged across exactly the table's
	// columns above it (a caption, table 二's "第二十条第（一）项") is the
	// table's.
	spans := map[int]merge{} // rows' merges by first row
	for r := r1; r <= r2; r++ {
		if ms := starts[r]; len(ms) > 0 {
			spans[r] = ms[len(ms)-1]
		}
	}
	r0 := r1
	for r0 <= r2 && len(rows[r0]) <= 1 && !(spans[r0].r2 > spans[r0].r1) {
		r0++
	}
	if r0 > r1 && r0 <= r2 {
		t1, t2 := maxCol+1, 0
		for r := r0; r <= r2; r++ {
			for _, c := range rows[r] {
				t1, t2 = min(t1, c), max(t2, c)
			}
			if m, ok := spans[r]; ok {
				t1, t2 = min(t1, m.c1), max(t2, m.c2)
			}
		}
		for r0 > r1 {
			m, ok := spans[r0-1]
			if !ok || m.c1 != t1 || m.c2 != t2 {
				break
			}
			r0--
		}
		para(r1, r0-1)
		r1, c1, c2 = r0, t1, t2
	}
	if c2 < c1 || (r2-r1+1)*(c2-c1+1) > grid.MaxArea {
		return
	}
	b.Table(nianbao.LayoutSheet)
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			p := pos{r, c}
			if covered[p] {
				continue
			}
			rs, cs := 1, 1
			if m, ok := origin[p]; ok {
				rs, cs = min(m.r2, r2)-r+1, min(m.c2, c2)-c+1
			}
			b.Cell(r-r1, c-c1, rs, cs, s.cells[p], nianbao.Pos{Table: sheetNo, Row: r, Col: c})
		}
	}
}
