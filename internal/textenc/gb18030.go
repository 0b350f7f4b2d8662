package textenc

import (
	"encoding/binary"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// AppendGB18030 appends data decoded from GB18030 (and so from GBK and
// GB2312, its subsets) as UTF-8 to dst. What it appends is byte for byte
// what simplifiedchinese.GB18030.NewDecoder().Bytes(data) gives, for every
// input, invalid and truncated ones included: bad bytes become U+FFFD
// exactly where x/text puts them.
//
// It is several times faster than x/text on Chinese web pages, which are
// mostly ASCII markup and two-byte characters: runs of ASCII are copied in
// bulk and two-byte characters are looked up in a table, while everything
// else — four-byte sequences, 0x80, 0xFF, bad or truncated sequences — is
// handed to x/text one character at a time.
//
// Why falling back to x/text for single characters is exact: the x/text
// decoder keeps no state between characters, and where a character ends
// depends only on its own bytes (a lead byte 0x81–0xFE takes one more byte
// in 0x40–0x7E or 0x80–0xFE, or three more if the second is a digit).
// So the decoding of data is the decodings of its characters laid end to
// end, and any of them can be decoded on its own — provided x/text sees
// enough bytes to tell where it ends (four suffice) and knows whether the
// data ends there, because only at the true end does it turn a cut-off
// sequence into U+FFFD.
func AppendGB18030(dst, data []byte) []byte {
	table := gbTwoByte()
	// Every byte the fast path reads yields at most 1.5 bytes (ASCII one
	// for one, a two-byte character at most three bytes of UTF-8), so this
	// only grows when the slow path turns single bytes into U+FFFD.
	dst = growCap(dst, len(data)+len(data)/2)
	var slow *slowDecoder
	for i := 0; i < len(data); {
		if c := data[i]; c < 0x80 {
			// A run of ASCII: find its end eight bytes at a time.
			j := i + 1
			for j+8 <= len(data) && binary.LittleEndian.Uint64(data[j:])&0x8080808080808080 == 0 {
				j += 8
			}
			for j < len(data) && data[j] < 0x80 {
				j++
			}
			dst = append(dst, data[i:j]...)
			i = j
			continue
		}
		if i+1 < len(data) {
			if r := table[uint16(data[i])<<8|uint16(data[i+1])]; r != 0 {
				if r < 0x800 {
					dst = append(dst, 0xC0|byte(r>>6), 0x80|byte(r)&0x3F)
				} else {
					dst = append(dst, 0xE0|byte(r>>12), 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F)
				}
				i += 2
				continue
			}
		}
		if slow == nil {
			slow = newSlowDecoder()
		}
		var n int
		dst, n = slow.decode(dst, data[i:])
		i += n
	}
	return dst
}

// growCap returns b with room for at least n more bytes.
func growCap(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		nb := make([]byte, len(b), len(b)+n)
		copy(nb, b)
		b = nb
	}
	return b
}

// slowDecoder decodes, through x/text, whatever the table does not cover.
type slowDecoder struct {
	dec interface {
		Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error)
	}
	buf [16]byte
}

func newSlowDecoder() *slowDecoder {
	return &slowDecoder{dec: simplifiedchinese.GB18030.NewDecoder()}
}

// decode appends the decoding of at least the first character of src,
// which holds the rest of the data, and returns how many bytes of src it
// consumed.
func (s *slowDecoder) decode(dst, src []byte) ([]byte, int) {
	// Four bytes hold the longest character. x/text may decode more than
	// the first character from them; it stops (ErrShortSrc) before a
	// character the window cuts off unless the window reaches the end of
	// the data. At most four characters of at most four bytes come out.
	window, atEOF := src, true
	if len(window) > 4 {
		window, atEOF = window[:4], false
	}
	nDst, nSrc, _ := s.dec.Transform(s.buf[:], window, atEOF)
	if nSrc == 0 {
		// Unreachable: the first character always fits the window. Were
		// it not so, decoding all the rest is still exact, if slow.
		b, _ := simplifiedchinese.GB18030.NewDecoder().Bytes(src)
		return append(dst, b...), len(src)
	}
	return append(dst, s.buf[:nDst]...), nSrc
}

// gbTwoByte returns the table of two-byte characters, indexed by the two
// bytes (lead<<8 | trail): the character x/text decodes those two bytes
// to, or 0 when they are not one two-byte character (a lead byte out of
// range, a trail byte that starts a four-byte sequence or is invalid).
// Undefined codes that x/text decodes to U+FFFD, consuming both bytes, are
// kept as U+FFFD. Every entry is a BMP character of at least 0x80. Built on
// first use: 128 KB, about a millisecond.
var gbTwoByte = sync.OnceValue(func() *[1 << 16]uint16 {
	t := new([1 << 16]uint16)
	dec := simplifiedchinese.GB18030.NewDecoder()
	var out [16]byte
	for lead := 0x81; lead <= 0xFE; lead++ {
		for trail := 0x40; trail <= 0xFE; trail++ {
			src := []byte{byte(lead), byte(trail)}
			nDst, nSrc, err := dec.Transform(out[:], src, true)
			if err != nil || nSrc != 2 {
				continue
			}
			// Exactly one character out means both bytes made it; a bad
			// trail byte gives two (U+FFFD, then the trail byte's own).
			r, size := utf8.DecodeRune(out[:nDst])
			if size != nDst || r < 0x80 || r > 0xFFFF {
				continue
			}
			t[lead<<8|trail] = uint16(r)
		}
	}
	return t
})
