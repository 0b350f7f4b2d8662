package pdf

import (
	"bytes"
	"math"
)

// matrix is a PDF transformation [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n: m applied first, then n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// textGlyph is a glyph placed on the page, in display coordinates (points
// from the top-left corner of the page as shown, y down).
type textGlyph struct {
	s              string
	x0, y0, x1, y1 float64
	size           float64 // font size on the page
	vertical       bool    // set in a vertical font (Identity-V)
	rotated        bool    // the baseline runs up or down the page
	spaceBefore    bool    // a space was drawn just before it
	seq            int     // order drawn
}

// seg is an axis-aligned ruling line: horizontal when y0 == y1.
type seg struct {
	x0, y0, x1, y1 float64
}

func (s seg) horizontal() bool { return s.y0 == s.y1 }

// pageContent is what a page draws that matters for reading it.
type pageContent struct {
	glyphs []textGlyph
	rules  []seg
	images int // image XObjects and inline images drawn
	width  float64
	height float64
}

type gstate struct {
	ctm        matrix
	font       *font
	fontSize   float64
	tc, tw, th float64
	tl, rise   float64
	lineWidth  float64
	strokeOK   bool // the stroke colour is not white
	fillOK     bool
}

type point struct{ x, y float64 }

type subpath struct {
	pts    []point
	closed bool
	curve  bool
}

type interp struct {
	f      *file
	out    *pageContent
	gs     gstate
	stack  []gstate
	tm     matrix
	tlm    matrix
	path   []subpath
	fonts  map[any]*font
	depth  int
	forms  map[int]bool // form XObjects being drawn, against cycles
	glyphs []glyph
	space  bool // the last glyph shown in this text object was a space
}

// maxRules bounds the ruling lines kept on a page (a page of tables has a
// few hundred), maxGlyphs the glyphs of a page. The operators run in a whole
// document are bounded by the file's budget.
const (
	maxRules  = 20000
	maxGlyphs = 1 << 17
)

func newInterp(f *file, out *pageContent, ctm matrix, fonts map[any]*font) *interp {
	return &interp{f: f, out: out, fonts: fonts, forms: map[int]bool{},
		gs: gstate{ctm: ctm, th: 1, lineWidth: 1, strokeOK: true, fillOK: true}}
}

// run interprets a content stream with its resources.
func (in *interp) run(data []byte, res Dict) {
	l := &lexer{b: data}
	var args []any
	for {
		l.skipSpace()
		if l.p >= len(l.b) {
			return
		}
		o, err := l.object(0)
		if err != nil {
			if err == errEOF {
				return
			}
			args = args[:0]
			continue
		}
		op, ok := o.(keyword)
		if !ok {
			if len(args) < 64 {
				args = append(args, o)
			}
			continue
		}
		in.f.bud.Operators(1)
		if op == "BI" {
			in.skipInlineImage(l)
			args = args[:0]
			continue
		}
		in.do(op, args, res)
		args = args[:0]
	}
}

// skipInlineImage skips an inline image's dictionary and data.
func (in *interp) skipInlineImage(l *lexer) {
	in.out.images++
	for {
		o, err := l.object(0)
		if err != nil {
			return
		}
		if o == keyword("ID") {
			break
		}
	}
	if l.p < len(l.b) {
		l.p++ // the single white-space after ID
	}
	for p := l.p; p+2 <= len(l.b); {
		k := bytes.Index(l.b[p:], []byte("EI"))
		if k < 0 {
			l.p = len(l.b)
			return
		}
		q := p + k
		if q > 0 && isWhite(l.b[q-1]) && (q+2 == len(l.b) || isWhite(l.b[q+2])) {
			l.p = q + 2
			return
		}
		p = q + 2
	}
	l.p = len(l.b)
}

func fnum(a []any, i int) float64 {
	if i < len(a) {
		if v, ok := num(a[i]); ok && !math.IsNaN(v) && !math.IsInf(v, 0) {
			return v
		}
	}
	return 0
}

func white(args []any) bool {
	switch len(args) {
	case 1:
		return fnum(args, 0) >= 0.99
	case 3:
		return fnum(args, 0) >= 0.99 && fnum(args, 1) >= 0.99 && fnum(args, 2) >= 0.99
	case 4:
		return fnum(args, 0) <= 0.01 && fnum(args, 1) <= 0.01 && fnum(args, 2) <= 0.01 && fnum(args, 3) <= 0.01
	}
	return false
}

