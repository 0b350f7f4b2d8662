package store

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"

	"nianbao"
)

// How a report is kept in report_data (see migrations/0002_compact.*.sql):
// its tables as one letter and one JSON element a cell (kinds, texts),
// which SQL reads through the cells view; the provenance of its cells in
// a compact binary form (cells) that stores only what texts does not say;
// and what is only read whole — sections, notes, the source's details,
// the findings — as deflated JSON (body, findings).

// layout is where the cells of one template are kept in kinds and texts:
// the template's cell_names, by pos.
type layout struct {
	cells []layoutCell
	pos   map[nianbao.CellKey]int
}

type layoutCell struct {
	key   nianbao.CellKey
	cell  nianbao.Cell
	known bool // the template still has the cell (cell_names only grows)
}

// The letters of kinds.
const (
	letterNumber   = 'n'
	letterInferred = 'i'
	letterBlank    = 'b'
	letterMark     = 'm'
	letterNone     = '-'
)

// letterKind is the kind of provenance a letter stands for.
func letterKind(letter byte) nianbao.Kind {
	switch letter {
	case letterNumber:
		return nianbao.KindNumber
	case letterInferred:
		return nianbao.KindInferred
	case letterBlank:
		return nianbao.KindBlank
	case letterMark:
		return nianbao.KindMark
	}
	return ""
}

