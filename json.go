package nianbao

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// The report's JSON is written and read by hand rather than through
// encoding/json's reflection: a batch writes one report per file read and an
// export reads one per row, and reflection (with encoding/json's second pass
// over a Marshaler's output) cost more than reading the report itself. The
// output is byte for byte what encoding/json writes for the same values
// (strings escaped as json.Encoder does with SetEscapeHTML(false), floats as
// it formats them), so only the shape below is this package's choice.
//
// Provenance is the bulk of a report, about 220 cells, so "cells" is
// compact: runs of cells of one table row are grouped,
//
//	{"table": "requests", "row": "new_received", "columns": [CELL, ...]}
//
// and each CELL is an array [column, kind, raw, pos] whose pos is an array
// told apart by its length:
//
//	[offset]                        only a byte offset
//	[offset, line, col]             text: line and column, 1-based
//	[offset, table, row, col]       grid: HTML, DOCX, XLSX tables
//	[offset, page, x0, y0, x1, y1]  PDF: page and box in points
//
// A cell's index is not written: it is the column's place in the report's
// template. A provenance that does not fit this form (a key its template
// lacks, an index the template does not give, a position of another shape)
// is written in the verbose form of earlier versions, one object per cell
// with the keys table, row, column, index, kind, raw and pos, which is read
// as well, so reports stored by earlier versions read unchanged.

// MarshalJSON writes the report in the JSON contract: agency, year,
// template, published_on, then tables 二 (active), 三 (requests) and 四
// (review) with the keys of template.md in template order, then the
// sections, the provenance of every cell, the reader's notes and the source.
func (r *Report) MarshalJSON() ([]byte, error) {
	size := 2048 + 64*len(r.Cells)
	for _, s := range r.Sections {
		size += len(s.Title) + len(s.Text) + 64
	}
	return r.AppendJSON(make([]byte, 0, size))
}

// AppendJSON appends the report's JSON (as MarshalJSON writes it) to b, so
// that a batch reuses one buffer for every report. On error it returns b
// as it was.
func (r *Report) AppendJSON(b []byte) ([]byte, error) {
	w := jsonWriter{b: b}
	w.raw(`{"agency":`)
	w.string(r.Agency)
	w.raw(`,"year":`)
	if r.Year > 0 {
		w.int(r.Year)
	} else {
		w.raw("null")
	}
	w.raw(`,"template":`)
	w.string(string(r.Template))
	w.raw(`,"published_on":`)
	if r.PublishedOn != "" {
		w.string(r.PublishedOn)
	} else {
		w.raw("null")
	}
	shape := shapeOf(r.Template)
	w.tables(r, shape)
	w.raw(`,"sections":[`)
	for i, s := range r.Sections {
		w.comma(i)
		w.raw(`{"number":`)
		w.int(s.Number)
		w.raw(`,"title":`)
		w.string(s.Title)
		w.raw(`,"text":`)
		w.string(s.Text)
		w.raw(`,"pos":`)
		w.pos(s.Pos)
		w.b = append(w.b, '}')
	}
	w.raw(`],"cells":`)
	w.cells(r, shape)
	w.raw(`,"notes":[`)
	for i, n := range r.Notes {
		w.comma(i)
		w.note(n)
	}
	w.raw(`],"source":`)
	w.source(r.Source)
	w.b = append(w.b, '}')
	if w.err != nil {
		return b, w.err
	}
	return w.b, nil
}

// jsonWriter appends JSON to b; err is the first value JSON cannot hold.
type jsonWriter struct {
	b   []byte
	err error
}

func (w *jsonWriter) raw(s string) { w.b = append(w.b, s...) }

func (w *jsonWriter) comma(i int) {
	if i > 0 {
		w.b = append(w.b, ',')
	}
}

func (w *jsonWriter) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

func (w *jsonWriter) num(n Num) {
	if !n.Valid() {
		w.raw("null")
		return
	}
	w.b = n.appendTo(w.b)
}

