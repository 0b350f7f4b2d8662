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
// and each CELL is an array [column, kind, raw, pos], or [column, kind,
// raw, pos, unit] for an amount printed with its unit (元, 万元), whose pos
// is an array told apart by its length:
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
// preface when there is one, the sections, the provenance of every cell,
// the reader's notes and the source.
func (r *Report) MarshalJSON() ([]byte, error) {
	size := 2048 + 64*len(r.Cells) + len(r.Preface)
	for _, s := range r.Sections {
		size += len(s.Title) + len(s.Text) + 64
	}
	return r.AppendJSON(make([]byte, 0, size))
}

// AppendJSON appends the report's JSON (as MarshalJSON writes it) to b, so
// that a batch reuses one buffer for every report. A coordinate JSON cannot
// hold (NaN, an infinity) is an error, and b is returned as it was.
func (r *Report) AppendJSON(b []byte) ([]byte, error) {
	if err := r.checkFinite(); err != nil {
		return b, err
	}
	b = append(b, `{"agency":`...)
	b = appendString(b, r.Agency)
	b = append(b, `,"year":`...)
	if r.Year > 0 {
		b = strconv.AppendInt(b, int64(r.Year), 10)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"template":`...)
	b = appendString(b, string(r.Template))
	b = append(b, `,"published_on":`...)
	if r.PublishedOn != "" {
		b = appendString(b, r.PublishedOn)
	} else {
		b = append(b, "null"...)
	}
	shape := shapeOf(r.Template)
	b = shape.appendTables(b, r)
	if r.Preface != "" {
		b = append(b, `,"preface":`...)
		b = appendString(b, r.Preface)
	}
	b = append(b, `,"sections":[`...)
	for i, s := range r.Sections {
		b = appendComma(b, i)
		b = append(b, `{"number":`...)
		b = strconv.AppendInt(b, int64(s.Number), 10)
		b = append(b, `,"title":`...)
		b = appendString(b, s.Title)
		b = append(b, `,"text":`...)
		b = appendString(b, s.Text)
		b = append(b, `,"pos":`...)
		b = appendPos(b, s.Pos)
		b = append(b, '}')
	}
	b = append(b, `],"cells":`...)
	b = shape.appendCells(b, r.Cells)
	b = append(b, `,"notes":[`...)
	for i, n := range r.Notes {
		b = appendComma(b, i)
		b = appendNote(b, n)
	}
	b = append(b, `],"source":`...)
	b = appendSource(b, r.Source)
	return append(b, '}'), nil
}

// checkFinite fails on the first position whose box JSON cannot hold.
func (r *Report) checkFinite() error {
	check := func(p *Pos) error {
		if p == nil || p.Box == nil {
			return nil
		}
		for _, f := range p.Box {
			if math.IsInf(f, 0) || math.IsNaN(f) {
				return Errorf(EINVALID, "位置的坐标不是有限数: %v", f)
			}
		}
		return nil
	}
	for i := range r.Sections {
		if err := check(&r.Sections[i].Pos); err != nil {
			return err
		}
	}
	for i := range r.Cells {
		if err := check(&r.Cells[i].Pos); err != nil {
			return err
		}
	}
	for _, n := range r.Notes {
		if err := check(n.Pos); err != nil {
			return err
		}
		for _, rd := range n.Readings {
			for i := range rd {
				if err := check(&rd[i].Pos); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// The writer's functions append to b and return it, as strconv's do: b
// stays a local variable (a store through a pointer would cost the
// collector's write barrier on each of a report's thousands of appends).

func appendComma(b []byte, i int) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	return b
}

func appendNum(b []byte, n Num) []byte {
	if !n.Valid() {
		return append(b, "null"...)
	}
	return n.appendTo(b)
}

// appendFloat writes a finite f as encoding/json does: like %g, but with
// exponents only below 1e-6 and from 1e21 on, and those not padded to two
// digits.
func appendFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 is written e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendString writes s quoted as json.Encoder does with SetEscapeHTML(false):
// '"', '\\' and control characters escaped, invalid UTF-8 as \ufffd, and
// U+2028 and U+2029 escaped since JavaScript reads them as line ends.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	// Keys, kinds and what cells print are short and ASCII.
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && !jsonEscaped[s[i]] {
		i++
	}
	b = append(b, s[:i]...)
	s = s[i:]
	for len(s) > 0 {
		n := plainRun(s, true)
		b = append(b, s[:n]...)
		if n == len(s) {
			break
		}
		switch c := s[n]; {
		case c < utf8.RuneSelf:
			b = appendEscape(b, c)
			s = s[n+1:]
		case utf8Len(s[n:]) == 0:
			b = append(b, `\ufffd`...)
			s = s[n+1:]
		default: // U+2028, U+2029
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[s[n+2]&0xF])
			s = s[n+3:]
		}
	}
	return append(b, '"')
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

// appendTables writes tables 二, 三 and 四 of r: the template's text with
// r's numbers.
func (s *jsonShape) appendTables(b []byte, r *Report) []byte {
	cells := s.cells.list // r.Template.Cells(), without a copy of each cell
	for i := range cells {
		b = append(b, s.tables[i]...)
		b = appendNum(b, r.At(cells[i]))
	}
	return append(b, s.tables[len(cells)]...)
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
	var b []byte
	var table Table
	row := ""
	for c := range t.Cells() {
		if c.Key.Table != table {
			if table != "" {
				b = append(b, syntax[table].closeRow+"}"...)
			}
			b = append(b, syntax[c.Key.Table].open...)
			table, row = c.Key.Table, ""
		}
		if c.Key.Row != row {
			if row != "" {
				b = append(b, syntax[table].closeRow+","...)
			}
			b = appendString(b, c.Key.Row)
			b = append(b, syntax[table].openRow...)
			row = c.Key.Row
		} else {
			b = append(b, ',')
		}
		if table == TableActive {
			b = appendString(b, c.Key.Column)
			b = append(b, ':')
		}
		s.tables = append(s.tables, string(b))

		b = append(b[:0], `{"table":`...)
		b = appendString(b, string(c.Key.Table))
		b = append(b, `,"row":`...)
		b = appendString(b, c.Key.Row)
		b = append(b, `,"columns":[`...)
		s.group = append(s.group, string(b))

		b = appendString(append(b[:0], '['), c.Key.Column)
		s.cell = append(s.cell, string(append(b, ',')))
		b = b[:0]
	}
	s.tables = append(s.tables, string(append(b, syntax[table].closeRow+"}"...)))
	return s
}

// appendCells writes the provenance: runs of one row's cells in the
// compact form, anything else verbose (see the top of this file).
func (s *jsonShape) appendCells(b []byte, cells []Provenance) []byte {
	b = append(b, '[')
	open := false // a row group's "columns" array is open
	at := 0       // where the template's cells are walked from
	tc := s.cells
	for i := range cells {
		p := &cells[i]
		j, ok := tc.find(p.CellKey, &at)
		if !ok || tc.list[j].Index != p.Index || !compactPos(p.Pos) {
			if open {
				b = append(b, "]}"...)
				open = false
			}
			b = appendProvenance(appendComma(b, i), p)
			continue
		}
		if open && p.Table == cells[i-1].Table && p.Row == cells[i-1].Row {
			b = append(b, ',')
		} else {
			if open {
				b = append(b, "]}"...)
			}
			b = append(appendComma(b, i), s.group[j]...)
			open = true
		}
		b = append(b, s.cell[j]...)
		switch p.Kind {
		case KindNumber:
			b = append(b, `"number",`...)
		case KindBlank:
			b = append(b, `"blank",`...)
		default:
			b = append(appendString(b, string(p.Kind)), ',')
		}
		b = appendString(b, p.Raw)
		b = append(b, ',', '[')
		b = strconv.AppendInt(b, int64(p.Pos.Offset), 10)
		var more []int // the position's numbers after the offset
		switch {
		case p.Pos.Box != nil:
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(p.Pos.Page), 10)
			for _, f := range p.Pos.Box {
				b = appendFloat(append(b, ','), f)
			}
		case p.Pos.Table != 0 || p.Pos.Row != 0:
			more = []int{p.Pos.Table, p.Pos.Row, p.Pos.Col}
		case p.Pos.Line != 0 || p.Pos.Col != 0:
			more = []int{p.Pos.Line, p.Pos.Col}
		}
		for _, n := range more {
			b = strconv.AppendInt(append(b, ','), int64(n), 10)
		}
		b = append(b, ']')
		if p.Unit != "" {
			b = appendString(append(b, ','), p.Unit)
		}
		b = append(b, ']')
	}
	if open {
		b = append(b, "]}"...)
	}
	return append(b, ']')
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

func appendProvenance(b []byte, p *Provenance) []byte {
	b = append(b, `{"table":`...)
	b = appendString(b, string(p.Table))
	b = append(b, `,"row":`...)
	b = appendString(b, p.Row)
	b = append(b, `,"column":`...)
	b = appendString(b, p.Column)
	b = append(b, `,"index":`...)
	b = strconv.AppendInt(b, int64(p.Index), 10)
	b = append(b, `,"kind":`...)
	b = appendString(b, string(p.Kind))
	b = append(b, `,"raw":`...)
	b = appendString(b, p.Raw)
	if p.Unit != "" {
		b = append(b, `,"unit":`...)
		b = appendString(b, p.Unit)
	}
	b = append(b, `,"pos":`...)
	b = appendPos(b, p.Pos)
	return append(b, '}')
}

// appendPos writes a Pos as an object, as its struct tags say.
func appendPos(b []byte, p Pos) []byte {
	b = append(b, `{"offset":`...)
	b = strconv.AppendInt(b, int64(p.Offset), 10)
	for _, f := range [...]struct {
		key string
		n   int
	}{{`,"line":`, p.Line}, {`,"table":`, p.Table}, {`,"row":`, p.Row}, {`,"col":`, p.Col}, {`,"page":`, p.Page}} {
		if f.n != 0 {
			b = append(b, f.key...)
			b = strconv.AppendInt(b, int64(f.n), 10)
		}
	}
	if p.Box != nil {
		b = append(b, `,"box":[`...)
		for i, f := range p.Box {
			b = appendFloat(appendComma(b, i), f)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendNote(b []byte, n Note) []byte {
	b = append(b, `{"code":`...)
	b = appendString(b, n.Code)
	b = append(b, `,"message":`...)
	b = appendString(b, n.Message)
	if n.Table != "" {
		b = append(b, `,"table":`...)
		b = appendString(b, string(n.Table))
	}
	if n.Row != "" {
		b = append(b, `,"row":`...)
		b = appendString(b, n.Row)
	}
	if n.Pos != nil {
		b = append(b, `,"pos":`...)
		b = appendPos(b, *n.Pos)
	}
	if len(n.Readings) > 0 {
		b = append(b, `,"readings":[`...)
		for i, r := range n.Readings {
			if b = appendComma(b, i); r == nil {
				b = append(b, "null"...) // as encoding/json writes a nil slice
				continue
			}
			b = append(b, '[')
			for j, c := range r {
				b = append(appendComma(b, j), `{"kind":`...)
				b = appendString(b, string(c.Kind))
				b = append(b, `,"raw":`...)
				b = appendString(b, c.Raw)
				b = append(b, `,"pos":`...)
				b = appendPos(b, c.Pos)
				if c.Unit != "" {
					b = append(b, `,"unit":`...)
					b = appendString(b, c.Unit)
				}
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendSource(b []byte, s Source) []byte {
	b = append(b, `{"name":`...)
	b = appendString(b, s.Name)
	b = append(b, `,"sha256":`...)
	b = appendString(b, s.SHA256)
	b = append(b, `,"size":`...)
	b = strconv.AppendInt(b, int64(s.Size), 10)
	b = append(b, `,"format":`...)
	b = appendString(b, string(s.Format))
	if s.Layout != "" {
		b = append(b, `,"layout":`...)
		b = appendString(b, string(s.Layout))
	}
	if s.Encoding != "" {
		b = append(b, `,"encoding":`...)
		b = appendString(b, s.Encoding)
	}
	return append(b, '}')
}
