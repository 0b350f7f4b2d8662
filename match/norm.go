package match

import (
	"bytes"
	"sort"
	"sync"
	"unicode/utf8"

	"nianbao"
	"nianbao/document"
)

// normText is a copy of a report's text made for finding labels: widths
// folded, punctuation unified and all whitespace removed, so that "(一)",
// "（一）" and "（ 一 ）" or a label broken over two lines all read alike.
// off maps each byte of norm back to its byte offset in the original text.
type normText struct {
	norm []byte
	off  []int32
}

// newNormText normalises text[start:end].
func newNormText(text string, start, end int) *normText {
	n := &normText{norm: make([]byte, 0, end-start), off: make([]int32, 0, end-start)}
	n.appendNorm(text, start, end)
	return n
}

// normPool keeps the buffers of whole-report normal forms: a batch reads
// report after report, and the buffers are the largest thing a reading
// allocates.
var normPool = sync.Pool{New: func() any { return new(normText) }}

// borrowNormText normalises text like newNormText into pooled buffers;
// give it back with release when the reading is done.
func borrowNormText(text string) *normText {
	n := borrowNorm(len(text))
	n.appendNorm(text, 0, len(text))
	return n
}

// borrowNorm returns an empty pooled normText with room for size bytes.
func borrowNorm(size int) *normText {
	n := normPool.Get().(*normText)
	n.norm, n.off = n.norm[:0], n.off[:0]
	if cap(n.norm) < size {
		n.norm, n.off = make([]byte, 0, size), make([]int32, 0, size)
	}
	return n
}

func (n *normText) release() { normPool.Put(n) }

// appendNorm appends the normal form of text[start:end]. Normal forms are
// never longer than their source, which keeps the appends within capacity.
func (n *normText) appendNorm(text string, start, end int) {
	norm, off := n.norm, n.off // kept in registers, not loaded through n at each append
	for i := start; i < end; {
		c := text[i]
		if c < utf8.RuneSelf {
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				norm = append(norm, c)
				off = append(off, int32(i))
			}
			i++
			continue
		}
		if i+2 < end && (c >= 0xE5 && c <= 0xE9 || c == 0xE4 && text[i+1] >= 0xB8) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			// CJK ideographs (U+4E00–U+9FFF), most of any report, are
			// their own normal form: copy their three bytes undecoded.
			norm = append(norm, c, text[i+1], text[i+2])
			off = append(off, int32(i), int32(i), int32(i))
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r = normRune(r); r >= 0 {
			norm = utf8.AppendRune(norm, r)
			for len(off) < len(norm) {
				off = append(off, int32(i))
			}
		}
		i += size
	}
	n.norm, n.off = norm, off
}

// borrowLabelText normalises text[start:end] for finding row labels: like
// newNormText, but words that are cells (numbers, marks, digit runs) are
// left out too, so that a label wrapped around its row's numbers — as
// column-aligned text prints "确认或  4  0  0 …" above "重新出具已获取信息" —
// reads as one label.
//
// Like borrowNormText, it fills pooled buffers: give it back with release.
func borrowLabelText(text string, start, end int) *normText {
	n := borrowNorm(end - start)
	for i := start; i < end; {
		j := i
		for j < end {
			c := text[j]
			if c < utf8.RuneSelf {
				if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '|' {
					break
				}
				j++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[j:])
			if document.IsSpace(r) {
				break
			}
			j += size
		}
		if j == i {
			// A separator: skip it.
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		if !isCellWord(text[i:j]) {
			n.appendNorm(text, i, j)
		}
		i = j
	}
	return n
}

// isCellWord reports whether a word is a cell: a number, a mark or digits
// run together. Words of Chinese text, by far the most, are told apart by
// their first character without parsing them.
func isCellWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if r >= '0' && r <= '9' || r == '+' || r == '-' || r >= '０' && r <= '９' || r == '＋' || r == '－' {
		_, cell := classify(nianbao.FoldWidth(w), 0)
		return cell
	}
	// Neither a number nor digits run together: a mark, or words.
	if r >= utf8.RuneSelf && !(r >= 0xFF00 && r <= 0xFFEF) {
		return marks[w]
	}
	return marks[nianbao.FoldWidth(w)]
}

