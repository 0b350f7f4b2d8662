// Package textenc turns the bytes of a plain-text report into a Go string.
//
// Reports come as UTF-8 (with or without a byte-order mark), UTF-16 with a
// byte-order mark (Windows Notepad's "Unicode"), or GBK/GB2312, which
// GB18030 decodes as a superset. The decoded text always has LF line ends:
// byte offsets that readers record (nianbao.Pos.Offset) refer to the
// decoded text, not to the file's bytes.
package textenc

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"nianbao"
)

// The encodings Decode reports.
const (
	UTF8    = "utf-8"
	UTF16LE = "utf-16le"
	UTF16BE = "utf-16be"
	GB18030 = "gb18030"
)

// sniffLen is how much of a file the binary checks look at: enough to see
// the header of any binary format, small enough to cost nothing per file.
const sniffLen = 8 << 10

// The reasons a file is refused, in the words shown to the user.
const (
	msgEmpty     = "文件为空"
	msgBinary    = "不是文本文件（含二进制数据）"
	msgGarbled   = "不是文本文件（无法识别编码：既不是 UTF-8，也不是 GBK/GB18030，解码后多为乱码）"
	msgGarbled16 = "不是文本文件（按 UTF-16 解码后多为乱码）"
)

func refuse(msg string) (string, string, error) {
	return "", "", nianbao.Errorf(nianbao.ENOTREPORT, "%s", msg)
}

// Decode returns data as text together with the encoding it was read in
// (UTF8, UTF16LE, UTF16BE or GB18030). A UTF-8 byte-order mark is dropped;
// CRLF and lone CR become LF. Input that is empty, only whitespace, or not
// text at all fails with an ENOTREPORT *nianbao.Error whose message says why.
func Decode(data []byte) (text string, encoding string, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		// The mark declares UTF-8: a stray invalid byte is damage, not GBK.
		text, encoding = utf8Text(data[3:], !utf8.Valid(data[3:])), UTF8
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		text, encoding = utf16Text(data[2:], false), UTF16LE
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		text, encoding = utf16Text(data[2:], true), UTF16BE
	default:
		if bytes.IndexByte(data[:min(len(data), sniffLen)], 0) >= 0 {
			return refuse(msgBinary)
		}
		if valid := utf8.Valid(data); valid || mostlyUTF8(data) {
			text, encoding = utf8Text(data, !valid), UTF8
			break
		}
		if !likelyGBK(data) {
			return refuse(msgGarbled)
		}
		text, encoding = eolString(AppendGB18030(nil, data)), GB18030
	}
	if strings.TrimSpace(text) == "" {
		return refuse(msgEmpty)
	}
	if binarySample(text) {
		return refuse(msgBinary)
	}
	if (encoding == UTF16LE || encoding == UTF16BE) && !plausibleText(text) {
		return refuse(msgGarbled16)
	}
	return text, encoding, nil
}

// utf8Text converts UTF-8 bytes to a string with LF line ends; the common
// case, valid input, costs the single copy that makes the string. When
// repair is set, invalid sequences become U+FFFD.
func utf8Text(b []byte, repair bool) string {
	s := eolString(b)
	if repair {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// mostlyUTF8 reports whether invalid data is UTF-8 text with a little
// damage — a download cut inside the last character, a stray byte —
// rather than GBK. GBK double-byte characters almost never form valid UTF-8
// sequences, so valid multi-byte sequences far outnumbering invalid bytes
// is a reliable sign. A character cut off by the end of the data is not
// counted against it.
func mostlyUTF8(data []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r != utf8.RuneError || n > 1:
			valid++
		case utf8.FullRune(data[i:]):
			invalid++
		}
		i += n
	}
	return invalid*50 <= valid
}

// likelyGBK reports whether data reads as GBK/GB18030 Chinese text.
// GB18030 accepts almost any byte sequence, so decoding cannot reject
// binary data; instead the sample is tokenised as GB18030 and judged: real
// text is printable ASCII plus double-byte characters from the GB2312 area
// (symbols A1–A9, hanzi B0–F7, second byte A1–FE), while random bytes are
// mostly control characters, invalid sequences or rare GBK-extension codes.
func likelyGBK(data []byte) bool {
	data = data[:min(len(data), 4*sniffLen)]
	good, bad := 0, 0
	for i := 0; i < len(data); {
		b := data[i]
		switch {
		case b < 0x80:
			if b >= 0x20 && b < 0x7F || b == '\t' || b == '\n' || b == '\r' || b == '\f' {
				good++
			} else {
				bad++
			}
			i++
		case b == 0x80 || b == 0xFF || i+1 == len(data):
			bad++
			i++
		default:
			t := data[i+1]
			switch {
			case t >= 0x30 && t <= 0x39:
				// A four-byte sequence: valid ones are rare characters, neither sign.
				if i+3 < len(data) && data[i+2] >= 0x81 && data[i+2] <= 0xFE && data[i+3] >= 0x30 && data[i+3] <= 0x39 {
					i += 4
				} else {
					bad++
					i++
				}
			case t >= 0x40 && t <= 0xFE && t != 0x7F:
				if (b >= 0xA1 && b <= 0xA9 || b >= 0xB0 && b <= 0xF7) && t >= 0xA1 {
					good++
				} else {
					bad++
				}
				i += 2
			default:
				bad++
				i++
			}
		}
	}
	// Real text, even with a few GBK-only characters such as 〇, stays far
	// below a quarter of bad tokens; binary data lands near one half.
	return bad*4 <= good+bad
}

