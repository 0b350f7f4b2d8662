package store_test

import (
	"context"
	"slices"
	"testing"

	"nianbao"
	"nianbao/store"
	"nianbao/store/storetest"
)

// TestReviewFinding: a review is kept by body, year and finding key, so it
// survives the findings being audited again in another order; it is
// logged, shown by FindReport and Problems, and taken back by open.
func TestReviewFinding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := nianbao.WithActor(context.Background(), nianbao.Actor{Name: "淮安"})
		var sr *nianbao.StoredReport
		added := addGenerated(t, s, 21, 12)
		for _, r := range added {
			if len(r.Findings) >= 2 && r.Report.Agency != "" {
				sr = r
				break
			}
		}
		if sr == nil {
			t.Fatal("no generated report with two findings")
		}
		f := sr.Findings[0]
		if _, err := s.ReviewFinding(ctx, sr.ID, "没有的规则", nianbao.FindingVerified, ""); nianbao.ErrorCode(err) != nianbao.ENOTFOUND {
			t.Errorf("an unknown finding: %v", err)
		}
		if _, err := s.ReviewFinding(ctx, sr.ID, f.Key(), "maybe", ""); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("an unknown state: %v", err)
		}
		got, err := s.ReviewFinding(ctx, sr.ID, f.Key(), nianbao.FindingFalse, "表内数字系转录错误")
		if err != nil {
			t.Fatal(err)
		}
		if got.State() != nianbao.FindingFalse || got.Review.By != "淮安" || got.Review.Comment != "表内数字系转录错误" {
			t.Errorf("review = %+v", got.Review)
		}

		// The audit run again, its findings in another order.
		fs := slices.Clone(sr.Findings)
		slices.Reverse(fs)
		if err := s.Write(ctx, func(tx nianbao.ReportTx) error { return tx.SetFindings(ctx, sr.ID, fs) }); err != nil {
			t.Fatal(err)
		}
		again, err := s.FindReport(ctx, sr.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range again.Findings {
			want := nianbao.FindingOpen
			if g.Key() == f.Key() {
				want = nianbao.FindingFalse
			}
			if g.State() != want {
				t.Errorf("after the re-audit %s is %s, want %s", g.Rule, g.State().Label(), want.Label())
			}
		}

		entries, _, err := s.AuditEntries(ctx, nianbao.AuditFilter{Action: nianbao.ActionFindingState})
		if err != nil || len(entries) != 1 || entries[0].Report != sr.ID || entries[0].Actor != "淮安" {
			t.Errorf("audit log = %+v, %v", entries, err)
		}

		count := func(ff nianbao.FindingFilter) (n int) {
			t.Helper()
			err := s.Problems(ctx, nianbao.ReportFilter{Findings: ff}, func(p *nianbao.Problem) error {
				if ff.State == nianbao.FindingFalse && (p.Report != sr.ID || p.Finding.Review == nil || p.Agency != sr.Report.Agency) {
					t.Errorf("problem %+v", p)
				}
				n++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		all := count(nianbao.FindingFilter{})
		if n := count(nianbao.FindingFilter{State: nianbao.FindingFalse}); n != 1 {
			t.Errorf("%d false alarms, want 1", n)
		}
		if n := count(nianbao.FindingFilter{State: nianbao.FindingOpen}); n != all-1 {
			t.Errorf("%d open of %d", n, all)
		}
		if n := count(nianbao.FindingFilter{Rule: f.Rule, Severity: f.Severity}); n < 1 || n > all {
			t.Errorf("%d findings of rule %s", n, f.Rule)
		}

		// The list keeps the reports with a finding the filter selects.
		list, n, err := s.FindReports(ctx, nianbao.ReportFilter{Findings: nianbao.FindingFilter{State: nianbao.FindingFalse}})
		if err != nil || n != 1 || len(list) != 1 || list[0].ID != sr.ID {
			t.Errorf("the reports with a false alarm: %d, %v", n, err)
		}
		st, err := s.Stats(ctx, nianbao.ReportFilter{Findings: nianbao.FindingFilter{Rule: f.Rule}})
		if err != nil || st.Reports < 1 {
			t.Errorf("the reports with a finding of rule %s: %+v, %v", f.Rule, st, err)
		}
		// The index (report_findings, finding_states) selects the reports
		// whose findings the filter matches, for every rule, severity and
		// state the reports have.
		var stored []*nianbao.StoredReport
		filters := map[nianbao.FindingFilter]bool{}
		for _, r := range added {
			got, err := s.FindReport(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			stored = append(stored, got)
			for _, g := range got.Findings {
				for _, st := range []nianbao.FindingState{"", nianbao.FindingOpen, nianbao.FindingFalse, nianbao.FindingFixed} {
					filters[nianbao.FindingFilter{Rule: g.Rule, State: st}] = true
					filters[nianbao.FindingFilter{Severity: g.Severity, State: st}] = true
					filters[nianbao.FindingFilter{Rule: g.Rule, Severity: g.Severity, State: st}] = true
				}
			}
		}
		if len(filters) < 8 {
			t.Fatalf("%d filters to check", len(filters))
		}
		for ff := range filters {
			var want []int64
			for _, r := range stored {
				if slices.ContainsFunc(r.Findings, func(g nianbao.Finding) bool { return ff.Match(&g) }) && !r.Superseded {
					want = append(want, r.ID)
				}
			}
			list, _, err := s.FindReports(ctx, nianbao.ReportFilter{Findings: ff, Sort: "imported", Limit: store.MaxLimit})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, r := range list {
				got = append(got, r.ID)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%+v selects reports %v; their findings say %v", ff, got, want)
			}
		}
		if _, n, err := s.FindReports(ctx, nianbao.ReportFilter{Findings: nianbao.FindingFilter{Rule: "没有的规则"}}); err != nil || n != 0 {
			t.Errorf("the reports with a finding of no rule: %d, %v", n, err)
		}

		if _, err := s.ReviewFinding(ctx, sr.ID, f.Key(), nianbao.FindingOpen, ""); err != nil {
			t.Fatal(err)
		}
		if n := count(nianbao.FindingFilter{State: nianbao.FindingOpen}); n != all {
			t.Errorf("taken back: %d open of %d", n, all)
		}
	})
}
