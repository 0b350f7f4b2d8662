package calendar

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"nianbao"
)

func date(t testing.TB, s string) nianbao.Date {
	t.Helper()
	d, err := nianbao.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// with2027 is the embedded calendar with a 2027 file loaded, as an
// administrator loads the notice once it is out. testdata/2027.json holds
// 2027 as github.com/6tail/lunar-go v1.4.7 carries it (it agrees with
// holiday-cn on every day of 2018–2026), in holiday-cn's format.
func with2027(t testing.TB) *Calendar {
	t.Helper()
	data, err := os.ReadFile("testdata/2027.json")
	if err != nil {
		t.Fatal(err)
	}
	y, err := ParseYear("2027.json", data)
	if err != nil {
		t.Fatal(err)
	}
	return New(append(Embedded(), y), nil)
}

// TestWorkedExamples: the due dates of ledger.md and issue 12.
func TestWorkedExamples(t *testing.T) {
	tests := []struct {
		cal      *Calendar
		received string
		due      string
		status   nianbao.CalendarStatus
	}{
		{Default(), "2026-09-18", "2026-10-22", nianbao.CalendarOfficial},
		{Default(), "2025-09-26", "2025-10-30", nianbao.CalendarOfficial},
		{Default(), "2026-12-31", "2027-01-29", nianbao.CalendarProvisional},
		{with2027(t), "2026-12-31", "2027-01-29", nianbao.CalendarOfficial},
	}
	for _, tt := range tests {
		r := tt.cal.Reckon(date(t, tt.received), 20, "")
		if r.Due.String() != tt.due || r.Status != tt.status {
			t.Errorf("%s + 20: %s (%s); want %s (%s)\n%s", tt.received, r.Due, r.Status, tt.due, tt.status, strings.Join(r.Reasons, "\n"))
		}
		if got := tt.cal.AddWorkdays(date(t, tt.received), 20, ""); got != r.Due {
			t.Errorf("AddWorkdays(%s, 20) = %s; Reckon says %s", tt.received, got, r.Due)
		}
	}
}

// TestReasons: the reckoning of 2026-09-18 names the holiday skipped, the
// make-up day counted and the notice used; the one into 2027 says it is
// provisional.
func TestReasons(t *testing.T) {
	r := Default().Reckon(date(t, "2026-09-18"), 20, "")
	text := strings.Join(r.Reasons, "\n")
	for _, want := range []string{"第二百零一条", "第20个工作日为2026年10月22日（星期四）", "国庆节 2026年10月1日至10月7日", "中秋节 2026年9月25日至9月27日",
		"调休上班日", "2026年9月20日", "2026年10月10日", "content_7047091", "2026年为正式安排"} {
		if !strings.Contains(text, want) {
			t.Errorf("reasons lack %q:\n%s", want, text)
		}
	}
	if r.Weekends == 0 || len(r.Skipped) != 10 || len(r.MadeUp) != 2 {
		t.Errorf("weekends %d, skipped %v, made up %v", r.Weekends, r.Skipped, r.MadeUp)
	}
	text = strings.Join(Default().Reckon(date(t, "2026-12-31"), 20, "").Reasons, "\n")
	for _, want := range []string{"2027年为暂定", "全国年节及纪念日放假办法", "2027年1月1日（星期五，元旦）", "暂定期限"} {
		if !strings.Contains(text, want) {
			t.Errorf("reasons lack %q:\n%s", want, text)
		}
	}
}

// TestEmbedded: every embedded file reads; 2018–2026 are official with
// their notices, 2027 (empty) is provisional; the last week of 2026 waits
// for 2027's notice.
func TestEmbedded(t *testing.T) {
	cal := Default()
	for y := 2018; y <= 2026; y++ {
		info := cal.YearInfo(y)
		if info.Status != nianbao.CalendarOfficial || len(info.Papers) == 0 || info.Days < 25 {
			t.Errorf("%d: %+v", y, info)
		}
	}
	if s := cal.YearInfo(2027).Status; s != nianbao.CalendarProvisional {
		t.Errorf("2027: %s", s)
	}
	if s := cal.YearInfo(2017).Status; s != nianbao.CalendarUnknown {
		t.Errorf("2017: %s", s)
	}
	if ys := cal.Years(); len(ys) != 10 || ys[0].Year != 2018 || ys[9].Year != 2027 {
		t.Errorf("Years: %+v", ys)
	}
	for d, want := range map[string]nianbao.CalendarStatus{
		"2026-12-24": nianbao.CalendarOfficial, "2026-12-25": nianbao.CalendarProvisional,
		"2025-12-31": nianbao.CalendarOfficial, "2027-03-01": nianbao.CalendarProvisional, "2015-03-02": nianbao.CalendarUnknown,
	} {
		if got := cal.Status(date(t, d)); got != want {
			t.Errorf("Status(%s) = %s; want %s", d, got, want)
		}
	}
	if got := with2027(t).Status(date(t, "2026-12-28")); got != nianbao.CalendarOfficial {
		t.Errorf("2026-12-28 with 2027 loaded: %s", got)
	}
	// 2019's file holds 2018-12-29 (a make-up working day, a Saturday).
	if work29, _ := cal.Day(date(t, "2018-12-29"), ""); !work29 || cal.Workdays(date(t, "2018-12-30"), date(t, "2018-12-31"), "") != 0 {
		t.Error("2018-12-29…31 not as 2019's notice arranges them")
	}
	license, readme := License()
	if !strings.Contains(string(license), "MIT License") || !strings.Contains(string(readme), "holiday-cn") {
		t.Error("embedded licence or README missing")
	}
}

// TestStatutory: the statutory days computed from the lunar calendar are
// days off in every official year: all of 2024's rules from 2025, and for
// 2018–2024 those the 2013 rules already gave (no 除夕, no 5月2日).
func TestStatutory(t *testing.T) {
	cal := Default()
	for y := 2018; y <= 2026; y++ {
		days := statutoryDays(y)
		if len(days) != 13 && len(days) != 12 {
			t.Errorf("%d: %d statutory days", y, len(days))
		}
		for _, d := range days {
			_, m, day := d.Date.Civil()
			if y < 2025 && (m == time.May && day == 2 || d.Name == "春节" && d == days[1]) {
				continue
			}
			if work, why := cal.Day(d.Date, ""); work {
				t.Errorf("%d: %s %s is a working day in the notice (%+v)", y, d.Name, d.Date, why)
			}
		}
	}
	// 2031: 中秋 is 10月1日, one day with both names, 12 days in all.
	days := Statutory(2031)
	if len(days) != 12 || !slices.ContainsFunc(days, func(d nianbao.CalendarDay) bool { return d.Name == "中秋节、国庆节" }) {
		t.Errorf("2031: %+v", days)
	}
	if Statutory(2024) != nil || Statutory(2101) != nil {
		t.Error("statutory days outside 2025–2100")
	}
}

// TestBruteForce: generated periods around 春节, 国庆 and year ends,
// 2018–2027, at the national calendar and at a place with days off of its
// own, against a counter that walks day by day over the files read
// independently.
func TestBruteForce(t *testing.T) {
	files, err := filepath.Glob("data/*.json")
	if err != nil {
		t.Fatal(err)
	}
	off := map[string]bool{} // date → isOffDay, straight from the files
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var y struct {
			Days []struct {
				Date  string
				IsOff bool `json:"isOffDay"`
			}
		}
		if err := json.Unmarshal(data, &y); err != nil {
			t.Fatal(err)
		}
		for _, d := range y.Days {
			off[d.Date] = d.IsOff
		}
	}
	for _, y := range []int{2027, 2028} {
		for _, d := range Statutory(y) {
			if d.Date.Weekday() != time.Saturday && d.Date.Weekday() != time.Sunday {
				off[d.Date.String()] = true
			}
		}
	}
	place := "某自治区"
	regional := []nianbao.CalendarDay{
		{Date: date(t, "2026-10-08"), Name: "地方节日", Off: true, Place: place},
		{Date: date(t, "2025-01-27"), Name: "地方节日", Off: true, Place: place},
	}
	cal := New(Embedded(), regional)
	work := func(d nianbao.Date, place string) bool {
		for _, r := range regional {
			if r.Place == place && r.Date == d {
				return false
			}
		}
		if o, ok := off[d.String()]; ok {
			return !o
		}
		return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
	}
	brute := func(from nianbao.Date, n int, place string) nianbao.Date {
		d := from
		for n > 0 {
			d++
			if work(d, place) {
				n--
			}
		}
		return d
	}
	// Around every 春节 and 国庆 and year end.
	var anchors []nianbao.Date
	for y := 2018; y <= 2027; y++ {
		days := Statutory(y)
		if f, ok := cal.years[y]; ok {
			days = f.Days
		}
		for _, d := range days {
			if strings.Contains(d.Name, "春节") || strings.Contains(d.Name, "国庆") {
				anchors = append(anchors, d.Date)
			}
		}
		anchors = append(anchors, nianbao.MakeDate(y, time.December, 31))
	}
	rng := rand.New(rand.NewPCG(12, 20))
	cases := 0
	for _, a := range anchors {
		for range 8 {
			from := a.Add(rng.IntN(50) - 35)
			n := rng.IntN(45)
			for _, p := range []string{"", place} {
				want := brute(from, n, p)
				if got := cal.AddWorkdays(from, n, p); got != want {
					t.Fatalf("AddWorkdays(%s, %d, %q) = %s; counting by hand gives %s", from, n, p, got, want)
				}
				if got := cal.Reckon(from, n, p).Due; got != want {
					t.Fatalf("Reckon(%s, %d, %q) = %s; want %s", from, n, p, got, want)
				}
				to := from.Add(rng.IntN(400) - 200)
				count := 0
				for d := min(from, to) + 1; d <= max(from, to); d++ {
					if work(d, p) {
						count++
					}
				}
				if to < from {
					count = -count
				}
				if got := cal.Workdays(from, to, p); got != count {
					t.Fatalf("Workdays(%s, %s, %q) = %d; want %d", from, to, p, got, count)
				}
				cases++
			}
		}
	}
	if cases < 1000 {
		t.Errorf("only %d cases", cases)
	}
}

