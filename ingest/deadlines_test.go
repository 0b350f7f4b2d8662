package ingest_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"nianbao"
	"nianbao/audit"
	"nianbao/ingest"
	"nianbao/internal/gen"
	"nianbao/place"
	"nianbao/store"
	"nianbao/store/storetest"
)

// TestLocalDeadline: 淮安市财政局's report for 2024, published on
// 2025-01-27, is on time by the law's 1月31日; 淮安市 sets 1月26日 for its
// departments and the report is audited again, late, and the finding's
// review survives; the deadline removed, the finding goes. A file checked
// without saving, or added while the deadline stands, is late too.
func TestLocalDeadline(t *testing.T) {
	s0 := gen.New(rand.New(rand.NewPCG(1, 2)), gen.Options{Template: nianbao.Format2021})
	s0.Report.Agency, s0.Report.Year, s0.Report.PublishedOn = "淮安市财政局", 2024, "2025-01-27"
	data := gen.Render(s0, gen.Layouts[0])
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := ingest.NewService(s)
		sr, _, err := svc.AddReport(ctx, "huaian.txt", data)
		if err != nil {
			t.Fatal(err)
		}
		if sr.Report.PublishedOn != "2025-01-27" || sr.PlaceKind != string(place.KindDepartment) || place.CodeOf(sr.PlaceKey) != "3208" {
			t.Fatalf("as read: published %q, kind %q, place %q", sr.Report.PublishedOn, sr.PlaceKind, place.CodeOf(sr.PlaceKey))
		}
		if sr.Late || lateFinding(sr) != nil {
			t.Fatalf("late without a local deadline")
		}
		d := audit.LocalDeadline{Region: "3208", Year: 2024, Date: "2025-01-26", Basis: "淮政办发〔2025〕1号"}
		if n, err := svc.SetDeadline(ctx, d, "淮安"); err != nil || n != 1 {
			t.Fatalf("SetDeadline: %d, %v", n, err)
		}
		got, err := s.FindReport(ctx, sr.ID)
		if err != nil {
			t.Fatal(err)
		}
		f := lateFinding(got)
		if !got.Late || f == nil {
			t.Fatalf("not late after 淮安市 set 1月26日: %+v", got.Findings)
		}
		if _, err := s.ReviewFinding(ctx, got.ID, f.Key(), nianbao.FindingVerified, "核实"); err != nil {
			t.Fatal(err)
		}
		checked, err := svc.CheckReport(ctx, "draft.txt", data)
		if err != nil || lateFinding(checked) == nil {
			t.Errorf("checked without saving under the deadline: late %v, %v", lateFinding(checked) != nil, err)
		}
		if _, err := svc.RemoveDeadline(ctx, d); err != nil {
			t.Fatal(err)
		}
		if got, err = s.FindReport(ctx, sr.ID); err != nil || got.Late || lateFinding(got) != nil {
			t.Fatalf("late after the deadline was removed: %v", err)
		}
		// Set again: the 逾期 finding comes back, its review with it.
		if _, err := svc.SetDeadline(ctx, d, "淮安"); err != nil {
			t.Fatal(err)
		}
		if got, err = s.FindReport(ctx, sr.ID); err != nil || lateFinding(got) == nil || lateFinding(got).Review == nil {
			t.Fatalf("the finding set again lost its review: %+v, %v", lateFinding(got), err)
		}
		again, _, err := svc.AddReport(ctx, "huaian-v2.txt", append(append([]byte{}, data...), '\n'))
		if err != nil || !again.Late {
			t.Errorf("a new version added under the deadline: late %v, %v", again != nil && again.Late, err)
		}
		// Deleting and restoring audit again under the deadline too.
		if err := svc.DeleteReport(ctx, again.ID, "误传"); err != nil {
			t.Fatal(err)
		}
		if err := svc.RestoreReport(ctx, again.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := s.FindReport(ctx, again.ID); err != nil || !got.Late {
			t.Errorf("restored under the deadline: late %v, %v", got != nil && got.Late, err)
		}
		d.Date = "2025-02-01"
		if _, err := svc.SetDeadline(ctx, d, "淮安"); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("a deadline after the law's: %v", err)
		}
	})
}

// lateFinding is the report's 逾期 finding, or nil.
func lateFinding(sr *nianbao.StoredReport) *nianbao.Finding {
	for i, f := range sr.Findings {
		if f.Rule == nianbao.RuleLate {
			return &sr.Findings[i]
		}
	}
	return nil
}

// settingStore sets a local deadline as a write transaction starts: what
// an office does while a report is read and audited.
type settingStore struct {
	*store.Store
	d audit.LocalDeadline
}

func (s settingStore) Write(ctx context.Context, f func(nianbao.ReportTx) error) error {
	if _, err := s.SetDeadline(ctx, s.d, "淮安"); err != nil {
		return err
	}
	return s.Store.Write(ctx, f)
}

// TestDeadlineSetMeanwhile: a deadline set after a report was audited and
// before it was written applies to it, for AddReport and Import alike,
// though the setting's own audit ran before the report was stored.
func TestDeadlineSetMeanwhile(t *testing.T) {
	s := storetest.SQLite(t)
	ctx := context.Background()
	in := ingest.New(settingStore{s, audit.LocalDeadline{Region: "3208", Year: 2024, Date: "2025-01-26"}})
	sr, _, err := in.AddReport(ctx, "a.txt", storetest.BodyReport(1, "淮安市财政局", 2024, "2025-01-27", false))
	if err != nil || !sr.Late {
		t.Fatalf("AddReport: late %v, %v", sr != nil && sr.Late, err)
	}
	data := storetest.BodyReport(2, "淮安市教育局", 2024, "2025-01-27", false)
	err = in.Import(ctx, []ingest.File{{Name: "b.txt", Load: func() ([]byte, error) { return data, nil }}}, 1, func(im ingest.Imported) {
		if im.Err != nil {
			t.Fatal(im.Err)
		}
		if got, err := s.FindReport(ctx, im.ID); err != nil || !got.Late {
			t.Errorf("Import: late %v, %v", got != nil && got.Late, err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}
