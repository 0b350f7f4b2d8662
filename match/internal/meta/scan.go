package meta

import "unicode/utf8"

// Reports are typeset by hand and exported through PDF, Word and web
// pages: a title may be letter-spaced ("2024 年"), wrapped over two lines
// or padded with non-breaking and zero-width spaces. The helpers here match
// fixed phrases while skipping any such whitespace between their
// characters, without normalising (and so copying) the text.

// isSpace reports whether r is whitespace as reports use it, including the
// ideographic space and the invisible spaces web pages leave behind.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0, 0x3000, 0x202F, 0x205F, 0x2060, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200D
}

// skipSpace returns the index of the first non-space rune at or after i.
func skipSpace(s string, i int) int {
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			if !isSpace(rune(s[i])) {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			return i
		}
		i += n
	}
	return i
}

// skipSpaceBack returns the index just past the last non-space rune before j.
func skipSpaceBack(s string, j int) int {
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if !isSpace(r) {
			return j
		}
		j -= n
	}
	return j
}

// runeAt and runeBefore decode the rune at i and the one ending at j; at
// the ends of s they return utf8.RuneError and size 0.
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return utf8.RuneError, 0
	}
	return utf8.DecodeRuneInString(s[i:])
}

func runeBefore(s string, j int) (rune, int) {
	if j <= 0 {
		return utf8.RuneError, 0
	}
	return utf8.DecodeLastRuneInString(s[:j])
}

// matchAt reports whether lit occurs at i, with whitespace allowed before
// and between its characters; end is the index just past it.
func matchAt(s string, i int, lit string) (end int, ok bool) {
	for _, want := range lit {
		i = skipSpace(s, i)
		r, n := runeAt(s, i)
		if n == 0 || r != want {
			return 0, false
		}
		i += n
	}
	return i, true
}

// matchBefore reports whether lit ends at j, with whitespace allowed after
// and between its characters; start is the index of its first character.
func matchBefore(s string, j int, lit string) (start int, ok bool) {
	for len(lit) > 0 {
		want, m := utf8.DecodeLastRuneInString(lit)
		lit = lit[:len(lit)-m]
		j = skipSpaceBack(s, j)
		r, n := runeBefore(s, j)
		if n == 0 || r != want {
			return 0, false
		}
		j -= n
	}
	return j, true
}

// matchAnyBefore is matchBefore for the first of lits that matches.
func matchAnyBefore(s string, j int, lits ...string) (start int, ok bool) {
	for _, lit := range lits {
		if start, ok := matchBefore(s, j, lit); ok {
			return start, true
		}
	}
	return 0, false
}

// digit returns the value of an ASCII or full-width decimal digit.
func digit(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= '０' && r <= '９':
		return int(r - '０'), true
	}
	return 0, false
}

// cnDigit returns the value of a Chinese numeral digit as dates write them
// ("二〇二五年", also with ○, 零 or a Latin O typed for 〇).
func cnDigit(r rune) (int, bool) {
	switch r {
	case '〇', '○', '零', 'O', 'Ｏ':
		return 0, true
	case '一':
		return 1, true
	case '二':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
}

func isDigitLike(r rune) bool {
	_, ok := digit(r)
	if !ok {
		_, ok = cnDigit(r)
	}
	return ok
}

// yearAt reads a four-digit year 2000–2099 at i (Arabic, full-width or
// Chinese numerals, not mixed) that is not part of a longer number.
func yearAt(s string, i int) (year, end int, ok bool) {
	if r, n := runeBefore(s, i); n > 0 && isDigitLike(r) {
		return 0, 0, false
	}
	val := digit
	if r, _ := runeAt(s, i); !isArabic(r) {
		val = cnDigit
	}
	for range 4 {
		r, n := runeAt(s, i)
		d, ok := val(r)
		if n == 0 || !ok {
			return 0, 0, false
		}
		year = year*10 + d
		i += n
	}
	if r, n := runeAt(s, i); n > 0 && isDigitLike(r) || year < 2000 || year > 2099 {
		return 0, 0, false
	}
	return year, i, true
}

func isArabic(r rune) bool {
	_, ok := digit(r)
	return ok
}

// yearBefore reads a year (as yearAt) that ends at j, whitespace allowed
// after it; start is the index of its first digit.
func yearBefore(s string, j int) (year, start int, ok bool) {
	j = skipSpaceBack(s, j)
	i := j
	for range 4 {
		_, n := runeBefore(s, i)
		if n == 0 {
			return 0, 0, false
		}
		i -= n
	}
	year, end, ok := yearAt(s, i)
	if !ok || end != j {
		return 0, 0, false
	}
	return year, i, true
}

// isHan reports whether r is a Chinese character, the stuff names are made of.
func isHan(r rune) bool {
	return r >= 0x3400 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF || r >= 0x20000 && r <= 0x3FFFF
}

// alignBack moves i back to the start of the rune it falls in.
func alignBack(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}