// eolString returns b as a string with CRLF and lone CR turned into LF, in
// one copy. CR (0x0D) never occurs inside a multi-byte UTF-8 sequence, so a
// byte scan is safe; b is not modified.
func eolString(b []byte) string {
	i := bytes.IndexByte(b, '\r')
	if i < 0 {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for i >= 0 {
		sb.Write(b[:i])
		sb.WriteByte('\n')
		b = b[i+1:]
		if len(b) > 0 && b[0] == '\n' {
			b = b[1:]
		}
		i = bytes.IndexByte(b, '\r')
	}
	sb.Write(b)
	return sb.String()
}

// utf16Text decodes UTF-16 (without its mark); unpaired surrogates and an
// odd final byte become U+FFFD.
func utf16Text(b []byte, bigEndian bool) string {
	unit := func(i int) uint16 {
		if bigEndian {
			return uint16(b[i])<<8 | uint16(b[i+1])
		}
		return uint16(b[i+1])<<8 | uint16(b[i])
	}
	out := make([]byte, 0, len(b)*3/2)
	for i := 0; i+1 < len(b); i += 2 {
		r := rune(unit(i))
		if utf16.IsSurrogate(r) {
			r2 := utf8.RuneError
			if i+3 < len(b) {
				r2 = rune(unit(i + 2))
			}
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				r = d
				i += 2
			} else {
				r = utf8.RuneError
			}
		}
		out = utf8.AppendRune(out, r)
	}
	if len(b)%2 == 1 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return eolString(out)
}

// byteClass classifies the bytes of UTF-8 text for binarySample: whether a
// byte starts a character, and whether it is, or may begin, a character no
// text holds.
var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		if c&0xC0 != 0x80 {
			t[c] |= runeStart
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\v' || c == 0x7F || c == 0xC2 || c == 0xEF {
			t[c] |= suspect
		}
	}
	return t
}()

const (
	runeStart = 1 << iota
	suspect
)

// binarySample reports whether the start of decoded text holds NUL or a
// high share of control characters and replacement characters: text never
// does, binary data (or the wrong decoding of it) does. It scans bytes
// through a table, not runes, because it runs on every file: C1 controls
// are C2 80–C2 9F and U+FFFD is EF BF BD in UTF-8.
func binarySample(s string) bool {
	s = s[:min(len(s), sniffLen)]
	runes, bad := 0, 0
	for i := 0; i < len(s); i++ {
		k := byteClass[s[i]]
		runes += int(k & runeStart)
		if k&suspect == 0 {
			continue
		}
		switch c := s[i]; c {
		case 0:
			return true
		case 0xC2:
			if i+1 < len(s) && s[i+1] < 0xA0 {
				bad++
			}
		case 0xEF:
			if strings.HasPrefix(s[i:], "\uFFFD") {
				bad++
			}
		default:
			bad++
		}
	}
	return bad*10 > runes
}

// plausibleText reports whether the start of text is made of the
// characters a Chinese document uses. UTF-16 has no invalid sequences to
// betray binary data behind a byte-order mark, but random code units
// scatter over scripts and private-use areas no report uses.
func plausibleText(s string) bool {
	s = s[:min(len(s), sniffLen)]
	n, ok := 0, 0
	for _, r := range s {
		n++
		if likelyRune(r) {
			ok++
		}
	}
	return ok*5 >= n*4
}

func likelyRune(r rune) bool {
	switch {
	case r < 0x80:
		return r >= 0x20 && r != 0x7F || unicode.IsSpace(r)
	case r >= 0xA0 && r < 0x250, // Latin-1 and Latin Extended
		r >= 0x2000 && r < 0x2C00,   // punctuation, symbols, arrows, maths, boxes, enclosed numbers
		r >= 0x3000 && r < 0x3100,   // CJK punctuation, kana
		r >= 0x3200 && r < 0x4DC0,   // enclosed CJK, compatibility, extension A
		r >= 0x4E00 && r < 0xA000,   // CJK unified ideographs
		r >= 0xF900 && r < 0xFB00,   // compatibility ideographs
		r >= 0xFE30 && r < 0xFE50,   // CJK compatibility forms
		r >= 0xFF00 && r < 0xFFF0,   // full-width forms
		r >= 0x20000 && r < 0x32000: // ideograph extensions B–H
		return true
	}
	return false
}

// AppendLowerASCII appends b to dst with its ASCII letters lower-cased and
// every other byte as it is. Sniffing a file's markup needs no more, and
// bytes.ToLower would decode bytes that may not be UTF-8 yet, slowly and
// turning them into U+FFFD.
func AppendLowerASCII(dst, b []byte) []byte {
	for _, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// StartsUTF8 reports whether the first n bytes of data (all of it when
// shorter) are UTF-8, the cut moved back to the start of a character so
// that a sample ending inside one is not taken for invalid.
func StartsUTF8(data []byte, n int) bool {
	end := min(len(data), n)
	for k := 0; k < utf8.UTFMax-1 && end < len(data) && !utf8.RuneStart(data[end]); k++ {
		end--
	}
	return utf8.Valid(data[:end])
}
