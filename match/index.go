package match

import (
	"slices"
	"sort"

	"nianbao"
	"nianbao/document"
)

// docIndex finds what the document holds at a byte offset of its text:
// the line, the block and the table cell, and the source position.
type docIndex struct {
	doc    *document.Document
	starts []int // byte offset of each line's first byte
	cursor *document.Cursor
	last   int // the block blocksFrom found last
}

func newDocIndex(doc *document.Document) *docIndex {
	return &docIndex{doc: doc, starts: doc.Lines(), cursor: doc.Cursor()}
}

// line returns the 0-based line of byte offset off.
func (ix *docIndex) line(off int) int {
	i, _ := slices.BinarySearch(ix.starts, off+1)
	return i - 1
}

// col returns the display column of byte offset off within its line: CJK
// and full-width characters take two columns, as in column-aligned text.
func (ix *docIndex) col(text string, off int) int {
	c := 0
	for _, r := range text[ix.starts[ix.line(off)]:off] {
		c += document.RuneWidth(r)
	}
	return c
}

// pos returns the provenance position of byte offset off: its place in the
// source file. Cells are mostly asked for in reading order, and the
// document's cursor looks on from the last one.
func (ix *docIndex) pos(off int) nianbao.Pos { return ix.cursor.Pos(off) }

// block returns the index of the block whose text holds byte off, or -1
// when off falls between blocks.
func (ix *docIndex) block(off int) int {
	if i := ix.blocksFrom(off); i < len(ix.doc.Blocks) && ix.doc.Blocks[i].Start <= off {
		return i
	}
	return -1
}

// blocksFrom returns the index of the first block that ends after off.
// Zones are read mostly in order: it looks at the block found last and the
// next one before searching.
func (ix *docIndex) blocksFrom(off int) int {
	bs := ix.doc.Blocks
	for i := ix.last; i < min(ix.last+2, len(bs)); i++ {
		if bs[i].End > off && (i == 0 || bs[i-1].End <= off) {
			ix.last = i
			return i
		}
	}
	i := sort.Search(len(bs), func(i int) bool { return bs[i].End > off })
	ix.last = min(i, max(len(bs)-1, 0))
	return i
}
