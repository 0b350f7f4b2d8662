package nianbao

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// UnmarshalJSON reads a report in the JSON contract, in one pass over data.
// It accepts what json.Unmarshal would into the report's fields, as
// json.Unmarshal reads them (keys of objects matched regardless of case,
// unknown keys ignored, so ground-truth files and older exports read too),
// and both forms of "cells": the compact form MarshalJSON writes and the
// verbose one of earlier versions.
func (r *Report) UnmarshalJSON(data []byte) error {
	d := jsonReader{data: data}
	rep := Report{Active: map[string]Num{}}
	var derive []int // cells of the compact form, whose index the template gives
	d.report(&rep, &derive)
	d.ws()
	if d.err == nil && d.i < len(d.data) {
		d.fail("JSON 之后还有多余的内容")
	}
	if d.err != nil {
		return d.err
	}
	tc := templateCells(rep.Template)
	at := 0
	for _, i := range derive {
		// A key the template lacks has no place in it: index 0.
		if j, ok := tc.find(rep.Cells[i].CellKey, &at); ok {
			rep.Cells[i].Index = tc.list[j].Index
		}
	}
	*r = rep
	return nil
}

// The keys of the report's objects, as their struct tags name them.
var (
	reportKeys     = []string{"agency", "year", "template", "published_on", "active", "requests", "review", "preface", "sections", "cells", "notes", "source"}
	sectionKeys    = []string{"number", "title", "text", "pos"}
	provenanceKeys = []string{"table", "row", "column", "index", "kind", "raw", "unit", "pos", "columns"}
	noteKeys       = []string{"code", "message", "table", "row", "pos", "readings"}
	readCellKeys   = []string{"kind", "raw", "pos", "unit"}
	sourceKeys     = []string{"name", "sha256", "size", "format", "layout", "encoding"}
	posKeys        = []string{"offset", "line", "table", "row", "col", "page", "box"}
)

func (d *jsonReader) report(r *Report, derive *[]int) {
	for first := true; d.more(&first, '{', '}'); {
		switch d.field(reportKeys) {
		case "agency":
			d.stringTo(&r.Agency)
		case "year":
			r.Year = 0 // null: the year is unknown
			d.intTo(&r.Year)
		case "template":
			d.stringTo((*string)(&r.Template))
			d.tmpl, d.at = templateCells(r.Template), 0
		case "published_on":
			r.PublishedOn = ""
			d.stringTo(&r.PublishedOn)
		case "active":
			d.active(r)
		case "requests":
			d.requests(r)
		case "review":
			d.review(r)
		case "preface":
			d.stringTo(&r.Preface)
		case "sections":
			r.Sections = nil
			for first := true; moreElems(d, &first, &r.Sections, len(Sections)); {
				d.section(&r.Sections[len(r.Sections)-1])
			}
		case "cells":
			d.cells(r, derive)
		case "notes":
			r.Notes = nil
			for first := true; moreElems(d, &first, &r.Notes, 4); {
				d.note(&r.Notes[len(r.Notes)-1])
			}
		case "source":
			d.source(&r.Source)
		default:
			d.skip()
		}
	}
}

// active reads table 二, {"item": {"field": n}}, keeping only the numbers
// stated as Report.Set does.
func (d *jsonReader) active(r *Report) {
	for first := true; d.more(&first, '{', '}'); {
		item := d.keyString()
		for first := true; d.more(&first, '{', '}'); {
			field := d.key()
			if n := d.num(); n.Valid() {
				r.Active[ActiveKey(item, string(field))] = n
			}
		}
	}
}

func (d *jsonReader) requests(r *Report) {
	var ns [NumColumns]Num
	for first := true; d.more(&first, '{', '}'); {
		key := d.key()
		row, ok := RowByKey(string(key))
		if !ok {
			d.fail("表三没有这一行: %s", key)
			return
		}
		if n := d.nums(ns[:]); d.err == nil && n != len(ns) {
			d.fail("表三 %s 应有 %d 个数, 实有 %d 个", row.Key(), len(ns), n)
		}
		r.Requests[row] = ns
	}
}

