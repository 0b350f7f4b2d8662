package pdf

import (
	"unicode/utf16"
)

// CMaps (PDF Reference §9.7.5, Adobe TN 5014 and 5411): a font's encoding
// CMap maps byte codes to CIDs, and a ToUnicode CMap maps codes to text.
// One parser reads both.

// csRange is a codespace range: codes of n bytes, each byte within
// [lo[i], hi[i]].
type csRange struct {
	n      int
	lo, hi [4]byte
}

type cidRange struct {
	lo, hi uint32
	cid    uint32
}

type uniRange struct {
	lo, hi uint32
	dst    []rune // the first code's text; the last rune counts up
}

type cmap struct {
	space    []csRange
	cidChar  map[uint32]uint32
	cidRange []cidRange
	uniChar  map[uint32]string
	uniRange []uniRange
	vertical bool
	usecmap  Name
}

// cmapEntryCost is about what one entry of a parsed CMap holds (a map
// entry and its string), in bytes, as charged to the file's decode budget:
// a range of a few bytes in a stream makes hundreds of entries, and every
// font naming the stream parses it again, so that a small file could
// otherwise fill gigabytes with CMaps.
const cmapEntryCost = 128

// parseCMap parses a CMap stream's text and charges its entries.
func (f *file) parseCMap(data []byte) *cmap {
	c := parseCMap(data)
	f.bud.Decoded(cmapEntryCost * (len(c.cidChar) + len(c.cidRange) + len(c.uniChar) + len(c.uniRange)))
	return c
}

// parseCMap reads a CMap stream's text.
func parseCMap(data []byte) *cmap {
	c := &cmap{}
	l := &lexer{b: data}
	var stack []any
	const maxEntries = 1 << 17
	entries := 0
	for l.p < len(l.b) {
		o, err := l.object(0)
		if err != nil {
			break
		}
		kw, ok := o.(keyword)
		if !ok {
			stack = append(stack, o)
			if len(stack) > 1<<12 {
				stack = stack[1:]
			}
			continue
		}
		switch kw {
		case "begincodespacerange", "beginbfchar", "beginbfrange", "begincidchar", "begincidrange", "beginnotdefrange", "beginnotdefchar":
			stack = stack[:0]
		case "endcodespacerange":
			for i := 0; i+1 < len(stack); i += 2 {
				lo, ok1 := stack[i].(String)
				hi, ok2 := stack[i+1].(String)
				if !ok1 || !ok2 || len(lo) != len(hi) || len(lo) == 0 || len(lo) > 4 {
					continue
				}
				r := csRange{n: len(lo)}
				copy(r.lo[:], lo)
				copy(r.hi[:], hi)
				c.space = append(c.space, r)
			}
			stack = stack[:0]
		case "endbfchar":
			for i := 0; i+1 < len(stack) && entries < maxEntries; i += 2 {
				src, ok1 := stack[i].(String)
				if !ok1 || len(src) > 4 {
					continue
				}
				var text string
				switch d := stack[i+1].(type) {
				case String:
					text = utf16Text(d)
				case Name:
					text = glyphText(string(d))
				default:
					continue
				}
				if c.uniChar == nil {
					c.uniChar = map[uint32]string{}
				}
				c.uniChar[codeOf(src)] = text
				entries++
			}
			stack = stack[:0]
		case "endbfrange":
			for i := 0; i+2 < len(stack) && entries < maxEntries; i += 3 {
				lo, ok1 := stack[i].(String)
				hi, ok2 := stack[i+1].(String)
				if !ok1 || !ok2 || len(lo) > 4 || len(hi) > 4 {
					continue
				}
				a, b := codeOf(lo), codeOf(hi)
				if b < a {
					continue
				}
				switch d := stack[i+2].(type) {
				case String:
					dst := []rune(utf16Text(d))
					if len(dst) == 0 {
						continue
					}
					if b-a < 512 {
						if c.uniChar == nil {
							c.uniChar = map[uint32]string{}
						}
						for k := uint32(0); k <= b-a; k++ {
							r := append([]rune(nil), dst...)
							r[len(r)-1] += rune(k)
							c.uniChar[a+k] = string(r)
						}
						entries += int(b - a + 1)
					} else {
						c.uniRange = append(c.uniRange, uniRange{lo: a, hi: b, dst: dst})
						entries++
					}
				case Array:
					if c.uniChar == nil {
						c.uniChar = map[uint32]string{}
					}
					for k, x := range d {
						if a+uint32(k) > b {
							break
						}
						if s, ok := x.(String); ok {
							c.uniChar[a+uint32(k)] = utf16Text(s)
							entries++
						}
					}
				}
			}
			stack = stack[:0]
		case "endcidchar":
			for i := 0; i+1 < len(stack) && entries < maxEntries; i += 2 {
				src, ok1 := stack[i].(String)
				cid, ok2 := stack[i+1].(int)
				if !ok1 || !ok2 || len(src) > 4 || cid < 0 {
					continue
				}
				if c.cidChar == nil {
					c.cidChar = map[uint32]uint32{}
				}
				c.cidChar[codeOf(src)] = uint32(cid)
				entries++
			}
			stack = stack[:0]
		case "endcidrange":
			for i := 0; i+2 < len(stack) && entries < maxEntries; i += 3 {
				lo, ok1 := stack[i].(String)
				hi, ok2 := stack[i+1].(String)
				cid, ok3 := stack[i+2].(int)
				if !ok1 || !ok2 || !ok3 || len(lo) > 4 || len(hi) > 4 || cid < 0 {
					continue
				}
				c.cidRange = append(c.cidRange, cidRange{lo: codeOf(lo), hi: codeOf(hi), cid: uint32(cid)})
				entries++
			}
			stack = stack[:0]
		case "usecmap":
			if len(stack) > 0 {
				if n, ok := stack[len(stack)-1].(Name); ok {
					c.usecmap = n
				}
			}
			stack = stack[:0]
		case "def":
			if len(stack) >= 2 {
				if k, ok := stack[len(stack)-2].(Name); ok && k == "WMode" {
					if v, ok := stack[len(stack)-1].(int); ok {
						c.vertical = v == 1
					}
				}
			}
			stack = stack[:0]
		default:
			stack = stack[:0]
		}
	}
	return c
}

