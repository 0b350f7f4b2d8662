// Package docx reads a report saved as a Word document (Office Open XML,
// .docx) into a document.
//
// It reads the main document part in order: each paragraph is a paragraph,
// each table a grid with gridSpan, vMerge (and Word 97's hMerge) expanded,
// written once at its first position. Text is what Word shows with tracked
// changes accepted: insertions kept, deletions and moved-away text left out,
// deleted table rows dropped; content controls (w:sdt) read through, their
// placeholder text ("单击此处输入文字") taken as empty; hidden text, field
// instructions, drawings and text boxes left out. A table cell's paragraphs
// and runs join without a separator (Word splits a number's digits over
// runs, and labels over paragraphs); a table that holds other tables only
// lays them out, and its paragraphs are paragraphs.
//
// Positions: paragraphs carry the byte offset of their <w:p> in
// word/document.xml; table cells the table's number among the document's
// data tables, their grid row and column (1-based) and the offset of their
// <w:tc>.
package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"nianbao"
	"nianbao/document"
	"nianbao/reader/internal/grid"
	"nianbao/reader/internal/limit"
	"nianbao/reader/internal/ooxml"
)

// The WordprocessingML namespaces: transitional and strict.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// Read reads a .docx file.
func Read(data []byte) (*document.Document, error) {
	pkg, err := ooxml.Open(data, "DOCX")
	if err != nil {
		return nil, err
	}
	return ReadPackage(pkg)
}

// ReadPackage reads an opened .docx package.
func ReadPackage(pkg *ooxml.Package) (_ *document.Document, err error) {
	defer limit.Recover(&err)
	name := pkg.Main("word/document.xml")
	if !pkg.Has(name) {
		return nil, nianbao.Errorf(nianbao.EINVALID, "DOCX 文件不完整（缺少正文 word/document.xml）")
	}
	xmlData, err := pkg.Read(name)
	if err != nil {
		return nil, err
	}
	blocks, err := readBody(xmlData, pkg.Budget)
	if err != nil {
		return nil, pkg.BadXML(name, err)
	}
	if !grid.HasText(blocks) {
		// The blank template has text; a document with none at all is not a report.
		return nil, nianbao.Errorf(nianbao.ENOTREPORT, "Word 文档中没有文字")
	}
	return grid.Build(pkg.Budget, blocks), nil
}

type container struct {
	blocks []grid.Block
	b      strings.Builder
	off    int
}

func (c *container) flush() {
	if c.b.Len() > 0 {
		c.blocks = append(c.blocks, grid.Block{Text: c.b.String(), Offset: c.off})
	}
	c.b.Reset()
}

func (c *container) write(s string, off int) {
	if c.b.Len() == 0 {
		if strings.TrimSpace(s) == "" {
			return
		}
		c.off = off
	}
	c.b.WriteString(s)
}

type tableState struct {
	parent *container
	rows   []*rowState
	cur    *cellState
}

type rowState struct {
	gridBefore int
	deleted    bool
	cells      []*cellState
}

type cellState struct {
	cont    container
	off     int
	span    int
	vMerge  string // "", "restart" or "continue"
	hMerge  string
	deleted bool
}

type reader struct {
	budget *limit.Budget
	dec    *xml.Decoder
	root   container
	tables []*tableState
	para   int // offset of the paragraph being read
	stack  []string
	skip   int    // depth inside a subtree that is not shown
	silent int    // depth inside placeholder text of a content control
	sdts   []bool // open content controls: whether each shows its placeholder
	inT    bool
	hidden bool // the current run is hidden (w:vanish)
}

// readBody reads word/document.xml into paragraphs and tables.
func readBody(data []byte, bud *limit.Budget) ([]grid.Block, error) {
	r := &reader{dec: xml.NewDecoder(bytes.NewReader(data)), budget: bud}
	if err := r.run(); err != nil {
		return nil, err
	}
	for len(r.tables) > 0 {
		r.closeTable()
	}
	r.root.flush()
	return r.root.blocks, nil
}

func (r *reader) target() *container {
	if n := len(r.tables); n > 0 {
		t := r.tables[n-1]
		if t.cur != nil {
			return &t.cur.cont
		}
		return t.parent
	}
	return &r.root
}

