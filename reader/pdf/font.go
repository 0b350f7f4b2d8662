package pdf

import (
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// font is what the text extractor needs of a PDF font: how to cut a
// string into codes, each code's text and advance width, and whether it
// writes vertically.
type font struct {
	composite bool
	vertical  bool

	// Composite fonts: the encoding CMap's codespace and CID mapping
	// (identity when enc is nil), the CID widths and vertical advances.
	space   []csRange
	enc     *cmap
	widths  widthTable
	dw      float64
	vAdv    widthTable // W2's w1y
	dw2     float64
	predef  encoding.Encoding // a predefined CMap's text encoding (GBK-EUC-H)
	uniCode bool              // a predefined Unicode CMap (UniGB-UCS2-H): codes are UTF-16

	// Simple fonts: per-code widths and text.
	sw     [256]float64
	hasSW  bool
	missW  float64
	simple [256]string

	toUni *cmap
	// Without ToUnicode: the embedded TrueType program's characters by
	// glyph id, and the CIDToGIDMap (nil for Identity).
	gidText  map[uint16]rune
	cidToGID []byte
	// scale converts widths to text space: 1/1000, or a Type 3 font's
	// FontMatrix.
	scale float64
}

var identitySpace = []csRange{{n: 2, lo: [4]byte{0, 0}, hi: [4]byte{0xff, 0xff}}}

// glyph is one code of a string as the font reads it.
type glyph struct {
	text  string
	w     float64 // horizontal advance in text space units (before font size)
	vy    float64 // vertical advance (negative: down), vertical fonts
	space bool    // the single-byte code 32, which word spacing applies to
}

// loadFont reads a font dictionary.
func (f *file) loadFont(d Dict) *font {
	ft := &font{scale: 0.001, dw: 1000, dw2: -1000}
	sub := f.name(d["Subtype"])
	if tu, ok := f.resolve(d["ToUnicode"]).(*Stream); ok {
		if data, err := f.decode(tu); err == nil {
			ft.toUni = f.parseCMap(data)
		}
	}
	if sub == "Type0" {
		ft.composite = true
		f.loadComposite(ft, d)
		return ft
	}
	f.loadSimple(ft, d, sub)
	return ft
}

func (f *file) loadComposite(ft *font, d Dict) {
	ft.space = identitySpace
	switch e := f.resolve(d["Encoding"]).(type) {
	case Name:
		f.predefined(ft, string(e))
	case *Stream:
		if data, err := f.decode(e); err == nil {
			c := f.parseCMap(data)
			ft.enc = c
			ft.vertical = c.vertical
			if c.usecmap != "" {
				f.predefined(ft, string(c.usecmap))
				ft.enc = c
			}
			if len(c.space) > 0 {
				ft.space = c.space
			}
			if v, ok := f.resolve(e.Dict["WMode"]).(int); ok {
				ft.vertical = v == 1
			}
		}
	}
	desc := f.dict(f.resolve(d["DescendantFonts"]))
	if a := f.array(d["DescendantFonts"]); len(a) > 0 {
		desc = f.dict(a[0])
	}
	if desc == nil {
		return
	}
	if v, ok := f.num(desc["DW"]); ok {
		ft.dw = v
	}
	if ft.toUni == nil && ft.predef == nil && !ft.uniCode {
		f.embeddedText(ft, desc)
	}
	w := f.array(desc["W"])
	for i := 0; i < len(w); {
		first, ok := f.integer(w[i])
		if !ok || first < 0 || i+1 >= len(w) {
			break
		}
		if a, ok := f.resolve(w[i+1]).(Array); ok {
			ws := make([]float64, 0, len(a))
			for _, x := range a {
				v, _ := f.num(x)
				ws = append(ws, v)
			}
			ft.widths.add(uint32(first), ws)
			i += 2
			continue
		}
		last, ok1 := f.integer(w[i+1])
		if i+2 >= len(w) || !ok1 {
			break
		}
		if v, ok := f.num(w[i+2]); ok && last >= first {
			ft.widths.addRange(uint32(first), uint32(last), v)
		}
		i += 3
	}
	ft.widths.sort()
	if a := f.array(desc["DW2"]); len(a) >= 2 {
		if v, ok := f.num(a[1]); ok {
			ft.dw2 = v
		}
	}
	if ft.vertical {
		w2 := f.array(desc["W2"])
		for i := 0; i < len(w2); {
			first, ok := f.integer(w2[i])
			if !ok || first < 0 || i+1 >= len(w2) {
				break
			}
			if a, ok := f.resolve(w2[i+1]).(Array); ok {
				var ws []float64
				for k := 0; k+2 < len(a); k += 3 {
					v, _ := f.num(a[k])
					ws = append(ws, v)
				}
				ft.vAdv.add(uint32(first), ws)
				i += 2
				continue
			}
			last, ok1 := f.integer(w2[i+1])
			if i+4 >= len(w2) || !ok1 {
				break
			}
			if v, ok := f.num(w2[i+2]); ok && last >= first {
				ft.vAdv.addRange(uint32(first), uint32(last), v)
			}
			i += 5
		}
		ft.vAdv.sort()
	}
}

// widthTable maps CIDs to widths, kept as the runs the W array gives.
type widthTable []widthRun

type widthRun struct {
	first, last uint32
	ws          []float64 // one width per CID, or nil for w
	w           float64
}

func (t *widthTable) add(first uint32, ws []float64) {
	if len(ws) == 0 || first > 1<<24 {
		return
	}
	*t = append(*t, widthRun{first: first, last: first + uint32(len(ws)) - 1, ws: ws})
}

func (t *widthTable) addRange(first, last uint32, w float64) {
	if last > 1<<24 {
		return
	}
	*t = append(*t, widthRun{first: first, last: last, w: w})
}

func (t widthTable) sort() {
	sort.SliceStable(t, func(i, j int) bool { return t[i].first < t[j].first })
}

// get returns the width of cid.
func (t widthTable) get(cid uint32) (float64, bool) {
	i := sort.Search(len(t), func(i int) bool { return t[i].first > cid })
	// Runs do not overlap in real files; the nearest run starting at or
	// before cid holds it, or one that starts earlier and runs long.
	for k := i - 1; k >= 0; k-- {
		r := t[k]
		if cid >= r.first && cid <= r.last {
			if r.ws != nil {
				return r.ws[cid-r.first], true
			}
			return r.w, true
		}
	}
	return 0, false
}

// predefined sets up a predefined CMap by name: Identity, the Unicode
// CMaps, and the Chinese byte encodings, whose text the encodings give.
func (f *file) predefined(ft *font, name string) {
	ft.vertical = strings.HasSuffix(name, "-V")
	base := strings.TrimSuffix(strings.TrimSuffix(name, "-H"), "-V")
	switch {
	case base == "Identity":
		ft.space = identitySpace
	case strings.HasPrefix(base, "Uni") && (strings.Contains(base, "UCS2") || strings.Contains(base, "UTF16")):
		ft.uniCode = true
		ft.space = []csRange{
			{n: 2, lo: [4]byte{0, 0}, hi: [4]byte{0xd7, 0xff}},
			{n: 4, lo: [4]byte{0xd8, 0, 0xdc, 0}, hi: [4]byte{0xdb, 0xff, 0xdf, 0xff}},
			{n: 2, lo: [4]byte{0xe0, 0}, hi: [4]byte{0xff, 0xff}},
		}
	case strings.HasPrefix(base, "GBK") || strings.HasPrefix(base, "GB-") || strings.HasPrefix(base, "GBpc") || strings.HasPrefix(base, "GBT"):
		ft.predef = simplifiedchinese.GB18030
		ft.space = []csRange{
			{n: 1, lo: [4]byte{0}, hi: [4]byte{0x80}},
			{n: 2, lo: [4]byte{0x81, 0x40}, hi: [4]byte{0xfe, 0xfe}},
		}
	case strings.HasPrefix(base, "B5") || strings.HasPrefix(base, "ETen") || strings.HasPrefix(base, "HKscs"):
		ft.predef = traditionalchinese.Big5
		ft.space = []csRange{
			{n: 1, lo: [4]byte{0}, hi: [4]byte{0x80}},
			{n: 2, lo: [4]byte{0xa1, 0x40}, hi: [4]byte{0xfe, 0xfe}},
		}
	}
}

func (f *file) loadSimple(ft *font, d Dict, sub Name) {
	var base *[256]rune
	switch sub {
	case "TrueType":
		base = &winAnsi
	default:
		base = &standard
	}
	desc := f.dict(d["FontDescriptor"])
	symbolic := false
	if fl, ok := f.integer(desc["Flags"]); ok && fl&4 != 0 && fl&32 == 0 {
		symbolic = true
	}
	var diffs map[int]string
	switch e := f.resolve(d["Encoding"]).(type) {
	case Name:
		base = encodingByName(e, base)
	case Dict:
		base = encodingByName(f.name(e["BaseEncoding"]), base)
		diffs = map[int]string{}
		code := 0
		for _, x := range f.array(e["Differences"]) {
			switch v := f.resolve(x).(type) {
			case int:
				code = v
			case Name:
				if code >= 0 && code < 256 {
					diffs[code] = string(v)
				}
				code++
			}
		}
	default:
		if symbolic && sub == "TrueType" {
			// A symbolic TrueType font without an encoding: codes are
			// taken as Latin-1 (the (3,0) cmap's F0xx range mapped down).
			base = &winAnsi
		}
	}
	for c := range 256 {
		if n, ok := diffs[c]; ok {
			if t := glyphText(n); t != "" {
				ft.simple[c] = t
				continue
			}
		}
		if r := base[c]; r != 0 {
			ft.simple[c] = string(r)
		}
	}
	if sub == "Type3" {
		if m := f.array(d["FontMatrix"]); len(m) == 6 {
			if v, ok := f.num(m[0]); ok && v != 0 {
				ft.scale = v
			}
		}
	}
	if v, ok := f.num(desc["MissingWidth"]); ok {
		ft.missW = v
	}
	fc, _ := f.integer(d["FirstChar"])
	if ws := f.array(d["Widths"]); len(ws) > 0 {
		ft.hasSW = true
		for c := range 256 {
			ft.sw[c] = ft.missW
		}
		for i, x := range ws {
			if c := fc + i; c >= 0 && c < 256 {
				if v, ok := f.num(x); ok {
					ft.sw[c] = v
				}
			}
		}
		return
	}
	// The standard 14 fonts carry no widths: approximate them.
	bf := string(f.name(d["BaseFont"]))
	w := 500.0
	switch {
	case strings.Contains(bf, "Courier"):
		w = 600
	case strings.Contains(bf, "Helvetica") || strings.Contains(bf, "Arial"):
		w = 556
	}
	for c := range 256 {
		ft.sw[c] = w
	}
	ft.sw[' '] = w / 2
	ft.hasSW = true
}

func encodingByName(n Name, def *[256]rune) *[256]rune {
	switch n {
	case "WinAnsiEncoding":
		return &winAnsi
	case "MacRomanEncoding":
		return &macRoman
	case "StandardEncoding":
		return &standard
	}
	return def
}

// decode cuts a string into glyphs.
func (ft *font) decode(s []byte, out []glyph) []glyph {
	if !ft.composite {
		for _, c := range s {
			g := glyph{w: ft.sw[c], space: c == ' '}
			if !ft.hasSW {
				g.w = 500
			}
			if ft.toUni != nil {
				if t, ok := ft.toUni.text(uint32(c)); ok {
					g.text = t
				}
			}
			if g.text == "" {
				g.text = ft.simple[c]
			}
			out = append(out, g)
		}
		return out
	}
	for len(s) > 0 {
		n := codeLen(ft.space, s)
		if n <= 0 {
			n = 1
		}
		code := uint32(0)
		for i := range n {
			code = code<<8 | uint32(s[i])
		}
		raw := s[:n]
		s = s[n:]
		cid := code
		known := true
		if ft.enc != nil {
			if c, ok := ft.enc.cid(code); ok {
				cid = c
			} else if ft.enc.usecmap == "" || !strings.HasPrefix(string(ft.enc.usecmap), "Identity") {
				known = false
			}
		} else if ft.predef != nil || ft.uniCode {
			known = false
		}
		g := glyph{space: n == 1 && code == 32}
		if ft.toUni != nil {
			if t, ok := ft.toUni.text(code); ok {
				g.text = t
			}
		}
		if g.text == "" {
			switch {
			case ft.gidText != nil:
				g.text = ft.embeddedGlyphText(cid)
			case ft.uniCode:
				g.text = utf16Text(String(raw))
			case ft.predef != nil:
				if t, err := ft.predef.NewDecoder().Bytes(raw); err == nil {
					g.text = string(t)
				}
			}
		}
		if w, ok := ft.widths.get(cid); ok && known {
			g.w = w
		} else if !known {
			// Without the predefined CMap's CID table, widths are guessed
			// from the text: half width for ASCII, full width otherwise.
			g.w = ft.dw
			if r, _ := utf8.DecodeRuneInString(g.text); r > 0 && r < 0x7f {
				g.w = 500
			}
		} else {
			g.w = ft.dw
		}
		if ft.vertical {
			g.vy = ft.dw2
			if v, ok := ft.vAdv.get(cid); ok {
				g.vy = v
			}
		}
		out = append(out, g)
	}
	return out
}
