package htmldoc

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"nianbao/internal/textenc"
)

// Visibility: what a page hides with its attributes and styles is not
// part of the report.

// hidden reports whether the tag just read hides its element.
func (s *scanner) hidden() bool {
	if s.hiddenAttr {
		return true
	}
	style := s.src[s.styleFrom:s.styleTo]
	if s.gb18030 {
		// A style is read in its characters: the second byte of a GBK
		// character may be an ASCII letter.
		s.decoded = textenc.AppendGB18030(s.decoded[:0], style)
		style = s.decoded
	}
	if !mayHide(style) {
		return false
	}
	st := strings.ToLower(strings.Join(strings.Fields(string(style)), ""))
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") || strings.Contains(st, "mso-hide:all")
}

// mayHide is a cheap test that a style cannot hide its element: Word puts
// a long style on every span. A style that hides says display:none,
// visibility:hidden or mso-hide:all, so some ':' in it is followed, after
// any white space, by n, h or a; few of the others are.
func mayHide(style []byte) bool {
	for {
		i := bytes.IndexByte(style, ':')
		if i < 0 {
			return false
		}
		style = style[i+1:]
		// The full test drops white space as strings.Fields sees it.
		for len(style) > 0 {
			if c := style[0]; c < utf8.RuneSelf {
				if c != ' ' && (c < '\t' || c > '\r') {
					break
				}
				style = style[1:]
			} else if c != 0xC2 && (c < 0xE1 || c > 0xE3) {
				break // the lead byte of no space character: not worth decoding
			} else if r, n := utf8.DecodeRune(style); unicode.IsSpace(r) {
				style = style[n:]
			} else {
				break
			}
		}
		if len(style) > 0 {
			switch style[0] | 0x20 {
			case 'n', 'h', 'a':
				return true
			}
		}
	}
}
