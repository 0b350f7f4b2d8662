// Package text reads a report published as plain text into a document.
//
// Plain text is what scrapers, copying and converters leave of a report,
// and its tables come in a handful of layouts: one row per line with cells
// between '|' (pipe rows, and Markdown's with a |---| rule under the
// header), one cell per line ending in '|', rows of tab-separated cells,
// columns aligned by spaces as `pdftotext -layout` prints them, and cells
// run together with no separator at all. The reader finds the runs of
// lines laid out as tables and makes tables of their cells, and makes the
// lines aligned in columns positioned lines. Everything else stays
// paragraphs, one per line — cells run together included: only the
// template's arithmetic can tell where their digits split, and that is
// the matcher's to know.
//
// A text file cannot say which of its cells are merged: an empty cell is
// a cell, blank or the filler a merged cell left behind, and the matcher
// tells them apart by counting. Where the layout does say so — cell lines
// print the positions a row does not fill as a line of bare '|' — those
// are not cells.
//
// Positions are the decoded text's own: byte offset, line and column.
package text

import (
	"slices"
	"strings"
	"sync"

	"nianbao"
	"nianbao/document"
	"nianbao/internal/textenc"
)

// Read decodes a plain-text file (see textenc.Decode) and reads it into a
// document; it also returns the encoding the file was in.
func Read(data []byte) (*document.Document, string, error) {
	s, enc, err := textenc.Decode(data)
	if err != nil {
		return nil, "", err
	}
	return Parse(s), enc, nil
}

// kind is what a line of text looks like on its own.
type kind uint8

const (
	empty    kind = iota // nothing but spaces
	tabEmpty             // nothing but spaces, tabs among them: a row of empty cells in tabs
	pipe                 // holds a '|'
	tab                  // holds a tab after its first text
	plain
)

type line struct {
	start, end    int // the line without its '\n'
	text, textEnd int // the line without the spaces around it
	kind          kind
	seps          int  // how many separators ('|' or tab) it holds
	multi         bool // a pipe line with text and more than one '|'
	rule          bool // a Markdown rule under a header: |---|---|
}

// Parse reads decoded text (LF line ends) into a document.
func Parse(s string) *document.Document {
	lines := linePool.Get().(*[]line)
	defer linePool.Put(lines)
	var starts []int
	*lines, starts = scan(s, (*lines)[:0])
	p := parser{s: s, lines: *lines}
	// A block for each paragraph line, and one for each run of table
	// lines, or for each of its lines when it has one.
	n, prev := 0, empty
	for i := range p.lines {
		k := p.lines[i].kind
		switch k {
		case plain:
			n++
		case pipe, tab:
			if k != prev {
				n++
			}
		default:
			continue
		}
		prev = k
	}
	p.blocks = make([]document.Block, 0, n)
	for i := 0; i < len(p.lines); {
		switch l := &p.lines[i]; l.kind {
		case pipe, tab:
			i = p.table(i)
		case plain:
			p.plain(l)
			i++
		default:
			i++
		}
	}
	return document.Of(s, starts, p.blocks)
}

// linePool keeps the lines of the last text parsed for the next: a batch
// reads report after report, and a document keeps none of them.
var linePool = sync.Pool{New: func() any { return new([]line) }}

// scan splits text into lines, appended to lines, and tells what each
// looks like; it also returns where each line starts, as the document
// keeps them.
func scan(s string, lines []line) ([]line, []int) {
	n := strings.Count(s, "\n") + 1
	lines = slices.Grow(lines, n)
	starts := make([]int, 0, n)
	for i := 0; i <= len(s); {
		starts = append(starts, i)
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			j = len(s)
		} else {
			j += i
		}
		a, b := document.SpaceBounds(s[i:j])
		l := line{start: i, end: j, text: i + a, textEnd: i + b}
		t := s[l.text:l.textEnd]
		switch {
		case t == "":
			if tabs := strings.Count(s[i:j], "\t"); tabs > 0 {
				l.kind, l.seps = tabEmpty, tabs
			}
		case strings.IndexByte(t, '|') >= 0:
			l.kind = pipe
			l.seps = strings.Count(s[i:j], "|")
			l.multi = l.seps > 1 && strings.ContainsFunc(t, func(r rune) bool { return r != '|' && r != ' ' })
			l.rule = t[0] == '|' && strings.Count(t, "-") >= 3 && strings.Trim(t, "|-: ") == ""
		case strings.IndexByte(s[l.text:j], '\t') >= 0:
			// A tab after the line's first text: cells, empty ones at
			// the end included ("行政处罚\t\t\t"). Tabs only before it
			// indent a paragraph.
			l.kind = tab
			l.seps = strings.Count(s[i:j], "\t")
		default:
			l.kind = plain
		}
		if l.start < l.end || j < len(s) {
			lines = append(lines, l)
		}
		i = j + 1
	}
	return lines, starts
}

type parser struct {
	s      string
	lines  []line
	blocks []document.Block
	cells  []document.Cell // the table being read
}

