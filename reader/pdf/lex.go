package pdf

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
)

// The PDF object model: null is nil, booleans are bool, integers int,
// reals float64, and the rest the types below.
type (
	// Name is a PDF name (/Font), without its slash, #xx escapes decoded.
	Name string
	// String is a PDF string's bytes, escapes decoded.
	String string
	// Array is a PDF array.
	Array []any
	// Dict is a PDF dictionary.
	Dict map[Name]any
	// Ref is an indirect reference (12 0 R).
	Ref struct{ Num, Gen int }
	// keyword is a bare word: an operator in a content stream, or obj,
	// endobj, stream, R and friends in a file.
	keyword string
)

// Stream is a stream object: its dictionary and its raw bytes (still
// encrypted and encoded).
type Stream struct {
	Dict      Dict
	raw       []byte
	ref       Ref  // the object the stream is, for decryption
	truncated bool // the file ends before the stream does
}

// maxDepth bounds the nesting of arrays and dictionaries: real files nest a
// handful deep, and a malicious one must not exhaust the stack.
const maxDepth = 64

var (
	errSyntax = errors.New("syntax error")
	errEOF    = errors.New("unexpected end of data")
)

// lexer reads PDF tokens and objects from a byte slice.
type lexer struct {
	b []byte
	p int
}

func isWhite(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func isRegular(c byte) bool { return !isWhite(c) && !isDelim(c) }

// skipSpace skips whitespace and comments.
func (l *lexer) skipSpace() {
	for l.p < len(l.b) {
		c := l.b[l.p]
		if isWhite(c) {
			l.p++
			continue
		}
		if c == '%' {
			for l.p < len(l.b) && l.b[l.p] != '\n' && l.b[l.p] != '\r' {
				l.p++
			}
			continue
		}
		return
	}
}

// word reads a run of regular characters.
func (l *lexer) word() []byte {
	s := l.p
	for l.p < len(l.b) && isRegular(l.b[l.p]) {
		l.p++
	}
	return l.b[s:l.p]
}

// object reads one object. Bare words come back as keyword; "n g R" as a Ref.
func (l *lexer) object(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errSyntax
	}
	l.skipSpace()
	if l.p >= len(l.b) {
		return nil, errEOF
	}
	c := l.b[l.p]
	switch c {
	case '/':
		l.p++
		return l.name(), nil
	case '(':
		l.p++
		return l.literal(), nil
	case '<':
		if l.p+1 < len(l.b) && l.b[l.p+1] == '<' {
			l.p += 2
			return l.dict(depth)
		}
		l.p++
		return l.hex(), nil
	case '[':
		l.p++
		return l.array(depth)
	case ']', '>', ')', '{', '}':
		l.p++
		return keyword(c), nil
	}
	if c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9' {
		w := l.word()
		return parseNumber(w), nil
	}
	w := l.word()
	if len(w) == 0 {
		l.p++
		return nil, errSyntax
	}
	switch string(w) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	if k, ok := operators[string(w)]; ok {
		return k, nil
	}
	return keyword(w), nil
}

// operators interns the common keywords, which content streams repeat by
// the thousand.
var operators = map[string]keyword{}

func init() {
	for _, k := range strings.Fields(`q Q cm w J j M d ri i gs m l c v y h re S s f F f* B B* b b* n W W*
		BT ET Tc Tw Tz TL Tf Tr Ts Td TD Tm T* Tj TJ ' " Do BI ID EI BMC BDC EMC MP DP BX EX
		G g RG rg K k CS cs SC SCN sc scn sh d0 d1 obj endobj stream endstream R xref trailer startxref
		begincodespacerange endcodespacerange beginbfchar endbfchar beginbfrange endbfrange
		begincidchar endcidchar begincidrange endcidrange def usecmap`) {
		operators[k] = keyword(k)
	}
}

// parseNumber reads an integer or a real; malformed numbers ("--5", "1.2.3")
// read as what strtod-like readers make of them, or 0.
func parseNumber(w []byte) any {
	// Fast path: [-]digits[.digits], as nearly every number is.
	if len(w) > 0 && len(w) < 16 {
		i, neg := 0, false
		if w[0] == '-' {
			neg, i = true, 1
		} else if w[0] == '+' {
			i = 1
		}
		var ip int64
		digits := 0
		for i < len(w) && w[i] >= '0' && w[i] <= '9' {
			ip = ip*10 + int64(w[i]-'0')
			i++
			digits++
		}
		if i == len(w) && digits > 0 {
			if neg {
				ip = -ip
			}
			return int(ip)
		}
		if i < len(w) && w[i] == '.' {
			i++
			frac, scale := int64(0), 1.0
			for i < len(w) && w[i] >= '0' && w[i] <= '9' {
				frac = frac*10 + int64(w[i]-'0')
				scale *= 10
				i++
				digits++
			}
			if i == len(w) && digits > 0 {
				v := float64(ip) + float64(frac)/scale
				if neg {
					v = -v
				}
				return v
			}
		}
	}
	isInt := true
	for i, c := range w {
		if c == '.' || (c == '-' || c == '+') && i > 0 {
			isInt = false
		}
	}
	if isInt {
		if n, err := strconv.ParseInt(string(w), 10, 64); err == nil {
			if n > 1<<40 || n < -(1<<40) {
				return float64(n)
			}
			return int(n)
		}
	}
	// Tolerate "--1", "1.2.3", "5-": keep the leading valid part.
	s := w
	for len(s) > 1 && (s[0] == '-' || s[0] == '+') && (s[1] == '-' || s[1] == '+') {
		s = s[1:]
	}
	end := 0
	dot := false
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			end = i + 1
		case c == '.' && !dot:
			dot = true
			end = i + 1
		case (c == '-' || c == '+') && i == 0:
			end = i + 1
		default:
			goto done
		}
	}
