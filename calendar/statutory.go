package calendar

import (
	"sync"
	"time"

	lunar "github.com/6tail/lunar-go/calendar"

	"nianbao"
)

// The years a provisional calendar can be given for: 《全国年节及纪念日放假
// 办法》 as revised in 2024 applies from 2025, and the
// lunar calendar is computed to 2100. Years outside with no holiday file
// are unknown: weekdays only.
const (
	provisionalFrom = 2025
	provisionalTo   = 2100
)

// statutoryBasis names the rule a provisional year follows.
const statutoryBasis = "《全国年节及纪念日放假办法》（2024年修订）"

var statutory struct {
	sync.Mutex
	years map[int][]nianbao.CalendarDay
}

// Statutory returns the days off 《全国年节及纪念日放假办法》 (2024) gives
// every citizen in year y (第二条): 元旦 1 day, 春节 4 (除夕 to 正月初三),
// 清明节 1, 劳动节 2 (5月1日、2日), 端午节 1, 中秋节 1, 国庆节 3 (10月1日至3日),
// in date order; nil outside 2025–2100. Which weekdays the State Council
// moves around them (调休) and where a holiday on a weekend is made up
// (第六条) only its notice says: they are not guessed here.
func Statutory(y int) []nianbao.CalendarDay {
	if y < provisionalFrom || y > provisionalTo {
		return nil
	}
	statutory.Lock()
	defer statutory.Unlock()
	if days, ok := statutory.years[y]; ok {
		return days
	}
	// The lunar dates are computed once a year is first asked for: the
	// solar terms take lunar-go a millisecond a year.
	days := statutoryDays(y)
	if statutory.years == nil {
		statutory.years = map[int][]nianbao.CalendarDay{}
	}
	statutory.years[y] = days
	return days
}

// statutoryDays computes the 2024 rules' days off for year y.
func statutoryDays(y int) []nianbao.CalendarDay {
	solar := func(s *lunar.Solar) nianbao.Date {
		return nianbao.MakeDate(s.GetYear(), time.Month(s.GetMonth()), s.GetDay())
	}
	newYear := solar(lunar.NewLunarFromYmd(y, 1, 1).GetSolar())
	var days []nianbao.CalendarDay
	add := func(name string, d nianbao.Date, n int) {
		for i := range n {
			days = append(days, nianbao.CalendarDay{Date: d.Add(i), Name: name, Off: true})
		}
	}
	add("元旦", nianbao.MakeDate(y, time.January, 1), 1)
	add("春节", newYear.Add(-1), 4) // 除夕 is the day before 正月初一, whether 腊月廿九 or 三十
	add("清明节", solar(lunar.NewLunarFromYmd(y, 3, 1).GetJieQiTable()["清明"]), 1)
	add("劳动节", nianbao.MakeDate(y, time.May, 1), 2)
	add("端午节", solar(lunar.NewLunarFromYmd(y, 5, 5).GetSolar()), 1)
	add("中秋节", solar(lunar.NewLunarFromYmd(y, 8, 15).GetSolar()), 1)
	add("国庆节", nianbao.MakeDate(y, time.October, 1), 3)
	// 中秋 can fall on 10月1日–3日 (2020, 2031): one day, both names.
	sortDays(days)
	out := days[:0]
	for _, d := range days {
		if i := len(out) - 1; i >= 0 && out[i].Date == d.Date {
			out[i].Name += "、" + d.Name
			continue
		}
		out = append(out, d)
	}
	return out
}
