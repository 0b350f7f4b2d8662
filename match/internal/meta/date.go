package meta

import "strings"

// date is a calendar date that has been checked to exist.
type date struct{ y, m, d int }

// iso formats the date as "2006-01-02".
func (t date) iso() string {
	b := []byte("0000-00-00")
	put := func(i, v, w int) {
		for k := w - 1; k >= 0; k-- {
			b[i+k] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, t.y, 4)
	put(5, t.m, 2)
	put(8, t.d, 2)
	return string(b)
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// dateAt parses a date starting at i: 2021-02-16, 2021/2/16, 2021.02.16
// (ASCII or full-width), 2021年2月16日 (spaces allowed, 号 for 日) or
// 二〇二一年二月十六日. A time may follow; end is just past the date.
func dateAt(s string, i int) (t date, end int, ok bool) {
	y, i, ok := yearAt(s, i)
	if !ok {
		return date{}, 0, false
	}
	r, n := runeAt(s, i)
	if isSpace(r) || r == '年' {
		return dateCN(s, i, y)
	}
	var sep rune
	switch r {
	case '-', '/', '.':
		sep = r
	case '－', '／', '．':
		sep = r - '！' + '!'
	default:
		return date{}, 0, false
	}
	i += n
	m, i, ok := number(s, i, 2)
	if !ok {
		return date{}, 0, false
	}
	if r, n = runeAt(s, i); r != sep && r-'！'+'!' != sep {
		return date{}, 0, false
	}
	d, i, ok := number(s, i+n, 2)
	if !ok || !validDate(y, m, d) {
		return date{}, 0, false
	}
	return date{y, m, d}, i, true
}

// dateCN parses the "年M月D日" part of a date whose year y ends at i.
func dateCN(s string, i, y int) (t date, end int, ok bool) {
	m, d, end, ok := cnParts(s, i)
	if !ok || !validDate(y, m, d) {
		return date{}, 0, false
	}
	return date{y, m, d}, end, true
}

// cnParts reads "年M月D日" (or 号) at i, with Arabic or Chinese numerals,
// without checking that the date exists.
func cnParts(s string, i int) (m, d, end int, ok bool) {
	read := func(i int) (int, int, bool) {
		i = skipSpace(s, i)
		if r, _ := runeAt(s, i); isArabic(r) {
			return number(s, i, 2)
		}
		return cnNumber(s, i)
	}
	if i, ok = matchAt(s, i, "年"); !ok {
		return 0, 0, 0, false
	}
	if m, i, ok = read(i); !ok {
		return 0, 0, 0, false
	}
	if i, ok = matchAt(s, i, "月"); !ok {
		return 0, 0, 0, false
	}
	if d, i, ok = read(i); !ok {
		return 0, 0, 0, false
	}
	if end, ok = matchAt(s, i, "日"); !ok {
		end, ok = matchAt(s, i, "号")
	}
	return m, d, end, ok
}

// number reads 1 to max Arabic digits at i, not followed by another digit.
func number(s string, i, max int) (v, end int, ok bool) {
	n := 0
	for {
		r, size := runeAt(s, i)
		d, isD := digit(r)
		if !isD {
			break
		}
		if n == max {
			return 0, 0, false
		}
		v, n, i = v*10+d, n+1, i+size
	}
	return v, i, n > 0
}

// cnNumber reads a Chinese numeral from 一 to 三十九 (months and days).
func cnNumber(s string, i int) (v, end int, ok bool) {
	tens, units, seenTen, n := 0, 0, false, 0
	for ; n < 3; n++ {
		r, size := runeAt(s, i)
		if r == '十' && !seenTen {
			seenTen, tens, units = true, max(units, 1), 0
		} else if d, isD := cnDigit(r); isD && d > 0 {
			units = d
		} else {
			break
		}
		i += size
	}
	v = tens*10 + units
	return v, i, n > 0 && v > 0
}

// dateLabels are the labels that introduce a publication date, split into
// the last character, which the search looks for, and the rest, matched
// backwards from it so that letter-spaced labels ("发 布 日 期") match too.
var dateLabels = []struct{ last, rest string }{
	{"间", "发布时"}, // 发布时间
	{"期", "发布日"}, // 发布日期
	{"期", "成文日"}, // 成文日期
	{"期", "公开日"}, // 公开日期
}

// labelledDate returns the first date in the text that a label such as
// 发布时间 or 成文日期 introduces, as web pages and document headers print
// it, with or without a colon.
func labelledDate(text string) (date, bool) {
	t1, p1, ok1 := labelledDateAt(text, "间")
	t2, p2, ok2 := labelledDateAt(text, "期")
	switch {
	case ok1 && (!ok2 || p1 < p2):
		return t1, true
	case ok2:
		return t2, true
	}
	return date{}, false
}

// labelledDateAt returns the first labelled date whose label ends in last,
// and where its label ends.
func labelledDateAt(text, last string) (t date, pos int, ok bool) {
	for off := 0; ; {
		k := strings.Index(text[off:], last)
		if k < 0 {
			return date{}, 0, false
		}
		p := off + k
		off = p + len(last)
		for _, l := range dateLabels {
			if l.last != last {
				continue
			}
			if _, ok := matchBefore(text, p, l.rest); !ok {
				continue
			}
			i := skipSpace(text, off)
			if r, n := runeAt(text, i); r == ':' || r == '：' {
				i = skipSpace(text, i+n)
			}
			if t, _, ok := dateAt(text, i); ok {
				return t, p, true
			}
		}
	}
}