func (d *jsonReader) review(r *Report) {
	var ns [NumReviewColumns]Num
	for first := true; d.more(&first, '{', '}'); {
		key := d.key()
		g := NumReviewGroups
		for c := range NumReviewGroups {
			if string(key) == c.Key() {
				g = c
			}
		}
		n := d.nums(ns[:])
		if g == NumReviewGroups {
			continue // not a group of table 四: ignored, as unknown keys are
		}
		if d.err == nil && n != len(ns) {
			d.fail("表四 %s 应有 %d 个数, 实有 %d 个", g.Key(), len(ns), n)
		}
		r.Review[g] = ns
	}
}

// nums reads an array of numbers into ns and returns how many it held;
// those beyond len(ns) are read and counted but not kept.
func (d *jsonReader) nums(ns []Num) int {
	clear(ns)
	n := 0
	for first := true; d.more(&first, '[', ']'); n++ {
		v := d.num()
		if n < len(ns) {
			ns[n] = v
		}
	}
	return n
}

func (d *jsonReader) section(s *Section) {
	for first := true; d.more(&first, '{', '}'); {
		switch d.field(sectionKeys) {
		case "number":
			d.intTo(&s.Number)
		case "title":
			d.stringTo(&s.Title)
		case "text":
			d.stringTo(&s.Text)
		case "pos":
			d.pos(&s.Pos)
		default:
			d.skip()
		}
	}
}

// cells reads the provenance in either form (see json.go); derive collects
// the compact cells, whose index is the template's.
func (d *jsonReader) cells(r *Report, derive *[]int) {
	r.Cells, *derive = nil, (*derive)[:0]
	if d.peek() == '[' {
		r.Cells = make([]Provenance, 0, 256) // tables 二, 三 and 四 have about 220 cells
	}
	for first := true; d.more(&first, '[', ']'); {
		var p Provenance
		group, start, compact := false, len(r.Cells), len(*derive)
		for first := true; d.more(&first, '{', '}'); {
			switch d.field(provenanceKeys) {
			case "table":
				d.stringTo((*string)(&p.Table))
			case "row":
				d.stringTo(&p.Row)
			case "column":
				d.stringTo(&p.Column)
			case "index":
				d.intTo(&p.Index)
			case "kind":
				d.stringTo((*string)(&p.Kind))
			case "raw":
				d.stringTo(&p.Raw)
			case "unit":
				d.stringTo(&p.Unit)
			case "pos":
				d.pos(&p.Pos)
			case "columns":
				r.Cells, *derive = r.Cells[:start], (*derive)[:compact]
				group = !d.null()
				for first := true; group && d.more(&first, '[', ']'); {
					r.Cells = append(r.Cells, Provenance{})
					*derive = append(*derive, len(r.Cells)-1)
					d.compactCell(&r.Cells[len(r.Cells)-1], p.Table, p.Row)
				}
			default:
				d.skip()
			}
		}
		if !group {
			r.Cells = append(r.Cells, p)
			continue
		}
		for i := start; i < len(r.Cells); i++ {
			r.Cells[i].Table, r.Cells[i].Row = p.Table, p.Row
		}
	}
}

// compactCell reads [column, kind, raw, pos] or [column, kind, raw, pos,
// unit] of the compact form, in the row group of table and row (as far as
// read).
func (d *jsonReader) compactCell(p *Provenance, table Table, row string) {
	n := 0
	for first := true; d.more(&first, '[', ']'); n++ {
		switch n {
		case 0:
			if b, ok := d.str(); ok {
				p.Column = d.column(b, table, row)
			}
		case 1:
			if b, ok := d.str(); ok {
				p.Kind = kind(b)
			}
		case 2:
			if b, ok := d.str(); ok {
				p.Raw = string(b)
			}
		case 3:
			d.compactPos(&p.Pos)
		case 4:
			if b, ok := d.str(); ok {
				p.Unit = string(b)
			}
		default:
			d.fail("单元格应为 [列, 类型, 原文, 位置] 四项，或另加单位共五项")
			return
		}
	}
	if d.err == nil && n != 4 && n != 5 {
		d.fail("单元格应为 [列, 类型, 原文, 位置] 四项，或另加单位共五项")
	}
}

