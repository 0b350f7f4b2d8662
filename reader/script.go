package reader

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"nianbao/internal/textenc"
)

// A report's web page is sometimes scraped out of a script string: the
// CMS writes its content area with document.write("…") or keeps it in a
// JSON field, and the scraper saves the string without unescaping it.
// Its markup then reads "<\/td>" and "style=\'…\'", and its line breaks
// are the two characters "\n": as text it is one line of tags, as HTML
// its attributes never close. Such a file is read as the page it holds.

// hasScriptTableMarkup reports whether data, within its first
// maxSniffMarkup bytes, holds a table as markup escaped in a script
// string: a <table> opened, and rows and cells closed as "<\/tr>" and
// "<\/td>". Only UTF-8 is unescaped: in GBK a two-byte character may end
// in the byte of "\", which an escape would eat.
func hasScriptTableMarkup(data []byte) bool {
	return tableMarkup(data, `<\/`) && textenc.StartsUTF8(data, maxSniffMarkup)
}

// unescapeScript undoes a script string's escapes: \n \r \t \b \f \v,
// \uXXXX (surrogate pairs joined), \xXX, and a backslash before any other
// character stands for that character (\" \' \/ \\). It never makes the
// text longer.
func unescapeScript(data []byte) []byte {
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c != '\\' || i+1 == len(data) {
			out = append(out, c)
			continue
		}
		i++
		switch e := data[i]; e {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'b', 'f', 'v':
			out = append(out, ' ')
		case 'u', 'x':
			width := 4
			if e == 'x' {
				width = 2
			}
			r, ok := hexRune(data[i+1:], width)
			if !ok {
				out = append(out, e)
				continue
			}
			i += width
			if utf16.IsSurrogate(r) {
				if len(data) > i+2 && data[i+1] == '\\' && data[i+2] == 'u' {
					if r2, ok := hexRune(data[i+3:], 4); ok {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							r, i = d, i+6
						}
					}
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			out = append(out, e)
		}
	}
	return out
}

// hexRune reads width hex digits at the start of b.
func hexRune(b []byte, width int) (rune, bool) {
	if len(b) < width {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[:width]), 16, 32)
	return rune(n), err == nil
}