func codeOf(s String) uint32 {
	var v uint32
	for i := 0; i < len(s); i++ {
		v = v<<8 | uint32(s[i])
	}
	return v
}

// utf16Text reads a ToUnicode destination: UTF-16BE, or for odd lengths
// (writers that emit one byte) the bytes themselves.
func utf16Text(s String) string {
	if len(s)%2 == 1 {
		r := make([]rune, len(s))
		for i := 0; i < len(s); i++ {
			r[i] = rune(s[i])
		}
		return string(r)
	}
	u := make([]uint16, len(s)/2)
	for i := range u {
		u[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
	}
	return string(utf16.Decode(u))
}

// codeLen returns how many bytes of b the next code takes under the
// codespace ranges; with no match, the shortest length the ranges use.
func codeLen(space []csRange, b []byte) int {
	shortest := 0
	for n := 1; n <= 4 && n <= len(b); n++ {
		for _, r := range space {
			if r.n != n {
				continue
			}
			if shortest == 0 || n < shortest {
				shortest = n
			}
			ok := true
			for i := 0; i < n; i++ {
				if b[i] < r.lo[i] || b[i] > r.hi[i] {
					ok = false
					break
				}
			}
			if ok {
				return n
			}
		}
	}
	if shortest == 0 {
		for _, r := range space {
			if shortest == 0 || r.n < shortest {
				shortest = r.n
			}
		}
	}
	if shortest == 0 {
		shortest = 1
	}
	return min(shortest, len(b))
}

// cid maps a code to a CID through the CMap's cid mappings.
func (c *cmap) cid(code uint32) (uint32, bool) {
	if v, ok := c.cidChar[code]; ok {
		return v, true
	}
	for _, r := range c.cidRange {
		if code >= r.lo && code <= r.hi {
			return r.cid + code - r.lo, true
		}
	}
	return 0, false
}

// text maps a code to its Unicode text through the CMap's bf mappings.
func (c *cmap) text(code uint32) (string, bool) {
	if s, ok := c.uniChar[code]; ok {
		return s, true
	}
	for _, r := range c.uniRange {
		if code >= r.lo && code <= r.hi {
			d := append([]rune(nil), r.dst...)
			d[len(d)-1] += rune(code - r.lo)
			return string(d), true
		}
	}
	return "", false
}
