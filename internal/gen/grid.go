package gen

import (
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// The renderers of grid formats (HTML, DOCX, XLSX) make choices of their
// own — where Word split a run, which number a clerk typed as text — that
// New does not draw, so that adding them changed no existing sample. They
// draw them from a generator seeded by the sample itself: the same sample
// always renders to the same bytes.
func (s *Sample) renderRNG(format string) *rand.Rand {
	h := fnv.New64a()
	r := s.Report
	h.Write([]byte(format + "|" + r.Agency + "|" + string(r.Template) + "|" + r.PublishedOn))
	for _, row := range r.Requests {
		for _, n := range row {
			h.Write([]byte(n.String() + ","))
		}
	}
	for _, g := range r.Review {
		for _, n := range g {
			h.Write([]byte(n.String() + ","))
		}
	}
	return rand.New(rand.NewPCG(h.Sum64(), uint64(r.Year)))
}

// placed is a table cell with its grid position.
type placed struct {
	cell
	row, col int
}

// placedCells returns the table's cells with their grid positions, and for
// every grid position the cell covering it (nil where none does).
func (t *table) placedCells() ([]placed, [][]*placed) {
	pos := t.grid()
	var cells []placed
	for r, row := range t.rows {
		for i, cl := range row {
			cells = append(cells, placed{cell: cl, row: r, col: pos[r][i]})
		}
	}
	at := make([][]*placed, len(t.rows))
	for r := range at {
		at[r] = make([]*placed, t.ncols)
	}
	for i := range cells {
		c := &cells[i]
		for r := c.row; r < c.row+c.rowspan; r++ {
			for k := c.col; k < c.col+c.colspan; k++ {
				at[r][k] = c
			}
		}
	}
	return cells, at
}

// splitRunes cuts s into pieces at random rune boundaries, as Word cuts a
// paragraph into runs (a change of font, a spell-check mark, an edit);
// pieces are never empty. At most n pieces.
func splitRunes(rng *rand.Rand, s string, n int) []string {
	k := utf8.RuneCountInString(s)
	if k < 2 || n < 2 {
		return []string{s}
	}
	cuts := map[int]bool{}
	for range rng.IntN(n) {
		cuts[1+rng.IntN(k-1)] = true
	}
	var out []string
	var b strings.Builder
	i := 0
	for _, r := range s {
		if cuts[i] && b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
		b.WriteRune(r)
		i++
	}
	return append(out, b.String())
}

// splitLabel cuts a label in two at a random rune boundary inside it, as
// a label wraps over two paragraphs of a cell.
func splitLabel(rng *rand.Rand, s string) (string, string) {
	rs := []rune(s)
	if len(rs) < 4 {
		return s, ""
	}
	k := 2 + rng.IntN(len(rs)-3)
	return string(rs[:k]), string(rs[k:])
}