func (r *reader) top() *tableState {
	if len(r.tables) == 0 {
		return nil
	}
	return r.tables[len(r.tables)-1]
}

func (r *reader) parent() string {
	if len(r.stack) < 2 {
		return ""
	}
	return r.stack[len(r.stack)-2]
}

func isW(n xml.Name) bool { return n.Space == nsW || n.Space == nsWStrict }

func val(e xml.StartElement) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == "val" && (isW(a.Name) || a.Name.Space == "") {
			return a.Value, true
		}
	}
	return "", false
}

// on reports whether a toggle property (<w:vanish/>, <w:vanish w:val="0"/>) is on.
func on(e xml.StartElement) bool {
	v, ok := val(e)
	return !ok || (v != "0" && v != "false" && v != "off")
}

func (r *reader) run() error {
	for {
		off := int(r.dec.InputOffset())
		r.budget.Step(0) // XML of nothing shown still takes time to read
		tok, err := r.dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if r.skip > 0 {
				r.skip++
				continue
			}
			r.stack = append(r.stack, t.Name.Local)
			if !isW(t.Name) {
				if t.Name.Space == nsMC && t.Name.Local == "Fallback" {
					r.skip = 1
					r.stack = r.stack[:len(r.stack)-1]
				}
				continue
			}
			r.start(t, off)
		case xml.EndElement:
			if r.skip > 0 {
				r.skip--
				continue
			}
			if len(r.stack) == 0 {
				continue
			}
			if isW(t.Name) {
				r.end(t.Name.Local)
			}
			r.stack = r.stack[:len(r.stack)-1]
		case xml.CharData:
			if r.inT && r.skip == 0 && r.silent == 0 && !r.hidden {
				r.target().write(string(t), r.para)
			}
		}
	}
}

// skipNow leaves out the element just started and everything in it.
func (r *reader) skipNow() {
	r.stack = r.stack[:len(r.stack)-1]
	r.skip = 1
}

func (r *reader) start(e xml.StartElement, off int) {
	switch e.Name.Local {
	case "p":
		r.para = off
	case "r":
		r.hidden = false
	case "vanish":
		if r.parent() == "rPr" && len(r.stack) >= 3 && r.stack[len(r.stack)-3] == "r" && on(e) {
			r.hidden = true
		}
	case "t":
		r.inT = true
	case "tab", "ptab":
		if r.skip == 0 && r.silent == 0 && !r.hidden && r.parent() == "r" {
			r.target().write(" ", r.para)
		}
	case "noBreakHyphen":
		if r.silent == 0 && !r.hidden {
			r.target().write("-", r.para)
		}
	case "br", "cr":
		if r.parent() == "r" {
			// A line break: the text after it is a new line of the page,
			// and in a table cell it joins the text before it.
			r.target().flush()
			r.para = off
		}
	case "del":
		switch r.parent() {
		case "trPr":
			if t := r.top(); t != nil && len(t.rows) > 0 {
				t.rows[len(t.rows)-1].deleted = true
			}
		case "rPr", "pPr":
			// A deleted paragraph mark: the text stays.
		default:
			r.skipNow()
		}
	case "moveFrom", "instrText", "delText", "delInstrText", "drawing", "pict", "object",
		"footnoteReference", "endnoteReference", "commentReference":
		r.skipNow()
	case "sdt":
		r.sdts = append(r.sdts, false)
	case "showingPlcHdr":
		if len(r.sdts) > 0 && r.parent() == "sdtPr" && on(e) {
			r.sdts[len(r.sdts)-1] = true
		}
	case "sdtContent":
		if len(r.sdts) > 0 && r.sdts[len(r.sdts)-1] {
			r.silent++
		}
	case "tbl":
		r.target().flush()
		r.budget.Depth(len(r.tables))
		r.tables = append(r.tables, &tableState{parent: r.target()})
	case "tr":
		if t := r.top(); t != nil {
			t.closeCell()
			t.rows = append(t.rows, &rowState{})
		}
	case "gridBefore":
		if t := r.top(); t != nil && len(t.rows) > 0 && r.parent() == "trPr" {
			v, _ := val(e)
			t.rows[len(t.rows)-1].gridBefore = atoi(v, 0, 0, 64)
		}
	case "tc":
		if t := r.top(); t != nil {
			t.closeCell()
			if len(t.rows) == 0 {
				t.rows = append(t.rows, &rowState{})
			}
			row := t.rows[len(t.rows)-1]
			c := &cellState{off: off, span: 1}
			row.cells = append(row.cells, c)
			t.cur = c
		}
	case "gridSpan":
		if c := r.cell(); c != nil {
			v, _ := val(e)
			c.span = atoi(v, 1, 1, 64)
		}
	case "vMerge":
		if c := r.cell(); c != nil {
			if v, _ := val(e); v == "restart" {
				c.vMerge = "restart"
			} else {
				c.vMerge = "continue"
			}
		}
	case "hMerge":
		if c := r.cell(); c != nil {
			if v, _ := val(e); v == "restart" {
				c.hMerge = "restart"
			} else {
				c.hMerge = "continue"
			}
		}
	case "cellDel":
		if c := r.cell(); c != nil {
			c.deleted = true
		}
	}
}

