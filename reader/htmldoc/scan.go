package htmldoc

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"

	"nianbao/internal/textenc"
)

// The tokenizer: a page's bytes into text runs and tags, with only the
// attributes the reader looks at.

// tagName returns the name of the tag just read, as written.
func (s *scanner) tagName() []byte { return s.src[s.nameFrom:s.nameTo] }

// nameIs reports whether the tag just read is named n (lower-case).
func (s *scanner) nameIs(n string) bool { return equalFold(s.tagName(), n) }

func (s *scanner) run() {
	src := s.src
	for s.i < len(src) {
		// Word's tags mostly follow one another with no text between.
		if src[s.i] != '<' {
			j := bytes.IndexByte(src[s.i:], '<')
			if j < 0 {
				s.text(s.i, len(src))
				return
			}
			s.text(s.i, s.i+j)
			s.i += j
		}
		s.markup()
	}
}

// text handles the character data src[from:to].
func (s *scanner) text(from, to int) {
	raw := s.src[from:to]
	// Most runs between a page's tags are its indentation: white space
	// that only separates what comes before it from what comes after.
	i := 0
	for i < len(raw) && class[raw[i]]&space != 0 {
		i++
	}
	if i == len(raw) { // (runs are never empty)
		p := &s.target().p
		p.pending, p.pendingNL = true, p.pendingNL || bytes.IndexByte(raw, '\n') >= 0
		return
	}
	if s.gb18030 {
		// The run's first word starts where it does in the page unless
		// white space outside ASCII (U+00A0 as four GB18030 bytes) comes
		// before it: close enough for a paragraph's position.
		s.decoded = textenc.AppendGB18030(s.decoded[:0], raw)
		raw = s.decoded
	}
	if bytes.IndexByte(raw, '&') >= 0 {
		s.unescaped = append(s.unescaped[:0], html.UnescapeString(string(raw))...)
		s.target().p.add(s.unescaped, from, false)
		return
	}
	s.target().p.add(raw, from, true)
}

// hasPrefix reports whether b starts with p.
func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }

// markup handles what starts with '<' at s.i.
func (s *scanner) markup() {
	src := s.src
	start := s.i
	rest := src[start+1:]
	var c byte
	if len(rest) > 0 {
		c = rest[0]
	}
	switch {
	case isLetter(c):
		k, end, selfClosing := s.readTag(start+1, false)
		s.i = end
		s.startTag(k, start, selfClosing)
	case c == '/':
		if len(rest) > 1 && isLetter(rest[1]) {
			k, end, _ := s.readTag(start+2, true)
			s.i = end
			s.endTag(k)
			return
		}
		s.skipTo('>', start+2)
	case hasPrefix(rest, "!--"):
		end := bytes.Index(src[start+4:], []byte("-->"))
		if end < 0 {
			s.i = len(src)
		} else {
			s.i = start + 4 + end + 3
		}
	case c == '!' || c == '?':
		s.skipTo('>', start+2)
	default:
		// A '<' that starts no tag is text.
		s.text(start, start+1)
		s.i = start + 1
	}
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func (s *scanner) skipTo(c byte, from int) {
	if from > len(s.src) {
		s.i = len(s.src)
		return
	}
	k := bytes.IndexByte(s.src[from:], c)
	if k < 0 {
		s.i = len(s.src)
		return
	}
	s.i = from + k + 1
}

// Byte classes of the tag scanner.
const (
	space    = 1 << iota // HTML white space
	nameStop             // ends an attribute name
	valStop              // ends an unquoted attribute value
	textStop             // ends a word of text: white space, or the first byte of U+00A0
	nameEnd              // ends a tag name
	upper                // an ASCII capital letter
)

var class = func() (t [256]uint8) {
	for _, c := range []byte(" \t\n\r\f") {
		t[c] |= space | nameStop | valStop
	}
	for _, c := range []byte("/>=") {
		t[c] |= nameStop
	}
	t['>'] |= valStop
	for _, c := range []byte(" \t\n\r\f/>") {
		t[c] |= nameEnd
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] |= upper
	}
	for _, c := range []byte(" \t\n\r\f\xC2") {
		t[c] |= textStop
	}
	return t
}()