// TestRegionalAndCorrections: a regional day off moves a due date at its
// place only; a correction moves it everywhere and says on what basis.
func TestRegionalAndCorrections(t *testing.T) {
	from := date(t, "2026-09-18")
	cal := New(Embedded(), []nianbao.CalendarDay{
		{Date: date(t, "2026-10-12"), Name: "地方节日", Off: true, Place: "甲地"},
	})
	if got := cal.Reckon(from, 20, "甲地"); got.Due.String() != "2026-10-23" || !strings.Contains(strings.Join(got.Reasons, ""), "甲地地方假日") {
		t.Errorf("at 甲地: %s %v", got.Due, got.Reasons)
	}
	if got := cal.Reckon(from, 20, "乙地").Due.String(); got != "2026-10-22" {
		t.Errorf("at 乙地: %s", got)
	}
	fixed := New(Embedded(), []nianbao.CalendarDay{
		{Date: date(t, "2026-10-09"), Name: "国庆节", Off: true, Note: "更正通知（示例）"},
	})
	r := fixed.Reckon(from, 20, "")
	if r.Due.String() != "2026-10-23" || !strings.Contains(strings.Join(r.Reasons, ""), "更正：更正通知（示例）") {
		t.Errorf("corrected: %s %v", r.Due, r.Reasons)
	}
	if n := fixed.Workdays(from, r.Due, ""); n != 20 {
		t.Errorf("Workdays to the due date = %d", n)
	}
}

