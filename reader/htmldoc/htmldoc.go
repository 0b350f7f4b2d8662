// Package htmldoc reads a report saved as a web page into a document.
//
// Portal pages wrap the report in navigation, scripts and metadata, and the
// report itself is often Word's HTML export: one number's digits split over
// several <span>s, labels wrapped over several <p>s, blank cells padded with
// &nbsp;, and tables merged with rowspan and colspan. The reader keeps the
// text a person sees, in reading order: each block element is a paragraph,
// scripts, styles, forms' drop-down lists and hidden elements are left out,
// and each data table becomes a grid with its merged cells expanded (written
// once, at their first position). Tables that only lay out the page around
// other tables are read through: their paragraphs are paragraphs and the
// tables inside them are tables.
//
// Positions: paragraphs carry the byte offset of their first character in
// the file (for UTF-8 and GBK pages; in the decoded page after a byte-order
// mark or in another encoding); table cells carry the table's number among
// the page's data tables, their grid row and column (1-based) and the
// offset of their <td>.
//
// The page is scanned with a small tokenizer of its own rather than
// golang.org/x/net/html's: a report is read at thousands of pages a second,
// and the general tokenizer spends most of that budget on markup the reader
// never looks at (Word styles every span). The scanner works on the page's
// bytes as they are (no copy of a UTF-8 page), keeps the attributes it looks
// at as offsets, and keeps its buffers from table to table and from page
// to page. Entities are decoded with x/net/html.
package htmldoc

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"nianbao"
	"nianbao/document"
	"nianbao/reader/internal/grid"
	"nianbao/reader/internal/textenc"
)

// Read reads a page, in whatever encoding (see ReadEncoding), into a
// document. It fails only when the page has no text at all.
func Read(data []byte) (*document.Document, error) {
	doc, _, err := ReadEncoding(data)
	return doc, err
}

// ReadEncoding is Read that also returns the encoding the page was read in.
//
// Checking a whole page for valid UTF-8 costs a tenth of reading it, and
// most of a page is markup whose bytes do not matter. So a page whose
// start (utf8Sample) is valid UTF-8 is read as UTF-8 first, and taken as
// such when the text read from it is valid too: GBK Chinese practically
// never is, and a stray byte in a script does not make a page's text GBK.
// Any other page is read in the encoding charset decides.
//
// A GBK page is read as it is, its text and styles decoded one by one:
// GBK leaves ASCII as it is and puts in its characters no byte that markup
// is made of (their bytes are 0x81 and up, then 0x30–0x39 or 0x40 and up,
// never '<', '>', '&', quotes, '=', '/' or white space), and tag and
// attribute names the reader knows are ASCII. So a GBK page's positions
// are its own file's offsets, as a UTF-8 page's are. (Where a page is not
// valid GBK, a '<' after a lead byte starts a tag, as in a browser, where
// decoding the whole page first would have taken it into a character.)
func ReadEncoding(data []byte) (*document.Document, string, error) {
	if startsUTF8(data) {
		if doc, err := readPage(data, false); err != nil || utf8.ValidString(doc.Text) {
			return doc, UTF8, err
		}
	}
	enc, body := charset(data)
	if enc == GB18030 {
		doc, err := readPage(body, true)
		return doc, enc, err
	}
	doc, err := readPage(decodeAs(enc, body), false)
	return doc, enc, err
}

// utf8Sample is how much of a page startsUTF8 checks: more than a portal's
// head, where a GBK page's title already shows.
const utf8Sample = 16 << 10

// startsUTF8 reports whether the start of a page is UTF-8 without a
// byte-order mark (which charset handles).
func startsUTF8(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		return false
	}
	end := min(len(data), utf8Sample)
	// Not in the middle of a character.
	for k := 0; k < utf8.UTFMax-1 && end < len(data) && !utf8.RuneStart(data[end]); k++ {
		end--
	}
	return utf8.Valid(data[:end])
}

