// Package calendar is China's working-day calendar: which days are 工作日
// under the State Council's yearly holiday notices, which move working days
// onto weekends (调休), and how periods of working days are counted on it
// (《民法典》第二百零一条: the day a period starts from is not counted).
//
// A calendar is built from holiday files (holiday-cn's JSON, embedded for
// 2018–2027 and loaded by an administrator later), corrections of single
// days and regional days off. Each year has a status: official when its
// notice is loaded, provisional when only the statutory days of
// 《全国年节及纪念日放假办法》 are known, unknown otherwise. Every count says
// which data it used. The package does no I/O; a Calendar is immutable and
// safe for concurrent use.
package calendar

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"nianbao"
)

// Calendar answers which days are working days at a place.
type Calendar struct {
	years map[int]*Year // known years by notice year
	// listed holds the days the files list and the corrections, these
	// last; regional the regional days off by place.
	listed   map[nianbao.Date]nianbao.CalendarDay
	regional map[string]map[nianbao.Date]nianbao.CalendarDay

	mu     sync.Mutex
	tables map[tableKey]*yearTable
}

// New returns a calendar from holiday files and single days. A file for a
// year replaces an earlier one for the same year (an amended notice, a
// newer copy); a file that lists no day leaves the year unknown. Among the
// days, Place "" corrects the national calendar (Note says on what basis),
// any other Place adds a day off there.
func New(years []*Year, days []nianbao.CalendarDay) *Calendar {
	c := &Calendar{years: map[int]*Year{}, listed: map[nianbao.Date]nianbao.CalendarDay{},
		regional: map[string]map[nianbao.Date]nianbao.CalendarDay{}, tables: map[tableKey]*yearTable{}}
	for _, y := range years {
		if y.Known() {
			c.years[y.Year] = y
		} else {
			delete(c.years, y.Year)
		}
	}
	// A December day listed by two notices is as the later one says.
	for _, y := range slices.Sorted(mapKeys(c.years)) {
		for _, d := range c.years[y].Days {
			c.listed[d.Date] = d
		}
	}
	for _, d := range days {
		if d.Place == "" {
			c.listed[d.Date] = d
			continue
		}
		if c.regional[d.Place] == nil {
			c.regional[d.Place] = map[nianbao.Date]nianbao.CalendarDay{}
		}
		c.regional[d.Place][d.Date] = d
	}
	return c
}

var (
	defaultOnce sync.Once
	defaultCal  *Calendar
)

