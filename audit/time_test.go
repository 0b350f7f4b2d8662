package audit

import (
	"strings"
	"testing"

	"nianbao"
	"nianbao/place"
)

// TestDeadlineByKind: the deadline follows the kind of body its name
// gives; a place named alone stands for its government.
func TestDeadlineByKind(t *testing.T) {
	tests := []struct{ name, deadline string }{
		{"曲靖市麒麟区珠街街道", "2025-01-31"},
		{"西工区王城路街道办事处", "2025-01-31"},
		{"宜阳县白马镇人民政府", "2025-01-31"},
		{"青山乡", "2025-01-31"},
		{"平武县人民政府办公室", "2025-01-31"},
		{"沭阳县发展和改革局", "2025-01-31"},
		{"绵阳市卫生健康委员会", "2025-01-31"},
		{"淮安经济技术开发区管委会", "2025-01-31"},
		{"淮安市人民政府", "2025-03-31"},
		{"洪泽区人民政府", "2025-03-31"},
		{"东山区", "2025-03-31"},
		{"某省政府", "2025-03-31"},
		{"平潭综合实验区", "2025-03-31"},
		{"沐阳县人民政府", "2025-03-31"}, // unplaced, still a government
	}
	for _, tt := range tests {
		r := report(nianbao.Format2021)
		r.Agency = tt.name
		if got, d := Timely(r, Options{}); got != OnTime || d.Date != tt.deadline {
			t.Errorf("%s: %s, deadline %s; want on time by %s", tt.name, got, d.Date, tt.deadline)
		}
	}
}

func TestTimely(t *testing.T) {
	city := Deadlines{{Region: "3208", Year: 2024, Date: "2025-01-26", Basis: "淮政办发〔2025〕1号"}}
	tests := []struct {
		name      string
		agency    string
		year      int
		published string
		opt       Options
		want      Timeliness
		deadline  string
		chain     string
	}{
		{"department on time", "沭阳县发展和改革局", 2024, "2025-01-31", Options{}, OnTime, "2025-01-31", ""},
		{"department a day late", "沭阳县发展和改革局", 2024, "2025-02-01", Options{}, Late, "2025-01-31", ""},
		{"county's 本级 report: 3月31日, 2月20日 stated", "洪泽区人民政府", 2024, "2025-03-31", Options{}, OnTime, "2025-03-31", "2025-02-20"},
		{"prefecture's 本级 report", "淮安市人民政府", 2024, "2025-04-01", Options{}, Late, "2025-03-31", "2025-03-10"},
		{"province's 本级 report", "江苏省人民政府", 2024, "2025-03-31", Options{}, OnTime, "2025-03-31", "2025-03-31"},
		{"undated", "沭阳县发展和改革局", 2024, "", Options{}, Undated, "2025-01-31", ""},
		{"a date that is none", "沭阳县发展和改革局", 2024, "2025-02-30", Options{}, Undated, "2025-01-31", ""},
		{"no year", "沭阳县发展和改革局", 0, "2025-01-20", Options{}, NoYear, "", ""},
		{"no year, no date", "沭阳县发展和改革局", 0, "", Options{}, NoYear, "", ""},
		{"no body", "", 2024, "2025-01-20", Options{}, NoKind, "", ""},
		{"a hospital", "淮安市第一人民医院", 2024, "2025-06-01", Options{}, NotBound, "", ""},
		{"the city's deadline", "淮安市洪泽区交通运输局", 2024, "2025-01-27", Options{Deadlines: city}, Late, "2025-01-26", ""},
		{"the city's deadline, on time", "淮安市洪泽区交通运输局", 2024, "2025-01-26", Options{Deadlines: city}, OnTime, "2025-01-26", ""},
		{"the city's deadline binds its 街道", "淮安市洪泽区高良涧街道", 2024, "2025-01-27", Options{Deadlines: city}, Late, "2025-01-26", ""},
		{"the city's deadline, another year", "淮安市洪泽区交通运输局", 2023, "2024-01-27", Options{Deadlines: city}, OnTime, "2024-01-31", ""},
		{"the city's deadline, another city", "沭阳县发展和改革局", 2024, "2025-01-27", Options{Deadlines: city}, OnTime, "2025-01-31", ""},
		{"the city's deadline, a 本级 report", "淮安市人民政府", 2024, "2025-03-01", Options{Deadlines: city}, OnTime, "2025-03-31", "2025-03-10"},
		{"a local deadline for 本级 reports", "洪泽区人民政府", 2024, "2025-02-21",
			Options{Deadlines: Deadlines{{Region: "3208", Year: 2024, Kind: place.KindGovernment, Date: "2025-02-20"}}}, Late, "2025-02-20", "2025-02-20"},
		{"the district's own", "淮安市洪泽区交通运输局", 2024, "2025-01-27",
			Options{Deadlines: append(Deadlines{{Region: "320813", Year: 2024, Date: "2025-01-28"}}, city...)}, OnTime, "2025-01-28", ""},
		{"the kind's setting outranks the group's", "淮安市洪泽区交通运输局", 2024, "2025-01-26",
			Options{Deadlines: append(Deadlines{{Region: "3208", Year: 2024, Kind: place.KindDepartment, Date: "2025-01-25"}}, city...)}, Late, "2025-01-25", ""},
		{"unplaced, after a local deadline", "路北街道", 2024, "2025-01-27", Options{Deadlines: city}, NoRegion, "2025-01-31", ""},
		{"unplaced, before any", "路北街道", 2024, "2025-01-25", Options{Deadlines: city}, OnTime, "2025-01-31", ""},
		{"unplaced, late by law", "路北街道", 2024, "2025-02-01", Options{Deadlines: city}, Late, "2025-01-31", ""},
		{"placed by hand", "路北街道", 2024, "2025-01-27", Options{Deadlines: Deadlines{{Region: "331004", Year: 2024, Date: "2025-01-26"}},
			Place: manual(t, "331004003", place.KindTownship)}, Late, "2025-01-26", ""},
		{"a kind set by hand", "淮安市交通控股集团", 2024, "2025-02-10", Options{Place: manual(t, "3208", place.KindDepartment)}, Late, "2025-01-31", ""},
	}
	for _, tt := range tests {
		r := report(nianbao.Format2021)
		r.Agency, r.Year, r.PublishedOn = tt.agency, tt.year, tt.published
		got, d := Timely(r, tt.opt)
		if got != tt.want || d.Date != tt.deadline || d.Chain != tt.chain {
			t.Errorf("%s: %s by %s (chain %s, %s); want %s by %s (chain %s)", tt.name, got, d.Date, d.Chain, d.Why, tt.want, tt.deadline, tt.chain)
		}
		if got.Label() == "" {
			t.Errorf("%s: %s has no label", tt.name, got)
		}
		if (d.Local != nil) != strings.Contains(d.Why, "规定的期限") {
			t.Errorf("%s: local %v, basis %s", tt.name, d.Local, d.Why)
		}
		fs := Check(r, tt.opt)
		if n := len(byRule(fs, nianbao.RuleLate)); n != map[bool]int{true: 1}[got == Late] {
			t.Errorf("%s: %d time.late findings", tt.name, n)
		}
		if n := len(byRule(fs, nianbao.RuleLateUnchecked)); n != map[bool]int{true: 1}[got != Late && got != OnTime] {
			t.Errorf("%s: %d time.unchecked findings", tt.name, n)
		}
	}
}

