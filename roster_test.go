package nianbao_test

import (
	"slices"
	"testing"

	"nianbao"
)

// TestRosterStatuses: a body without a report is 未报 only; one with a
// report is 已报 and whichever of 逾期, 未写日期 and 有错误 apply; counts
// count each status.
func TestRosterStatuses(t *testing.T) {
	rep := func(published string, late bool) *nianbao.StoredReport {
		r := nianbao.NewReport(nianbao.Format2021)
		r.PublishedOn = published
		return &nianbao.StoredReport{Report: r, Late: late, Errors: 3}
	}
	R, M, L, U, E := nianbao.RosterReported, nianbao.RosterMissing, nianbao.RosterLate, nianbao.RosterUndated, nianbao.RosterErrors
	rows := []*nianbao.RosterRow{
		{},
		{Report: rep("2025-01-20", false)}, // its 3 errors set aside by reviewers
		{Report: rep("2025-02-20", true), Errors: 2},
		{Report: rep("", false)},
	}
	want := [][]nianbao.RosterStatus{{M}, {R}, {R, L, E}, {R, U}}
	for i, r := range rows {
		if got := r.Statuses(); !slices.Equal(got, want[i]) {
			t.Errorf("row %d: %v, want %v", i, got, want[i])
		}
	}
	c := nianbao.CountRoster(rows)
	if c.Expected != 4 || c.ByStatus[R] != 3 || c.ByStatus[M] != 1 || c.ByStatus[L] != 1 || c.ByStatus[U] != 1 || c.ByStatus[E] != 1 {
		t.Errorf("counts %+v", c)
	}
	for _, s := range nianbao.RosterStatuses {
		if !s.Valid() || s.Label() == "" {
			t.Errorf("status %q", s)
		}
	}
}

// TestCompareLevels: a 本级 report equal to the sum of its subordinates'
// differs in no cell; one cell changed is listed first with the
// difference; a cell a subordinate leaves blank cannot be compared.
func TestCompareLevels(t *testing.T) {
	in := subordinates(3, 2024, false)
	a, err := nianbao.Aggregate(in, nianbao.AggregateOptions{Year: 2024, Place: "某县人民政府"})
	if err != nil {
		t.Fatal(err)
	}
	own := a.Report
	for _, d := range nianbao.CompareLevels(own, a) {
		if !d.Equal {
			t.Fatalf("the sum itself differs at %s: %+v", d.Cell.Label, d)
		}
	}
	c, _ := own.Template.Cell(nianbao.CellKey{Table: nianbao.TableRequests, Row: "new_received", Column: "total"})
	own.Set(c, own.At(c).Add(nianbao.Int(5)))
	diffs := nianbao.CompareLevels(own, a)
	if d := diffs[0]; d.Cell.Key != c.Key || d.Equal || d.Diff.String() != "5" || len(diffs) != len(a.Cells) {
		t.Errorf("first of %d: %+v", len(diffs), d)
	}
	if !diffs[1].Equal {
		t.Errorf("only one cell differs: %+v", diffs[1])
	}
	a.Cells[0].Complete = false
	for _, d := range nianbao.CompareLevels(own, a) {
		if d.Cell.Key == a.Cells[0].Cell.Key && (d.Equal || d.Sum.Valid()) {
			t.Errorf("an incomplete cell compared: %+v", d)
		}
	}
}