// float writes f as encoding/json does: like %g, but with exponents only
// below 1e-6 and from 1e21 on, and those not padded to two digits.
func (w *jsonWriter) float(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if w.err == nil {
			w.err = Errorf(EINVALID, "位置的坐标不是有限数: %v", f)
		}
		w.raw("null")
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	w.b = strconv.AppendFloat(w.b, f, format, -1, 64)
	if format == 'e' {
		// e-09 is written e-9
		n := len(w.b)
		if n >= 4 && w.b[n-4] == 'e' && w.b[n-3] == '-' && w.b[n-2] == '0' {
			w.b[n-2] = w.b[n-1]
			w.b = w.b[:n-1]
		}
	}
}

// string writes s quoted as json.Encoder does with SetEscapeHTML(false):
// '"', '\\' and control characters escaped, invalid UTF-8 as \ufffd, and
// U+2028 and U+2029 escaped since JavaScript reads them as line ends.
func (w *jsonWriter) string(s string) {
	w.b = append(w.b, '"')
	// Keys, kinds and what cells print are short and ASCII.
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && !jsonEscaped[s[i]] {
		i++
	}
	w.b = append(w.b, s[:i]...)
	s = s[i:]
	for len(s) > 0 {
		n := plainRun(s, true)
		w.b = append(w.b, s[:n]...)
		if n == len(s) {
			break
		}
		switch c := s[n]; {
		case c < utf8.RuneSelf:
			w.b = appendEscape(w.b, c)
			s = s[n+1:]
		case utf8Len(s[n:]) == 0:
			w.b = append(w.b, `\ufffd`...)
			s = s[n+1:]
		default: // U+2028, U+2029
			w.b = append(w.b, '\\', 'u', '2', '0', '2', hexDigits[s[n+2]&0xF])
			s = s[n+3:]
		}
	}
	w.b = append(w.b, '"')
}

// plainRun returns how many bytes at the start of s stand in a JSON string
// as they are: valid UTF-8 but '"', '\\' and control characters, and but
// U+2028 and U+2029 when lineSep.
func plainRun[T string | []byte](s T, lineSep bool) int {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonEscaped[c] {
				return i
			}
			i++
			continue
		}
		// Chinese characters and punctuation are three bytes with lead
		// bytes E1–EF (ED only for surrogates and E2 for U+2028 beside
		// punctuation such as “”): checked here without a call.
		if 0xE1 <= c && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			if c == 0xE2 && lineSep && s[i+1] == 0x80 && s[i+2]&^1 == 0xA8 {
				return i
			}
			i += 3
			continue
		}
		n := utf8Len(s[i:])
		if n == 0 || lineSep && c == 0xE2 && s[i+1] == 0x80 && s[i+2]&^1 == 0xA8 {
			return i
		}
		i += n
	}
	return i
}

// utf8Len returns the length of the character s starts with, not ASCII,
// or 0 when s does not start with valid UTF-8 (as utf8.FullRune and
// utf8.DecodeRune would tell, without a call per character of Chinese).
func utf8Len[T string | []byte](s T) int {
	c, lo, hi := s[0], byte(0x80), byte(0xBF)
	switch {
	case c >= 0xC2 && c <= 0xDF:
		if len(s) >= 2 && s[1]&0xC0 == 0x80 {
			return 2
		}
	case c >= 0xE0 && c <= 0xEF:
		if c == 0xE0 {
			lo = 0xA0 // shorter forms are overlong
		} else if c == 0xED {
			hi = 0x9F // surrogates
		}
		if len(s) >= 3 && lo <= s[1] && s[1] <= hi && s[2]&0xC0 == 0x80 {
			return 3
		}
	case c >= 0xF0 && c <= 0xF4:
		if c == 0xF0 {
			lo = 0x90
		} else if c == 0xF4 {
			hi = 0x8F // beyond U+10FFFF
		}
		if len(s) >= 4 && lo <= s[1] && s[1] <= hi && s[2]&0xC0 == 0x80 && s[3]&0xC0 == 0x80 {
			return 4
		}
	}
	return 0
}

const hexDigits = "0123456789abcdef"

