package roster_test

import (
	"context"
	"slices"
	"testing"

	"nianbao"
	"nianbao/ingest"
	"nianbao/place"
	"nianbao/roster"
	"nianbao/store/storetest"
)

// TestAggregatePlace: 淮安市's 本级 draft sums its own departments', and
// 洪泽区's 本级 report in place of 洪泽区's departments (which it sums
// already), and 清江浦区's department, 清江浦区 having no 本级 report;
// 淮安市's own report is set against the sum; the roster's body without a
// report is missing, the covered ones are not.
func TestAggregatePlace(t *testing.T) {
	s := storetest.SQLite(t)
	ctx := context.Background()
	svc := ingest.NewService(s)
	for i, a := range []string{"淮安市人民政府", "淮安市财政局", "淮安市洪泽区人民政府", "淮安市洪泽区财政局", "淮安市清江浦区财政局"} {
		storetest.Add(t, s, a+".txt", storetest.BodyReport(uint64(i), a, 2024, "2025-01-20", false))
	}
	var entries []nianbao.RosterEntry
	for _, a := range []string{"淮安市财政局", "淮安市教育局", "淮安市洪泽区财政局", "淮安市清江浦区财政局"} {
		entries = append(entries, nianbao.RosterEntry{Agency: a, Code: place.LocateName(a).Code})
	}
	if _, err := s.ImportRoster(ctx, "3208", 2024, entries, false); err != nil {
		t.Fatal(err)
	}
	huaian, _ := place.Lookup("3208")
	a, err := roster.AggregatePlace(ctx, svc, s, huaian, 2024, 100, nil)
	if err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, sr := range a.Inputs {
		inputs = append(inputs, sr.Report.Agency)
	}
	slices.Sort(inputs)
	if want := []string{"淮安市洪泽区人民政府", "淮安市清江浦区财政局", "淮安市财政局"}; !slices.Equal(inputs, want) {
		t.Errorf("inputs %v, want %v", inputs, want)
	}
	if len(a.Covered) != 1 || a.Covered[0].Report.Report.Agency != "淮安市洪泽区财政局" || a.Covered[0].By.Report.Agency != "淮安市洪泽区人民政府" {
		t.Errorf("covered %+v", a.Covered)
	}
	if a.Own == nil || a.Own.Report.Agency != "淮安市人民政府" || len(a.Levels) != len(a.Aggregation.Cells) || a.Differences() == 0 {
		t.Errorf("own %v, %d levels, %d differences", a.Own, len(a.Levels), a.Differences())
	}
	if a.Basis != roster.BasisRoster || !slices.Equal(a.Aggregation.Missing, []string{"淮安市教育局"}) || a.Complete() {
		t.Errorf("basis %q, missing %v", a.Basis, a.Aggregation.Missing)
	}
	if a.Aggregation.Report.Agency != "淮安市人民政府" {
		t.Errorf("the draft's body %q", a.Aggregation.Report.Agency)
	}
	// 洪泽区 alone: no roster for it… but 淮安市's entries under it count.
	hongze, _ := place.Lookup("320813")
	a, err = roster.AggregatePlace(ctx, svc, s, hongze, 2024, 100, nil)
	if err != nil || len(a.Inputs) != 1 || a.Basis != roster.BasisRoster || !a.Complete() {
		t.Fatalf("洪泽区: %+v, %v", a, err)
	}
	if _, err := roster.AggregatePlace(ctx, svc, s, huaian, 2024, 2, nil); nianbao.ErrorCode(err) != nianbao.ETOOLARGE {
		t.Errorf("over the limit: %v", err)
	}
}
