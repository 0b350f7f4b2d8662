package nianbao

import (
	"slices"
	"strconv"
	"strings"
)

// Num is one number exactly as a report states it: a count, a signed change
// or a decimal amount, kept as an integer mantissa and a decimal scale so that
// "7730.28" never becomes 7730.2800000000002. The zero Num states nothing: the
// cell was blank or held a mark such as "/" (the cell's provenance says which).
type Num struct {
	units int64 // value × 10^scale
	scale uint8 // digits after the decimal point, as printed
	ok    bool
}

// Int returns the Num for a whole number.
func Int(n int64) Num { return Num{units: n, ok: true} }

// Valid reports whether the cell states a number.
func (n Num) Valid() bool { return n.ok }

// IsInt reports whether n is a stated whole number (no fractional part).
func (n Num) IsInt() bool {
	if !n.ok {
		return false
	}
	return n.scale == 0 || n.units%pow10(n.scale) == 0
}

// Int64 returns the whole-number value of n and whether n is a stated whole number.
func (n Num) Int64() (int64, bool) {
	if !n.IsInt() {
		return 0, false
	}
	return n.units / pow10(n.scale), true
}

// Float returns n as a float64 (for display and charts, never for arithmetic checks).
func (n Num) Float() float64 {
	if !n.ok {
		return 0
	}
	return float64(n.units) / float64(pow10(n.scale))
}

// Cmp compares two stated numbers exactly; both must be valid.
func (n Num) Cmp(m Num) int {
	a, b := align(n, m)
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Add returns n+m; the result is valid only when both are.
func (n Num) Add(m Num) Num {
	if !n.ok || !m.ok {
		return Num{}
	}
	a, b := align(n, m)
	return Num{units: a + b, scale: max(n.scale, m.scale), ok: true}
}

// Sub returns n−m; the result is valid only when both are.
func (n Num) Sub(m Num) Num {
	if !m.ok {
		return Num{}
	}
	return n.Add(Num{units: -m.units, scale: m.scale, ok: true})
}

// Negative reports whether n is a stated number below zero.
func (n Num) Negative() bool { return n.ok && n.units < 0 }

func align(n, m Num) (int64, int64) {
	a, b := n.units, m.units
	if n.scale < m.scale {
		a *= pow10(m.scale - n.scale)
	} else if m.scale < n.scale {
		b *= pow10(n.scale - m.scale)
	}
	return a, b
}

func pow10(s uint8) int64 {
	p := int64(1)
	for range s {
		p *= 10
	}
	return p
}

// String formats n in canonical form ("12", "-3", "7730.28"), or "" when n states nothing.
func (n Num) String() string {
	if n.scale == 0 && n.ok {
		return strconv.FormatInt(n.units, 10) // no allocation for small counts
	}
	var buf [24]byte
	return string(n.appendTo(buf[:0]))
}

// appendTo appends n in canonical form to b; the report's JSON writes
// numbers this way without a string per cell.
func (n Num) appendTo(b []byte) []byte {
	if !n.ok {
		return b
	}
	u := uint64(n.units)
	if n.units < 0 {
		b = append(b, '-')
		u = -u
	}
	start := len(b)
	b = strconv.AppendUint(b, u, 10)
	if n.scale == 0 {
		return b
	}
	// At least one digit before the point: 5 at scale 2 is "0.05".
	for len(b)-start <= int(n.scale) {
		b = slices.Insert(b, start, '0')
	}
	point := len(b) - int(n.scale)
	return slices.Insert(b, point, '.')
}

// MarshalJSON writes the number as a JSON number, or null when nothing is stated.
func (n Num) MarshalJSON() ([]byte, error) {
	if !n.ok {
		return []byte("null"), nil
	}
	return n.appendTo(nil), nil
}

// UnmarshalJSON reads a JSON number or null.
func (n *Num) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		*n = Num{}
		return nil
	}
	v, ok := ParseNum(s)
	if !ok {
		return &Error{Code: EINVALID, Message: "不是数字: " + s}
	}
	*n = v
	return nil
}

// maxDigits bounds the digits a cell may hold so that the mantissa cannot overflow.
const maxDigits = 18

// ParseNum reads the text of one cell as a number. It accepts what real
// reports print: full-width digits and signs, thousands separators ("3,119",
// "3，119"), a leading "+" or "-" on the 2019 format's 本年增/减, decimals
// for 万元 amounts, and surrounding spaces. Anything else — blank, a mark
// such as "/" or "—" or "无", words — is not a number and returns ok=false.
func ParseNum(s string) (n Num, ok bool) {
	if v, ok, plain := parsePlain(s); plain {
		return v, ok
	}
	s = strings.TrimSpace(FoldWidth(s))
	if s == "" {
		return Num{}, false
	}
	neg := false
	switch s[0] {
	case '+':
		s = s[1:]
	case '-':
		neg, s = true, s[1:]
	}
	var units int64
	digits, scale, seenPoint, lastSep := 0, 0, false, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 0 && units == 0 && c == '0' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && !seenPoint {
				// "007" is not how anyone prints a count: it is digits run together.
				return Num{}, false
			}
			digits++
			if digits > maxDigits {
				return Num{}, false
			}
			units = units*10 + int64(c-'0')
			if seenPoint {
				scale++
			}
		case c == ',' && !seenPoint:
			// A thousands separator needs digits before it and exactly three after.
			if digits == 0 || (lastSep >= 0 && i-lastSep != 4) {
				return Num{}, false
			}
			lastSep = i
		case c == '.' && !seenPoint && digits > 0 && i+1 < len(s):
			seenPoint = true
		default:
			return Num{}, false
		}
	}
	if digits == 0 || (lastSep >= 0 && (seenPoint && strings.IndexByte(s, '.')-lastSep != 4 || !seenPoint && len(s)-lastSep != 4)) {
		return Num{}, false
	}
	if neg {
		units = -units
	}
	return Num{units: units, scale: uint8(scale), ok: true}, true
}

// parsePlain reads the commonest cell, a few ASCII digits, without the
// general parser; plain is false when s is anything else.
func parsePlain(s string) (n Num, ok, plain bool) {
	if s == "" || len(s) > maxDigits {
		return Num{}, false, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return Num{}, false, false
		}
		v = v*10 + int64(c-'0')
	}
	if len(s) > 1 && s[0] == '0' {
		return Num{}, false, true // digits run together, not a number
	}
	return Num{units: v, ok: true}, true, true
}

// FoldWidth maps full-width ASCII forms (digits, letters, punctuation) and
// the ideographic space to their half-width forms, so that "１２" reads as 12.
func FoldWidth(s string) string {
	i := strings.IndexFunc(s, isWide)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func isWide(r rune) bool { return r >= 0xFF01 && r <= 0xFF5E || r == 0x3000 }

func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFF01 + '!'
	case r == 0x3000:
		return ' '
	}
	return r
}