func (in *interp) do(op keyword, a []any, res Dict) {
	gs := &in.gs
	switch op {
	case "q":
		if len(in.stack) < 256 {
			in.stack = append(in.stack, *gs)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			*gs = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case "cm":
		if len(a) == 6 {
			m := matrix{fnum(a, 0), fnum(a, 1), fnum(a, 2), fnum(a, 3), fnum(a, 4), fnum(a, 5)}
			gs.ctm = m.mul(gs.ctm)
		}
	case "w":
		gs.lineWidth = fnum(a, 0)
	case "gs":
		if len(a) == 1 {
			if n, ok := a[0].(Name); ok {
				eg := in.f.dict(in.f.dict(res["ExtGState"])[n])
				if v, ok := in.f.num(eg["LW"]); ok {
					gs.lineWidth = v
				}
				if fa := in.f.array(eg["Font"]); len(fa) == 2 {
					if fd := in.f.dict(fa[0]); fd != nil {
						gs.font = in.font(fa[0], fd)
						gs.fontSize = fnum(fa, 1)
					}
				}
			}
		}
	case "G", "RG", "K":
		gs.strokeOK = !white(a)
	case "g", "rg", "k":
		gs.fillOK = !white(a)
	case "SC", "SCN":
		gs.strokeOK = !white(numericArgs(a))
	case "sc", "scn":
		gs.fillOK = !white(numericArgs(a))
	case "CS":
		gs.strokeOK = true
	case "cs":
		gs.fillOK = true

	// Paths.
	case "m":
		x, y := gs.ctm.apply(fnum(a, 0), fnum(a, 1))
		if len(in.path) < 1<<16 {
			in.path = append(in.path, subpath{pts: []point{{x, y}}})
		}
	case "l":
		in.lineTo(fnum(a, 0), fnum(a, 1), false)
	case "c":
		in.lineTo(fnum(a, 4), fnum(a, 5), true)
	case "v", "y":
		in.lineTo(fnum(a, 2), fnum(a, 3), true)
	case "h":
		if n := len(in.path); n > 0 {
			in.path[n-1].closed = true
		}
	case "re":
		x, y, w, h := fnum(a, 0), fnum(a, 1), fnum(a, 2), fnum(a, 3)
		p := subpath{closed: true}
		for _, c := range [][2]float64{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}} {
			px, py := gs.ctm.apply(c[0], c[1])
			p.pts = append(p.pts, point{px, py})
		}
		if len(in.path) < 1<<16 {
			in.path = append(in.path, p)
		}
	case "S", "s":
		if op == "s" && len(in.path) > 0 {
			in.path[len(in.path)-1].closed = true
		}
		if gs.strokeOK {
			in.stroke()
		}
		in.path = in.path[:0]
	case "f", "F", "f*":
		if gs.fillOK {
			in.fill()
		}
		in.path = in.path[:0]
	case "B", "B*", "b", "b*":
		if op == "b" || op == "b*" {
			if len(in.path) > 0 {
				in.path[len(in.path)-1].closed = true
			}
		}
		if gs.strokeOK {
			in.stroke()
		} else if gs.fillOK {
			in.fill()
		}
		in.path = in.path[:0]
	case "n":
		in.path = in.path[:0]

	// Text.
	case "BT":
		in.tm, in.tlm = identity, identity
		in.space = false
	case "Tc":
		gs.tc = fnum(a, 0)
	case "Tw":
		gs.tw = fnum(a, 0)
	case "Tz":
		gs.th = fnum(a, 0) / 100
	case "TL":
		gs.tl = fnum(a, 0)
	case "Ts":
		gs.rise = fnum(a, 0)
	case "Tf":
		if len(a) == 2 {
			if n, ok := a[0].(Name); ok {
				fr := in.f.dict(res["Font"])[n]
				if fd := in.f.dict(fr); fd != nil {
					gs.font = in.font(fr, fd)
				} else {
					gs.font = nil
				}
			}
			gs.fontSize = fnum(a, 1)
		}
	case "Td":
		in.tlm = matrix{1, 0, 0, 1, fnum(a, 0), fnum(a, 1)}.mul(in.tlm)
		in.tm = in.tlm
	case "TD":
		gs.tl = -fnum(a, 1)
		in.tlm = matrix{1, 0, 0, 1, fnum(a, 0), fnum(a, 1)}.mul(in.tlm)
		in.tm = in.tlm
	case "Tm":
		if len(a) == 6 {
			in.tlm = matrix{fnum(a, 0), fnum(a, 1), fnum(a, 2), fnum(a, 3), fnum(a, 4), fnum(a, 5)}
			in.tm = in.tlm
		}
	case "T*":
		in.nextLine()
	case "Tj":
		if len(a) > 0 {
			if s, ok := a[0].(String); ok {
				in.show(s)
			}
		}
	case "'":
		in.nextLine()
		if len(a) > 0 {
			if s, ok := a[0].(String); ok {
				in.show(s)
			}
		}
	case "\"":
		if len(a) == 3 {
			gs.tw, gs.tc = fnum(a, 0), fnum(a, 1)
			in.nextLine()
			if s, ok := a[2].(String); ok {
				in.show(s)
			}
		}
	case "TJ":
		if len(a) > 0 {
			if arr, ok := a[0].(Array); ok {
				for _, x := range arr {
					switch v := x.(type) {
					case String:
						in.show(v)
					case int, float64:
						adj, _ := num(v)
						in.adjust(adj)
					}
				}
			}
		}

	case "Do":
		if len(a) == 1 {
			if n, ok := a[0].(Name); ok {
				in.xobject(n, res)
			}
		}
	}
}

