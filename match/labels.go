package match

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// rowLabel holds a table 三 row's label and keywords in normal form.
type rowLabel struct {
	label    []byte
	keywords [][]byte
}

var rowLabels [nianbao.NumRows]rowLabel

func init() {
	for r := range nianbao.NumRows {
		spec := r.Spec()
		rl := rowLabel{label: normString(spec.Label)}
		for _, kw := range spec.Keywords {
			rl.keywords = append(rl.keywords, normString(kw))
		}
		if p := labelPrefix(r); p != nil {
			rl.keywords = append(rl.keywords, p)
		}
		rowLabels[r] = rl
	}
}

// labelPrefix returns the shortest start of a row's label (after its
// numbering, at least four characters) that no other row's label starts
// with. Column-aligned text wraps long labels, and the row's numbers may
// sit on the label's first line: the label must be found by its start.
func labelPrefix(row nianbao.Row) []byte {
	body := []rune(string(trimNumbering(normString(row.Spec().Label))))
	for k := 4; k <= len(body); k++ {
		p := string(body[:k])
		unique := true
		for r := range nianbao.NumRows {
			if r != row && strings.HasPrefix(string(trimNumbering(normString(r.Spec().Label))), p) {
				unique = false
				break
			}
		}
		if unique {
			return []byte(p)
		}
	}
	return nil
}

// rowHit is where a row's label was found, as original byte offsets.
type rowHit struct {
	row        nianbao.Row
	start, end int
	found      bool
	fuzzy      bool // found by a secondary keyword
}

// findRowLabels finds the labels of rows in order within the normalised
// region. A row whose label comes only after the next row's label is taken
// as missing rather than let it swallow the rows between.
func findRowLabels(text string, nt *normText, rows []nianbao.Row) []rowHit {
	hits := make([]rowHit, len(rows))
	ks := newKeywordSearch(nt)
	cursor := 0
	for i, row := range rows {
		hits[i].row = row
		p, kw, fuzzy := ks.first(row, cursor)
		if p < 0 {
			continue
		}
		// Does a later row's label come first? Then this one is missing here.
		if i+1 < len(rows) {
			if q, _, _ := ks.first(rows[i+1], cursor); q >= 0 && q < p {
				continue
			}
		}
		rl := rowLabels[row]
		k := bytes.Index(rl.label, kw)
		start, end := p, p+len(kw)
		if k >= 0 {
			start = nt.extendBack(p, rl.label[:k], cursor)
			end = nt.extendForward(end, rl.label[k+len(kw):], len(nt.norm))
		}
		// A label is noted as different from the template when what the
		// text prints goes on in other words where the template's label
		// does ("其他法律行政止公开"), not when it is only cut short by a
		// line wrap.
		fuzzy = fuzzy && !bytes.Equal(trimNumbering(nt.norm[start:end]), trimNumbering(rl.label)) && continuesInWords(text, nt.origEnd(text, end))
		hits[i] = rowHit{row: row, start: nt.origStart(start), end: nt.origEnd(text, end), found: true, fuzzy: fuzzy}
		cursor = end
	}
	return hits
}

// continuesInWords reports whether the text at off goes on with words on
// the same line, before any cell or separator.
func continuesInWords(text string, off int) bool {
	// A space inside a printed label ("其他法律行政 止公开") does not end it.
	rest := strings.TrimLeft(text[off:], " \u3000")
	r, _ := utf8.DecodeRuneInString(rest)
	return isLetter(r) && r != '|'
}

// trimNumbering drops a label's numbering ("一.", "(三)", "1.") so that
// labels compare by their words.
func trimNumbering(label []byte) []byte {
	return bytes.TrimLeft(label, "0123456789.()一二三四五六七八九十")
}

// keywordSearch finds row keywords in a normalised text as a cursor moves
// forward through it. Each keyword's next occurrence is remembered, so that
// the text is scanned once per keyword, not once per look.
type keywordSearch struct {
	nt   *normText
	next [nianbao.NumRows][]int // next occurrence of each keyword; -1: none left
}

func newKeywordSearch(nt *normText) *keywordSearch {
	ks := &keywordSearch{nt: nt}
	for r := range nianbao.NumRows {
		ks.next[r] = make([]int, len(rowLabels[r].keywords))
		for i := range ks.next[r] {
			ks.next[r][i] = -2 // not searched yet
		}
	}
	return ks
}

// first finds the earliest keyword of row at or after from; fuzzy says it
// is not the row's first keyword.
func (ks *keywordSearch) first(row nianbao.Row, from int) (pos int, kw []byte, fuzzy bool) {
	pos = -1
	for i, k := range rowLabels[row].keywords {
		p := ks.next[row][i]
		if p == -2 || p >= 0 && p < from {
			p = ks.nt.index(k, from)
			ks.next[row][i] = p
		}
		if p >= 0 && (pos < 0 || p < pos) {
			pos, kw, fuzzy = p, k, i > 0
		}
	}
	return pos, kw, fuzzy
}
