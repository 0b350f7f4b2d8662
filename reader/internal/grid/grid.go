// Package grid holds what the HTML and DOCX readers share: the content of a
// page as blocks (paragraphs and tables), the decision whether a table holds
// data or only lays out the page around other tables, the placing of a data
// table's cells on its grid, and the writing of the blocks into a document.
package grid

import (
	"strings"
	"unicode/utf8"

	"nianbao"
	"nianbao/document"
	"nianbao/reader/internal/limit"
)

// Block is a paragraph (Table == nil) or a data table.
type Block struct {
	Text   string
	Offset int     // where the paragraph starts in the source
	Table  []Entry // a data table's cells, row by row
}

// Entry is a cell of a data table, placed on its grid.
type Entry struct {
	Row, Col         int // 0-based grid position of the cell's top-left corner
	RowSpan, ColSpan int
	Text             string
	Offset           int // where the cell starts in the source
}

// Cell is a table cell as a reader found it: where it starts in the grid,
// how far it spans, and what it holds.
type Cell struct {
	Row, Col         int     // 0-based grid position of the cell's first position
	RowSpan, ColSpan int     // at least 1
	Offset           int     // where the cell starts in the source
	Blocks           []Block // the cell's paragraphs and nested tables, in order
}

// MaxArea bounds the grid positions of one table: past it, spans are taken
// as 1, so that a hostile colspan × rowspan cannot exhaust memory.
const MaxArea = 1 << 18

// layoutText is how long a cell's text may be and still be a cell of a data
// table: the template's longest label is under 50 characters; a cell holding
// paragraphs of prose is part of a page's layout.
const layoutText = 300

// Resolve turns a table's cells into blocks. A table that holds other
// tables, has a single column, or has at most three and holds prose in a
// cell (a page's sidebar and body) lays out the page:
// its cells' paragraphs and tables come out in reading order. Any other
// table is data: one row per grid row, listing the cells that start in it
// in column order with its spans, each with its paragraphs joined without a
// separator (Word wraps a label over several paragraphs, and splits one
// number's digits over several runs). The positions a merged cell covers,
// and those no cell takes, are not cells and are left out.
//
// Resolve charges a layout table and its cells, or a data table's grid
// positions, to bud (Build charges a data table and its cells as it writes
// them): each layout table copies the blocks of the cells below it, and
// each data table takes its grid, so that a page's cost grows with how
// deep its tables nest and how big they are, which the budget bounds.
func Resolve(bud *limit.Budget, cells []Cell, nrows, ncols int) []Block {
	layout := ncols <= 1
	for _, c := range cells {
		if layout {
			break
		}
		n := 0
		for _, b := range c.Blocks {
			if b.Table != nil {
				layout = true
				break
			}
			if ncols <= 3 { // prose only counts in narrow tables
				n += utf8.RuneCountInString(b.Text)
			}
		}
		if n > layoutText {
			layout = true
		}
	}
	if layout || nrows == 0 {
		n := 0
		for _, c := range cells {
			n += len(c.Blocks)
		}
		bud.Table()
		bud.Cells(len(cells))
		bud.Step(n)
		out := make([]Block, 0, n)
		for _, c := range cells {
			out = append(out, c.Blocks...)
		}
		return out
	}
	if nrows*ncols > MaxArea {
		// Only hostile input gets here: keep the cells, drop the spans.
		return flat(cells)
	}
	// owner holds, for each grid position, 1 + the index of the last cell
	// whose area takes it: a cell that a later one's span covers is lost,
	// as a browser draws the later one over it.
	bud.Cells(nrows * ncols)
	owner := make([]int32, nrows*ncols)
	for i, c := range cells {
		if c.Row >= nrows || c.Col >= ncols {
			continue
		}
		for r := c.Row; r < min(c.Row+c.RowSpan, nrows); r++ {
			for k := c.Col; k < min(c.Col+c.ColSpan, ncols); k++ {
				owner[r*ncols+k] = int32(i + 1)
			}
		}
	}
	// Row by row, the cells that start in each row; the positions they
	// cover are not cells and are left out.
	kept := make([]Entry, 0, len(cells))
	for r := range nrows {
		for k, o := range owner[r*ncols : (r+1)*ncols] {
			if o == 0 {
				continue
			}
			if c := &cells[o-1]; c.Row == r && c.Col == k {
				kept = append(kept, Entry{Row: r, Col: k, RowSpan: min(c.RowSpan, nrows-r), ColSpan: min(c.ColSpan, ncols-k),
					Text: cellText(c.Blocks), Offset: c.Offset})
			}
		}
	}
	return []Block{{Table: kept}}
}

// flat lays cells out one per position, row by row, without spans.
func flat(cells []Cell) []Block {
	byRow := map[int][]Entry{}
	maxRow := 0
	for _, c := range cells {
		byRow[c.Row] = append(byRow[c.Row], Entry{Row: c.Row, Col: c.Col, RowSpan: 1, ColSpan: 1, Text: cellText(c.Blocks), Offset: c.Offset})
		maxRow = max(maxRow, c.Row)
	}
	kept := make([]Entry, 0, len(cells))
	for r := 0; r <= maxRow; r++ {
		kept = append(kept, byRow[r]...)
	}
	return []Block{{Table: kept}}
}

// cellText joins a data cell's paragraphs without a separator.
func cellText(bs []Block) string {
	if len(bs) == 1 {
		return bs[0].Text
	}
	n := 0
	for _, x := range bs {
		n += len(x.Text)
	}
	var b strings.Builder
	b.Grow(n)
	for _, x := range bs {
		b.WriteString(x.Text)
	}
	return b.String()
}

// Build writes the blocks into a document, numbering the data tables from 1
// in reading order. Both of the readers that share it read table markup.
func Build(bud *limit.Budget, blocks []Block) *document.Document {
	b := document.Builder{Meter: bud}
	text, cells := 0, 0
	for _, bl := range blocks {
		text += len(bl.Text) + 1
		for _, c := range bl.Table {
			text += len(c.Text) + 3 // and " | "
		}
		cells += len(bl.Table)
	}
	b.Grow(text, len(blocks), cells)
	k := 0
	for _, bl := range blocks {
		if bl.Table == nil {
			b.Para(bl.Text, nianbao.Pos{Offset: bl.Offset})
			continue
		}
		k++
		b.Table(nianbao.LayoutTable)
		for _, c := range bl.Table {
			b.Cell(c.Row, c.Col, c.RowSpan, c.ColSpan, c.Text, nianbao.Pos{Offset: c.Offset, Table: k, Row: c.Row + 1, Col: c.Col + 1})
		}
	}
	return b.Document()
}

// HasText reports whether any block holds text.
func HasText(blocks []Block) bool {
	for _, bl := range blocks {
		if bl.Table == nil && strings.TrimSpace(bl.Text) != "" {
			return true
		}
		for _, c := range bl.Table {
			if strings.TrimSpace(c.Text) != "" {
				return true
			}
		}
	}
	return false
}
