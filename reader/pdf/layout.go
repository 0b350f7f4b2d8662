package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"nianbao"
	"nianbao/document"
)

// Layout: the glyphs and ruling lines of each page become tables (grids
// rebuilt from the rules, merged cells found where a rule is missing) and
// lines of text, in reading order from the top of the page.

const (
	ruleTol = 2.5 // points: rules this close are one rule, ends this close meet
)

// table is a grid found on a page.
type table struct {
	xs, ys []float64 // column and row boundaries
	cells  []*cell
	owner  [][]int // grid position → index in cells
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

// block is a table or a line of text outside tables, placed for reading
// order.
type block struct {
	top, left float64
	tab       *table
	line      *textLine
}

type textLine struct {
	glyphs         []textGlyph
	x0, y0, x1, y1 float64
}

// layoutDocument builds the document from the pages.
func layoutDocument(pages []*pageContent) *document.Document {
	var b document.Builder
	for i, pc := range pages {
		layoutPage(&b, pc, i+1)
	}
	return b.Document()
}

// layoutPage writes one page.
func layoutPage(b *document.Builder, pc *pageContent, page int) {
	glyphs := dedupe(onPage(pc))
	// A glyph belongs to the innermost table around it: a box drawn
	// around the page or around a table does not take the table's text.
	var tables []*table
	for _, t := range findTables(rulesOnPage(pc)) {
		if len(t.cells) > 1 {
			tables = append(tables, t)
		}
	}
	sort.SliceStable(tables, func(i, j int) bool { return tables[i].area() < tables[j].area() })
	var free []textGlyph
	for _, g := range glyphs {
		cx, cy := (g.x0+g.x1)/2, (g.y0+g.y1)/2
		placed := false
		for _, t := range tables {
			if c := t.cellAt(cx, cy); c != nil {
				c.glyphs = append(c.glyphs, g)
				placed = true
				break
			}
		}
		if !placed {
			free = append(free, g)
		}
	}
	var blocks []block
	for _, t := range tables {
		x0, y0, _, _ := t.box()
		blocks = append(blocks, block{top: y0, left: x0, tab: t})
	}
	// Vertical text outside tables reads as columns of its own.
	var horiz, vert []textGlyph
	for _, g := range free {
		if g.vertical || g.rotated {
			vert = append(vert, g)
		} else {
			horiz = append(horiz, g)
		}
	}
	for _, col := range groupColumns(vert) {
		bx := boxOf(col)
		blocks = append(blocks, block{top: bx[1], left: bx[0], line: &textLine{glyphs: col, x0: bx[0], y0: bx[1], x1: bx[2], y1: bx[3]}})
	}
	lines := groupLines(horiz)
	var tabular []textGlyph
	for _, l := range lines {
		blocks = append(blocks, block{top: l.y0, left: l.x0, line: l})
		if len(segments(l)) > 1 {
			tabular = append(tabular, l.glyphs...)
		}
	}
	sort.SliceStable(blocks, func(i, j int) bool {
		if blocks[i].top != blocks[j].top {
			return blocks[i].top < blocks[j].top
		}
		return blocks[i].left < blocks[j].left
	})
	// Display columns follow the type size of the lines that look like
	// table rows, so that their columns stay apart.
	unit := columnUnit(tabular)
	if len(tabular) == 0 {
		unit = columnUnit(glyphs)
	}
	for _, bl := range blocks {
		if bl.tab != nil {
			writeTable(b, bl.tab, page)
			continue
		}
		writeLine(b, bl.line, page, unit)
	}
}

// onPage keeps the glyphs whose middle lies on the page: text placed
// outside it is not shown.
func onPage(pc *pageContent) []textGlyph {
	out := pc.glyphs[:0:0]
	for _, g := range pc.glyphs {
		cx, cy := (g.x0+g.x1)/2, (g.y0+g.y1)/2
		if cx >= -1 && cx <= pc.width+1 && cy >= -1 && cy <= pc.height+1 {
			out = append(out, g)
		}
	}
	return out
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

// dedupe drops glyphs drawn twice at (almost) the same place, as writers
// fake bold type by overprinting.
func dedupe(gs []textGlyph) []textGlyph {
	type key struct {
		s    string
		x, y int32
	}
	seen := make(map[key][]int, len(gs))
	out := gs[:0:0]
	for _, g := range gs {
		q := math.Max(g.size*0.5, 0.5)
		cx, cy := (g.x0+g.x1)/2, (g.y0+g.y1)/2
		kx, ky := int32(math.Floor(cx/q)), int32(math.Floor(cy/q))
		dup := false
		for dx := int32(-1); dx <= 1 && !dup; dx++ {
			for dy := int32(-1); dy <= 1 && !dup; dy++ {
				for _, i := range seen[key{g.s, kx + dx, ky + dy}] {
					o := out[i]
					if math.Abs((o.x0+o.x1)/2-cx) < 0.15*g.size && math.Abs((o.y0+o.y1)/2-cy) < 0.15*g.size {
						dup = true
						break
					}
				}
			}
		}
		if dup {
			continue
		}
		k := key{g.s, kx, ky}
		seen[k] = append(seen[k], len(out))
		out = append(out, g)
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
	x0, y0, x1, y1 := t.box()
	if x < x0 || x > x1 || y < y0 || y > y1 {
		return nil
	}
	c := sort.SearchFloat64s(t.xs, x) - 1
	r := sort.SearchFloat64s(t.ys, y) - 1
	c = max(0, min(c, len(t.xs)-2))
	r = max(0, min(r, len(t.ys)-2))
	return t.cells[t.owner[r][c]]
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
	texts := make([]string, len(t.cells))
	for i, c := range t.cells {
		texts[i] = cellText(c.glyphs)
	}
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

// joinLines joins wrapped lines: Chinese text runs on without a space,
// words of Latin letters or digits keep one between them.
func joinLines(parts []string) string {
	var sb strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if sb.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(sb.String())
			first, _ := utf8.DecodeRuneInString(p)
			if last < 0x2E80 && first < 0x2E80 && !unicode.IsSpace(last) {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(p)
	}
	return sb.String()
}

// groupColumns groups vertical glyphs into columns, right to left, each
// read top to bottom.
func groupColumns(gs []textGlyph) [][]textGlyph {
	gs = append([]textGlyph(nil), gs...)
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].x0+gs[i].x1 > gs[j].x0+gs[j].x1 })
	var cols [][]textGlyph
	var cx0, cx1 []float64
	for _, g := range gs {
		cx := (g.x0 + g.x1) / 2
		k := -1
		for i := range cols {
			if cx >= cx0[i] && cx <= cx1[i] {
				k = i
				break
			}
		}
		if k < 0 {
			cols = append(cols, nil)
			cx0 = append(cx0, g.x0)
			cx1 = append(cx1, g.x1)
			k = len(cols) - 1
		}
		cols[k] = append(cols[k], g)
	}
	var out [][]textGlyph
	for _, c := range cols {
		sort.SliceStable(c, func(i, j int) bool {
			if c[i].rotated && c[j].rotated {
				return c[i].seq < c[j].seq
			}
			return c[i].y0 < c[j].y0
		})
		// A wide gap ends a column: what follows is other text.
		start := 0
		for i := 1; i < len(c); i++ {
			if !c[i].rotated && c[i].y0-c[i-1].y1 > 1.5*math.Max(c[i].size, 1) {
				out = append(out, c[start:i])
				start = i
			}
		}
		out = append(out, c[start:])
	}
	return out
}

// groupLines groups glyphs into lines, top to bottom; each line's glyphs
// are sorted left to right.
func groupLines(gs []textGlyph) []*textLine {
	if len(gs) == 0 {
		return nil
	}
	gs = append([]textGlyph(nil), gs...)
	sort.SliceStable(gs, func(i, j int) bool {
		ci, cj := gs[i].y0+gs[i].y1, gs[j].y0+gs[j].y1
		if ci != cj {
			return ci < cj
		}
		return gs[i].x0 < gs[j].x0
	})
	var lines []*textLine
	var cur *textLine
	for _, g := range gs {
		cy := (g.y0 + g.y1) / 2
		if cur != nil {
			// Same line: the glyph's middle lies within the line's band
			// and the line's middle within the glyph's.
			ly := (cur.y0 + cur.y1) / 2
			if cy >= cur.y0 && cy <= cur.y1 && ly >= g.y0 && ly <= g.y1 && !g.vertical && !g.rotated {
				cur.glyphs = append(cur.glyphs, g)
				cur.x0, cur.x1 = math.Min(cur.x0, g.x0), math.Max(cur.x1, g.x1)
				cur.y0, cur.y1 = math.Min(cur.y0, g.y0), math.Max(cur.y1, g.y1)
				continue
			}
		}
		cur = &textLine{glyphs: []textGlyph{g}, x0: g.x0, y0: g.y0, x1: g.x1, y1: g.y1}
		lines = append(lines, cur)
	}
	for _, l := range lines {
		sort.SliceStable(l.glyphs, func(i, j int) bool { return l.glyphs[i].x0 < l.glyphs[j].x0 })
	}
	return lines
}

// lineText joins a line's glyphs, with a space where the gap between two
// glyphs is wide (horizontal text only).
func lineText(gs []textGlyph, horizontal bool) string {
	var sb strings.Builder
	for i, g := range gs {
		if horizontal && i > 0 {
			prev := gs[i-1]
			size := math.Max(math.Min(prev.size, g.size), 1)
			gap := g.x0 - prev.x1
			// Chinese text set with letter-spacing or justified keeps
			// its characters together; elsewhere a gap is a space.
			last, _ := utf8.DecodeLastRuneInString(prev.s)
			first, _ := utf8.DecodeRuneInString(g.s)
			wide := document.RuneWidth(last) == 2 && document.RuneWidth(first) == 2
			// A space the writer drew counts where the glyphs do not
			// overlap it away.
			drawn := g.spaceBefore && g.seq == prev.seq+1 && gap > 0.1*size
			if drawn || !wide && gap > 0.3*size || wide && gap > size {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(glyphString(g.s))
	}
	return strings.TrimSpace(sb.String())
}

// glyphString cleans a glyph's text: Kangxi radicals and compatibility
// ideographs, which some fonts map their glyphs to, become the unified
// ideographs they look like; control characters go.
func glyphString(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r >= 0x2E80 && r <= 0x2FDF || r >= 0xF900 && r <= 0xFAFF || r == 0xFFFD || r >= 0x7F && r < 0xA0 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0xFFFD || r >= 0x7F && r < 0xA0:
			continue
		case r >= 0x2E80 && r <= 0x2FDF || r >= 0xF900 && r <= 0xFAFF:
			sb.WriteString(norm.NFKC.String(string(r)))
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// columnUnit is the width of one display column on the page: half the
// most common font size, as a CJK character takes two columns.
func columnUnit(gs []textGlyph) float64 {
	count := map[int]int{}
	best, bestN := 0, 0
	for _, g := range gs {
		k := int(math.Round(g.size * 2))
		count[k]++
		if count[k] > bestN {
			best, bestN = k, count[k]
		}
	}
	if best == 0 {
		return 5
	}
	return float64(best) / 4
}

// segments splits a line where the gap between glyphs is wider than one
// and a half characters, or than half a character beside a digit: the
// cells of a table without rules.
func segments(l *textLine) [][]textGlyph {
	var out [][]textGlyph
	start := 0
	for i := 1; i < len(l.glyphs); i++ {
		prev, g := l.glyphs[i-1], l.glyphs[i]
		size := math.Max(math.Max(prev.size, g.size), 1)
		gap := g.x0 - prev.x1
		if gap > 1.5*size || gap > 0.6*size && (isDigitText(prev.s) || isDigitText(g.s)) {
			out = append(out, l.glyphs[start:i])
			start = i
		}
	}
	return append(out, l.glyphs[start:])
}

func isDigitText(s string) bool { return len(s) == 1 && s[0] >= '0' && s[0] <= '9' }

func boxOf(gs []textGlyph) *[4]float64 {
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, g := range gs {
		x0, y0 = math.Min(x0, g.x0), math.Min(y0, g.y0)
		x1, y1 = math.Max(x1, g.x1), math.Max(y1, g.y1)
	}
	return &[4]float64{round2(x0), round2(y0), round2(x1), round2(y1)}
}

// writeLine writes a line of text outside tables: a paragraph line, or
// when it falls into cells separated by wide gaps, a line of segments at
// their display columns (column-aligned text, as tables without rules
// print).
func writeLine(b *document.Builder, l *textLine, page int, unit float64) {
	if l.glyphs[0].vertical || l.glyphs[0].rotated {
		b.Para(lineText(l.glyphs, false), nianbao.Pos{Page: page, Box: boxOf(l.glyphs)})
		return
	}
	segs := segments(l)
	if len(segs) == 1 && !isNumber(lineText(l.glyphs, true)) {
		b.Para(lineText(l.glyphs, true), nianbao.Pos{Page: page, Box: boxOf(l.glyphs)})
		return
	}
	b.Line(nianbao.LayoutByColumns)
	for _, s := range segs {
		col := int(math.Round(s[0].x0 / unit))
		col = max(0, min(col, 1000))
		b.Segment(col, lineText(s, true), nianbao.Pos{Page: page, Box: boxOf(s)})
	}
}

// isNumber reports whether a line is one number, which a table without
// rules may print on a line of its own under a wrapped label.
func isNumber(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',':
		case (r == '-' || r == '+') && i == 0:
		default:
			return false
		}
	}
	return digits > 0
}