func numericArgs(a []any) []any {
	var out []any
	for _, x := range a {
		if _, ok := num(x); ok {
			out = append(out, x)
		}
	}
	return out
}

func (in *interp) lineTo(x, y float64, curve bool) {
	n := len(in.path)
	if n == 0 {
		return
	}
	px, py := in.gs.ctm.apply(x, y)
	p := &in.path[n-1]
	if len(p.pts) < 1<<12 {
		p.pts = append(p.pts, point{px, py})
	}
	if curve {
		p.curve = true
	}
}

func (in *interp) nextLine() {
	in.tlm = matrix{1, 0, 0, 1, 0, -in.gs.tl}.mul(in.tlm)
	in.tm = in.tlm
}

// font returns the font for a font dictionary, loading it once.
func (in *interp) font(ref any, d Dict) *font {
	key := any(ref)
	if _, ok := ref.(Ref); !ok {
		key = &d
	}
	if ft, ok := in.fonts[key]; ok {
		return ft
	}
	ft := in.f.loadFont(d)
	in.fonts[key] = ft
	return ft
}

// adjust applies a TJ number: thousandths of the font size, backwards.
func (in *interp) adjust(adj float64) {
	gs := &in.gs
	d := -adj / 1000 * gs.fontSize
	if gs.font != nil && gs.font.vertical {
		in.tm = matrix{1, 0, 0, 1, 0, d}.mul(in.tm)
		return
	}
	in.tm = matrix{1, 0, 0, 1, d * gs.th, 0}.mul(in.tm)
}

// show places the glyphs of a string.
func (in *interp) show(s String) {
	gs := &in.gs
	ft := gs.font
	if ft == nil {
		return
	}
	in.glyphs = ft.decode([]byte(s), in.glyphs[:0])
	fs := gs.fontSize
	for _, g := range in.glyphs {
		trm := matrix{fs * gs.th, 0, 0, fs, 0, gs.rise}.mul(in.tm).mul(gs.ctm)
		w := g.w * ft.scale
		if g.text == " " || g.text == "\u00a0" || g.text == "\u3000" {
			in.space = true
		} else if g.text != "" {
			var corners [4][2]float64
			if ft.vertical {
				hw := w / 2
				if hw == 0 {
					hw = 0.5
				}
				corners = [4][2]float64{{-hw, -1}, {hw, -1}, {hw, 0}, {-hw, 0}}
			} else {
				corners = [4][2]float64{{0, -0.2}, {w, -0.2}, {w, 0.8}, {0, 0.8}}
			}
			x0, y0 := math.Inf(1), math.Inf(1)
			x1, y1 := math.Inf(-1), math.Inf(-1)
			for _, c := range corners {
				x, y := trm.apply(c[0], c[1])
				x0, y0 = math.Min(x0, x), math.Min(y0, y)
				x1, y1 = math.Max(x1, x), math.Max(y1, y)
			}
			size := math.Hypot(trm[2], trm[3])
			if !math.IsNaN(x0+y0+x1+y1+size) && !math.IsInf(x0+y0+x1+y1+size, 0) && len(in.out.glyphs) < maxGlyphs {
				in.out.glyphs = append(in.out.glyphs, textGlyph{
					s: g.text, x0: x0, y0: y0, x1: x1, y1: y1, size: size,
					vertical: ft.vertical, rotated: math.Abs(trm[1]) > math.Abs(trm[0]),
					spaceBefore: in.space, seq: len(in.out.glyphs),
				})
			}
			in.space = false
		}
		if ft.vertical {
			ty := g.vy*ft.scale*fs - gs.tc
			if g.space {
				ty -= gs.tw
			}
			in.tm = matrix{1, 0, 0, 1, 0, ty}.mul(in.tm)
		} else {
			tx := w*fs + gs.tc
			if g.space {
				tx += gs.tw
			}
			in.tm = matrix{1, 0, 0, 1, tx * gs.th, 0}.mul(in.tm)
		}
	}
}