// jsonEscaped marks the ASCII bytes a JSON string escapes.
var jsonEscaped = func() (t [utf8.RuneSelf]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

func appendEscape(b []byte, c byte) []byte {
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

// tables writes tables 二, 三 and 四: the template's text with its numbers.
func (w *jsonWriter) tables(r *Report, shape *jsonShape) {
	cells := shape.cells.list // r.Template.Cells(), without a copy of each cell
	for i := range cells {
		w.raw(shape.tables[i])
		w.num(r.At(cells[i]))
	}
	w.raw(shape.tables[len(cells)])
}

// jsonShape is the text a template's reports share: around the numbers
// of its tables and before each of its cells' provenance. It is written
// once per template, so a report writes its numbers and cells into it.
type jsonShape struct {
	cells *cellSet
	// tables[i] comes before the number of cell i, the last after all:
	// `,"active":{"regulations":{"issued":`, `,"repealed":`, …, `]}`.
	tables []string
	// group[i] opens the row group of provenance starting at cell i,
	// cell[i] opens its compact cell: `["natural_person",`.
	group, cell []string
}

var jsonShapes = [...]*jsonShape{newJSONShape(Format2019), newJSONShape(Format2021)}

func shapeOf(t Template) *jsonShape {
	tc := templateCells(t)
	for _, s := range jsonShapes {
		if s.cells == tc {
			return s
		}
	}
	panic("no JSON shape for template " + t)
}

// newJSONShape writes a template's text in one walk over its cells: in the
// tables a new table or row opens its object or array, table 二 being
// objects of fields and tables 三 and 四 arrays in template column order.
func newJSONShape(t Template) *jsonShape {
	syntax := map[Table]struct{ open, openRow, closeRow string }{
		TableActive:   {`,"active":{`, ":{", "}"},
		TableRequests: {`,"requests":{`, ":[", "]"},
		TableReview:   {`,"review":{`, ":[", "]"},
	}
	s := &jsonShape{cells: templateCells(t)}
	var w jsonWriter
	var table Table
	row := ""
	for c := range t.Cells() {
		if c.Key.Table != table {
			if table != "" {
				w.raw(syntax[table].closeRow + "}")
			}
			w.raw(syntax[c.Key.Table].open)
			table, row = c.Key.Table, ""
		}
		if c.Key.Row != row {
			if row != "" {
				w.raw(syntax[table].closeRow + ",")
			}
			w.string(c.Key.Row)
			w.raw(syntax[table].openRow)
			row = c.Key.Row
		} else {
			w.b = append(w.b, ',')
		}
		if table == TableActive {
			w.string(c.Key.Column)
			w.b = append(w.b, ':')
		}
		s.tables = append(s.tables, string(w.b))
		w.b = w.b[:0]

		w.raw(`{"table":`)
		w.string(string(c.Key.Table))
		w.raw(`,"row":`)
		w.string(c.Key.Row)
		w.raw(`,"columns":[`)
		s.group = append(s.group, string(w.b))
		w.b = w.b[:0]
		w.b = append(w.b, '[')
		w.string(c.Key.Column)
		w.b = append(w.b, ',')
		s.cell = append(s.cell, string(w.b))
		w.b = w.b[:0]
	}
	w.raw(syntax[table].closeRow + "}")
	s.tables = append(s.tables, string(w.b))
	return s
}

// cells writes the provenance: runs of one row's cells in the compact
// form, anything else verbose (see the top of this file).
func (w *jsonWriter) cells(r *Report, shape *jsonShape) {
	w.b = append(w.b, '[')
	open := false // a row group's "columns" array is open
	var at int    // where the template's cells are walked from
	tc := shape.cells
	for i := range r.Cells {
		p := &r.Cells[i]
		j, ok := tc.find(p.CellKey, &at)
		if !ok || tc.list[j].Index != p.Index || !compactPos(p.Pos) {
			if open {
				w.raw("]}")
				open = false
			}
			w.comma(i)
			w.provenance(p)
			continue
		}
		if open && p.Table == r.Cells[i-1].Table && p.Row == r.Cells[i-1].Row {
			w.b = append(w.b, ',')
		} else {
			if open {
				w.raw("]}")
			}
			w.comma(i)
			w.raw(shape.group[j])
			open = true
		}
		w.raw(shape.cell[j])
		switch p.Kind {
		case KindNumber:
			w.raw(`"number",`)
		case KindBlank:
			w.raw(`"blank",`)
		default:
			w.string(string(p.Kind))
			w.b = append(w.b, ',')
		}
		w.string(p.Raw)
		w.b = append(w.b, ',', '[')
		w.int(p.Pos.Offset)
		switch {
		case p.Pos.Box != nil:
			w.b = append(w.b, ',')
			w.int(p.Pos.Page)
			for _, f := range p.Pos.Box {
				w.b = append(w.b, ',')
				w.float(f)
			}
		case p.Pos.Table != 0 || p.Pos.Row != 0:
			w.b = append(w.b, ',')
			w.int(p.Pos.Table)
			w.b = append(w.b, ',')
			w.int(p.Pos.Row)
			w.b = append(w.b, ',')
			w.int(p.Pos.Col)
		case p.Pos.Line != 0 || p.Pos.Col != 0:
			w.b = append(w.b, ',')
			w.int(p.Pos.Line)
			w.b = append(w.b, ',')
			w.int(p.Pos.Col)
		}
		w.raw("]]")
	}
	if open {
		w.raw("]}")
	}
	w.b = append(w.b, ']')
}

// compactPos reports whether p has one of the compact form's shapes.
func compactPos(p Pos) bool {
	switch {
	case p.Box != nil:
		return p.Line == 0 && p.Table == 0 && p.Row == 0 && p.Col == 0
	case p.Page != 0:
		return false
	case p.Table != 0 || p.Row != 0:
		return p.Line == 0
	}
	return true
}

// find returns where the cell named k stands in s.list. Provenance mostly
// follows template order, so the cell after the last one found (at) is
// tried before the index.
func (s *cellSet) find(k CellKey, at *int) (int, bool) {
	i := *at
	if i >= len(s.list) || s.list[i].Key != k {
		var ok bool
		if i, ok = s.index[k]; !ok {
			return 0, false
		}
	}
	*at = i + 1
	return i, true
}

func (w *jsonWriter) provenance(p *Provenance) {
	w.raw(`{"table":`)
	w.string(string(p.Table))
	w.raw(`,"row":`)
	w.string(p.Row)
	w.raw(`,"column":`)
	w.string(p.Column)
	w.raw(`,"index":`)
	w.int(p.Index)
	w.raw(`,"kind":`)
	w.string(string(p.Kind))
	w.raw(`,"raw":`)
	w.string(p.Raw)
	w.raw(`,"pos":`)
	w.pos(p.Pos)
	w.b = append(w.b, '}')
}

// pos writes a Pos as an object, as its struct tags say.
func (w *jsonWriter) pos(p Pos) {
	w.raw(`{"offset":`)
	w.int(p.Offset)
	for _, f := range [...]struct {
		key string
		n   int
	}{{`,"line":`, p.Line}, {`,"table":`, p.Table}, {`,"row":`, p.Row}, {`,"col":`, p.Col}, {`,"page":`, p.Page}} {
		if f.n != 0 {
			w.raw(f.key)
			w.int(f.n)
		}
	}
	if p.Box != nil {
		w.raw(`,"box":[`)
		for i, f := range p.Box {
			w.comma(i)
			w.float(f)
		}
		w.b = append(w.b, ']')
	}
	w.b = append(w.b, '}')
}

func (w *jsonWriter) note(n Note) {
	w.raw(`{"code":`)
	w.string(n.Code)
	w.raw(`,"message":`)
	w.string(n.Message)
	if n.Table != "" {
		w.raw(`,"table":`)
		w.string(string(n.Table))
	}
	if n.Row != "" {
		w.raw(`,"row":`)
		w.string(n.Row)
	}
	if n.Pos != nil {
		w.raw(`,"pos":`)
		w.pos(*n.Pos)
	}
	w.b = append(w.b, '}')
}

func (w *jsonWriter) source(s Source) {
	w.raw(`{"name":`)
	w.string(s.Name)
	w.raw(`,"sha256":`)
	w.string(s.SHA256)
	w.raw(`,"size":`)
	w.int(s.Size)
	w.raw(`,"format":`)
	w.string(string(s.Format))
	if s.Layout != "" {
		w.raw(`,"layout":`)
		w.string(s.Layout)
	}
	if s.Encoding != "" {
		w.raw(`,"encoding":`)
		w.string(s.Encoding)
	}
	w.b = append(w.b, '}')
}
