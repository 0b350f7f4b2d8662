package store_test

import (
	"context"
	"testing"

	"nianbao"
	"nianbao/ingest"
	"nianbao/reader"
	"nianbao/store"
	"nianbao/store/storetest"
)

// TestDrafts: a draft is stored like any report and marked; the body's
// next save of the same year replaces it; a draft is no year's report for
// the audit of its neighbours (YearReports) and counts in no statistics.
func TestDrafts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := ingest.NewService(s)
		data := storetest.Generated(21, 1)[0]
		published, _, err := svc.AddReport(ctx, "p.txt", data)
		if err != nil {
			t.Fatal(err)
		}
		draft := func(year int) *nianbao.StoredReport {
			rep, err := reader.Read("p.txt", data)
			if err != nil {
				t.Fatal(err)
			}
			rep.Year = year
			sr, err := svc.SaveDraft(ctx, rep)
			if err != nil {
				t.Fatal(err)
			}
			return sr
		}
		before, err := s.Stats(ctx, nianbao.ReportFilter{})
		if err != nil {
			t.Fatal(err)
		}
		year := published.Report.Year + 1
		first := draft(year)
		got, err := s.FindReport(ctx, first.ID)
		if err != nil || !got.Draft || got.Report.Source.Format != nianbao.FileJSON || got.Report.Year != year {
			t.Fatalf("the draft as stored: %+v, %v", got, err)
		}
		if _, err := s.FindReport(ctx, published.ID); err != nil {
			t.Fatal(err)
		}
		second := draft(year)
		if n := storetest.Count(t, s, "SELECT COUNT(*) FROM reports WHERE draft"); n != 1 {
			t.Errorf("%d drafts after saving twice", n)
		}
		if n := storetest.Count(t, s, "SELECT COUNT(*) FROM reports WHERE id = $1", second.ID); n != 1 {
			t.Errorf("the second save is not stored")
		}
		rs, err := s.YearReports(ctx, second.Report.BodyYear())
		if err != nil || len(rs) != 0 {
			t.Errorf("YearReports sees the draft: %d, %v", len(rs), err)
		}
		yes := true
		if list, n, err := s.FindReports(ctx, nianbao.ReportFilter{Draft: &yes}); err != nil || n != 1 || !list[0].Draft {
			t.Errorf("drafts only: %d, %v", n, err)
		}
		after, err := s.Stats(ctx, nianbao.ReportFilter{})
		if err != nil || after.Reports != before.Reports || after.ByYear[year] != 0 {
			t.Errorf("stats count the draft: %d → %d", before.Reports, after.Reports)
		}
		// A draft is never late: it is not published.
		rep, _ := reader.Read("late.txt", storetest.Generated(22, 1)[0])
		late := &nianbao.StoredReport{Report: rep, Draft: true}
		late.SetFindings([]nianbao.Finding{{Rule: nianbao.RuleLate, Severity: nianbao.SeverityWarning, Message: "迟"}})
		if !storeReport(t, s, late, []byte("late")) {
			t.Fatal("the late draft not stored")
		}
		if got, err := s.FindReport(ctx, late.ID); err != nil || got.Late || got.Warnings != 1 {
			t.Errorf("a draft stored late (%v) with %d warnings, %v", got.Late, got.Warnings, err)
		}
		// A draft of the year before the published report leaves its audit alone.
		draft(published.Report.Year - 1)
		if again, _ := s.FindReport(ctx, published.ID); storetest.JSON(t, again.Findings) != storetest.JSON(t, published.Findings) {
			t.Errorf("a draft changed the year after's findings")
		}
	})
}
