package nianbao

import "testing"

func TestAgencyKey(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"西工区 王城路街道办事处", "西工区王城路街道", true},
		{"沭阳县发展和改革局", "沭阳县　发展和改革局", true}, // an ideographic space
		{"ＡＢ市财政局", "AB市财政局", true},
		{"沭阳县发展和改革局", "沭阳县财政局", false},
	} {
		if got := AgencyKey(c.a) == AgencyKey(c.b); got != c.same {
			t.Errorf("AgencyKey(%q) == AgencyKey(%q) is %v", c.a, c.b, got)
		}
	}
	if AgencyKey("  ") != "" {
		t.Error("a blank name has a key")
	}
}

func TestNeighbours(t *testing.T) {
	prev, next, ok := (&Report{Agency: "沭阳县 财政局", Year: 2023}).BodyYear().Neighbours()
	if !ok || prev != (BodyYear{Body: "沭阳县财政局", Year: 2022}) || next != (BodyYear{Body: "沭阳县财政局", Year: 2024}) {
		t.Errorf("Neighbours = %v, %v, %v", prev, next, ok)
	}
	for _, r := range []*Report{{Agency: "沭阳县财政局"}, {Year: 2023}, {Agency: " ", Year: 2023}} {
		if _, _, ok := r.BodyYear().Neighbours(); ok {
			t.Errorf("%+v has neighbours", r)
		}
	}
}

func TestPreviousYear(t *testing.T) {
	r := &Report{Agency: "沭阳县财政局", Year: 2024}
	v1 := &Report{Agency: "沭阳县财政局", Year: 2023}
	v2 := &Report{Agency: "沭阳县 财政局", Year: 2023} // a corrected version, stored later
	other := &Report{Agency: "沭阳县民政局", Year: 2023}
	older := &Report{Agency: "沭阳县财政局", Year: 2022}
	later := &Report{Agency: "沭阳县财政局", Year: 2025}
	for _, c := range []struct {
		others []*Report
		want   *Report
	}{
		{[]*Report{v1, other, older, later, r}, v1},
		{[]*Report{v1, v2}, v2},
		{[]*Report{other, older, later}, nil},
		{nil, nil},
	} {
		if got := PreviousYear(r, c.others); got != c.want {
			t.Errorf("PreviousYear among %d = %+v; want %+v", len(c.others), got, c.want)
		}
	}
	if PreviousYear(&Report{Agency: "沭阳县财政局"}, []*Report{v1}) != nil {
		t.Error("a report of no known year has a previous year")
	}
}

func TestSummarize(t *testing.T) {
	fs := []Finding{
		{Rule: RuleRowTotal, Severity: SeverityError}, {Rule: RuleBalance, Severity: SeverityError},
		{Rule: RuleLate, Severity: SeverityWarning}, {Rule: RuleOtherHigh, Severity: SeverityInfo},
	}
	if got := Summarize(fs); got != (Summary{Errors: 2, Warnings: 1, Infos: 1, Late: true}) {
		t.Errorf("Summarize = %+v", got)
	}
	var sr StoredReport
	sr.SetFindings(nil)
	if sr.Findings == nil || sr.Errors != 0 || sr.Late {
		t.Errorf("SetFindings(nil): %+v", sr)
	}
	sr.SetFindings(fs[2:])
	if sr.Errors != 0 || sr.Warnings != 1 || !sr.Late || len(sr.Findings) != 2 {
		t.Errorf("SetFindings: %+v", sr)
	}
}

// TestSameBody: names decide until the places say otherwise; a body placed
// in one division under one name within it is one body whatever prefix
// its name carries.
func TestSameBody(t *testing.T) {
	const huaian, hongze, gulouNJ, gulouFZ = 320800000, 320813000, 320106000, 350102000
	for _, c := range []struct {
		a, b BodyYear
		same bool
	}{
		{BodyYear{Body: "洪泽区人民政府", Place: hongze, Unit: "人民政府"}, BodyYear{Body: "淮安市洪泽区人民政府", Place: hongze, Unit: "人民政府"}, true},
		{BodyYear{Body: "洪泽区人民政府"}, BodyYear{Body: "淮安市洪泽区人民政府"}, false},                                                      // unplaced: names only
		{BodyYear{Body: "洪泽区人民政府", Place: hongze, Unit: "人民政府"}, BodyYear{Body: "洪泽区财政局", Place: hongze, Unit: "财政局"}, false}, // another body of the district
		{BodyYear{Body: "淮安市人民政府", Place: huaian, Unit: "人民政府"}, BodyYear{Body: "淮安市洪泽区人民政府", Place: hongze, Unit: "人民政府"}, false},
		{BodyYear{Body: "鼓楼区人民政府", Place: gulouNJ, Unit: "人民政府"}, BodyYear{Body: "鼓楼区人民政府", Place: gulouFZ, Unit: "人民政府"}, false}, // same name, two cities
		{BodyYear{Body: "鼓楼区人民政府", Place: gulouNJ, Unit: "人民政府"}, BodyYear{Body: "鼓楼区人民政府"}, true},                                // one not placed: the name
		{BodyYear{}, BodyYear{}, false},
	} {
		if got := c.a.SameBody(c.b); got != c.same || c.b.SameBody(c.a) != got {
			t.Errorf("%+v and %+v: same %v, want %v", c.a, c.b, got, c.same)
		}
	}
}