// compactPos reads a position array, whose length tells its shape.
func (d *jsonReader) compactPos(p *Pos) {
	var lits [6][]byte
	n := 0
	for first := true; d.more(&first, '[', ']'); n++ {
		if n == len(lits) {
			d.fail("位置最多六项")
			return
		}
		lits[n] = d.numberOrNull()
	}
	ints := func(fields ...*int) {
		for i, f := range fields {
			d.intLit(lits[i], f)
		}
	}
	switch n {
	case 1:
		ints(&p.Offset)
	case 3:
		ints(&p.Offset, &p.Line, &p.Col)
	case 4:
		ints(&p.Offset, &p.Table, &p.Row, &p.Col)
	case 6:
		ints(&p.Offset, &p.Page)
		p.Box = new([4]float64)
		for i := range p.Box {
			d.floatLit(lits[2+i], &p.Box[i])
		}
	default:
		if d.err == nil {
			d.fail("位置应为 1、3、4 或 6 个数")
		}
	}
}

func (d *jsonReader) pos(p *Pos) {
	for first := true; d.more(&first, '{', '}'); {
		switch d.field(posKeys) {
		case "offset":
			d.intTo(&p.Offset)
		case "line":
			d.intTo(&p.Line)
		case "table":
			d.intTo(&p.Table)
		case "row":
			d.intTo(&p.Row)
		case "col":
			d.intTo(&p.Col)
		case "page":
			d.intTo(&p.Page)
		case "box":
			if d.null() {
				p.Box = nil
				continue
			}
			if p.Box == nil {
				p.Box = new([4]float64)
			}
			n := 0
			for first := true; d.more(&first, '[', ']'); n++ {
				if n < len(p.Box) {
					d.floatLit(d.numberOrNull(), &p.Box[n])
				} else {
					d.skip() // json.Unmarshal ignores what an array cannot hold
				}
			}
		default:
			d.skip()
		}
	}
}

func (d *jsonReader) note(n *Note) {
	for first := true; d.more(&first, '{', '}'); {
		switch d.field(noteKeys) {
		case "code":
			d.stringTo(&n.Code)
		case "message":
			d.stringTo(&n.Message)
		case "table":
			d.stringTo((*string)(&n.Table))
		case "row":
			d.stringTo(&n.Row)
		case "pos":
			if d.null() {
				n.Pos = nil
				continue
			}
			if n.Pos == nil {
				n.Pos = new(Pos)
			}
			d.pos(n.Pos)
		case "readings":
			n.Readings = nil
			for first := true; moreElems(d, &first, &n.Readings, 4); {
				rd := (*[]ReadCell)(&n.Readings[len(n.Readings)-1])
				for first := true; moreElems(d, &first, rd, 3); {
					d.readCell(&(*rd)[len(*rd)-1])
				}
			}
		default:
			d.skip()
		}
	}
}

func (d *jsonReader) readCell(c *ReadCell) {
	for first := true; d.more(&first, '{', '}'); {
		switch d.field(readCellKeys) {
		case "kind":
			d.stringTo((*string)(&c.Kind))
		case "raw":
			d.stringTo(&c.Raw)
		case "pos":
			d.pos(&c.Pos)
		case "unit":
			d.stringTo(&c.Unit)
		default:
			d.skip()
		}
	}
}

func (d *jsonReader) source(s *Source) {
	for first := true; d.more(&first, '{', '}'); {
		switch d.field(sourceKeys) {
		case "name":
			d.stringTo(&s.Name)
		case "sha256":
			d.stringTo(&s.SHA256)
		case "size":
			d.intTo(&s.Size)
		case "format":
			d.stringTo((*string)(&s.Format))
		case "layout":
			d.stringTo((*string)(&s.Layout))
		case "encoding":
			d.stringTo(&s.Encoding)
		default:
			d.skip()
		}
	}
}

