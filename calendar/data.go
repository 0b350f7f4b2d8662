package calendar

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"nianbao"
)

// The State Council's holiday arrangements 2018–2027 from NateScarlet/
// holiday-cn (MIT, data/LICENSE), copied byte for byte: see data/README.md.
//
//go:embed data/*.json data/LICENSE data/README.md
var dataFS embed.FS

// Year is one holiday file: the days a State Council notice (国务院办公厅
// 关于某年部分节假日安排的通知) lists for its year, holidays and make-up
// working days. Days not listed follow the weekday rule.
type Year struct {
	Year   int                   `json:"year"`
	Papers []string              `json:"papers"` // the notice and its amendments
	Days   []nianbao.CalendarDay `json:"days"`
	Source string                `json:"-"` // where the file came from, for people
}

// Known reports whether the file lists any day: an empty list means the
// notice was not out when the file was made, never "no holidays".
func (y *Year) Known() bool { return len(y.Days) > 0 }

// fileDay is a day as holiday-cn writes it.
type fileDay struct {
	Name  string `json:"name"`
	Date  string `json:"date"`
	IsOff *bool  `json:"isOffDay"`
}

// ParseYear reads a holiday file in holiday-cn's JSON format:
// {"year", "papers", "days": [{"name", "date", "isOffDay"}]}. Whatever is
// wrong is an EINVALID error in Chinese naming the day; source names the
// file in messages and in Year.Source.
func ParseYear(source string, data []byte) (*Year, error) {
	var f struct {
		Year   int       `json:"year"`
		Papers []string  `json:"papers"`
		Days   []fileDay `json:"days"`
	}
	bad := func(format string, args ...any) (*Year, error) {
		return nil, nianbao.Errorf(nianbao.EINVALID, "%s: %s", source, fmt.Sprintf(format, args...))
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return bad("不是放假安排文件（应为 holiday-cn 格式的 JSON：year、papers、days）: %v", err)
	}
	if f.Year < 2000 || f.Year > 2100 {
		return bad("年份 %d 不在 2000–2100 之间", f.Year)
	}
	y := &Year{Year: f.Year, Papers: f.Papers, Source: source}
	seen := map[nianbao.Date]bool{}
	for i, d := range f.Days {
		date, err := nianbao.ParseDate(d.Date)
		if err != nil || len(d.Date) != 10 {
			return bad("第 %d 天的日期 %q 不是 YYYY-MM-DD", i+1, d.Date)
		}
		// The notice of a year may arrange the last days of the year
		// before (2019's 元旦 took 2018-12-29…31), never more.
		if first := nianbao.MakeDate(f.Year-1, time.December, 1); date < first || date.Year() > f.Year {
			return bad("%s 不属于 %d 年的放假安排", d.Date, f.Year)
		}
		if d.IsOff == nil {
			return bad("%s 缺少 isOffDay（放假为 true，调休上班为 false）", d.Date)
		}
		if strings.TrimSpace(d.Name) == "" {
			return bad("%s 缺少节日名称", d.Date)
		}
		if seen[date] {
			return bad("%s 列了两次", d.Date)
		}
		seen[date] = true
		y.Days = append(y.Days, nianbao.CalendarDay{Date: date, Name: d.Name, Off: *d.IsOff})
	}
	slices.SortFunc(y.Days, func(a, b nianbao.CalendarDay) int { return int(a.Date - b.Date) })
	return y, nil
}

// MarshalJSON writes the year in holiday-cn's format, so that a loaded
// file can be stored and read back as it came.
func (y *Year) MarshalJSON() ([]byte, error) {
	type out struct {
		Year   int       `json:"year"`
		Papers []string  `json:"papers"`
		Days   []fileDay `json:"days"`
	}
	o := out{Year: y.Year, Papers: y.Papers, Days: []fileDay{}}
	if o.Papers == nil {
		o.Papers = []string{}
	}
	for _, d := range y.Days {
		off := d.Off
		o.Days = append(o.Days, fileDay{Name: d.Name, Date: d.Date.String(), IsOff: &off})
	}
	return json.Marshal(o)
}

// Embedded returns the holiday files built into the program, oldest first.
func Embedded() []*Year {
	names, err := fs.Glob(dataFS, "data/*.json")
	if err != nil {
		panic(err)
	}
	var out []*Year
	for _, n := range names {
		data, err := fs.ReadFile(dataFS, n)
		if err != nil {
			panic(err)
		}
		y, err := ParseYear("随附数据 holiday-cn "+strings.TrimPrefix(n, "data/"), data)
		if err != nil {
			panic(err) // the embedded data is tested
		}
		out = append(out, y)
	}
	return out
}

// License returns the embedded data's licence and its description, for
// whoever redistributes the program.
func License() (license, readme []byte) {
	license, _ = fs.ReadFile(dataFS, "data/LICENSE")
	readme, _ = fs.ReadFile(dataFS, "data/README.md")
	return license, readme
}