func TestParseYear(t *testing.T) {
	for _, tt := range []struct{ data, want string }{
		{`{`, "不是放假安排文件"},
		{`{"year": 1990, "days": []}`, "不在 2000–2100"},
		{`{"year": 2028, "days": [{"name": "元旦", "date": "2028-1-1", "isOffDay": true}]}`, "不是 YYYY-MM-DD"},
		{`{"year": 2028, "days": [{"name": "元旦", "date": "2028-01-01"}]}`, "缺少 isOffDay"},
		{`{"year": 2028, "days": [{"name": "", "date": "2028-01-01", "isOffDay": true}]}`, "缺少节日名称"},
		{`{"year": 2028, "days": [{"name": "元旦", "date": "2026-12-31", "isOffDay": true}]}`, "不属于 2028 年"},
		{`{"year": 2028, "days": [{"name": "元旦", "date": "2028-01-01", "isOffDay": true}, {"name": "元旦", "date": "2028-01-01", "isOffDay": true}]}`, "列了两次"},
	} {
		_, err := ParseYear("x.json", []byte(tt.data))
		if err == nil || nianbao.ErrorCode(err) != nianbao.EINVALID || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "x.json: ") {
			t.Errorf("%s: %v; want %q", tt.data, err, tt.want)
		}
	}
	// A file read and written back reads the same.
	for _, y := range Embedded() {
		b, err := json.Marshal(y)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseYear("back", b)
		if err != nil || back.Year != y.Year || !slices.Equal(back.Days, y.Days) || !slices.Equal(back.Papers, y.Papers) {
			t.Errorf("%d does not read back: %v", y.Year, err)
		}
	}
}