// loadLayouts makes sure cell_names has every cell of both templates and
// reads it. Cells new to the code get the next places; places taken keep
// their cells.
func loadLayouts(ctx context.Context, tx querier) (map[nianbao.Template]*layout, error) {
	out := map[nianbao.Template]*layout{}
	for _, t := range []nianbao.Template{nianbao.Format2019, nianbao.Format2021} {
		l, err := readLayout(ctx, tx, t)
		if err != nil {
			return nil, err
		}
		added := false
		for c := range t.Cells() {
			if _, ok := l.pos[c.Key]; ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO cell_names (template, pos, tbl, row_key, col_key) VALUES ($1, $2, $3, $4, $5)`,
				string(t), len(l.cells), string(c.Key.Table), c.Key.Row, c.Key.Column); err != nil {
				return nil, err
			}
			l.pos[c.Key] = len(l.cells)
			l.cells = append(l.cells, layoutCell{key: c.Key})
			added = true
		}
		if added {
			if l, err = readLayout(ctx, tx, t); err != nil {
				return nil, err
			}
		}
		out[t] = l
	}
	return out, nil
}

func readLayout(ctx context.Context, tx querier, t nianbao.Template) (*layout, error) {
	rows, err := tx.QueryContext(ctx, `SELECT pos, tbl, row_key, col_key FROM cell_names WHERE template = $1 ORDER BY pos`, string(t))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	l := &layout{pos: map[nianbao.CellKey]int{}}
	for rows.Next() {
		var pos int
		var k nianbao.CellKey
		if err := rows.Scan(&pos, &k.Table, &k.Row, &k.Column); err != nil {
			return nil, err
		}
		if pos != len(l.cells) {
			return nil, fmt.Errorf("cell_names of %s: place %d where %d was expected", t, pos, len(l.cells))
		}
		c, known := t.Cell(k)
		l.pos[k] = pos
		l.cells = append(l.cells, layoutCell{key: k, cell: c, known: known})
	}
	return l, rows.Err()
}

// encoded is a report as report_data keeps it.
type encoded struct {
	kinds, texts string
	cells, body  []byte
}

// encode encodes rep in layout l, the layout of its template.
func (l *layout) encode(rep *nianbao.Report) (*encoded, error) {
	last := make(map[nianbao.CellKey]int, len(rep.Cells)) // the provenance a cell's letter follows
	for i, p := range rep.Cells {
		last[p.CellKey] = i
	}
	kinds := make([]byte, len(l.cells))
	slots := make([]string, len(l.cells)) // what texts says of each cell, for the provenance
	texts := make([]byte, 0, 4*len(l.cells))
	texts = append(texts, '[')
	for pos, lc := range l.cells {
		if pos > 0 {
			texts = append(texts, ',')
		}
		letter := byte(letterNone)
		var n nianbao.Num
		if lc.known {
			n = rep.At(lc.cell)
		}
		i, printed := last[lc.key]
		switch {
		case n.Valid():
			letter = letterNumber
			if printed && rep.Cells[i].Kind == nianbao.KindInferred {
				letter = letterInferred
			}
			slots[pos] = n.String()
		case printed && rep.Cells[i].Kind == nianbao.KindMark:
			letter, slots[pos] = letterMark, rep.Cells[i].Raw
		case printed:
			letter = letterBlank // a blank, or provenance of a number the report does not state
		}
		kinds[pos] = letter
		if letter == letterNumber || letter == letterInferred || letter == letterMark {
			texts = appendJSONString(texts, slots[pos])
		} else {
			texts = append(texts, "null"...)
		}
	}
	texts = append(texts, ']')
	cells, err := l.encodeProvenance(rep.Cells, kinds, slots)
	if err != nil {
		return nil, err
	}
	b := body{Preface: rep.Preface, Sections: rep.Sections, Notes: rep.Notes, Source: rep.Source}
	b.Source.Name, b.Source.SHA256, b.Source.Size, b.Source.Format, b.Source.Encoding = "", "", 0, "", "" // columns of reports
	bj, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	return &encoded{kinds: string(kinds), texts: string(texts), cells: cells, body: deflate(bj)}, nil
}

// body is what report_data.body holds, as JSON.
type body struct {
	Preface  string            `json:"preface,omitempty"`
	Sections []nianbao.Section `json:"sections,omitempty"`
	Notes    []nianbao.Note    `json:"notes,omitempty"`
	// Source without what the reports table holds (name, SHA-256, size,
	// format, encoding): the table layout, and whatever else the reader
	// tells of the file.
	Source nianbao.Source `json:"source"`
}

// derived is what the provenance of a cell holds unless it says otherwise:
// the kind its letter stands for, and the text texts gives (a number as
// printed in canonical form, a mark as printed) or "" (blanks, and numbers
// deduced rather than printed).
func derived(letter byte, slot string) (nianbao.Kind, string) {
	switch letter {
	case letterNumber, letterMark:
		return letterKind(letter), slot
	}
	return letterKind(letter), ""
}

// The version byte that starts report_data.cells.
const provenanceV1 = 1

// The flags of one provenance entry: which fields follow, in this order.
// The commonest (a text reader's offset, line and column; a grid reader's
// table, row and column) fit in the first byte.
const (
	fOffset = 1 << iota // varint: offset − the entry before's
	fLine               // varint: line − the entry before's
	fCol                // uvarint
	fRaw                // string: the text printed, where it is not what texts derives
	fKind               // string: the kind, where it is not what kinds derives
	fTable              // uvarint
	fRow                // uvarint
	fIndex              // uvarint: the column's place, where it is not the cell's
	fPage               // uvarint
	fBox                // four floats as shortest decimal strings
	fUnit               // string: the unit an amount was printed in (元, 万元)
)

// encodeProvenance encodes the provenance of every cell, in order: how
// many entries, then each entry, which starts with its cell's place + 1,
// or 0 and the cell's key when the layout has no such cell.
func (l *layout) encodeProvenance(ps []nianbao.Provenance, kinds []byte, slots []string) ([]byte, error) {
	out := make([]byte, 0, 8*len(ps)+2)
	out = append(out, provenanceV1)
	out = binary.AppendUvarint(out, uint64(len(ps)))
	prevOffset, prevLine := 0, 0
	for _, p := range ps {
		pos, inLayout := l.pos[p.CellKey]
		var flags uint64
		var kind nianbao.Kind
		var raw string
		index := -1
		if inLayout {
			kind, raw = derived(kinds[pos], slots[pos])
			if lc := l.cells[pos]; lc.known {
				index = lc.cell.Index
			}
		}
		if p.Kind != kind {
			flags |= fKind
		}
		if p.Raw != raw {
			flags |= fRaw
		}
		if p.Index != index {
			flags |= fIndex
		}
		if p.Pos.Offset != prevOffset {
			flags |= fOffset
		}
		if p.Pos.Line != prevLine {
			flags |= fLine
		}
		for _, f := range []struct {
			v    int
			flag uint64
		}{{p.Pos.Col, fCol}, {p.Pos.Table, fTable}, {p.Pos.Row, fRow}, {p.Pos.Page, fPage}} {
			if f.v != 0 {
				flags |= f.flag
			}
		}
		if p.Pos.Box != nil {
			flags |= fBox
		}
		if p.Unit != "" {
			flags |= fUnit
		}
		if inLayout {
			out = binary.AppendUvarint(out, uint64(pos)+1)
		} else {
			out = binary.AppendUvarint(out, 0)
			out = appendString(out, string(p.Table))
			out = appendString(out, p.Row)
			out = appendString(out, p.Column)
		}
		out = binary.AppendUvarint(out, flags)
		if flags&fOffset != 0 {
			out = binary.AppendVarint(out, int64(p.Pos.Offset-prevOffset))
		}
		if flags&fLine != 0 {
			out = binary.AppendVarint(out, int64(p.Pos.Line-prevLine))
		}
		if flags&fCol != 0 {
			out = appendInt(out, p.Pos.Col)
		}
		if flags&fRaw != 0 {
			out = appendString(out, p.Raw)
		}
		if flags&fKind != 0 {
			out = appendString(out, string(p.Kind))
		}
		if flags&fTable != 0 {
			out = appendInt(out, p.Pos.Table)
		}
		if flags&fRow != 0 {
			out = appendInt(out, p.Pos.Row)
		}
		if flags&fIndex != 0 {
			out = appendInt(out, p.Index)
		}
		if flags&fPage != 0 {
			out = appendInt(out, p.Pos.Page)
		}
		if flags&fBox != 0 {
			for _, v := range p.Pos.Box {
				out = appendString(out, strconv.FormatFloat(v, 'g', -1, 64))
			}
		}
		if flags&fUnit != 0 {
			out = appendString(out, p.Unit)
		}
		prevOffset, prevLine = p.Pos.Offset, p.Pos.Line
	}
	return out, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendInt appends a position field, which may be negative only in a
// reader's bug: zig-zag coded, as small as an unsigned one otherwise.
func appendInt(b []byte, v int) []byte { return binary.AppendVarint(b, int64(v)) }

// decodeTables sets rep's tables from kinds and texts.
func (l *layout) decodeTables(rep *nianbao.Report, kinds string, texts []string) error {
	if len(kinds) > len(l.cells) || len(texts) != len(kinds) {
		return fmt.Errorf("%d cells, %d texts for a layout of %d", len(kinds), len(texts), len(l.cells))
	}
	for pos := range len(kinds) {
		letter := kinds[pos]
		if letter != letterNumber && letter != letterInferred {
			continue
		}
		lc := l.cells[pos]
		if !lc.known {
			continue
		}
		n, ok := nianbao.ParseNum(texts[pos])
		if !ok {
			return fmt.Errorf("cell %v: %q is not a number", lc.key, texts[pos])
		}
		rep.Set(lc.cell, n)
	}
	return nil
}

// decodeProvenance reads what encodeProvenance wrote.
func (l *layout) decodeProvenance(b []byte, kinds string, texts []string) ([]nianbao.Provenance, error) {
	if len(b) == 0 || b[0] != provenanceV1 {
		return nil, fmt.Errorf("provenance: unknown format")
	}
	d := decoder{b: b[1:]}
	n := d.uvarint()
	if n > uint64(len(d.b)) { // an entry takes two bytes at least
		d.fail()
		n = 0
	}
	out := make([]nianbao.Provenance, n)
	prevOffset, prevLine := 0, 0
	for i := range out {
		if d.err != nil {
			break
		}
		p := &out[i]
		p.Index = -1
		if pos := int(d.uvarint()) - 1; pos >= 0 && pos < len(l.cells) {
			lc := l.cells[pos]
			p.CellKey = lc.key
			if lc.known {
				p.Index = lc.cell.Index
			}
			if pos < len(kinds) {
				p.Kind, p.Raw = derived(kinds[pos], texts[pos])
			}
		} else if pos < 0 {
			p.Table, p.Row, p.Column = nianbao.Table(d.string()), d.string(), d.string()
		} else {
			d.err = fmt.Errorf("cell %d of %d", pos, len(l.cells))
		}
		flags := d.uvarint()
		p.Pos.Offset, p.Pos.Line = prevOffset, prevLine
		if flags&fOffset != 0 {
			p.Pos.Offset += int(d.varint())
		}
		if flags&fLine != 0 {
			p.Pos.Line += int(d.varint())
		}
		if flags&fCol != 0 {
			p.Pos.Col = int(d.varint())
		}
		if flags&fRaw != 0 {
			p.Raw = d.string()
		}
		if flags&fKind != 0 {
			p.Kind = nianbao.Kind(d.string())
		}
		if flags&fTable != 0 {
			p.Pos.Table = int(d.varint())
		}
		if flags&fRow != 0 {
			p.Pos.Row = int(d.varint())
		}
		if flags&fIndex != 0 {
			p.Index = int(d.varint())
		}
		if flags&fPage != 0 {
			p.Pos.Page = int(d.varint())
		}
		if flags&fBox != 0 {
			var box [4]float64
			for i := range box {
				v, err := strconv.ParseFloat(d.string(), 64)
				if err != nil && d.err == nil {
					d.err = err
				}
				box[i] = v
			}
			p.Pos.Box = &box
		}
		if flags&fUnit != 0 {
			p.Unit = d.string()
		}
		prevOffset, prevLine = p.Pos.Offset, p.Pos.Line
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = fmt.Errorf("%d bytes after %d entries", len(d.b), n)
	}
	if d.err != nil {
		return nil, fmt.Errorf("provenance: %w", d.err)
	}
	return out, nil
}

// decoder reads varints and strings, remembering the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// varint reads what binary.AppendVarint wrote: a zig-zag coded uvarint.
func (d *decoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (d *decoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = io.ErrUnexpectedEOF
	}
	d.b = nil
}

// appendJSONString appends s as a JSON string. Numbers and marks are
// short and plain: only quotes, backslashes, control characters and
// invalid UTF-8 need more than copying.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			j, _ := json.Marshal(s)
			return append(b, j...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// parseTexts reads texts: a JSON array of strings and nulls (null read as
// ""), as appendJSONString writes it or as PostgreSQL gives back a json
// value (as written).
func parseTexts(s string, out []string) ([]string, error) {
	out = out[:0]
	i := 0
	skip := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
			i++
		}
	}
	bad := func() ([]string, error) { return nil, fmt.Errorf("texts: not an array of strings at %d", i) }
	skip()
	if i >= len(s) || s[i] != '[' {
		return bad()
	}
	i++
	skip()
	if i < len(s) && s[i] == ']' {
		return out, nil
	}
	for {
		skip()
		switch {
		case i+4 <= len(s) && s[i:i+4] == "null":
			out = append(out, "")
			i += 4
		case i < len(s) && s[i] == '"':
			j := i + 1
			plain := true
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					plain = false
					j++
				}
				j++
			}
			if j >= len(s) {
				return bad()
			}
			if plain {
				out = append(out, s[i+1:j])
			} else {
				var v string
				if err := json.Unmarshal([]byte(s[i:j+1]), &v); err != nil {
					return bad()
				}
				out = append(out, v)
			}
			i = j + 1
		default:
			return bad()
		}
		skip()
		if i < len(s) && s[i] == ',' {
			i++
			continue
		}
		if i < len(s) && s[i] == ']' {
			return out, nil
		}
		return bad()
	}
}

// deflate compresses b. BestSpeed: the blobs are a few KB, where higher
// levels gain little and cost the import time.
func deflate(b []byte) []byte {
	w := deflaters.Get().(*deflater)
	defer deflaters.Put(w)
	w.buf.Reset()
	w.w.Reset(&w.buf)
	w.w.Write(b)
	w.w.Close()
	return bytes.Clone(w.buf.Bytes())
}

type deflater struct {
	w   *flate.Writer
	buf bytes.Buffer
}

// The writers and readers of deflate and inflate: a flate.Writer holds
// several hundred KB, too much to allocate for every report.
var (
	deflaters = sync.Pool{New: func() any {
		w, _ := flate.NewWriter(nil, flate.BestSpeed)
		return &deflater{w: w}
	}}
	inflaters sync.Pool
)

// inflate decompresses what deflate compressed.
func inflate(b []byte) ([]byte, error) {
	r, _ := inflaters.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReader(bytes.NewReader(b))
	} else if err := r.(flate.Resetter).Reset(bytes.NewReader(b), nil); err != nil {
		return nil, err
	}
	defer inflaters.Put(r)
	var out bytes.Buffer
	out.Grow(4 * len(b))
	if _, err := out.ReadFrom(r); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