// cell returns the cell whose properties are being read.
func (r *reader) cell() *cellState {
	if r.parent() != "tcPr" {
		return nil
	}
	if t := r.top(); t != nil {
		return t.cur
	}
	return nil
}

func (r *reader) end(local string) {
	switch local {
	case "p":
		r.target().flush()
	case "t":
		r.inT = false
	case "r":
		r.hidden = false
	case "sdtContent":
		if len(r.sdts) > 0 && r.sdts[len(r.sdts)-1] && r.silent > 0 {
			r.silent--
		}
	case "sdt":
		if len(r.sdts) > 0 {
			r.sdts = r.sdts[:len(r.sdts)-1]
		}
	case "tc":
		if t := r.top(); t != nil {
			t.closeCell()
		}
	case "tbl":
		if len(r.tables) > 0 {
			r.closeTable()
		}
	}
}

func (t *tableState) closeCell() {
	if t.cur != nil {
		t.cur.cont.flush()
		t.cur = nil
	}
}

// closeTable ends the innermost table: its cells go on the grid as Word
// merges them, and its blocks to the container around it.
func (r *reader) closeTable() {
	t := r.tables[len(r.tables)-1]
	r.tables = r.tables[:len(r.tables)-1]
	t.closeCell()
	var cells []grid.Cell
	open := map[int]int{} // grid column → index in cells of a vertical merge open there
	nrows, ncols := 0, 0
	for _, row := range t.rows {
		if row.deleted {
			continue
		}
		rr := nrows
		nrows++
		next := map[int]int{}
		col := row.gridBefore
		for _, c := range row.cells {
			if c.deleted {
				continue
			}
			if c.hMerge == "continue" && len(cells) > 0 && cells[len(cells)-1].Row == rr {
				cells[len(cells)-1].ColSpan += c.span
				col += c.span
				ncols = max(ncols, col)
				continue
			}
			if c.vMerge == "continue" {
				if i, ok := open[col]; ok && cells[i].ColSpan == c.span {
					cells[i].RowSpan = rr - cells[i].Row + 1
					next[col] = i
					col += c.span
					ncols = max(ncols, col)
					continue
				}
			}
			cells = append(cells, grid.Cell{Row: rr, Col: col, RowSpan: 1, ColSpan: c.span,
				Offset: c.off, Blocks: c.cont.blocks})
			if c.vMerge == "restart" {
				next[col] = len(cells) - 1
			}
			col += c.span
			ncols = max(ncols, col)
		}
		open = next
	}
	blocks := grid.Resolve(r.budget, cells, nrows, ncols)
	t.parent.flush()
	t.parent.blocks = append(t.parent.blocks, blocks...)
}

// atoi parses a decimal attribute, clamped to [lo, hi]; def when it is not a number.
func atoi(s string, def, lo, hi int) int {
	n, digits := 0, 0
	for _, c := range []byte(strings.TrimSpace(s)) {
		if c < '0' || c > '9' {
			return def
		}
		if n <= hi {
			n = n*10 + int(c-'0')
		}
		digits++
	}
	if digits == 0 {
		return def
	}
	return max(lo, min(n, hi))
}