// readPage reads a page into a document: UTF-8 text, or GB18030 bytes.
func readPage(page []byte, gb18030 bool) (*document.Document, error) {
	s := scanners.Get().(*scanner)
	defer scanners.Put(s)
	blocks := s.read(page, gb18030)
	if !grid.HasText(blocks) {
		return nil, nianbao.Errorf(nianbao.ENOTREPORT, "网页中没有正文文字")
	}
	return grid.Build(blocks), nil
}

// scanners keeps scanners for the next page: a batch reads page after
// page, and the slices of tables, cells and blocks a scanner fills are
// most of what reading a page allocates. A document holds nothing of them.
var scanners = sync.Pool{New: func() any { return new(scanner) }}

// read reads a page (UTF-8, or GB18030 when gb18030 is set) into
// paragraphs and tables, which are good until the scanner reads the next
// page.
func (s *scanner) read(src []byte, gb18030 bool) []grid.Block {
	clear(s.root.blocks) // the last page's, let go
	s.src, s.gb18030, s.i, s.tables = src, gb18030, 0, s.tables[:0]
	s.root = container{blocks: s.root.blocks[:0], p: para{b: s.root.p.b[:0]}}
	s.run()
	for len(s.tables) > 0 {
		s.closeTable()
	}
	s.flush(&s.root)
	s.src = nil
	return s.root.blocks
}

// container collects the blocks of the page or of one table cell.
type container struct {
	blocks []grid.Block
	p      para
}

// para is a paragraph being collected, with white space collapsed as a
// browser does: runs become one space, none at the ends, and a line break
// between two Chinese characters (Word wraps its HTML) disappears.
type para struct {
	b         []byte
	off       int
	pending   bool // white space seen since the last character
	pendingNL bool // … and it held a line break
	hard      bool // … and an &nbsp;, which is meant
	last      rune
}

// add appends text that starts at byte off of the page; exact says that
// each byte of s is the page's own (no entity was decoded), so that the
// paragraph's offset is that of its first character. Words (runs between
// white space) are copied whole.
func (p *para) add(s []byte, off int, exact bool) {
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			p.pending = true
			i++
			continue
		case c == '\n':
			p.pending, p.pendingNL = true, true
			i++
			continue
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0: // U+00A0, &nbsp;
			p.pending, p.hard = true, true
			i += 2
			continue
		}
		j := i + 1
		for j < len(s) && (class[s[j]]&textStop == 0 || s[j] == 0xC2 && (j+1 == len(s) || s[j+1] != 0xA0)) {
			j++
		}
		word := s[i:j]
		if len(p.b) == 0 {
			p.off = off
			if exact {
				p.off += i
			}
		} else if p.pending {
			first, _ := utf8.DecodeRune(word)
			if !(p.pendingNL && !p.hard && wide(p.last) && wide(first)) {
				p.b = append(p.b, ' ')
			}
		}
		p.pending, p.pendingNL, p.hard = false, false, false
		p.b = append(p.b, word...)
		p.last, _ = utf8.DecodeLastRune(word)
		i = j
	}
}

func wide(r rune) bool { return r >= 0x2E80 && document.RuneWidth(r) == 2 }

// tableState is a table being read: its cells in the order the markup
// gives them, row by row, placed on the grid when the table ends.
type tableState struct {
	parent    *container
	cells     []cellState
	rowStarts []int // row r is cells[rowStarts[r]:rowStarts[r+1]]
	rowOpen   bool
	cur       int // the open cell's index in cells; -1 when none
	// open collects the open cell's content, which goes to the cell when
	// it closes: one paragraph buffer serves all of a table's cells.
	open    container
	caption bool
}

// rows returns the table's rows of cells.
func (t *tableState) rows() [][]cellState {
	rows := make([][]cellState, len(t.rowStarts))
	for r, start := range t.rowStarts {
		end := len(t.cells)
		if r+1 < len(t.rowStarts) {
			end = t.rowStarts[r+1]
		}
		rows[r] = t.cells[start:end]
	}
	return rows
}

type cellState struct {
	blocks           []grid.Block
	off              int
	rowspan, colspan int
}