// readTag reads a tag from its name at i to its closing '>'; it returns
// the element's kind, where the tag ends and whether it closed itself. Of
// the attributes, it keeps what the reader looks at: style and hidden
// (which may hide an element), rowspan and colspan.
func (s *scanner) readTag(i int, end bool) (kind, int, bool) {
	src := s.src
	start := i
	var seen uint8 // the classes of the name's bytes
	for i < len(src) {
		c := class[src[i]]
		if c&nameEnd != 0 {
			break
		}
		seen |= c
		i++
	}
	s.nameFrom, s.nameTo = start, i
	name := src[start:i]
	k := inline
	if seen&upper == 0 {
		k = kindOf(name)
	} else if len(name) <= 16 { // longer names are none the reader knows
		var lower [16]byte
		k = kindOf(textenc.AppendLowerASCII(lower[:0], name))
	}
	s.styleFrom, s.styleTo, s.hiddenAttr, s.rowspan, s.colspan = 0, 0, false, 1, 1
	// Most tags: neither their attributes nor a closing '/' matter.
	record := !end && k.attrsMatter()
	self := false
	for i < len(src) {
		c := src[i]
		switch {
		case c == '>':
			return k, i + 1, self
		case class[c]&space != 0:
			i++
			continue
		case c == '/':
			self = true
			i++
			continue
		}
		self = false
		// An attribute: a name, and maybe '=' and a value.
		ks := i
		i++ // a name may start with '='
		for i < len(src) && class[src[i]]&nameStop == 0 {
			i++
		}
		ke := i
		for i < len(src) && class[src[i]]&space != 0 {
			i++
		}
		vs, ve := i, i
		if i < len(src) && src[i] == '=' {
			i++
			for i < len(src) && class[src[i]]&space != 0 {
				i++
			}
			if i < len(src) && (src[i] == '"' || src[i] == '\'') {
				q := src[i]
				k := bytes.IndexByte(src[i+1:], q)
				if k < 0 {
					return inline, len(src), false
				}
				vs, ve = i+1, i+1+k
				i += k + 2
			} else {
				vs = i
				for i < len(src) && class[src[i]]&valStop == 0 {
					i++
				}
				ve = i
			}
		}
		if record {
			s.attr(src[ks:ke], vs, ve)
		}
	}
	return k, len(src), self
}

// attr notes an attribute the reader looks at; its value is src[vs:ve].
func (s *scanner) attr(key []byte, vs, ve int) {
	switch len(key) {
	case 5:
		if equalFold(key, "style") {
			s.styleFrom, s.styleTo = vs, ve
		}
	case 6:
		s.hiddenAttr = s.hiddenAttr || equalFold(key, "hidden")
	case 7:
		if equalFold(key, "rowspan") {
			s.rowspan = number(s.src[vs:ve], 1, 0, 65534)
		} else if equalFold(key, "colspan") {
			s.colspan = number(s.src[vs:ve], 1, 1, 1000)
		}
	}
}

// equalFold reports whether b is lower, ignoring the case of ASCII letters.
func equalFold(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// skipRaw skips the content of an element whose content is not markup
// (script, style …), up to and including its end tag.
func (s *scanner) skipRaw(name []byte) {
	src := s.src
	for i := s.i; ; {
		k := bytes.Index(src[i:], []byte("</"))
		if k < 0 {
			s.i = len(src)
			return
		}
		p := i + k + 2
		if p+len(name) <= len(src) && bytes.EqualFold(src[p:p+len(name)], name) {
			q := p + len(name)
			if q == len(src) || class[src[q]]&space != 0 || src[q] == '/' || src[q] == '>' {
				s.skipTo('>', q)
				return
			}
		}
		i = p
	}
}

// skipElement skips the content of the element just read up to its
// matching end tag, counting elements of the same name nested inside it.
func (s *scanner) skipElement() {
	name := strings.ToLower(string(s.tagName()))
	depth := 1
	for s.i < len(s.src) {
		j := bytes.IndexByte(s.src[s.i:], '<')
		if j < 0 {
			s.i = len(s.src)
			return
		}
		s.i += j
		rest := s.src[s.i+1:]
		switch {
		case hasPrefix(rest, "!--"):
			s.markup()
		case hasPrefix(rest, "/") && len(rest) > 1 && isLetter(rest[1]):
			_, end, _ := s.readTag(s.i+2, true)
			s.i = end
			if s.nameIs(name) {
				if depth--; depth == 0 {
					return
				}
			}
		case len(rest) > 0 && isLetter(rest[0]):
			k, end, self := s.readTag(s.i+1, false)
			s.i = end
			if k == raw {
				s.skipRaw(s.tagName())
			} else if s.nameIs(name) && !self {
				depth++
			}
		default:
			s.i++
		}
	}
}