func manual(t *testing.T, code string, kind place.Kind) place.Placement {
	t.Helper()
	p, err := place.Manual(code, kind, "")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLateMessage: the finding says which deadline, local or legal, with
// the office's notice, and states the 30号 forwarding date of a 本级 report.
func TestLateMessage(t *testing.T) {
	r := report(nianbao.Format2021)
	r.Agency, r.PublishedOn = "淮安市洪泽区交通运输局", "2025-01-29"
	f := byRule(Check(r, Options{Deadlines: Deadlines{{Region: "3208", Year: 2024, Date: "2025-01-26", Basis: "淮政办发〔2025〕1号"}}}), nianbao.RuleLate)
	if len(f) != 1 || !strings.Contains(f[0].Message, "晚于地方规定期限 2025-01-26，逾期 3 天") || !strings.Contains(f[0].Message, "政府部门") ||
		!strings.Contains(f[0].Basis, "江苏省淮安市规定的期限（淮政办发〔2025〕1号）") {
		t.Errorf("local deadline: %+v", f)
	}
	r.Agency, r.PublishedOn = "洪泽区人民政府", "2025-04-02"
	f = byRule(Check(r, Options{}), nianbao.RuleLate)
	if len(f) != 1 || !strings.Contains(f[0].Message, "晚于法定期限 2025-03-31，逾期 2 天") || !strings.Contains(f[0].Message, "2月20日前") ||
		!strings.Contains(f[0].Basis, "3月31日") {
		t.Errorf("本级 report: %+v", f)
	}
}

func TestDeadlinesValidate(t *testing.T) {
	good := Deadlines{
		{Region: "3208", Year: 2024, Date: "2025-01-26"},
		{Region: "320813", Year: 2024, Date: "2025-01-28"},
		{Region: "3208", Year: 2024, Kind: place.KindGovernment, Date: "2025-03-10"},
		{Region: "3208", Year: 2025, Date: "2026-01-26"},
	}
	if err := good.Validate(); err != nil {
		t.Errorf("valid settings: %v", err)
	}
	for _, bad := range []Deadlines{
		{{Region: "9999", Year: 2024, Date: "2025-01-26"}},
		{{Region: "", Year: 2024, Date: "2025-01-26"}},
		{{Region: "3208", Year: 0, Date: "2025-01-26"}},
		{{Region: "3208", Year: 2024, Date: "2024-12-26"}},
		{{Region: "3208", Year: 2024, Date: "2025-1-26"}},
		{{Region: "3208", Year: 2024, Date: "2025-02-10"}},                             // later than the law's 1月31日
		{{Region: "3208", Year: 2024, Kind: place.KindGovernment, Date: "2025-04-10"}}, // later than 3月31日
		{{Region: "3208", Year: 2024, Date: "2025-01-26"}, {Region: "3208", Year: 2024, Date: "2025-01-27"}},
		{{Region: "3208", Year: 2024, Kind: place.KindOther, Date: "2025-01-26"}}, // the 条例's deadlines do not bind it
		{{Region: "3208", Year: 2024, Kind: "bureau", Date: "2025-01-26"}},
	} {
		if err := bad.Validate(); nianbao.ErrorCode(err) != nianbao.EINVALID || !strings.ContainsAny(nianbao.ErrorMessage(err), "期限") {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}