type scanner struct {
	src     []byte
	gb18030 bool   // src is GB18030: text runs are decoded into decoded
	decoded []byte // the last text run, decoded
	i       int
	root    container
	tables  []*tableState
	// The block slices of closed tables' cells, for the next cells: a
	// cell's blocks are copied out when its table is placed on the grid.
	freeBlocks [][]grid.Block
	freeTable  *tableState // the last closed table, for its slices
	placed     []grid.Cell // place's result and working grid, reused
	occ        [][]bool

	// The tag just read: its name, as src[nameFrom:nameTo]; the
	// attributes the reader looks at, the style as offsets of its value.
	nameFrom, nameTo   int
	styleFrom, styleTo int
	hiddenAttr         bool
	rowspan, colspan   int
}

// tagName returns the name of the tag just read, as written.
func (s *scanner) tagName() []byte { return s.src[s.nameFrom:s.nameTo] }

// nameIs reports whether the tag just read is named n (lower-case).
func (s *scanner) nameIs(n string) bool { return equalFold(s.tagName(), n) }

// flush ends the container's paragraph.
func (s *scanner) flush(c *container) {
	if len(c.p.b) == 0 {
		// Nothing to end: white space pending before the first word is
		// dropped when it comes (add), as is where it was.
		return
	}
	c.blocks = append(c.blocks, grid.Block{Text: string(c.p.b), Offset: c.p.off})
	// Field by field: a new para would write the buffer's pointer again.
	c.p.b = c.p.b[:0]
	c.p.off, c.p.pending, c.p.pendingNL, c.p.hard, c.p.last = 0, false, false, false, 0
}

// target is where text goes now: the open cell, or the container around
// the innermost table (text between cells, which a browser moves before
// the table, and captions), or the page.
func (s *scanner) target() *container {
	if n := len(s.tables); n > 0 {
		t := s.tables[n-1]
		if t.cur >= 0 && !t.caption {
			return &t.open
		}
		return t.parent
	}
	return &s.root
}

func (s *scanner) run() {
	src := s.src
	for s.i < len(src) {
		// Word's tags mostly follow one another with no text between.
		if src[s.i] != '<' {
			j := bytes.IndexByte(src[s.i:], '<')
			if j < 0 {
				s.text(s.i, len(src))
				return
			}
			s.text(s.i, s.i+j)
			s.i += j
		}
		s.markup()
	}
}

// text handles the character data src[from:to].
func (s *scanner) text(from, to int) {
	raw := s.src[from:to]
	// Most runs between a page's tags are its indentation: white space
	// that only separates what comes before it from what comes after.
	nl := false
	for i, c := range raw {
		if class[c]&space == 0 {
			break
		}
		nl = nl || c == '\n'
		if i == len(raw)-1 {
			p := &s.target().p
			p.pending, p.pendingNL = true, p.pendingNL || nl
			return
		}
	}
	if s.gb18030 {
		// The run's first word starts where it does in the page unless
		// white space outside ASCII (U+00A0 as four GB18030 bytes) comes
		// before it: close enough for a paragraph's position.
		s.decoded = textenc.AppendGB18030(s.decoded[:0], raw)
		raw = s.decoded
	}
	if bytes.IndexByte(raw, '&') >= 0 {
		s.target().p.add([]byte(html.UnescapeString(string(raw))), from, false)
		return
	}
	s.target().p.add(raw, from, true)
}

// hasPrefix reports whether b starts with p.
func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }

