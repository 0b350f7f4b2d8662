package pdf

import (
	"math"
	"sort"

	"nianbao"
	"nianbao/document"
)

// Ruled tables: the ruling lines of a page joined into grids, merged
// cells found where a rule is missing, and each grid written as a table
// of the cells whose glyphs it holds.

const (
	ruleTol = 2.5 // points: rules this close are one rule, ends this close meet
)

// table is a grid found on a page.
type table struct {
	xs, ys []float64 // column and row boundaries
	cells  []*cell
	texts  []string // each cell's text, in reading order
	owner  [][]int  // grid position → index in cells
	// Rule presence: vEdge[r][c] is the rule at xs[c] along row r,
	// hEdge[r][c] the rule at ys[r] along column c.
	vEdge, hEdge [][]bool
}

type cell struct {
	r0, c0, r1, c1 int // grid positions covered, inclusive
	glyphs         []textGlyph
}

func (t *table) box() (float64, float64, float64, float64) {
	return t.xs[0], t.ys[0], t.xs[len(t.xs)-1], t.ys[len(t.ys)-1]
}

func (t *table) area() float64 {
	x0, y0, x1, y1 := t.box()
	return (x1 - x0) * (y1 - y0)
}

// rulesOnPage clips the ruling lines to the page, dropping those off it.
func rulesOnPage(pc *pageContent) []seg {
	out := pc.rules[:0:0]
	for _, r := range pc.rules {
		r.x0, r.x1 = math.Max(r.x0, 0), math.Min(r.x1, pc.width)
		r.y0, r.y1 = math.Max(r.y0, 0), math.Min(r.y1, pc.height)
		if r.x0 <= r.x1 && r.y0 <= r.y1 {
			out = append(out, r)
		}
	}
	return out
}

// findTables groups the rules into connected sets and makes a grid of each
// set that has both horizontal and vertical rules.
func findTables(rules []seg) []*table {
	hs, vs := mergeRules(rules)
	if len(hs) == 0 || len(vs) == 0 || len(hs)*len(vs) > 4<<20 {
		return nil
	}
	n := len(hs) + len(vs)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, h := range hs {
		for j, v := range vs {
			if v.x0 >= h.x0-ruleTol && v.x0 <= h.x1+ruleTol && h.y0 >= v.y0-ruleTol && h.y0 <= v.y1+ruleTol {
				a, b := find(i), find(len(hs)+j)
				if a != b {
					parent[a] = b
				}
			}
		}
	}
	groups := map[int][]int{}
	var order []int
	for i := range n {
		r := find(i)
		if _, ok := groups[r]; !ok {
			order = append(order, r)
		}
		groups[r] = append(groups[r], i)
	}
	var out []*table
	for _, r := range order {
		var gh, gv []seg
		for _, i := range groups[r] {
			if i < len(hs) {
				gh = append(gh, hs[i])
			} else {
				gv = append(gv, vs[i-len(hs)])
			}
		}
		if len(gh) < 2 || len(gv) < 1 {
			continue
		}
		if t := makeTable(gh, gv); t != nil {
			out = append(out, t)
		}
	}
	return out
}

// mergeRules joins collinear rules that touch or overlap: rules within
// 1.5 points of each other across their length are on one line.
func mergeRules(rules []seg) (hs, vs []seg) {
	for _, r := range rules {
		if r.horizontal() {
			hs = append(hs, r)
		} else {
			// Store vertical rules transposed, to merge both alike.
			vs = append(vs, seg{r.y0, r.x0, r.y1, r.x1})
		}
	}
	merge := func(ss []seg) []seg {
		// ss holds rules along x at height y0.
		sort.Slice(ss, func(i, j int) bool { return ss[i].y0 < ss[j].y0 })
		var out []seg
		for i := 0; i < len(ss); {
			j := i + 1
			for j < len(ss) && ss[j].y0-ss[j-1].y0 <= 1.5 {
				j++
			}
			line := ss[i:j]
			y := 0.0
			for _, s := range line {
				y += s.y0
			}
			y /= float64(len(line))
			sort.Slice(line, func(a, b int) bool { return line[a].x0 < line[b].x0 })
			start := len(out)
			for _, s := range line {
				if k := len(out) - 1; k >= start && s.x0 <= out[k].x1+ruleTol {
					out[k].x1 = math.Max(out[k].x1, s.x1)
					continue
				}
				out = append(out, seg{s.x0, y, s.x1, y})
			}
			i = j
		}
		return out
	}
	mv := merge(vs)
	vs = make([]seg, len(mv))
	for i, v := range mv {
		vs[i] = seg{v.y0, v.x0, v.y1, v.x1}
	}
	return merge(hs), vs
}

// cluster returns the distinct positions among vals: values within tol of
// the previous one belong to the same position, placed at their mean.
func cluster(vals []float64, tol float64) []float64 {
	sort.Float64s(vals)
	var out []float64
	sum, n := 0.0, 0
	for i, v := range vals {
		if i > 0 && v-vals[i-1] > tol {
			out = append(out, sum/float64(n))
			sum, n = 0, 0
		}
		sum += v
		n++
	}
	if n > 0 {
		out = append(out, sum/float64(n))
	}
	return out
}

func nearest(xs []float64, v float64) int {
	best, dist := -1, math.Inf(1)
	for i, x := range xs {
		if d := math.Abs(x - v); d < dist {
			best, dist = i, d
		}
	}
	return best
}

