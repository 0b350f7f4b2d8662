package pdf

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Single-byte encodings of simple fonts and the glyph names of /Differences.

var winAnsi, macRoman, standard [256]rune

func init() {
	for i := range 256 {
		winAnsi[i] = charmap.Windows1252.DecodeByte(byte(i))
		macRoman[i] = charmap.Macintosh.DecodeByte(byte(i))
		if i >= 0x20 && i < 0x7f {
			standard[i] = rune(i)
		}
	}
	standard['\''] = '’'
	standard['`'] = '‘'
	// PDF's WinAnsiEncoding prints the undefined codes as bullets, and
	// 0xA0 as a space.
	for _, c := range []int{0x7f, 0x81, 0x8d, 0x8f, 0x90, 0x9d} {
		winAnsi[c] = '•'
	}
	for i := range 0x20 {
		winAnsi[i] = 0
		macRoman[i] = 0
	}
	for i, n := range glyphNames {
		names[n] = rune(0x20 + i)
	}
	for n, r := range extraGlyphs {
		names[n] = r
	}
}

// glyphNames are the Adobe names of ASCII 0x20–0x7E.
var glyphNames = strings.Fields(`space exclam quotedbl numbersign dollar percent ampersand quotesingle
parenleft parenright asterisk plus comma hyphen period slash zero one two three four five six seven
eight nine colon semicolon less equal greater question at A B C D E F G H I J K L M N O P Q R S T U V
W X Y Z bracketleft backslash bracketright asciicircum underscore grave a b c d e f g h i j k l m n o p
q r s t u v w x y z braceleft bar braceright asciitilde`)

var extraGlyphs = map[string]rune{
	"quoteright": '’', "quoteleft": '‘', "quotedblleft": '“', "quotedblright": '”', "quotesinglbase": '‚',
	"quotedblbase": '„', "endash": '–', "emdash": '—', "bullet": '•', "ellipsis": '…', "periodcentered": '·',
	"degree": '°', "multiply": '×', "divide": '÷', "yen": '¥', "sterling": '£', "section": '§', "copyright": '©',
	"registered": '®', "trademark": '™', "nbspace": '\u00a0', "nonbreakingspace": '\u00a0', "minus": '−',
	"plusminus": '±', "percent": '%', "perthousand": '‰', "dagger": '†', "daggerdbl": '‡', "fi": 'ﬁ', "fl": 'ﬂ',
	"paragraph": '¶', "cent": '¢', "currency": '¤', "Euro": '€', "brokenbar": '¦', "dieresis": '¨',
	"ordfeminine": 'ª', "ordmasculine": 'º', "guillemotleft": '«', "guillemotright": '»', "logicalnot": '¬',
	"sfthyphen": '\u00ad', "macron": '¯', "twosuperior": '²', "threesuperior": '³', "onesuperior": '¹',
	"acute": '´', "mu": 'µ', "cedilla": '¸', "onequarter": '¼', "onehalf": '½', "threequarters": '¾',
	"questiondown": '¿', "exclamdown": '¡', "circumflex": 'ˆ', "tilde": '˜', "fraction": '⁄',
	"guilsinglleft": '‹', "guilsinglright": '›', "florin": 'ƒ', "dotlessi": 'ı', "germandbls": 'ß',
}

var names = map[string]rune{}

// glyphText returns the text of a glyph name: an Adobe name, uniXXXX,
// uXXXX[XX], or a name with a suffix (".sc", "_alt").
func glyphText(name string) string {
	if r, ok := names[name]; ok {
		return string(r)
	}
	if strings.HasPrefix(name, "uni") && len(name) >= 7 && (len(name)-3)%4 == 0 {
		var b strings.Builder
		for i := 3; i+4 <= len(name); i += 4 {
			v, err := strconv.ParseUint(name[i:i+4], 16, 32)
			if err != nil || v >= 0xD800 && v < 0xE000 {
				return ""
			}
			b.WriteRune(rune(v))
		}
		return b.String()
	}
	if strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7 {
		if v, err := strconv.ParseUint(name[1:], 16, 32); err == nil && utf8.ValidRune(rune(v)) {
			return string(rune(v))
		}
	}
	if i := strings.IndexAny(name, "._"); i > 0 {
		return glyphText(name[:i])
	}
	return ""
}
