package htmldoc

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"

	"nianbao/internal/textenc"
)

// The encodings ReadEncoding reports besides the names htmlindex gives.
const (
	UTF8    = "utf-8"
	GB18030 = "gb18030"
)

// prescanLen is how much of a page is searched for a <meta> charset: the
// HTML standard looks at 1024 bytes, but Chinese portals put long comments
// and scripts before their <meta>.
const prescanLen = 8 << 10

// charset decides what a page is encoded in, and returns the page's bytes
// past any byte-order mark.
//
// A byte-order mark decides. Otherwise bytes that are valid UTF-8 are
// UTF-8, whatever the page declares: GBK text practically never validates
// as UTF-8, while a page saved as UTF-8 often still declares the gb2312 of
// the template it came from. Otherwise the <meta> charset is honoured,
// except that Chinese text is never Latin-1 (a declared windows-1252 or
// iso-8859-1 is a template default, and the bytes are GBK); GBK, GB2312
// and GB18030 are all read as GB18030, their superset. A page that declares
// nothing is GB18030, not windows-1252 as a browser would assume.
func charset(data []byte) (enc string, body []byte) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return UTF8, data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return "utf-16le", data[2:]
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "utf-16be", data[2:]
	}
	if utf8.Valid(data) {
		return UTF8, data
	}
	name := metaCharset(data[:min(len(data), prescanLen)])
	switch name {
	case "", "gbk", "gb2312", "gb18030", "x-gbk", "gb_2312-80", "chinese", "csgb2312", "windows-936", "cp936",
		"windows-1252", "iso-8859-1", "latin1", "us-ascii", "ascii", "cp1252", "iso8859-1":
		return GB18030, data
	case "utf-8", "utf8":
		// Declared UTF-8 with some damage (a page cut off inside a character).
		return UTF8, data
	}
	e, err := htmlindex.Get(name)
	if err != nil {
		return GB18030, data
	}
	canon, _ := htmlindex.Name(e)
	if canon == "utf-16le" || canon == "utf-16be" || canon == "replacement" {
		// A declaration a page of bytes cannot mean (the standard reads
		// these as UTF-8); the bytes are not UTF-8, so GB18030.
		return GB18030, data
	}
	return canon, data
}

// decodeAs decodes a page's bytes from enc, a name charset returned other
// than GB18030 (whose pages are read as they are), to UTF-8. Valid UTF-8
// comes back as it is; damaged UTF-8 with U+FFFD for each bad byte.
func decodeAs(enc string, body []byte) []byte {
	switch enc {
	case UTF8:
		if utf8.Valid(body) {
			return body
		}
		return bytes.ToValidUTF8(body, []byte("\uFFFD"))
	case "utf-16le":
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), body)
	case "utf-16be":
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), body)
	}
	e, err := htmlindex.Get(enc)
	if err != nil {
		// Not a name charset returns.
		return bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	return decodeWith(e, body)
}

func decodeWith(e encoding.Encoding, data []byte) []byte {
	b, err := e.NewDecoder().Bytes(data)
	if err != nil {
		// The decoders replace bad input; an error here is not expected.
		return bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return b
}

// metaCharset finds the charset a page declares in a <meta> tag, either
// <meta charset="gbk"> or <meta http-equiv="Content-Type"
// content="text/html; charset=gb2312">, lower-cased; "" when none.
func metaCharset(head []byte) string {
	for i := 0; ; {
		k := bytes.IndexByte(head[i:], '<')
		if k < 0 {
			return ""
		}
		start := i + k + 1
		i = start
		if start+4 > len(head) || !equalFold(head[start:start+4], "meta") {
			continue
		}
		start += 4
		end := bytes.IndexByte(head[start:], '>')
		if end < 0 {
			end = len(head) - start
		}
		// Only the tag is lower-cased: the page is not text yet.
		tag := textenc.AppendLowerASCII(make([]byte, 0, end), head[start:start+end])
		c := bytes.Index(tag, []byte("charset"))
		if c < 0 {
			continue
		}
		rest := tag[c+len("charset"):]
		rest = bytes.TrimLeft(rest, " \t\r\n\f")
		if len(rest) == 0 || rest[0] != '=' {
			continue
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n\f\"'")
		n := 0
		for n < len(rest) && (rest[n] >= 'a' && rest[n] <= 'z' || rest[n] >= '0' && rest[n] <= '9' || rest[n] == '-' || rest[n] == '_' || rest[n] == ':' || rest[n] == '.') {
			n++
		}
		if n > 0 {
			return string(rest[:n])
		}
	}
}