// markup handles what starts with '<' at s.i.
func (s *scanner) markup() {
	src := s.src
	start := s.i
	rest := src[start+1:]
	var c byte
	if len(rest) > 0 {
		c = rest[0]
	}
	switch {
	case isLetter(c):
		k, end, selfClosing := s.readTag(start+1, false)
		s.i = end
		s.startTag(k, start, selfClosing)
	case c == '/':
		if len(rest) > 1 && isLetter(rest[1]) {
			k, end, _ := s.readTag(start+2, true)
			s.i = end
			s.endTag(k)
			return
		}
		s.skipTo('>', start+2)
	case hasPrefix(rest, "!--"):
		end := bytes.Index(src[start+4:], []byte("-->"))
		if end < 0 {
			s.i = len(src)
		} else {
			s.i = start + 4 + end + 3
		}
	case c == '!' || c == '?':
		s.skipTo('>', start+2)
	default:
		// A '<' that starts no tag is text.
		s.text(start, start+1)
		s.i = start + 1
	}
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func (s *scanner) skipTo(c byte, from int) {
	if from > len(s.src) {
		s.i = len(s.src)
		return
	}
	k := bytes.IndexByte(s.src[from:], c)
	if k < 0 {
		s.i = len(s.src)
		return
	}
	s.i = from + k + 1
}

// Byte classes of the tag scanner.
const (
	space    = 1 << iota // HTML white space
	nameStop             // ends an attribute name
	valStop              // ends an unquoted attribute value
	textStop             // ends a word of text: white space, or the first byte of U+00A0
	nameEnd              // ends a tag name
	upper                // an ASCII capital letter
)

var class = func() (t [256]uint8) {
	for _, c := range []byte(" \t\n\r\f") {
		t[c] |= space | nameStop | valStop
	}
	for _, c := range []byte("/>=") {
		t[c] |= nameStop
	}
	t['>'] |= valStop
	for _, c := range []byte(" \t\n\r\f/>") {
		t[c] |= nameEnd
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] |= upper
	}
	for _, c := range []byte(" \t\n\r\f\xC2") {
		t[c] |= textStop
	}
	return t
}()

// readTag reads a tag from its name at i to its closing '>'; it returns
// the element's kind, where the tag ends and whether it closed itself. Of
// the attributes, it keeps what the reader looks at: style and hidden
// (which may hide an element), rowspan and colspan.
func (s *scanner) readTag(i int, end bool) (kind, int, bool) {
	src := s.src
	start := i
	var seen uint8 // the classes of the name's bytes
	for i < len(src) {
		c := class[src[i]]
		if c&nameEnd != 0 {
			break
		}
		seen |= c
		i++
	}
	s.nameFrom, s.nameTo = start, i
	name := src[start:i]
	k := inline
	if seen&upper == 0 {
		k = kindOf(name)
	} else if len(name) <= 16 { // longer names are none the reader knows
		var lower [16]byte
		k = kindOf(textenc.AppendLowerASCII(lower[:0], name))
	}
	s.styleFrom, s.styleTo, s.hiddenAttr, s.rowspan, s.colspan = 0, 0, false, 1, 1
	// Most tags: neither their attributes nor a closing '/' matter.
	record := !end && k.attrsMatter()
	self := false
	for i < len(src) {
		c := src[i]
		switch {
		case c == '>':
			return k, i + 1, self
		case class[c]&space != 0:
			i++
			continue
		case c == '/':
			self = true
			i++
			continue
		}
		self = false
		// An attribute: a name, and maybe '=' and a value.
		ks := i
		i++ // a name may start with '='
		for i < len(src) && class[src[i]]&nameStop == 0 {
			i++
		}
		key := src[ks:i]
		for i < len(src) && class[src[i]]&space != 0 {
			i++
		}
		vs, ve := i, i
		if i < len(src) && src[i] == '=' {
			i++
			for i < len(src) && class[src[i]]&space != 0 {
				i++
			}
			if i < len(src) && (src[i] == '"' || src[i] == '\'') {
				q := src[i]
				k := bytes.IndexByte(src[i+1:], q)
				if k < 0 {
					return inline, len(src), false
				}
				vs, ve = i+1, i+1+k
				i += k + 2
			} else {
				vs = i
				for i < len(src) && class[src[i]]&valStop == 0 {
					i++
				}
				ve = i
			}
		}
		if record {
			s.attr(key, vs, ve)
		}
	}
	return k, len(src), self
}

