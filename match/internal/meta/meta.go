// Package meta reads a report's metadata — who reports, for which year,
// published when — from its decoded text.
//
// Reports state these in many ways: a title line or a title that runs into
// the first paragraph, web-page chrome before it, the whole page squashed
// onto one line, or no title at all, so that only prose ("2024年，路北街道
// 切实根据…") and the signature at the end name the body. Read tries the
// most reliable statement first and falls back step by step.
//
// Read runs once per report; it makes a handful of linear passes over the
// text with plain string search and no regular expressions.
package meta

import (
	"strings"
	"unicode/utf8"
)

// Meta is a report's metadata.
type Meta struct {
	Agency      string // the reporting body as the report names itself
	Year        int    // reporting year, 0 if not found
	PublishedOn string // ISO date "2006-01-02" or ""
}

// Regions of the text the searches are confined to, in bytes: titles and
// opening prose sit at the start, signatures at the end.
const (
	headMax  = 6 << 10 // head searched when no section 一 heading is found
	proseLen = 3 << 10 // prose searched after the section 一 heading
	tailLen  = 3 << 10 // tail searched for a signature when no section 六 heading is found
)

// Read returns the metadata stated in text.
//
// Agency comes from the title, else from the opening prose, else from the
// line above the signature date. Year comes from the title, else from the
// statistics period ("自2024年1月1日起至2024年12月31日止"), else from the
// first year in section 一. PublishedOn comes from a label (发布时间,
// 发布日期, 成文日期, 公开日期), else from the signature date.
func Read(text string) Meta {
	var m Meta
	sec1 := sectionOne(text)
	head := text[:alignBack(text, headMax)]
	if sec1 >= 0 {
		head = text[:sec1]
	}
	if t, ok := findTitle(head); ok {
		m.Agency, m.Year = t.agency, t.year
	}
	sig := findSignature(text)
	if t, ok := labelledDate(text); ok {
		m.PublishedOn = t.iso()
	} else if sig.ok {
		m.PublishedOn = sig.date.iso()
	}
	if m.Year == 0 {
		m.Year = bodyYear(text, sec1)
	}
	if m.Agency == "" {
		m.Agency = proseAgency(text, sec1)
	}
	if m.Agency == "" {
		m.Agency = sig.agency
	}
	return m
}

// sectionOne returns where the heading of section 一 (一、总体情况) starts,
// or -1.
func sectionOne(text string) int {
	for off := 0; ; {
		k := strings.Index(text[off:], "总体情况")
		if k < 0 {
			return -1
		}
		p := off + k
		off = p + len("总体情况")
		i := skipSpaceBack(text, p)
		if r, n := runeBefore(text, i); strings.ContainsRune("、.．,，:：", r) {
			i -= n
		}
		if start, ok := matchBefore(text, i, "一"); ok {
			return start
		}
	}
}

// proseEnd returns the end of the opening prose: the preamble and the
// start of section 一.
func proseEnd(text string, sec1 int) int {
	if sec1 < 0 {
		return alignBack(text, headMax)
	}
	return alignBack(text, sec1+proseLen)
}

// bodyYear finds the reporting year when the title states none: the
// statistics period, else the first year in section 一 (or in the opening
// text, if there is no section 一). A year that starts a full date
// ("2024年1月20日", valid or not) is skipped: that is when something
// happened, most often the publication or the signature, not the year
// reported on.
func bodyYear(text string, sec1 int) int {
	end := proseEnd(text, sec1)
	if y := periodYear(text[:end]); y > 0 {
		return y
	}
	for off := max(sec1, 0); ; {
		k := strings.Index(text[off:end], "年")
		if k < 0 {
			return 0
		}
		p := off + k
		off = p + len("年")
		y, _, ok := yearBefore(text, p)
		if !ok {
			continue
		}
		if _, _, _, isDate := cnParts(text, p); isDate {
			continue
		}
		return y
	}
}

// periodYear reads the year of a statistics period: the year of a
// "Y年12月31日" that ends a period ("至2024年12月31日", "截止2024年…") or
// follows "Y年1月1日".
func periodYear(s string) int {
	for off := 0; ; {
		k := strings.Index(s[off:], "12月31日")
		if k < 0 {
			return 0
		}
		p := off + k
		off = p + len("12月31日")
		start, ok := matchBefore(s, p, "年")
		if !ok {
			continue
		}
		y, ys, ok := yearBefore(s, start)
		if !ok {
			continue
		}
		if _, ok := matchAnyBefore(s, ys, "至", "到", "止"); ok {
			return y
		}
		window := s[alignBack(s, max(ys-80, 0)):ys]
		for _, from := range []string{"年1月1日", "年01月01日"} {
			if k := strings.Index(window, from); k >= 0 {
				if y2, _, ok := yearBefore(window, k); ok && y2 == y {
					return y
				}
			}
		}
	}
}

// proseAgency finds the body named in the opening prose right after a
// year: "2024年,路北街道切实根据…", "2023年度，东山区坚持…",
// "2024 年以来，王城路街道办事处认真贯彻…".
func proseAgency(text string, sec1 int) string {
	end := proseEnd(text, sec1)
	for off := 0; ; {
		k := strings.Index(text[off:end], "年")
		if k < 0 {
			return ""
		}
		p := off + k
		off = p + len("年")
		if _, _, ok := yearBefore(text, p); !ok {
			continue
		}
		i := off
		for _, w := range []string{"度", "以来"} {
			if e, ok := matchAt(text, i, w); ok {
				i = e
			}
		}
		i = skipSpace(text, i)
		if r, n := runeAt(text, i); strings.ContainsRune(",，、:：", r) {
			i = skipSpace(text, i+n)
		}
		if name := nameAt(text, i); name != "" {
			return name
		}
	}
}

// signature is the date that closes a report and the body named above it.
type signature struct {
	date   date
	ok     bool
	agency string
}

// findSignature finds the signature in the last section (from the heading
// of section 六 on, else in the last few KB): the first date that stands
// on a line of its own, or that directly follows a body's name, which is
// how the signature reads when the text has lost its line breaks
// ("…事项。平武县人民政府办公室2025年1月21日图解").
func findSignature(text string) signature {
	from := strings.LastIndex(text, "其他需要报告的事项")
	if from < 0 {
		from = alignBack(text, max(len(text)-tailLen, 0))
	}
	for i := from; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isDigitLike(r) {
			i += n
			continue
		}
		t, end, ok := dateAt(text, i)
		if !ok {
			i += n
			continue
		}
		name, _, _, _ := nameBefore(text, i)
		name, named := signatureName(name)
		if named && !continues(text, end) || aloneOnLine(text, i, end) {
			sig := signature{date: t, ok: true}
			if named {
				sig.agency = name
			}
			return sig
		}
		i = end
	}
	return signature{}
}

// signatureName reports whether the text before a date is a body's name.
func signatureName(name string) (string, bool) {
	name, ok := cleanName(name)
	if !ok || !hasAdminSuffix(name) || !namesBody(name) {
		return "", false
	}
	return name, true
}

// continues reports whether the date ending at i is part of a sentence
// ("2024年1月1日至…", "…日起施行") rather than a signature.
func continues(s string, i int) bool {
	r, _ := runeAt(s, skipSpace(s, i))
	return strings.ContainsRune("至到起前后以止，,、", r)
}

// aloneOnLine reports whether only whitespace shares the line with s[i:end].
func aloneOnLine(s string, i, end int) bool {
	k := skipSpace(s, end)
	return lineStart(s, i) && (k == len(s) || strings.IndexByte(s[end:k], '\n') >= 0)
}
