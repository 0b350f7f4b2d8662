package match

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// Table 二 has no arithmetic, so digits run together there ("8855698" for
// 本年制发、本年废止、现行有效) can often be cut several ways. The report's
// prose sometimes states the same figure ("现行有效行政规范性文件698件"); a
// reading that agrees with it is taken, as inferred, with a note quoting
// the prose. The readings left are kept in the row's note as data; the
// same body's neighbouring years, when they are at hand then or later,
// narrow them further by the template's year-to-year identities (Settle).

// statement is a figure the report states outside its tables.
type statement struct {
	num    nianbao.Num
	quoted string // the clause that states it, as printed
}

// proseCue says which words in a clause name a cell of table 二: the row's
// noun, the field's verb.
type proseCue struct {
	noun  string
	verbs []string
}

// proseCues are the cells of table 二 reports state in words. Only the
// document counts: other rows' figures in prose are not worded alike.
var proseCues = map[string]proseCue{
	"normative_documents.issued":   {"规范性文件", []string{"制发", "印发", "出台"}},
	"normative_documents.repealed": {"规范性文件", []string{"废止"}},
	"normative_documents.in_force": {"规范性文件", []string{"现行有效"}},
	"regulations.issued":           {"规章", []string{"制发", "出台", "制定"}},
	"regulations.repealed":         {"规章", []string{"废止"}},
	"regulations.in_force":         {"规章", []string{"现行有效"}},
}

// proseStatements finds the figures text states for the cell key, outside
// text[skipStart:skipEnd] (the table itself): a clause holding one of the
// cue's verbs and "noun N件".
func proseStatements(text string, skipStart, skipEnd int, key string) []statement {
	cue, ok := proseCues[key]
	if !ok {
		return nil
	}
	var out []statement
	for _, part := range [2]string{text[:skipStart], text[skipEnd:]} {
		for from := 0; ; {
			i := strings.Index(part[from:], cue.noun)
			if i < 0 {
				break
			}
			i += from
			from = i + len(cue.noun)
			j := from
			for j < len(part) && part[j] >= '0' && part[j] <= '9' {
				j++
			}
			if j == from || !strings.HasPrefix(part[j:], "件") {
				continue
			}
			n, ok := nianbao.ParseNum(part[from:j])
			if !ok {
				continue
			}
			c := clauseStart(part, i)
			clause := part[c:i]
			for _, v := range cue.verbs {
				if strings.Contains(clause, v) {
					out = append(out, statement{num: n, quoted: part[c : j+len("件")]})
					break
				}
			}
		}
	}
	return out
}

// clauseStart returns where the clause holding text[i] starts: after the
// last comma, stop, semicolon or line break before it.
func clauseStart(text string, i int) int {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		switch r {
		case '，', '。', '；', '：', ',', ';', '\n', '、':
			return i
		}
		i -= size
	}
	return 0
}

// settleByProse narrows a table 二 row's readings to those that agree with
// figures the prose states, field by field; a field whose stated figures fit
// no reading is left out (the prose may count otherwise: a finding for the
// audit, not a reading). It returns the readings kept and the clauses used.
func settleByProse(text string, skipStart, skipEnd int, item nianbao.ActiveItem, cands [][]token) ([][]token, []string) {
	var used []string
	for j, f := range item.Fields {
		sts := proseStatements(text, skipStart, skipEnd, nianbao.ActiveKey(item.Key, f.Key))
		if len(sts) == 0 {
			continue
		}
		var kept [][]token
		var quoted []string
		for _, c := range cands {
			for _, s := range sts {
				if t := c[j]; (t.kind == nianbao.KindNumber || t.kind == nianbao.KindInferred) && t.num.Valid() && t.num.Cmp(s.num) == 0 {
					kept = append(kept, c)
					quoted = appendNew(quoted, s.quoted)
					break
				}
			}
		}
		if len(kept) > 0 && len(kept) < len(cands) {
			cands = kept
			used = append(used, quoted...)
		}
	}
	return cands, used
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// maxListedReadings bounds the readings a note lists.
const maxListedReadings = 6

// listReadings writes readings as "88|55|698、8|855|698", at most
// maxListedReadings of them.
func listReadings(cands [][]token) string {
	var b strings.Builder
	for i, c := range cands {
		if i == maxListedReadings {
			fmt.Fprintf(&b, "等%d种", len(cands))
			break
		}
		if i > 0 {
			b.WriteString("、")
		}
		for k, t := range c {
			if k > 0 {
				b.WriteByte('|')
			}
			switch {
			case t.kind == nianbao.KindNumber && t.num.Valid():
				b.WriteString(t.num.String())
			case t.raw != "":
				b.WriteString(t.raw)
			default:
				b.WriteString("空")
			}
		}
	}
	return b.String()
}

// quoteAll writes clauses as "“…”“…”".
func quoteAll(clauses []string) string {
	var b strings.Builder
	for _, c := range clauses {
		b.WriteString("“" + trimSpace(c) + "”")
	}
	return b.String()
}

// Options are what a reader knows beside the document: the same body's
// reports for the year before and the year after, when a store holds them.
type Options struct {
	Previous, Next *nianbao.Report
}

// continuity is one of the template's year-to-year identities on a row of
// table 二, the audit's warning rules: documents can lapse and items be
// recounted, so an identity only chooses among the readings the text
// allows; it never makes one.
//
//	2021: last year's 现行有效 + 本年制发 − 本年废止 = this year's 现行有效
//	2019: last year's 上一年项目数量 + 本年增/减 = this year's 上一年项目数量
type continuity struct {
	now, base string // the field carried over, as this year and last year state it
	plus      []string
	minus     []string // fields of the later year (2021) or the earlier (2019)
	later     bool     // plus and minus are the later year's fields
}

var continuities = map[nianbao.Template]continuity{
	nianbao.Format2021: {now: "in_force", base: "in_force", plus: []string{"issued"}, minus: []string{"repealed"}, later: true},
	nianbao.Format2019: {now: "previous_items", base: "previous_items", plus: []string{"change"}},
}

// yearFigures is a row as one year states or reads it: a field's number,
// valid when known.
type yearFigures func(field string) nianbao.Num

// holds reports whether the identity holds between the rows of the earlier
// and later year; ok is false when a figure it needs is not known.
func (k continuity) holds(earlier, later yearFigures) (holds, ok bool) {
	side := earlier
	if k.later {
		side = later
	}
	want := earlier(k.base)
	for _, f := range k.plus {
		want = want.Add(side(f))
	}
	for _, f := range k.minus {
		want = want.Sub(side(f))
	}
	got := later(k.now)
	if !want.Valid() || !got.Valid() {
		return false, false
	}
	return want.Cmp(got) == 0, true
}
