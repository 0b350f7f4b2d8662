package nianbao

import (
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day in China (no time, no zone): a receipt date, a
// due date, a holiday. It counts days from 1899-12-30, the day Excel's
// serial dates count from, so that a register's serial date is a Date as
// it stands (for every date from 1900-03-01 on); the zero Date is no date.
type Date int32

// excelEpoch is the Unix day of 1899-12-30.
const excelEpoch = -25569

// MakeDate returns the date y-m-d. Out-of-range months and days roll over
// as time.Date's do.
func MakeDate(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400 - excelEpoch)
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return MakeDate(y, m, d)
}

// chinaTime is China Standard Time, the zone every date of the ledger is in.
var chinaTime = time.FixedZone("CST", 8*3600)

// Today is the day it is in China at now.
func Today(now time.Time) Date { return DateOf(now.In(chinaTime)) }

// IsZero reports whether d is no date.
func (d Date) IsZero() bool { return d == 0 }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Unix(int64(d+excelEpoch)*86400, 0).UTC() }

// Civil returns the year, month and day of d.
func (d Date) Civil() (int, time.Month, int) {
	// Howard Hinnant's days-to-civil, from 0000-03-01: no time.Time needed
	// on the calendar's hot paths.
	z := int(d) + excelEpoch + 719468
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, time.Month(m), day
}

// Year returns d's year.
func (d Date) Year() int { y, _, _ := d.Civil(); return y }

// Weekday returns d's day of the week.
func (d Date) Weekday() time.Weekday {
	// 1899-12-30 was a Saturday.
	return time.Weekday((int(d)%7 + 7 + 6) % 7)
}

// Add returns d moved by n days.
func (d Date) Add(n int) Date { return d + Date(n) }

// String writes d as an ISO date (2026-09-18), "" for no date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	y, m, day := d.Civil()
	b := make([]byte, 0, 10)
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+day/10), byte('0'+day%10))
	return string(b)
}

// Label writes d as Chinese text: 2026年9月18日（星期五）.
func (d Date) Label() string {
	if d == 0 {
		return ""
	}
	y, m, day := d.Civil()
	return strconv.Itoa(y) + "年" + strconv.Itoa(int(m)) + "月" + strconv.Itoa(day) + "日（" + WeekdayLabel(d.Weekday()) + "）"
}

// WeekdayLabel names a day of the week in Chinese: 星期一.
func WeekdayLabel(w time.Weekday) string {
	return "星期" + [...]string{"日", "一", "二", "三", "四", "五", "六"}[w]
}

// ParseDate reads a date as registers write it: 2026-09-18, 2026/9/18,
// 2026.9.18, 2026年9月18日, 20260918, full-width digits included. A date
// that does not exist (2026-02-30) is an error.
func ParseDate(s string) (Date, error) {
	if d, ok := parseISO(s); ok {
		return d, nil
	}
	t := strings.TrimSpace(FoldWidth(s))
	t = strings.TrimSuffix(t, "日")
	fail := func() (Date, error) {
		return 0, Errorf(EINVALID, "不是日期: %q（应写作 2026-09-18）", s)
	}
	var parts []string
	if len(t) == 8 && strings.Trim(t, "0123456789") == "" {
		parts = []string{t[:4], t[4:6], t[6:]}
	} else {
		parts = strings.FieldsFunc(t, func(r rune) bool {
			return r == '-' || r == '/' || r == '.' || r == '年' || r == '月'
		})
	}
	if len(parts) != 3 || len(parts[0]) != 4 {
		return fail()
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || v <= 0 {
			return fail()
		}
		n[i] = v
	}
	d := MakeDate(n[0], time.Month(n[1]), n[2])
	if y, m, day := d.Civil(); y != n[0] || int(m) != n[1] || day != n[2] {
		return 0, Errorf(EINVALID, "没有这一天: %q", s)
	}
	return d, nil
}

// parseISO reads exactly YYYY-MM-DD, the form dates are stored in,
// without allocating; ok is false for anything else or a day that does
// not exist.
func parseISO(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	var n [8]int
	for i, j := 0, 0; i < 10; i++ {
		if i == 4 || i == 7 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n[j] = int(c - '0')
		j++
	}
	y := n[0]*1000 + n[1]*100 + n[2]*10 + n[3]
	m, d := n[4]*10+n[5], n[6]*10+n[7]
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	// Hinnant's days-from-civil.
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Date(era*146097 + doe - 719468 - excelEpoch), true
}

// daysIn is the number of days of month m of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// MarshalText writes the ISO date, empty for no date.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads an ISO date; empty is no date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