done:
	f, err := strconv.ParseFloat(string(s[:end]), 64)
	if err != nil {
		return 0
	}
	return f
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (l *lexer) name() Name {
	w := l.word()
	if bytes.IndexByte(w, '#') < 0 {
		return Name(w)
	}
	out := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		if w[i] == '#' && i+2 < len(w) {
			h, ok1 := unhex(w[i+1])
			lo, ok2 := unhex(w[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|lo)
				i += 2
				continue
			}
		}
		out = append(out, w[i])
	}
	return Name(out)
}

// literal reads a (string) after its opening parenthesis.
func (l *lexer) literal() String {
	// Fast path: no escapes and no nested parentheses.
	for i := l.p; i < len(l.b); i++ {
		c := l.b[i]
		if c == ')' {
			s := String(l.b[l.p:i])
			l.p = i + 1
			return s
		}
		if c == '\\' || c == '(' || c == '\r' {
			break
		}
	}
	var out []byte
	depth := 1
	for l.p < len(l.b) {
		c := l.b[l.p]
		l.p++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return String(out)
			}
		case '\r':
			// An end of line in a string reads as \n.
			if l.p < len(l.b) && l.b[l.p] == '\n' {
				l.p++
			}
			c = '\n'
		case '\\':
			if l.p >= len(l.b) {
				return String(out)
			}
			e := l.b[l.p]
			l.p++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.p < len(l.b) && l.b[l.p] == '\n' {
					l.p++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.p < len(l.b) && l.b[l.p] >= '0' && l.b[l.p] <= '7'; k++ {
						v = v*8 + int(l.b[l.p]-'0')
						l.p++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return String(out)
}

// hex reads a <hex string> after its opening bracket.
func (l *lexer) hex() String {
	var out []byte
	var hi byte
	half := false
	for l.p < len(l.b) {
		c := l.b[l.p]
		l.p++
		if c == '>' {
			break
		}
		v, ok := unhex(c)
		if !ok {
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return String(out)
}

// array reads the elements of an array after its '['.
func (l *lexer) array(depth int) (any, error) {
	var a Array
	for {
		l.skipSpace()
		if l.p >= len(l.b) {
			return a, errEOF
		}
		if l.b[l.p] == ']' {
			l.p++
			return a, nil
		}
		o, err := l.object(depth + 1)
		if err != nil {
			return a, err
		}
		switch o {
		case keyword("R"):
			if n := len(a); n >= 2 {
				num, ok1 := a[n-2].(int)
				gen, ok2 := a[n-1].(int)
				if ok1 && ok2 {
					a = append(a[:n-2], Ref{num, gen})
					continue
				}
			}
			continue
		case keyword(">"), keyword(")"), keyword("}"), keyword("{"):
			continue
		case keyword("endobj"), keyword("stream"), keyword("obj"):
			// An unterminated array: give back what was read.
			l.p -= len(o.(keyword))
			return a, nil
		}
		a = append(a, o)
	}
}

// dict reads the entries of a dictionary after its "<<".
func (l *lexer) dict(depth int) (any, error) {
	d := Dict{}
	for {
		l.skipSpace()
		if l.p >= len(l.b) {
			return d, errEOF
		}
		if l.b[l.p] == '>' {
			l.p++
			if l.p < len(l.b) && l.b[l.p] == '>' {
				l.p++
			}
			return d, nil
		}
		k, err := l.object(depth + 1)
		if err != nil {
			return d, err
		}
		key, ok := k.(Name)
		if !ok {
			if kw, isKw := k.(keyword); isKw && (kw == "endobj" || kw == "stream" || kw == "obj") {
				l.p -= len(kw)
				return d, nil
			}
			continue
		}
		l.skipSpace()
		if l.p < len(l.b) && l.b[l.p] == '>' {
			// A key without a value.
			continue
		}
		v, err := l.object(depth + 1)
		if err != nil {
			return d, err
		}
		if kw, isKw := v.(keyword); isKw {
			if kw == "endobj" || kw == "stream" || kw == "obj" {
				l.p -= len(kw)
				return d, nil
			}
			continue
		}
		// n g R
		if num, ok := v.(int); ok {
			save := l.p
			l.skipSpace()
			if l.p < len(l.b) && l.b[l.p] >= '0' && l.b[l.p] <= '9' {
				g := l.word()
				l.skipSpace()
				if gen, err := strconv.Atoi(string(g)); err == nil && l.p < len(l.b) && l.b[l.p] == 'R' &&
					(l.p+1 == len(l.b) || !isRegular(l.b[l.p+1])) {
					l.p++
					d[key] = Ref{num, gen}
					continue
				}
			}
			l.p = save
		}
		if v != nil {
			d[key] = v
		}
	}
}