// stroke records the straight axis-aligned segments of the current path.
func (in *interp) stroke() {
	for _, p := range in.path {
		n := len(p.pts)
		if p.curve && !p.closed {
			continue
		}
		for i := 0; i+1 < n; i++ {
			in.addSeg(p.pts[i], p.pts[i+1])
		}
		if p.closed && n > 2 {
			in.addSeg(p.pts[n-1], p.pts[0])
		}
	}
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) || v > 1e7 || v < -1e7 {
			return false
		}
	}
	return true
}

// rule keeps a ruling line of the page, charged to the file's budget: the
// tables of every page are found among its rules, so rules shared by many
// pages (one content stream drawn by each) cost each page again.
func (in *interp) rule(s seg) {
	in.f.bud.Rules()
	in.out.rules = append(in.out.rules, s)
}

func (in *interp) addSeg(a, b point) {
	const tol = 1.0
	if len(in.out.rules) >= maxRules || !finite(a.x, a.y, b.x, b.y) {
		return
	}
	switch {
	case math.Abs(a.y-b.y) < tol && math.Abs(a.x-b.x) >= tol:
		y := (a.y + b.y) / 2
		in.rule(seg{math.Min(a.x, b.x), y, math.Max(a.x, b.x), y})
	case math.Abs(a.x-b.x) < tol && math.Abs(a.y-b.y) >= tol:
		x := (a.x + b.x) / 2
		in.rule(seg{x, math.Min(a.y, b.y), x, math.Max(a.y, b.y)})
	}
}

// fill records thin filled rectangles, which some writers draw borders
// with; larger fills are cell shading and backgrounds.
func (in *interp) fill() {
	const thin = 3.0
	for _, p := range in.path {
		if p.curve || len(p.pts) < 4 || len(p.pts) > 5 {
			continue
		}
		x0, y0 := math.Inf(1), math.Inf(1)
		x1, y1 := math.Inf(-1), math.Inf(-1)
		axis := true
		for i, q := range p.pts {
			x0, y0 = math.Min(x0, q.x), math.Min(y0, q.y)
			x1, y1 = math.Max(x1, q.x), math.Max(y1, q.y)
			r := p.pts[(i+1)%len(p.pts)]
			if math.Abs(q.x-r.x) > 0.5 && math.Abs(q.y-r.y) > 0.5 {
				axis = false
			}
		}
		if !axis || len(in.out.rules) >= maxRules || !finite(x0, y0, x1, y1) {
			continue
		}
		w, h := x1-x0, y1-y0
		switch {
		case h <= thin && w > h:
			y := (y0 + y1) / 2
			in.rule(seg{x0, y, x1, y})
		case w <= thin && h > w:
			x := (x0 + x1) / 2
			in.rule(seg{x, y0, x, y1})
		}
	}
}

// xobject draws a form or counts an image.
func (in *interp) xobject(n Name, res Dict) {
	ref := in.f.dict(res["XObject"])[n]
	s, ok := in.f.resolve(ref).(*Stream)
	if !ok {
		return
	}
	switch in.f.name(s.Dict["Subtype"]) {
	case "Image":
		in.out.images++
	case "Form":
		r, _ := ref.(Ref)
		if in.depth >= 12 || in.forms[r.Num] {
			return
		}
		data, err := in.f.decode(s)
		if err != nil {
			return
		}
		in.forms[r.Num] = true
		in.depth++
		saved, savedStack, savedTm, savedTlm := in.gs, len(in.stack), in.tm, in.tlm
		savedPath := in.path
		in.path = nil
		if m := in.f.array(s.Dict["Matrix"]); len(m) == 6 {
			var mm matrix
			for i := range 6 {
				mm[i], _ = in.f.num(m[i])
			}
			in.gs.ctm = mm.mul(in.gs.ctm)
		}
		fres := in.f.dict(s.Dict["Resources"])
		if fres == nil {
			fres = res
		}
		in.run(data, fres)
		in.gs, in.tm, in.tlm = saved, savedTm, savedTlm
		in.stack = in.stack[:min(savedStack, len(in.stack))]
		in.path = savedPath
		in.depth--
		delete(in.forms, r.Num)
	}
}