// jsonReader reads JSON from data at i. The first error sticks: once err is
// set, every method returns at once and every loop ends.
type jsonReader struct {
	data  []byte
	i     int
	depth int
	err   error
	buf   []byte // a string with escapes, unquoted

	// The template's cells once "template" is read, and where in them the
	// last cell read stands: cells name their columns with the template's
	// strings.
	tmpl *cellSet
	at   int
}

// maxDepth is encoding/json's limit on nesting.
const maxDepth = 10000

func (d *jsonReader) fail(format string, args ...any) {
	if d.err == nil {
		d.err = Errorf(EINVALID, "报告的 JSON 无法读取（第 %d 字节）: %s", d.i, fmt.Sprintf(format, args...))
	}
}

func (d *jsonReader) ws() {
	data, i := d.data, d.i
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	d.i = i
}

// peek returns the next byte after white space, 0 at the end.
func (d *jsonReader) peek() byte {
	if d.err != nil {
		return 0
	}
	if d.i < len(d.data) && d.data[d.i] > ' ' {
		return d.data[d.i] // the writer's JSON has no white space
	}
	d.ws()
	if d.i >= len(d.data) {
		return 0
	}
	return d.data[d.i]
}

func (d *jsonReader) literal(lit string) {
	if len(d.data)-d.i < len(lit) || string(d.data[d.i:d.i+len(lit)]) != lit {
		d.fail("不是合法的 JSON 值")
		return
	}
	d.i += len(lit)
}

// null reads a null if one comes next.
func (d *jsonReader) null() bool {
	if d.peek() != 'n' {
		return false
	}
	d.literal("null")
	return d.err == nil
}

// more walks an object or array: the first call reads its opening byte
// (open; a null stands for an empty one, as json.Unmarshal leaves the value
// alone), every call the comma before the next member, and it returns false
// at the closing byte.
func (d *jsonReader) more(first *bool, open, close byte) bool {
	c := d.peek()
	if *first {
		*first = false
		if c == 'n' {
			d.literal("null")
			return false
		}
		if c != open {
			d.fail("应为 %c", open)
			return false
		}
		d.depth++
		if d.depth > maxDepth {
			d.fail("嵌套过深")
			return false
		}
		d.i++
		if d.peek() == close {
			d.i++
			d.depth--
			return false
		}
		return d.err == nil
	}
	switch c {
	case ',':
		d.i++
		return true
	case close:
		d.i++
		d.depth--
		return false
	}
	d.fail("缺少逗号或 %c", close)
	return false
}

// moreElems walks an array of objects into *s: each element read appends
// one zero value for the caller to fill. A null leaves *s nil and an empty
// array makes it empty, as json.Unmarshal does; the first element makes
// room for capacity.
func moreElems[T any](d *jsonReader, first *bool, s *[]T, capacity int) bool {
	wasFirst := *first
	if !d.more(first, '[', ']') {
		if wasFirst && d.err == nil && d.data[d.i-1] == ']' {
			*s = []T{}
		}
		return false
	}
	if wasFirst {
		*s = make([]T, 0, capacity)
	}
	*s = append(*s, *new(T))
	return true
}

// key reads an object's key and its colon; the key is valid until the next read.
func (d *jsonReader) key() []byte {
	if d.peek() != '"' {
		d.fail("应为键名")
		return nil
	}
	k := d.stringBytes()
	if d.peek() != ':' {
		d.fail("键名后应为冒号")
		return nil
	}
	d.i++
	return k
}

func (d *jsonReader) keyString() string { return intern(d.key()) }

// field reads a key and returns the name among names it matches, exactly
// or else regardless of case as json.Unmarshal matches struct fields, or "".
func (d *jsonReader) field(names []string) string {
	k := d.key()
	for _, n := range names {
		if string(k) == n {
			return n
		}
	}
	for _, n := range names {
		if strings.EqualFold(string(k), n) {
			return n
		}
	}
	return ""
}

// stringTo reads a string into *s; a null leaves *s as it is.
func (d *jsonReader) stringTo(s *string) {
	if b, ok := d.str(); ok {
		*s = intern(b)
	}
}

