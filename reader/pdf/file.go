package pdf

import (
	"bytes"
	"errors"
	"sort"
	"strconv"

	"nianbao/reader/internal/limit"
)

// xrefEntry says where an object is: at a byte offset (inStm false) or at
// index idx of object stream stm.
type xrefEntry struct {
	off   int
	stm   int
	idx   int
	gen   int
	inStm bool
	ok    bool
}

// file is a parsed PDF: its bytes, cross-reference table and trailer.
type file struct {
	data    []byte
	xref    map[int]xrefEntry
	trailer Dict
	crypt   *decrypter

	cache     map[int]any
	objStms   map[int]*objStm
	resolving map[int]bool
	rebuilt   bool // the xref was rebuilt by scanning the file
	missing   int  // pages the page tree names that are not in the file
	reading   bool // the xref is being read: objects cannot be loaded yet

	// bud bounds what reading the file may use: decoded bytes of all
	// streams (against decompression bombs), operators, xref entries.
	bud *limit.Budget
}

type objStm struct {
	data []byte
	offs []int // offset of each object in data
	nums []int
}

var errNoXref = errors.New("no usable cross-reference table")

// maxObjects bounds object numbers: real reports have a few thousand.
const maxObjects = 1 << 23

// openFile parses the cross-reference data of a PDF, rebuilding it by
// scanning the file when it is missing or broken.
func openFile(data []byte, bud *limit.Budget) (*file, error) {
	f := &file{data: data, xref: map[int]xrefEntry{}, cache: map[int]any{}, objStms: map[int]*objStm{}, resolving: map[int]bool{}, bud: bud}
	if err := f.readXref(); err != nil || !f.rootOK() {
		f.xref, f.trailer = map[int]xrefEntry{}, nil
		f.cache = map[int]any{}
		if err := f.rebuild(); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// rootOK reports whether the trailer names a catalog that loads.
func (f *file) rootOK() bool {
	if f.trailer == nil {
		return false
	}
	if _, ok := f.trailer["Encrypt"]; ok {
		// The catalog cannot be checked before decryption is set up; the
		// pages are checked later.
		return true
	}
	root, ok := f.resolve(f.trailer["Root"]).(Dict)
	if !ok {
		return false
	}
	_, ok = f.resolve(root["Pages"]).(Dict)
	return ok
}

func (f *file) setEntry(num int, e xrefEntry) {
	if num < 0 || num >= maxObjects {
		return
	}
	f.xref[num] = e
}

// readXref follows startxref and the chain of /Prev sections.
func (f *file) readXref() error {
	f.reading = true
	defer func() { f.reading = false }()
	tail := f.data[max(0, len(f.data)-2048):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return errNoXref
	}
	l := &lexer{b: tail, p: i + len("startxref")}
	off, ok := mustInt(l)
	if !ok {
		return errNoXref
	}
	seen := map[int]bool{}
	var sections []func()
	first := true
	for off >= 0 {
		if seen[off] || off >= len(f.data) || len(seen) > 256 {
			break
		}
		seen[off] = true
		trailer, apply, err := f.readSection(off)
		if err != nil {
			if first {
				return err
			}
			break
		}
		sections = append(sections, apply)
		if first {
			f.trailer = trailer
			first = false
		}
		// A hybrid file's table points at an xref stream too.
		if stm, ok := trailer["XRefStm"].(int); ok && !seen[stm] {
			if _, apply2, err := f.readSection(stm); err == nil {
				sections = append(sections, apply2)
			}
		}
		prev, ok := trailer["Prev"].(int)
		if !ok {
			break
		}
		off = prev
	}
	// Apply the oldest section first so that newer ones override.
	for k := len(sections) - 1; k >= 0; k-- {
		sections[k]()
	}
	if f.trailer == nil {
		return errNoXref
	}
	return nil
}

func mustInt(l *lexer) (int, bool) {
	o, err := l.object(0)
	if err != nil {
		return 0, false
	}
	n, ok := o.(int)
	return n, ok
}

// readSection reads the xref table or stream at off; apply records its
// entries.
func (f *file) readSection(off int) (Dict, func(), error) {
	l := &lexer{b: f.data, p: off}
	l.skipSpace()
	if bytes.HasPrefix(f.data[l.p:], []byte("xref")) {
		l.p += 4
		return f.readTable(l)
	}
	// An xref stream: "n g obj << ... >> stream".
	obj, _, err := f.parseIndirectAt(off, -1)
	if err != nil {
		return nil, nil, err
	}
	s, ok := obj.(*Stream)
	if !ok || s.Dict["Type"] != Name("XRef") {
		return nil, nil, errNoXref
	}
	return f.readXrefStream(s)
}

type tableEntry struct {
	num int
	e   xrefEntry
}

func (f *file) readTable(l *lexer) (Dict, func(), error) {
	var entries []tableEntry
	for {
		l.skipSpace()
		if bytes.HasPrefix(f.data[l.p:], []byte("trailer")) {
			l.p += len("trailer")
			break
		}
		start, ok1 := mustInt(l)
		count, ok2 := mustInt(l)
		if !ok1 || !ok2 || start < 0 || count < 0 || count > maxObjects {
			return nil, nil, errNoXref
		}
		for k := 0; k < count; k++ {
			l.skipSpace()
			w1 := l.word()
			l.skipSpace()
			w2 := l.word()
			l.skipSpace()
			w3 := l.word()
			if len(w1) == 0 || len(w3) == 0 {
				return nil, nil, errNoXref
			}
			o, err1 := strconv.Atoi(string(w1))
			g, err2 := strconv.Atoi(string(w2))
			if err1 != nil || err2 != nil {
				return nil, nil, errNoXref
			}
			e := xrefEntry{off: o, gen: g}
			switch w3[0] {
			case 'n':
				e.ok = o > 0
			case 'f':
			default:
				return nil, nil, errNoXref
			}
			f.bud.Objects()
			entries = append(entries, tableEntry{start + k, e})
		}
	}
	t, err := l.object(0)
	if err != nil {
		return nil, nil, err
	}
	trailer, ok := t.(Dict)
	if !ok {
		return nil, nil, errNoXref
	}
	// Some writers number the first subsection from 1 while listing
	// object 0 first; the offsets then all point one object off. Such
	// files are rare; the object check in load falls back to a rebuild.
	return trailer, func() {
		for _, te := range entries {
			f.setEntry(te.num, te.e)
		}
	}, nil
}

func (f *file) readXrefStream(s *Stream) (Dict, func(), error) {
	data, err := f.decode(s)
	if err != nil {
		return nil, nil, err
	}
	w, ok := s.Dict["W"].(Array)
	if !ok || len(w) < 3 {
		return nil, nil, errNoXref
	}
	var ws [3]int
	total := 0
	for i := range 3 {
		n, _ := w[i].(int)
		if n < 0 || n > 8 {
			return nil, nil, errNoXref
		}
		ws[i] = n
		total += n
	}
	if total == 0 {
		return nil, nil, errNoXref
	}
	size, _ := s.Dict["Size"].(int)
	index := []int{0, size}
	if ix, ok := s.Dict["Index"].(Array); ok {
		index = index[:0]
		for _, v := range ix {
			n, _ := v.(int)
			index = append(index, n)
		}
	}
	var entries []tableEntry
	p := 0
	field := func(n, def int) int {
		if n == 0 {
			return def
		}
		v := 0
		for k := 0; k < n; k++ {
			v = v<<8 | int(data[p])
			p++
		}
		return v
	}
	for k := 0; k+1 < len(index); k += 2 {
		start, count := index[k], index[k+1]
		if start < 0 || count < 0 || count > maxObjects {
			return nil, nil, errNoXref
		}
		for j := 0; j < count; j++ {
			if p+total > len(data) {
				break
			}
			typ := field(ws[0], 1)
			a := field(ws[1], 0)
			b := field(ws[2], 0)
			var e xrefEntry
			switch typ {
			case 1:
				e = xrefEntry{off: a, gen: b, ok: a > 0}
			case 2:
				e = xrefEntry{stm: a, idx: b, inStm: true, ok: true}
			}
			// Charged as read: a small stream can declare millions.
			f.bud.Objects()
			entries = append(entries, tableEntry{start + j, e})
		}
	}
	return s.Dict, func() {
		for _, te := range entries {
			f.setEntry(te.num, te.e)
		}
	}, nil
}

// parseIndirectAt parses "num gen obj ... endobj" at off. want, when not
// negative, is the object number expected there.
func (f *file) parseIndirectAt(off, want int) (any, Ref, error) {
	if off < 0 || off >= len(f.data) {
		return nil, Ref{}, errSyntax
	}
	l := &lexer{b: f.data, p: off}
	num, ok1 := mustInt(l)
	gen, ok2 := mustInt(l)
	if !ok1 || !ok2 {
		return nil, Ref{}, errSyntax
	}
	if want >= 0 && num != want {
		return nil, Ref{}, errSyntax
	}
	l.skipSpace()
	if !bytes.HasPrefix(f.data[l.p:], []byte("obj")) {
		return nil, Ref{}, errSyntax
	}
	l.p += 3
	ref := Ref{num, gen}
	obj, err := l.object(0)
	if err != nil && err != errEOF {
		return nil, ref, err
	}
	if d, ok := obj.(Dict); ok {
		l.skipSpace()
		if bytes.HasPrefix(f.data[l.p:], []byte("stream")) {
			l.p += len("stream")
			return f.streamAt(d, l.p, ref), ref, nil
		}
	}
	if kw, ok := obj.(keyword); ok && kw == "endobj" {
		return nil, ref, nil
	}
	return obj, ref, nil
}

// streamAt builds a stream whose data starts after the "stream" keyword at
// p, trusting /Length only when "endstream" follows it.
func (f *file) streamAt(d Dict, p int, ref Ref) *Stream {
	if p < len(f.data) && f.data[p] == '\r' {
		p++
	}
	if p < len(f.data) && f.data[p] == '\n' {
		p++
	}
	// Resolving /Length may load another object; that is safe here
	// because resolve guards against cycles.
	n, ok := f.resolve(d["Length"]).(int)
	if ok && n >= 0 && p+n <= len(f.data) {
		end := p + n
		q := end
		for q < len(f.data) && q < end+4 && isWhite(f.data[q]) {
			q++
		}
		if bytes.HasPrefix(f.data[q:], []byte("endstream")) {
			return &Stream{Dict: d, raw: f.data[p:end], ref: ref}
		}
	}
	// A wrong or missing length: the data runs to "endstream".
	e := bytes.Index(f.data[p:], []byte("endstream"))
	var end int
	truncated := false
	if e < 0 {
		end = len(f.data)
		if k := bytes.Index(f.data[p:], []byte("endobj")); k >= 0 {
			end = p + k
		} else {
			truncated = true
		}
	} else {
		end = p + e
	}
	if end > p && f.data[end-1] == '\n' {
		end--
	}
	if end > p && f.data[end-1] == '\r' {
		end--
	}
	return &Stream{Dict: d, raw: f.data[p:end], ref: ref, truncated: truncated}
}

// resolve follows indirect references.
func (f *file) resolve(o any) any {
	for range 8 {
		r, ok := o.(Ref)
		if !ok {
			return o
		}
		o = f.load(r.Num)
	}
	return nil
}

// load returns object num, parsing and caching it.
func (f *file) load(num int) any {
	if o, ok := f.cache[num]; ok {
		return o
	}
	if f.reading {
		return nil
	}
	// Objects load others (a stream's /Length); a chain of them is
	// bounded.
	if f.resolving[num] || len(f.resolving) > 32 {
		return nil
	}
	e, inTable := f.xref[num]
	if !inTable {
		if !f.rebuilt && num > 0 && num < maxObjects {
			// Not in the table: a broken xref may have left it out.
			return f.loadRebuilt(num)
		}
		return nil
	}
	f.resolving[num] = true
	defer delete(f.resolving, num)
	var obj any
	switch {
	case !e.ok:
	case e.inStm:
		obj = f.loadFromStm(e.stm, e.idx, num)
	default:
		o, ref, err := f.parseIndirectAt(e.off, num)
		if err != nil {
			return f.loadRebuilt(num)
		}
		obj = f.decryptObject(o, ref)
	}
	f.cache[num] = obj
	return obj
}

// loadRebuilt looks an object up after rebuilding the xref from a scan of
// the file, for files whose offsets are wrong.
func (f *file) loadRebuilt(num int) any {
	if f.rebuilt {
		return nil
	}
	trailer := f.trailer
	f.xref = map[int]xrefEntry{}
	f.cache = map[int]any{}
	f.objStms = map[int]*objStm{}
	if err := f.rebuild(); err != nil {
		return nil
	}
	// Keep the original trailer's entries (Encrypt, ID) where the scan
	// found none.
	for k, v := range trailer {
		if _, ok := f.trailer[k]; !ok {
			f.trailer[k] = v
		}
	}
	delete(f.resolving, num)
	return f.load(num)
}

func (f *file) loadFromStm(stm, idx, num int) any {
	os, ok := f.objStms[stm]
	if !ok {
		os = f.readObjStm(stm)
		f.objStms[stm] = os
	}
	if os == nil {
		return nil
	}
	if idx < 0 || idx >= len(os.offs) || os.nums[idx] != num {
		// A wrong index: find the object by number.
		idx = -1
		for k, n := range os.nums {
			if n == num {
				idx = k
			}
		}
		if idx < 0 {
			return nil
		}
	}
	l := &lexer{b: os.data, p: os.offs[idx]}
	o, err := l.object(0)
	if err != nil && err != errEOF {
		return nil
	}
	if _, isKw := o.(keyword); isKw {
		return nil
	}
	return o
}

func (f *file) readObjStm(stm int) *objStm {
	s, ok := f.resolve(Ref{stm, 0}).(*Stream)
	if !ok {
		return nil
	}
	data, err := f.decode(s)
	if err != nil {
		return nil
	}
	n, _ := s.Dict["N"].(int)
	first, _ := s.Dict["First"].(int)
	if n <= 0 || n > maxObjects || first < 0 || first > len(data) {
		return nil
	}
	os := &objStm{data: data}
	l := &lexer{b: data[:first]}
	for range n {
		num, ok1 := mustInt(l)
		off, ok2 := mustInt(l)
		if !ok1 || !ok2 || off < 0 || first+off > len(data) {
			break
		}
		os.nums = append(os.nums, num)
		os.offs = append(os.offs, first+off)
	}
	return os
}

// rebuild scans the whole file for "n g obj" and trailers.
func (f *file) rebuild() error {
	f.rebuilt = true
	data := f.data
	var stms []int
	for i := 0; i < len(data); {
		k := bytes.Index(data[i:], []byte("obj"))
		if k < 0 {
			break
		}
		p := i + k
		i = p + 3
		if p > 0 && isRegular(data[p-1]) || p+3 < len(data) && isRegular(data[p+3]) {
			continue
		}
		// Back up over "num gen ".
		q := p - 1
		for q >= 0 && isWhite(data[q]) {
			q--
		}
		ge := q + 1
		for q >= 0 && data[q] >= '0' && data[q] <= '9' {
			q--
		}
		gs := q + 1
		if gs == ge {
			continue
		}
		for q >= 0 && isWhite(data[q]) {
			q--
		}
		ne := q + 1
		for q >= 0 && data[q] >= '0' && data[q] <= '9' {
			q--
		}
		ns := q + 1
		if ns == ne || ne == gs {
			continue
		}
		num, err1 := strconv.Atoi(string(data[ns:ne]))
		gen, err2 := strconv.Atoi(string(data[gs:ge]))
		if err1 != nil || err2 != nil || num >= maxObjects {
			continue
		}
		f.setEntry(num, xrefEntry{off: ns, gen: gen, ok: true})
		// Remember object and xref streams to read their contents.
		head := data[p+3 : min(len(data), p+3+512)]
		if bytes.Contains(head, []byte("/ObjStm")) {
			stms = append(stms, num)
		}
	}
	// Objects in object streams, unless a direct object has the number.
	for _, stm := range stms {
		os := f.readObjStm(stm)
		if os == nil {
			continue
		}
		f.objStms[stm] = os
		for k, num := range os.nums {
			if f.xref[num].ok {
				continue
			}
			f.setEntry(num, xrefEntry{stm: stm, idx: k, inStm: true, ok: true})
		}
	}
	// The trailer: the last "trailer" dictionary, or an xref stream's
	// dictionary, or failing both, a dictionary naming the catalog.
	trailer := Dict{}
	for i := 0; ; {
		k := bytes.Index(data[i:], []byte("trailer"))
		if k < 0 {
			break
		}
		l := &lexer{b: data, p: i + k + len("trailer")}
		if t, err := l.object(0); err == nil {
			if d, ok := t.(Dict); ok {
				for key, v := range d {
					trailer[key] = v
				}
			}
		}
		i += k + 1
	}
	if trailer["Root"] == nil {
		for _, num := range f.objectNums() {
			if !f.xref[num].ok || f.xref[num].inStm {
				continue
			}
			o, _, err := f.parseIndirectAt(f.xref[num].off, num)
			if err != nil {
				continue
			}
			if s, ok := o.(*Stream); ok && s.Dict["Type"] == Name("XRef") {
				for key, v := range s.Dict {
					if key == "Root" || key == "Info" || key == "Encrypt" || key == "ID" {
						trailer[key] = v
					}
				}
			}
		}
	}
	if r, ok := trailer["Root"].(Ref); !ok || !f.isCatalog(r.Num) {
		delete(trailer, "Root")
		for _, num := range f.objectNums() {
			if f.isCatalog(num) {
				trailer["Root"] = Ref{num, f.xref[num].gen}
				break
			}
		}
	}
	f.trailer = trailer
	if trailer["Root"] == nil {
		return errNoXref
	}
	return nil
}

// objectNums returns the object numbers in the xref, in order.
func (f *file) objectNums() []int {
	nums := make([]int, 0, len(f.xref))
	for n := range f.xref {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	return nums
}

func (f *file) isCatalog(num int) bool {
	d, ok := f.load(num).(Dict)
	return ok && d["Type"] == Name("Catalog") && d["Pages"] != nil
}

// Helpers to read typed values, resolving references.

func (f *file) dict(o any) Dict {
	switch v := f.resolve(o).(type) {
	case Dict:
		return v
	case *Stream:
		return v.Dict
	}
	return nil
}

func (f *file) array(o any) Array {
	a, _ := f.resolve(o).(Array)
	return a
}

func (f *file) name(o any) Name {
	n, _ := f.resolve(o).(Name)
	return n
}

func (f *file) num(o any) (float64, bool) {
	switch v := f.resolve(o).(type) {
	case int:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

func (f *file) integer(o any) (int, bool) {
	switch v := f.resolve(o).(type) {
	case int:
		return v, true
	case float64:
		if v > -1<<31 && v < 1<<31 {
			return int(v), true
		}
	}
	return 0, false
}

func num(o any) (float64, bool) {
	switch v := o.(type) {
	case int:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}