// sub returns the part of n that comes from text[start:end], sharing n's
// memory: a report's text is normalised once and each table searches its
// own region of it.
func (n *normText) sub(start, end int) *normText {
	i := sort.Search(len(n.off), func(i int) bool { return int(n.off[i]) >= start })
	j := sort.Search(len(n.off), func(j int) bool { return int(n.off[j]) >= end })
	return &normText{norm: n.norm[i:j:j], off: n.off[i:j:j]}
}

// normRune maps a rune to its normal form, or -1 for whitespace, which
// the normal form drops.
func normRune(r rune) rune {
	switch r {
	case ' ', '\t', '\n', '\r', '\u00a0', '\u3000', '\u2002', '\u2003', '\u2009', '\u200b', '\ufeff':
		// document.IsSpace, spelt out: normalising runs rune by rune over
		// every report, and a call here costs a fifth of it
		// (TestNormRuneSpaces keeps the two the same).
		return -1
	case '、', '．', '。':
		return '.'
	case '“', '”', '「', '」', '"':
		return '"'
	case '﹙':
		return '('
	case '﹚':
		return ')'
	}
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFF01 + '!'
	}
	return r
}

// normString normalises a label or keyword the way newNormText does.
func normString(s string) []byte {
	return newNormText(s, 0, len(s)).norm
}

// index finds kw in the normalised text at or after byte from.
func (n *normText) index(kw []byte, from int) int {
	if from >= len(n.norm) {
		return -1
	}
	i := indexCJK(n.norm[from:], kw)
	if i < 0 {
		return -1
	}
	return from + i
}

// indexCJK is bytes.Index for needles that start with a Chinese character.
// bytes.Index scans for the needle's first byte, which in Chinese text is
// the lead byte of a third of all characters; the third byte (the end of
// the first character) is far more selective.
func indexCJK(s, sep []byte) int {
	if len(sep) < 3 || sep[0] < 0xE0 {
		return bytes.Index(s, sep)
	}
	c := sep[2]
	for i := 2; i < len(s); {
		j := bytes.IndexByte(s[i:], c)
		if j < 0 {
			return -1
		}
		at := i + j - 2
		if bytes.HasPrefix(s[at:], sep) {
			return at
		}
		i += j + 1
	}
	return -1
}

// origStart returns the original byte offset of normalised byte i.
func (n *normText) origStart(i int) int {
	if i >= len(n.off) {
		if len(n.off) == 0 {
			return 0
		}
		return int(n.off[len(n.off)-1]) + 1
	}
	return int(n.off[i])
}

// origEnd returns the original byte offset just after the rune that ends at
// normalised byte i (exclusive).
func (n *normText) origEnd(text string, i int) int {
	if i <= 0 {
		return n.origStart(0)
	}
	o := int(n.off[i-1])
	_, size := utf8.DecodeRuneInString(text[o:])
	return o + size
}

// extendBack widens a match that starts at normalised byte i backwards over
// as much of prefix (the part of the canonical label before the keyword) as
// the text repeats, so that numbering such as "1.属于" belongs to the label
// and not to the cells before it. It returns the new start.
func (n *normText) extendBack(i int, prefix []byte, floor int) int {
	for len(prefix) > 0 {
		r, size := utf8.DecodeLastRune(prefix)
		if i-size < floor {
			break
		}
		got, gsize := utf8.DecodeLastRune(n.norm[:i])
		if got != r || gsize != size {
			break
		}
		i -= size
		prefix = prefix[:len(prefix)-size]
	}
	return i
}

// extendForward widens a match that ends at normalised byte i over as much of
// suffix (the rest of the canonical label) as the text repeats. A typo or a
// missing character ends the label early; what is left of it is read as
// text, never as a number.
func (n *normText) extendForward(i int, suffix []byte, ceil int) int {
	for len(suffix) > 0 && i < ceil {
		r, size := utf8.DecodeRune(suffix)
		got, gsize := utf8.DecodeRune(n.norm[i:])
		if got != r || gsize != size {
			// One character skipped by the report ("其他法律行政止公开"):
			// resynchronise if the next characters match.
			if r2, s2 := utf8.DecodeRune(suffix[size:]); len(suffix) > size && got == r2 && gsize == s2 && !isDigit(got) {
				suffix = suffix[size:]
				continue
			}
			break
		}
		i += size
		suffix = suffix[size:]
	}
	return i
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