// attr notes an attribute the reader looks at; its value is src[vs:ve].
func (s *scanner) attr(key []byte, vs, ve int) {
	switch len(key) {
	case 5:
		if equalFold(key, "style") {
			s.styleFrom, s.styleTo = vs, ve
		}
	case 6:
		s.hiddenAttr = s.hiddenAttr || equalFold(key, "hidden")
	case 7:
		if equalFold(key, "rowspan") {
			s.rowspan = number(s.src[vs:ve], 1, 0, 65534)
		} else if equalFold(key, "colspan") {
			s.colspan = number(s.src[vs:ve], 1, 1, 1000)
		}
	}
}

// equalFold reports whether b is lower, ignoring the case of ASCII letters.
func equalFold(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// hidden reports whether the tag just read hides its element.
func (s *scanner) hidden() bool {
	if s.hiddenAttr {
		return true
	}
	style := s.src[s.styleFrom:s.styleTo]
	if s.gb18030 {
		// A style is read in its characters: the second byte of a GBK
		// character may be an ASCII letter.
		s.decoded = textenc.AppendGB18030(s.decoded[:0], style)
		style = s.decoded
	}
	if !mayHide(style) {
		return false
	}
	st := strings.ToLower(strings.Join(strings.Fields(string(style)), ""))
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") || strings.Contains(st, "mso-hide:all")
}

// mayHide is a cheap test that a style cannot hide its element: Word puts
// a long style on every span. A style that hides says display:none,
// visibility:hidden or mso-hide:all, so some ':' in it is followed, after
// any white space, by n, h or a; few of the others are.
func mayHide(style []byte) bool {
	for {
		i := bytes.IndexByte(style, ':')
		if i < 0 {
			return false
		}
		style = style[i+1:]
		// The full test drops white space as strings.Fields sees it.
		for len(style) > 0 {
			if c := style[0]; c < utf8.RuneSelf {
				if c != ' ' && (c < '\t' || c > '\r') {
					break
				}
				style = style[1:]
			} else if c != 0xC2 && (c < 0xE1 || c > 0xE3) {
				break // the lead byte of no space character: not worth decoding
			} else if r, n := utf8.DecodeRune(style); unicode.IsSpace(r) {
				style = style[n:]
			} else {
				break
			}
		}
		if len(style) > 0 {
			switch style[0] | 0x20 {
			case 'n', 'h', 'a':
				return true
			}
		}
	}
}

// skipRaw skips the content of an element whose content is not markup
// (script, style …), up to and including its end tag.
func (s *scanner) skipRaw(name []byte) {
	src := s.src
	for i := s.i; ; {
		k := bytes.Index(src[i:], []byte("</"))
		if k < 0 {
			s.i = len(src)
			return
		}
		p := i + k + 2
		if p+len(name) <= len(src) && bytes.EqualFold(src[p:p+len(name)], name) {
			q := p + len(name)
			if q == len(src) || class[src[q]]&space != 0 || src[q] == '/' || src[q] == '>' {
				s.skipTo('>', q)
				return
			}
		}
		i = p
	}
}

// skipElement skips the content of the element just read up to its
// matching end tag, counting elements of the same name nested inside it.
func (s *scanner) skipElement() {
	name := strings.ToLower(string(s.tagName()))
	depth := 1
	for s.i < len(s.src) {
		j := bytes.IndexByte(s.src[s.i:], '<')
		if j < 0 {
			s.i = len(s.src)
			return
		}
		s.i += j
		rest := s.src[s.i+1:]
		switch {
		case hasPrefix(rest, "!--"):
			s.markup()
		case hasPrefix(rest, "/") && len(rest) > 1 && isLetter(rest[1]):
			_, end, _ := s.readTag(s.i+2, true)
			s.i = end
			if s.nameIs(name) {
				if depth--; depth == 0 {
					return
				}
			}
		case len(rest) > 0 && isLetter(rest[0]):
			k, end, self := s.readTag(s.i+1, false)
			s.i = end
			if k == raw {
				s.skipRaw(s.tagName())
			} else if s.nameIs(name) && !self {
				depth++
			}
		default:
			s.i++
		}
	}
}

// kind is what the reader makes of an element.
type kind uint8

const (
	inline       kind = iota // text flows through it (b, o:p, strong …)
	hidingInline             // inline, and its display:none is honoured (span, font, a)
	blockish                 // ends the paragraph before it and starts a new one
	hideable                 // a block whose display:none is honoured: pages write its end tag
	raw                      // content is not markup and not shown (script, style …)
	skipped                  // content is markup but not page text (select, svg …)
	tTable
	tTr
	tTd
	tCaption
	tPlaintext
)

// attrsMatter reports whether the reader looks at the attributes of an
// element of kind k (or at whether its tag closes itself).
func (k kind) attrsMatter() bool {
	return k == hidingInline || k == hideable || k == skipped || k == tTable || k == tTd
}

// kindOf returns the kind of the element named name (lower-case); names
// not listed are inline.
func kindOf(name []byte) kind {
	switch string(name) {
	case "span", "font", "a":
		return hidingInline
	case "b", "o:p", "strong", "i", "u", "em", "sup", "sub", "img", "input", "label", "small", "big":
		return inline
	case "p", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tbody", "thead", "tfoot", "body", "html", "head",
		"address", "blockquote", "center", "dd", "details", "dialog", "dir", "dt", "fieldset", "figcaption",
		"figure", "hgroup", "hr", "legend", "main", "menu", "pre", "summary":
		return blockish
	case "div", "section", "ul", "ol", "article", "aside", "nav", "header", "footer", "form", "dl":
		return hideable
	case "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript":
		return raw
	case "select", "svg", "math", "template", "object":
		return skipped
	case "table":
		return tTable
	case "tr":
		return tTr
	case "td", "th":
		return tTd
	case "caption":
		return tCaption
	case "plaintext":
		return tPlaintext
	}
	return inline
}

// block reports whether an element of kind k ends the paragraph before it.
func block(k kind) bool { return k == blockish || k == hideable }

func (s *scanner) startTag(k kind, off int, self bool) {
	switch k {
	case raw:
		s.skipRaw(s.tagName())
		return
	case tPlaintext:
		s.i = len(s.src)
		return
	case skipped:
		if !self {
			s.skipElement()
		}
		return
	}
	if !self && (k == hideable || k == tTable || k == hidingInline) && s.hidden() {
		// Only elements whose end tag pages write: skipping to it cannot
		// swallow the report.
		s.skipElement()
		return
	}
	switch k {
	case tTable:
		s.flush(s.target())
		s.tables = append(s.tables, s.newTable(s.target()))
	case tCaption:
		if t := s.top(); t != nil {
			s.flush(t.parent)
			t.caption = true
		}
	case tTr:
		if t := s.top(); t != nil {
			s.closeCell(t)
			t.rowStarts = append(t.rowStarts, len(t.cells))
			t.rowOpen = true
		}
	case tTd:
		if t := s.top(); t != nil {
			s.closeCell(t)
			if !t.rowOpen {
				t.rowStarts = append(t.rowStarts, len(t.cells))
				t.rowOpen = true
			}
			if n := len(s.freeBlocks); n > 0 {
				t.open.blocks, s.freeBlocks = s.freeBlocks[n-1], s.freeBlocks[:n-1]
			}
			t.cells = append(t.cells, cellState{off: off, rowspan: s.rowspan, colspan: s.colspan})
			t.cur = len(t.cells) - 1
		}
	default:
		if block(k) {
			s.flush(s.target())
		}
	}
}

func (s *scanner) endTag(k kind) {
	switch k {
	case tTable:
		if len(s.tables) > 0 {
			s.closeTable()
		}
	case tCaption:
		if t := s.top(); t != nil && t.caption {
			s.flush(t.parent)
			t.caption = false
		}
	case tTd:
		if t := s.top(); t != nil {
			s.closeCell(t)
		}
	case tTr:
		if t := s.top(); t != nil {
			s.closeCell(t)
			t.rowOpen = false
		}
	default:
		if block(k) {
			s.flush(s.target())
		}
	}
}

func (s *scanner) top() *tableState {
	if len(s.tables) == 0 {
		return nil
	}
	return s.tables[len(s.tables)-1]
}

// closeCell ends the table's open cell (and caption).
func (s *scanner) closeCell(t *tableState) {
	if t.cur >= 0 {
		s.flush(&t.open)
		t.cells[t.cur].blocks, t.open.blocks = t.open.blocks, nil
		t.cur = -1
	}
	if t.caption {
		s.flush(t.parent)
		t.caption = false
	}
}

// newTable starts a table inside parent, with the slices of the last
// closed table if there is one: a page's tables are read one after another.
func (s *scanner) newTable(parent *container) *tableState {
	t := s.freeTable
	if t == nil {
		return &tableState{parent: parent, cur: -1}
	}
	s.freeTable = nil
	*t = tableState{parent: parent, cells: t.cells[:0], rowStarts: t.rowStarts[:0], cur: -1,
		open: container{p: para{b: t.open.p.b[:0]}}}
	return t
}

// closeTable ends the innermost table: its cells are placed on the grid
// and its blocks go to the container around it.
func (s *scanner) closeTable() {
	t := s.tables[len(s.tables)-1]
	s.tables = s.tables[:len(s.tables)-1]
	s.closeCell(t)
	cells, nrows, ncols := s.place(t.rows())
	blocks := grid.Resolve(cells, nrows, ncols)
	s.flush(t.parent)
	t.parent.blocks = append(t.parent.blocks, blocks...)
	for i := range t.cells {
		if b := t.cells[i].blocks; b != nil {
			s.freeBlocks = append(s.freeBlocks, b[:0])
		}
	}
	s.freeTable = t
}

// place puts a table's cells on its grid as HTML does: each cell takes the
// first position of its row that no cell spanning down from above covers.
// rowspan="0" and rowspans past the last row reach the last row.
// The cells it returns are only good until the next table is placed.
func (s *scanner) place(rows [][]cellState) ([]grid.Cell, int, int) {
	nrows := len(rows)
	n := 0
	for _, row := range rows {
		n += len(row)
	}
	cells := s.placed[:0]
	if cap(cells) < n {
		cells = make([]grid.Cell, 0, n)
	}
	// occ[r][c] says that grid position (r, c) is taken.
	occ := s.occ
	if cap(occ) < nrows {
		occ = append(occ[:cap(occ)], make([][]bool, nrows-cap(occ))...)
	}
	occ = occ[:nrows]
	for r := range occ {
		occ[r] = occ[r][:0]
	}
	area := 0
	ncols := 0
	for r, row := range rows {
		c := 0
		for i := range row {
			cs := &row[i]
			for c < len(occ[r]) && occ[r][c] {
				c++
			}
			rs := cs.rowspan
			if rs == 0 || r+rs > nrows {
				rs = nrows - r
			}
			colspan := cs.colspan
			if area += rs * colspan; area > grid.MaxArea {
				rs, colspan = 1, 1 // hostile spans: the cell keeps its place only
			}
			for rr := r; rr < r+rs; rr++ {
				if n := c + colspan - len(occ[rr]); n > 0 {
					occ[rr] = append(occ[rr], make([]bool, n)...)
				}
				for k := c; k < c+colspan; k++ {
					occ[rr][k] = true
				}
			}
			cells = append(cells, grid.Cell{Row: r, Col: c, RowSpan: rs, ColSpan: colspan,
				Offset: cs.off, Blocks: cs.blocks})
			c += colspan
			ncols = max(ncols, c)
		}
	}
	s.placed, s.occ = cells, occ
	return cells, nrows, ncols
}

// number parses a span attribute as HTML does (leading digits, anything
// after them ignored), clamped to [lo, hi]; def when there are no digits.
func number(v []byte, def, lo, hi int) int {
	v = bytes.TrimLeft(v, " \t\n\r\f")
	n, digits := 0, 0
	for digits < len(v) && v[digits] >= '0' && v[digits] <= '9' {
		if n <= hi {
			n = n*10 + int(v[digits]-'0')
		}
		digits++
	}
	if digits == 0 {
		return def
	}
	return max(lo, min(n, hi))
}