// table reads the run of table lines that starts at line i and returns
// the line after it. Blank lines inside a run do not end it; a line of
// tabs and spaces belongs to a run of tab rows. A table has two rows at
// least.
func (p *parser) table(i int) int {
	k := p.lines[i].kind
	last := i
	for j := i + 1; j < len(p.lines); j++ {
		switch p.lines[j].kind {
		case k:
			last = j
			continue
		case tabEmpty:
			if k == tab {
				last = j
			}
			continue
		case empty:
			continue
		}
		break
	}
	run := p.lines[i : last+1]
	if rows := countKind(run, k); rows < 2 {
		// One line with a '|' or a tab in it is a line of text (a web
		// page's footer "版权所有 | 备案号…", a report run together on
		// one line), not a table.
		for i := range run {
			l := &run[i]
			if l.kind == k {
				p.plain(l)
			}
		}
		return last + 1
	}
	layout := nianbao.LayoutTabs
	if k == pipe {
		layout = pipeLayout(run)
	}
	// A cell at most for each line of cell lines, and for each separator
	// and line of rows: one array.
	n := len(run)
	if layout != nianbao.LayoutCellLines {
		for i := range run {
			n += run[i].seps
		}
	}
	p.cells = make([]document.Cell, 0, n)
	row := 0
	for i := range run {
		l := &run[i]
		had := len(p.cells)
		switch {
		case l.kind == empty || l.kind == tabEmpty && k != tab:
			continue
		case layout == nianbao.LayoutCellLines:
			p.cellLine(l, row)
		case layout == nianbao.LayoutMarkdown && l.rule:
			continue
		default:
			p.split(l, row, layout)
		}
		if len(p.cells) > had {
			row++
		}
	}
	if len(p.cells) > 0 {
		p.blocks = append(p.blocks, document.Block{Kind: document.Table, Layout: layout,
			Start: run[0].start, End: run[len(run)-1].end, Cells: p.cells})
	}
	p.cells = nil
	return last + 1
}

func countKind(run []line, k kind) int {
	n := 0
	for i := range run {
		if run[i].kind == k {
			n++
		}
	}
	return n
}

// pipeLayout tells how a run of lines holding '|' lays out its cells: as
// rows when most of its lines have cells on both sides of a '|', Markdown
// rows when a rule sits under the header, one cell per line otherwise.
func pipeLayout(run []line) nianbao.Layout {
	lines, multi, rule := 0, 0, false
	for i := range run {
		l := &run[i]
		if l.kind == pipe {
			lines++
			if l.multi {
				multi++
			}
			rule = rule || l.rule
		}
	}
	switch {
	case multi*4 <= lines:
		return nianbao.LayoutCellLines
	case rule:
		return nianbao.LayoutMarkdown
	}
	return nianbao.LayoutPipeRows
}

// split adds the cells of a row line: the text between its separators. In
// pipe rows, what follows the closing '|' is no cell, and in Markdown
// neither is what precedes the opening one; a line that starts with '|' in
// plain pipe rows starts with a blank cell. Tab rows keep every cell.
func (p *parser) split(l *line, row int, layout nianbao.Layout) {
	sep := byte('|')
	if layout == nianbao.LayoutTabs {
		sep = '\t'
	}
	for col, at := 0, l.start; at <= l.end; col++ {
		end := l.end
		last := true
		if k := strings.IndexByte(p.s[at:l.end], sep); k >= 0 {
			end, last = at+k, false
		}
		i, j := document.SpaceBounds(p.s[at:end])
		blank := i == j
		if !(blank && sep == '|' && (last || col == 0 && layout == nianbao.LayoutMarkdown)) {
			p.cells = append(p.cells, document.Cell{Row: row, Col: col, RowSpan: 1, ColSpan: 1, Start: at + i, End: at + j})
		}
		at = end + 1
	}
}

// cellLine adds the cell of a line in the layout of one cell per line: its
// text before the closing '|'. A line of nothing but '|' is what a row
// prints for the grid positions merged cells cover: no cells.
func (p *parser) cellLine(l *line, row int) {
	if allPipes(p.s[l.start:l.end]) {
		return
	}
	at := l.text
	text := strings.TrimSuffix(p.s[at:l.textEnd], "|")
	ti, tj := document.SpaceBounds(text)
	p.cells = append(p.cells, document.Cell{Row: row, RowSpan: 1, ColSpan: 1, Start: at + ti, End: at + tj})
}

// allPipes reports whether s is nothing but '|'.
func allPipes(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '|' {
			return false
		}
	}
	return true
}

// plain adds a line that is no table row: a line of text set in columns by
// runs of spaces becomes a positioned line of its segments, any other a
// paragraph.
func (p *parser) plain(l *line) {
	start, end := l.text, l.textEnd
	if start == end {
		return
	}
	block := document.Block{Kind: document.Paragraph, Start: start, End: end}
	if strings.Contains(p.s[start:end], "  ") {
		if segs := p.segments(l.start, start, end); len(segs) > 1 {
			block.Kind, block.Layout, block.Segments = document.Line, nianbao.LayoutColumns, segs
		}
	}
	p.blocks = append(p.blocks, block)
}

// segments splits text[start:end], on the line starting at lineStart, at
// runs of two or more spaces.
func (p *parser) segments(lineStart, start, end int) []document.Segment {
	var segs []document.Segment
	col := document.DisplayWidth(p.s[lineStart:start])
	for at := start; at < end; {
		segEnd := end
		if k := strings.Index(p.s[at:end], "  "); k >= 0 {
			segEnd = at + k
		}
		segs = append(segs, document.Segment{Col: col, Start: at, End: segEnd})
		col += document.DisplayWidth(p.s[at:segEnd])
		next := segEnd
		for next < end && p.s[next] == ' ' {
			next++
		}
		col += next - segEnd
		at = next
	}
	return segs
}
