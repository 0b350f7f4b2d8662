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
	"unicode/utf8"

	"nianbao"
	"nianbao/document"
	"nianbao/internal/textenc"
	"nianbao/reader/internal/grid"
	"nianbao/reader/internal/limit"
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
	return ReadBudget(data, limit.New(limit.Limits{}))
}

// ReadBudget is ReadEncoding charging what it reads to bud; past a limit
// it fails with ETOOLARGE.
func ReadBudget(data []byte, bud *limit.Budget) (doc *document.Document, enc string, err error) {
	defer limit.Recover(&err)
	if startsUTF8(data) {
		if doc, err := readPage(data, false, bud); err != nil || utf8.ValidString(doc.Text) {
			return doc, UTF8, err
		}
	}
	enc, body := charset(data)
	if enc == GB18030 {
		doc, err := readPage(body, true, bud)
		return doc, enc, err
	}
	doc, err = readPage(decodeAs(enc, body), false, bud)
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
	return textenc.StartsUTF8(data, utf8Sample)
}

// readPage reads a page into a document: UTF-8 text, or GB18030 bytes.
func readPage(page []byte, gb18030 bool, bud *limit.Budget) (*document.Document, error) {
	s := scanners.Get().(*scanner)
	s.budget = bud
	// Not put back after a panic (a limit reached): its state is torn.
	blocks := s.read(page, gb18030)
	if !grid.HasText(blocks) {
		scanners.Put(s)
		return nil, nianbao.Errorf(nianbao.ENOTREPORT, "网页中没有正文文字")
	}
	doc := grid.Build(bud, blocks)
	s.budget = nil
	scanners.Put(s)
	return doc, nil
}

// textShare is about how many bytes of a page make one byte of its text:
// Word's and portals' markup far outweighs the text it holds.
const textShare = 16

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
	// A new buffer: the last page's paragraphs may still be in use.
	s.texts = strings.Builder{}
	s.texts.Grow(len(src) / textShare)
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
	lastWord  int  // where the last word added starts in b
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
		} else if p.pending && !(p.pendingNL && !p.hard && joins(p.b[p.lastWord:], word)) {
			p.b = append(p.b, ' ')
		}
		p.pending, p.pendingNL, p.hard = false, false, false
		p.lastWord = len(p.b)
		p.b = append(p.b, word...)
		i = j
	}
}

// joins reports whether a line break between two words is dropped: it is
// between two Chinese characters.
func joins(before, after []byte) bool {
	last, _ := utf8.DecodeLastRune(before)
	first, _ := utf8.DecodeRune(after)
	return wide(last) && wide(first)
}

func wide(r rune) bool { return r >= 0x2E80 && document.RuneWidth(r) == 2 }

type scanner struct {
	budget *limit.Budget
	src    []byte
	// texts holds the text of the page's paragraphs, one after another:
	// each paragraph's Text is a part of it, which later writes (only
	// appends) leave as it is, so that a page's paragraphs take a few
	// allocations rather than one each.
	texts     strings.Builder
	gb18030   bool   // src is GB18030: text runs are decoded into decoded
	decoded   []byte // the last text run, decoded
	unescaped []byte // the last text run, its entities decoded
	i         int
	root      container
	tables    []*tableState
	// The block slices of closed tables' cells, for the next cells: a
	// cell's blocks are copied out when its table is placed on the grid.
	freeBlocks [][]grid.Block
	freeTables []*tableState // closed tables, for their slices
	occ        [][]bool      // place's working grid, reused

	// The tag just read: its name, as src[nameFrom:nameTo]; the
	// attributes the reader looks at, the style as offsets of its value.
	nameFrom, nameTo   int
	styleFrom, styleTo int
	hiddenAttr         bool
	rowspan, colspan   int
}

// flush ends the container's paragraph.
func (s *scanner) flush(c *container) {
	if len(c.p.b) == 0 {
		// Nothing to end: white space pending before the first word is
		// dropped when it comes (add), as is where it was.
		return
	}
	start := s.texts.Len()
	s.texts.Write(c.p.b)
	c.blocks = append(c.blocks, grid.Block{Text: s.texts.String()[start:], Offset: c.p.off})
	// Field by field: a new para would write the buffer's pointer again.
	c.p.b = c.p.b[:0]
	c.p.off, c.p.pending, c.p.pendingNL, c.p.hard, c.p.lastWord = 0, false, false, false, 0
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
		s.budget.Depth(len(s.tables))
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
			t.cells = append(t.cells, grid.Cell{Offset: off, RowSpan: s.rowspan, ColSpan: s.colspan})
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