// str reads a string's text; ok is false for a null.
func (d *jsonReader) str() (b []byte, ok bool) {
	switch d.peek() {
	case '"':
		return d.stringBytes(), d.err == nil
	case 'n':
		d.literal("null")
	default:
		d.fail("应为字符串")
	}
	return nil, false
}

// stringBytes reads a string at d.i and returns its text, unquoted. The
// text is data itself when the string has no escapes and is valid UTF-8,
// else d.buf.
func (d *jsonReader) stringBytes() []byte {
	data := d.data
	start := d.i + 1 // after the opening quote
	// Keys and most values are short and ASCII.
	i := start
	for i < len(data) && data[i] < utf8.RuneSelf && !jsonEscaped[data[i]] {
		i++
	}
	if i < len(data) && data[i] >= utf8.RuneSelf {
		i += plainRun(data[i:], false)
	}
	d.i = i
	if i < len(data) && data[i] == '"' {
		d.i++
		return data[start:i]
	}
	return d.escaped(start)
}

// escaped reads the rest of a string from d.i, where an escape or a byte
// that is not UTF-8 stands, and returns its text from start in d.buf:
// escapes checked and replaced as JSON says, invalid UTF-8 and lone
// surrogates replaced by U+FFFD, as json.Unmarshal does.
func (d *jsonReader) escaped(start int) []byte {
	b := append(d.buf[:0], d.data[start:d.i]...)
	for d.i < len(d.data) {
		n := plainRun(d.data[d.i:], false)
		b = append(b, d.data[d.i:d.i+n]...)
		d.i += n
		if d.i == len(d.data) {
			break
		}
		switch c := d.data[d.i]; {
		case c == '"':
			d.i++
			d.buf = b
			return b
		case c < 0x20:
			d.fail("字符串中有控制字符")
			return nil
		case c >= utf8.RuneSelf:
			b = utf8.AppendRune(b, utf8.RuneError)
			d.i++
			continue
		}
		// A backslash.
		if d.i+1 == len(d.data) {
			break
		}
		e := d.data[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r := rune(hex4(d.data[d.i:]))
			if r < 0 {
				d.fail("\\u 后应为四位十六进制数")
				return nil
			}
			d.i += 4
			if utf16.IsSurrogate(r) {
				// A pair of escapes is one character; a lone half is none.
				r2 := rune(-1)
				if len(d.data)-d.i >= 6 && d.data[d.i] == '\\' && d.data[d.i+1] == 'u' {
					r2 = rune(hex4(d.data[d.i+2:]))
				}
				if r = utf16.DecodeRune(r, r2); r != utf8.RuneError {
					d.i += 6
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			d.fail("无效的转义")
			return nil
		}
	}
	d.fail("字符串没有结束")
	return nil
}

// hex4 returns the value of four hexadecimal digits, -1 if they are not.
func hex4(b []byte) int {
	if len(b) < 4 {
		return -1
	}
	v := 0
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		v = v<<4 | int(c)
	}
	return v
}

// number reads a number and returns its text, checked against JSON's grammar.
func (d *jsonReader) number() []byte {
	start := d.i
	if d.i < len(d.data) && d.data[d.i] == '-' {
		d.i++
	}
	switch {
	case d.i < len(d.data) && d.data[d.i] == '0':
		d.i++
	case d.digits() == 0:
		d.fail("不是合法的 JSON 值")
		return nil
	}
	if d.i < len(d.data) && d.data[d.i] == '.' {
		d.i++
		if d.digits() == 0 {
			d.fail("小数点后应有数字")
			return nil
		}
	}
	if d.i < len(d.data) && (d.data[d.i] == 'e' || d.data[d.i] == 'E') {
		d.i++
		if d.i < len(d.data) && (d.data[d.i] == '+' || d.data[d.i] == '-') {
			d.i++
		}
		if d.digits() == 0 {
			d.fail("指数应有数字")
			return nil
		}
	}
	return d.data[start:d.i]
}

// digits reads a run of digits and returns how many.
func (d *jsonReader) digits() int {
	data, i := d.data, d.i
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	n := i - d.i
	d.i = i
	return n
}

// numberOrNull reads a number's text, or nil for a null.
func (d *jsonReader) numberOrNull() []byte {
	switch c := d.peek(); {
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	case c == 'n':
		d.literal("null")
	default:
		d.fail("应为数")
	}
	return nil
}

// intTo reads a whole number into *n; a null leaves *n as it is.
func (d *jsonReader) intTo(n *int) { d.intLit(d.numberOrNull(), n) }

func (d *jsonReader) intLit(lit []byte, n *int) {
	if lit == nil || d.err != nil {
		return
	}
	if v, ok := wholeNumber(lit); ok {
		*n = v
		return
	}
	v, err := strconv.ParseInt(string(lit), 10, 0)
	if err != nil {
		d.fail("应为整数: %s", lit)
		return
	}
	*n = int(v)
}

// wholeNumber reads a number of up to 18 digits and nothing else, the
// commonest, without strconv.
func wholeNumber(lit []byte) (int, bool) {
	if len(lit) > 18 {
		return 0, false
	}
	v := 0
	for _, c := range lit {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func (d *jsonReader) floatLit(lit []byte, f *float64) {
	if lit == nil || d.err != nil {
		return
	}
	v, err := strconv.ParseFloat(string(lit), 64)
	if err != nil {
		d.fail("数超出范围: %s", lit)
		return
	}
	*f = v
}

// num reads a cell's number as Num.UnmarshalJSON does: a null is a cell
// that states nothing.
func (d *jsonReader) num() Num {
	switch c := d.peek(); {
	case c == 'n':
		d.literal("null")
		return Num{}
	case c == '-' || '0' <= c && c <= '9':
		lit := d.number()
		if d.err != nil {
			return Num{}
		}
		n, ok := ParseNum(string(lit))
		if !ok {
			d.fail("不是数字: %s", lit)
		}
		return n
	}
	d.fail("应为数字或 null")
	return Num{}
}

// skip reads any value, checking it, and keeps nothing of it.
func (d *jsonReader) skip() {
	switch c := d.peek(); c {
	case '{':
		for first := true; d.more(&first, '{', '}'); {
			d.key()
			d.skip()
		}
	case '[':
		for first := true; d.more(&first, '[', ']'); {
			d.skip()
		}
	case '"':
		d.stringBytes()
	case 't':
		d.literal("true")
	case 'f':
		d.literal("false")
	case 'n':
		d.literal("null")
	default:
		if c == '-' || '0' <= c && c <= '9' {
			d.number()
			return
		}
		d.fail("不是合法的 JSON 值")
	}
}

// column returns the column key b of a cell in table and row, as the
// template's own string when the template has the cell. Cells mostly come
// in template order, so the cell after the last one is tried first.
func (d *jsonReader) column(b []byte, table Table, row string) string {
	if tc := d.tmpl; tc != nil {
		if d.at < len(tc.list) {
			if k := tc.list[d.at].Key; k.Column == string(b) && k.Row == row && k.Table == table {
				d.at++
				return k.Column
			}
		}
		if i, ok := tc.index[CellKey{table, row, string(b)}]; ok {
			d.at = i + 1
			return tc.list[i].Key.Column
		}
	}
	return intern(b)
}

func kind(b []byte) Kind {
	for _, k := range [...]Kind{KindNumber, KindBlank, KindMark, KindInferred} {
		if string(b) == string(k) {
			return k
		}
	}
	return Kind(b)
}

// intern returns b as a string, without a copy when it is one of the keys
// and kinds every report repeats.
func intern(b []byte) string {
	if len(b) <= maxInterned {
		if s, ok := interned[string(b)]; ok {
			return s
		}
	}
	return string(b)
}

// maxInterned is the longest key interned holds (a row of table 四).
const maxInterned = 32

var interned = func() map[string]string {
	m := map[string]string{}
	add := func(s string) { m[s] = s }
	for _, c := range AllCells() {
		add(string(c.Key.Table))
		add(c.Key.Row)
		add(c.Key.Column)
	}
	for _, f := range FileFormats {
		add(string(f))
	}
	add(string(Format2019))
	add(string(Format2021))
	return m
}()
