package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"nianbao/document"
	"nianbao/reader/internal/limit"
)

// Layout: the glyphs and ruling lines of each page become tables (grids
// rebuilt from the rules, merged cells found where a rule is missing) and
// lines of text, in reading order from the top of the page.

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

// pageLayout is a page's blocks in reading order, and the width of one
// display column of its positioned lines.
type pageLayout struct {
	blocks []block
	unit   float64
}

// layoutDocument builds the document from the pages: each page laid out,
// then the tables that run on from one page to the next joined where a
// row was split by the page break (continuePages), then written.
func layoutDocument(pages []*pageContent, bud *limit.Budget) *document.Document {
	b := document.Builder{Meter: bud}
	laid := make([]pageLayout, len(pages))
	for i, pc := range pages {
		laid[i] = layoutPage(pc)
	}
	continuePages(laid)
	for i, pl := range laid {
		for _, bl := range pl.blocks {
			if bl.tab != nil {
				writeTable(&b, bl.tab, i+1)
				continue
			}
			writeLine(&b, bl.line, i+1, pl.unit)
		}
	}
	return b.Document()
}

// layoutPage lays out one page: its tables with the text of their cells,
// and its lines of text.
func layoutPage(pc *pageContent) pageLayout {
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
		t.texts = make([]string, len(t.cells))
		for i, c := range t.cells {
			t.texts[i] = cellText(c.glyphs)
		}
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
	return pageLayout{blocks: blocks, unit: unit}
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

// glyphString cleans a glyph's text: radicals (Kangxi and the
// supplement's, see radicalLookalikes) and compatibility ideographs, which
// some fonts map their glyphs to, become the unified ideographs they look
// like; control characters go.
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
		case r >= 0x2E80 && r <= 0x2EFF:
			if u, ok := radicalLookalikes[r]; ok {
				r = u
			}
			sb.WriteString(norm.NFKC.String(string(r)))
		case r >= 0x2F00 && r <= 0x2FDF || r >= 0xF900 && r <= 0xFAFF:
			sb.WriteString(norm.NFKC.String(string(r)))
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func boxOf(gs []textGlyph) *[4]float64 {
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, g := range gs {
		x0, y0 = math.Min(x0, g.x0), math.Min(y0, g.y0)
		x1, y1 = math.Max(x1, g.x1), math.Max(y1, g.y1)
	}
	return &[4]float64{round2(x0), round2(y0), round2(x1), round2(y1)}
}