// Default returns the calendar of the embedded holiday files alone.
func Default() *Calendar {
	defaultOnce.Do(func() { defaultCal = New(Embedded(), nil) })
	return defaultCal
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func sortDays(days []nianbao.CalendarDay) {
	slices.SortStableFunc(days, func(a, b nianbao.CalendarDay) int { return int(a.Date - b.Date) })
}

// YearInfo says what the calendar knows of year y.
func (c *Calendar) YearInfo(y int) nianbao.CalendarYear {
	if f, ok := c.years[y]; ok {
		return nianbao.CalendarYear{Year: y, Status: nianbao.CalendarOfficial, Papers: f.Papers, Days: len(f.Days), Source: f.Source}
	}
	if y >= provisionalFrom && y <= provisionalTo {
		return nianbao.CalendarYear{Year: y, Status: nianbao.CalendarProvisional, Source: statutoryBasis}
	}
	return nianbao.CalendarYear{Year: y, Status: nianbao.CalendarUnknown}
}

// Years lists what the calendar knows from its first known year to the
// year after its last.
func (c *Calendar) Years() []nianbao.CalendarYear {
	if len(c.years) == 0 {
		return nil
	}
	ys := slices.Sorted(mapKeys(c.years))
	var out []nianbao.CalendarYear
	for y := ys[0]; y <= ys[len(ys)-1]+1; y++ {
		out = append(out, c.YearInfo(y))
	}
	return out
}

// Status says how sure the calendar is of day d. A day of a year whose
// notice is loaded is official, except the last week of December while
// the next year's notice is not: that notice may move those days for
// 元旦 (2019's took 2018-12-29…31).
func (c *Calendar) Status(d nianbao.Date) nianbao.CalendarStatus {
	y, m, day := d.Civil()
	if _, ok := c.years[y]; ok {
		if _, next := c.years[y+1]; next || m < time.December || day < 25 {
			return nianbao.CalendarOfficial
		}
		return nianbao.CalendarProvisional
	}
	if y >= provisionalFrom && y <= provisionalTo {
		return nianbao.CalendarProvisional
	}
	return nianbao.CalendarUnknown
}

// Day says what day d is at place: a working day or not, and the
// calendar day that makes it so (its Name empty for an ordinary weekday
// or weekend).
func (c *Calendar) Day(d nianbao.Date, place string) (work bool, why nianbao.CalendarDay) {
	if place != "" {
		if r, ok := c.regional[place][d]; ok && r.Off {
			return false, r
		}
	}
	if l, ok := c.listed[d]; ok {
		return !l.Off, l
	}
	weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
	y := d.Year()
	if _, ok := c.years[y]; !ok && !weekend {
		for _, s := range Statutory(y) {
			if s.Date == d {
				return false, s
			}
		}
	}
	return !weekend, nianbao.CalendarDay{Date: d, Off: weekend}
}

// tableKey names a year's table at a place.
type tableKey struct {
	place string
	year  int
}

// yearTable is a year's working days at a place, with their running
// count, so that counts over long spans take no walk.
type yearTable struct {
	first nianbao.Date
	work  []bool
	cum   []int32 // cum[i]: working days among the year's first i days
}

func (c *Calendar) table(place string, y int) *yearTable {
	if place != "" && c.regional[place] == nil {
		place = "" // no regional days: the national table serves
	}
	k := tableKey{place, y}
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.tables[k]; ok {
		return t
	}
	first := nianbao.MakeDate(y, time.January, 1)
	n := int(nianbao.MakeDate(y+1, time.January, 1) - first)
	t := &yearTable{first: first, work: make([]bool, n), cum: make([]int32, n+1)}
	for i := range n {
		t.work[i], _ = c.Day(first.Add(i), place)
		t.cum[i+1] = t.cum[i]
		if t.work[i] {
			t.cum[i+1]++
		}
	}
	c.tables[k] = t
	return t
}

// Workdays counts the working days after a up to and including b at
// place: the days a period from a has used by b. It is negative when b is
// before a.
func (c *Calendar) Workdays(a, b nianbao.Date, place string) int {
	if b < a {
		return -c.Workdays(b, a, place)
	}
	// through(d) counts a year's working days up to and including d.
	through := func(d nianbao.Date) (*yearTable, int) {
		t := c.table(place, d.Year())
		return t, int(t.cum[d-t.first+1])
	}
	ta, na := through(a)
	tb, nb := through(b)
	if ta == tb {
		return nb - na
	}
	n := int(ta.cum[len(ta.work)]) - na + nb
	for y := a.Year() + 1; y < b.Year(); y++ {
		t := c.table(place, y)
		n += int(t.cum[len(t.work)])
	}
	return n
}

// AddWorkdays returns the n-th working day after from at place (from
// itself when n is 0).
func (c *Calendar) AddWorkdays(from nianbao.Date, n int, place string) nianbao.Date {
	d := from
	var t *yearTable
	for n > 0 {
		d++
		if t == nil || int(d-t.first) >= len(t.work) {
			t = c.table(place, d.Year())
		}
		if t.work[d-t.first] {
			n--
		}
	}
	return d
}

// Reckon counts n working days from the day after from at place (民法典
// 第二百零一条), and says why the period ends where it does: the weekends,
// holidays and regional days off skipped, the make-up working days
// counted, the calendar years used and how sure each is.
func (c *Calendar) Reckon(from nianbao.Date, n int, place string) *nianbao.Reckoning {
	r := &nianbao.Reckoning{From: from, Days: n, Status: nianbao.CalendarOfficial,
		Skipped: []nianbao.CalendarDay{}, MadeUp: []nianbao.CalendarDay{}}
	d := from
	years := map[int]bool{}
	use := func(d nianbao.Date) {
		if s := c.Status(d); s.Rank() > r.Status.Rank() {
			r.Status = s
		}
		years[d.Year()] = true
	}
	for left := n; left > 0; {
		d++
		use(d)
		work, why := c.Day(d, place)
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		switch {
		case work:
			left--
			if weekend || why.Note != "" {
				r.MadeUp = append(r.MadeUp, why)
			}
		case why.Name != "":
			r.Skipped = append(r.Skipped, why)
		default:
			r.Weekends++
		}
	}
	if n == 0 {
		use(d)
	}
	r.Due = d
	for _, y := range slices.Sorted(mapKeys(years)) {
		r.Years = append(r.Years, c.YearInfo(y))
	}
	r.Reasons = reasons(r)
	return r
}

// reasons writes a reckoning in Chinese.
func reasons(r *nianbao.Reckoning) []string {
	var out []string
	if r.Days == 0 {
		out = append(out, fmt.Sprintf("当日：%s。", r.Due.Label()))
	} else {
		out = append(out, fmt.Sprintf("自%s的次日起算（《民法典》第二百零一条：开始的当日不计入），第%d个工作日为%s。",
			r.From.Label(), r.Days, r.Due.Label()))
	}
	var skip []string
	if r.Weekends > 0 {
		skip = append(skip, fmt.Sprintf("周末%d天", r.Weekends))
	}
	if len(r.Skipped) > 0 {
		skip = append(skip, fmt.Sprintf("节假日%d天：%s", len(r.Skipped), dayRuns(r.Skipped)))
	}
	if len(skip) > 0 {
		out = append(out, "其间不计："+strings.Join(skip, "；")+"。")
	}
	if len(r.MadeUp) > 0 {
		out = append(out, fmt.Sprintf("其间计入调休上班日%d天：%s。", len(r.MadeUp), dayRuns(r.MadeUp)))
	}
	var used []string
	for _, y := range r.Years {
		switch y.Status {
		case nianbao.CalendarOfficial:
			s := fmt.Sprintf("%d年为正式安排", y.Year)
			if len(y.Papers) > 0 {
				s += "（国务院办公厅通知：" + strings.Join(y.Papers, "、") + "）"
			} else if y.Source != "" {
				s += "（" + y.Source + "）"
			}
			used = append(used, s)
		case nianbao.CalendarProvisional:
			used = append(used, fmt.Sprintf("%d年为暂定（尚无国务院办公厅的放假安排，按%s的法定节日推算，调休未知）", y.Year, statutoryBasis))
		default:
			used = append(used, fmt.Sprintf("%d年无放假安排数据（只按周末计算）", y.Year))
		}
	}
	out = append(out, "所用日历："+strings.Join(used, "；")+"。")
	switch r.Status {
	case nianbao.CalendarProvisional:
		out = append(out, "本期限为暂定期限：其间有尚未公布放假安排的日子，载入新的放假安排后将重新计算。")
	case nianbao.CalendarUnknown:
		out = append(out, "本期限经过没有放假安排数据的年份，未计节假日，仅供参考。")
	}
	return out
}

// dayRuns writes days as runs of consecutive days of one name:
// 国庆节 2026年10月1日至10月7日，2026年10月10日（星期六，国庆节）.
func dayRuns(days []nianbao.CalendarDay) string {
	var parts []string
	for i := 0; i < len(days); {
		j := i + 1
		for j < len(days) && days[j].Name == days[i].Name && days[j].Date == days[j-1].Date+1 && days[j].Place == days[i].Place {
			j++
		}
		first, last := days[i], days[j-1]
		var s string
		if j-i > 1 {
			s = first.Name + " " + shortDate(first.Date, 0) + "至" + shortDate(last.Date, first.Date)
		} else {
			s = shortDate(first.Date, 0) + "（" + nianbao.WeekdayLabel(first.Date.Weekday()) + "，" + first.Name + "）"
		}
		if first.Place != "" {
			s += "（" + first.Place + "地方假日）"
		}
		if first.Note != "" {
			s += "（更正：" + first.Note + "）"
		}
		parts = append(parts, s)
		i = j
	}
	return strings.Join(parts, "，")
}

// shortDate writes d as 2026年10月1日, without the year when it is ref's.
func shortDate(d, ref nianbao.Date) string {
	y, m, day := d.Civil()
	if ref != 0 && ref.Year() == y {
		return fmt.Sprintf("%d月%d日", m, day)
	}
	return fmt.Sprintf("%d年%d月%d日", y, m, day)
}