func makeTable(hs, vs []seg) *table {
	var xv, yv []float64
	for _, v := range vs {
		xv = append(xv, v.x0)
		yv = append(yv, v.y0, v.y1)
	}
	for _, h := range hs {
		yv = append(yv, h.y0)
		xv = append(xv, h.x0, h.x1)
	}
	// Boundaries closer than a narrow character are one: double rules,
	// borders drawn per cell a little apart.
	t := &table{xs: cluster(xv, 4), ys: cluster(yv, 4)}
	nr, nc := len(t.ys)-1, len(t.xs)-1
	if nr < 1 || nc < 1 || nr*nc > 1<<16 {
		return nil
	}
	t.vEdge = make([][]bool, nr)
	for r := range nr {
		t.vEdge[r] = make([]bool, nc+1)
	}
	t.hEdge = make([][]bool, nr+1)
	for r := range nr + 1 {
		t.hEdge[r] = make([]bool, nc)
	}
	// A rule marks the boundaries it runs along over at least half their
	// length.
	for _, v := range vs {
		c := nearest(t.xs, v.x0)
		for r := range nr {
			a, b := t.ys[r], t.ys[r+1]
			if math.Min(b, v.y1)-math.Max(a, v.y0) >= (b-a)/2 {
				t.vEdge[r][c] = true
			}
		}
	}
	for _, h := range hs {
		r := nearest(t.ys, h.y0)
		for c := range nc {
			a, b := t.xs[c], t.xs[c+1]
			if math.Min(b, h.x1)-math.Max(a, h.x0) >= (b-a)/2 {
				t.hEdge[r][c] = true
			}
		}
	}
	t.owner = make([][]int, nr)
	for r := range nr {
		t.owner[r] = make([]int, nc)
		for c := range nc {
			t.owner[r][c] = -1
		}
	}
	for r := range nr {
		for c := range nc {
			if t.owner[r][c] >= 0 {
				continue
			}
			c1 := c
			for c1+1 < nc && !t.vEdge[r][c1+1] && t.owner[r][c1+1] < 0 {
				c1++
			}
			r1 := r
		grow:
			for r1+1 < nr {
				for cc := c; cc <= c1; cc++ {
					if t.hEdge[r1+1][cc] || t.owner[r1+1][cc] >= 0 {
						break grow
					}
				}
				r1++
			}
			id := len(t.cells)
			t.cells = append(t.cells, &cell{r0: r, c0: c, r1: r1, c1: c1})
			for rr := r; rr <= r1; rr++ {
				for cc := c; cc <= c1; cc++ {
					t.owner[rr][cc] = id
				}
			}
		}
	}
	return t
}

// cellAt returns the cell under a point, or nil outside the table.
func (t *table) cellAt(x, y float64) *cell {
	if i := t.cellIndexAt(x, y); i >= 0 {
		return t.cells[i]
	}
	return nil
}

// cellIndexAt returns the index of the cell under a point, or -1 outside
// the table.
func (t *table) cellIndexAt(x, y float64) int {
	x0, y0, x1, y1 := t.box()
	if x < x0 || x > x1 || y < y0 || y > y1 {
		return -1
	}
	c := sort.SearchFloat64s(t.xs, x) - 1
	r := sort.SearchFloat64s(t.ys, y) - 1
	c = max(0, min(c, len(t.xs)-2))
	r = max(0, min(r, len(t.ys)-2))
	return t.owner[r][c]
}

func (t *table) cellBox(c *cell) *[4]float64 {
	return &[4]float64{round2(t.xs[c.c0]), round2(t.ys[c.r0]), round2(t.xs[c.c1+1]), round2(t.ys[c.r1+1])}
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// writeTable writes a ruled table, row by row: each cell once, where it
// starts, with the rows and columns it spans. Rows where no cell starts
// with text in it are left out: they are the rules' own rows, or spacing.
func writeTable(b *document.Builder, t *table, page int) {
	nr, nc := len(t.ys)-1, len(t.xs)-1
	texts := t.texts
	b.Table(nianbao.LayoutRuled)
	for r := range nr {
		any := false
		for c := range nc {
			if cl := t.cells[t.owner[r][c]]; cl.r0 == r && cl.c0 == c && texts[t.owner[r][c]] != "" {
				any = true
				break
			}
		}
		if !any {
			continue
		}
		for c := range nc {
			id := t.owner[r][c]
			if cl := t.cells[id]; cl.r0 == r && cl.c0 == c {
				b.Cell(r, c, cl.r1-cl.r0+1, cl.c1-cl.c0+1, texts[id], nianbao.Pos{Page: page, Box: t.cellBox(cl)})
			}
		}
	}
}

// cellText joins a cell's glyphs in reading order: lines top to bottom,
// vertical text in columns right to left, each top to bottom.
func cellText(gs []textGlyph) string {
	if len(gs) == 0 {
		return ""
	}
	vert := 0
	for _, g := range gs {
		if g.vertical || g.rotated {
			vert++
		}
	}
	var parts []string
	if vert*2 > len(gs) {
		for _, col := range groupColumns(gs) {
			parts = append(parts, lineText(col, false))
		}
	} else {
		for _, l := range groupLines(gs) {
			parts = append(parts, lineText(l.glyphs, true))
		}
	}
	return joinLines(parts)
}
