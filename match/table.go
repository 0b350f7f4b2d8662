package match

import (
	"strings"
	"sync"

	"nianbao"
)

// tableReader reads one table's rows of cells from the document.
type tableReader struct {
	text   string
	ix     *docIndex
	end    int // where the table's region ends
	style  style
	layout nianbao.Layout // of the blocks the table is in (tableStyle)
	squash bool           // free style with digits run together: split by arithmetic
	// arena holds the cells of every zone read from a grid, each zone's
	// after the last's: a table's cells take one allocation, from
	// tokenPool (pooled) until release gives it back.
	arena  []token
	pooled *[]token
}

// tokenPool keeps the arenas of grid tables' cells: a batch reads report
// after report, and the arenas are among the largest things a reading
// allocates.
var tokenPool = sync.Pool{New: func() any { return new([]token) }}

// newTableReader reads the table whose region ends at end and whose
// labels start at the offsets labels.
func newTableReader(text string, end int, ix *docIndex, labels []int) *tableReader {
	tr := &tableReader{text: text, ix: ix, end: end}
	tr.style, tr.layout = ix.tableStyle(labels, end)
	if tr.style != styleFree && len(labels) > 0 {
		tr.pooled = tokenPool.Get().(*[]token)
		if n := ix.cellsIn(labels[0], end); cap(*tr.pooled) < n {
			*tr.pooled = make([]token, 0, n)
		}
		tr.arena = (*tr.pooled)[:0]
	}
	return tr
}

// release gives the arena back once the table is read: no token outlives
// the reading of its table (the report keeps copies of what it needs).
// The tokens are cleared so that the pool holds on to no report's text.
func (tr *tableReader) release() {
	if tr.pooled == nil {
		return
	}
	clear(tr.arena)
	*tr.pooled = tr.arena[:0]
	tokenPool.Put(tr.pooled)
	tr.pooled, tr.arena = nil, nil
}

// zoneTokens reads the cells between a label's end and the next label.
func (tr *tableReader) zoneTokens(start, end int) []token {
	if tr.style != styleFree {
		free := tr.arena[len(tr.arena):]
		toks := gridTokens(tr.text, start, end, tr.style, tr.ix, free)
		if len(toks) <= cap(free) { // in the arena, not moved out by append
			tr.arena = tr.arena[:len(tr.arena)+len(toks)]
		}
		return toks[:len(toks):len(toks)]
	}
	toks := freeTokens(tr.text, start, end, tr.ix)
	if end == tr.end && len(toks) > 0 && toks[len(toks)-1].empty && !strings.Contains(tr.text[start:end], "\n") {
		// A report squashed onto one line keeps the U+00A0 that scrapers
		// print on a line of its own after each table: it ends the table,
		// it is not a cell.
		toks = toks[:len(toks)-1]
	}
	return toks
}

// fileLayout names how the file laid the table out: the layout of the
// table it was read from, or for text read as such, the positioned lines
// it stood on unless its digits run together.
func (tr *tableReader) fileLayout() nianbao.Layout {
	if tr.style == styleFree && (tr.squash || tr.layout == "") {
		return nianbao.LayoutSquashed
	}
	return tr.layout
}

func (tr *tableReader) splittable(t token) bool {
	return tr.squash && isRun(t.raw)
}

// fit turns a row's tokens into its candidate readings of n cells. In
// squashed text digit runs are cut where ok allows; in grids, empty cells
// at the ends may be fillers of merged cells. overflow says the row had too
// many readings to list.
func (tr *tableReader) fit(toks []token, n int, ok check) (cands [][]token, overflow bool) {
	if tr.squash {
		// A U+00A0 after the last digits may be a blank cell or the page
		// spacing that follows a table: keep the readings of both.
		toks = trimFillers(toks, n)
		for {
			c, over := readings(toks, n, tr.splittable, ok)
			cands = append(cands, c...)
			if over {
				return nil, true
			}
			if len(toks) == 0 || !toks[len(toks)-1].empty {
				return cands, false
			}
			toks = toks[:len(toks)-1]
		}
	}
	return windows(toks, n), false
}

// windows returns the ways to read a grid row's cells as n cells by leaving
// out empty cells at its ends, which merged cells leave behind as fillers.
// Most rows have one; a row with blank cells at both ends has several, and
// the columns of the table's other rows choose (alignWindows).
func windows(toks []token, n int) [][]token {
	var out [][]token
	for s := 0; s+n <= len(toks); s++ {
		if allEmpty(toks[:s]) && allEmpty(toks[s+n:]) {
			out = append(out, toks[s:s+n])
		}
	}
	return out
}

func allEmpty(toks []token) bool {
	for _, t := range toks {
		if !t.empty {
			return false
		}
	}
	return true
}

// trimFillers drops empty cells from the ends of a row that has more cells
// than the table has columns: merged cells leave such fillers, at the end in
// most scrapes and at the start in some (a label spanning two columns).
func trimFillers(toks []token, n int) []token {
	for len(toks) > n && toks[len(toks)-1].empty {
		toks = toks[:len(toks)-1]
	}
	for len(toks) > n && toks[0].empty {
		toks = toks[1:]
	}
	return toks
}
