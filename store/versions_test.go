package store_test

import (
	"context"
	"testing"

	"nianbao"
	"nianbao/ingest"
	"nianbao/store"
	"nianbao/store/storetest"
)

// auditActions returns the actions the audit log holds about report id,
// newest first.
func auditActions(t *testing.T, s *store.Store, id int64) []nianbao.AuditAction {
	t.Helper()
	es, _, err := s.AuditEntries(context.Background(), nianbao.AuditFilter{Report: id})
	if err != nil {
		t.Fatal(err)
	}
	var out []nianbao.AuditAction
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

// counts returns how many reports the list, the statistics and the export
// count for f.
func counts(t *testing.T, s *store.Store, f nianbao.ReportFilter) (list, stats, export int) {
	t.Helper()
	ctx := context.Background()
	_, list, err := s.FindReports(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ExportReports(ctx, f, func(*nianbao.StoredReport) error { export++; return nil }); err != nil {
		t.Fatal(err)
	}
	return list, st.Reports, export
}

// TestVersions: a second file of the same body and year is a new version:
// the first is kept, superseded, and readable; lists, statistics and
// exports count the newest only; the replacement is logged. Deleting the
// newest makes the first current again, restoring it brings it back; a
// deleted file uploaded again is refused, not revived.
func TestVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := ingest.NewService(s)
		data := storetest.Generated(41, 1)[0]
		v1 := storetest.Add(t, s, "v1.txt", data)
		v2 := storetest.Add(t, s, "v2.txt", append(append([]byte{}, data...), '\n'))
		f := nianbao.ReportFilter{}
		if l, st, ex := counts(t, s, f); l != 1 || st != 1 || ex != 1 {
			t.Errorf("two versions counted %d (list), %d (stats), %d (export); want 1", l, st, ex)
		}
		if list, _, _ := s.FindReports(ctx, f); len(list) != 1 || list[0].ID != v2.ID || list[0].Replaces != 1 {
			t.Errorf("the list shows %v, want the newest version %d, which replaces one", list, v2.ID)
		}
		old, err := s.FindReport(ctx, v1.ID)
		if err != nil || !old.Superseded || old.Replaces != 0 {
			t.Fatalf("the first version: superseded %v, %v", old != nil && old.Superseded, err)
		}
		vs, err := s.Versions(ctx, v1.ID)
		if err != nil || len(vs) != 2 || vs[0].ID != v1.ID || vs[0].Current || !vs[1].Current || vs[1].ID != v2.ID {
			t.Fatalf("versions: %+v, %v", vs, err)
		}
		if got := auditActions(t, s, v2.ID); len(got) != 1 || got[0] != nianbao.ActionVersion {
			t.Errorf("the new version logged as %v", got)
		}

		if err := svc.DeleteReport(ctx, v2.ID, ""); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("a deletion without a reason: %v", err)
		}
		if err := svc.DeleteReport(ctx, v2.ID, "上传错了"); err != nil {
			t.Fatal(err)
		}
		if list, n, _ := s.FindReports(ctx, f); n != 1 || list[0].ID != v1.ID || list[0].Replaces != 0 {
			t.Errorf("after deleting the newest the list shows %d reports, want the first version", n)
		}
		if l, st, ex := counts(t, s, nianbao.ReportFilter{Year: v1.Report.Year}); l != 1 || st != 1 || ex != 1 {
			t.Errorf("after the deletion: %d, %d, %d; want 1", l, st, ex)
		}
		gone, err := s.FindReport(ctx, v2.ID)
		if err != nil || gone.DeletedAt == nil || gone.DeletedReason != "上传错了" {
			t.Fatalf("the deleted report: %+v, %v", gone, err)
		}
		if deleted, n, _ := s.FindReports(ctx, nianbao.ReportFilter{Deleted: true}); n != 1 || deleted[0].ID != v2.ID {
			t.Errorf("the deleted reports: %d", n)
		}
		if rs, _ := s.YearReports(ctx, v1.Report.BodyYear()); len(rs) != 1 || rs[0].ID != v1.ID {
			t.Errorf("a deleted report is still a year's report for its neighbours")
		}
		if _, _, err := svc.AddReport(ctx, "again.txt", append(append([]byte{}, data...), '\n')); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("uploading a deleted file again: %v", err)
		}
		if err := svc.DeleteReport(ctx, v2.ID, "再删"); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("deleting twice: %v", err)
		}

		if err := svc.RestoreReport(ctx, v2.ID); err != nil {
			t.Fatal(err)
		}
		if list, n, _ := s.FindReports(ctx, f); n != 1 || list[0].ID != v2.ID {
			t.Errorf("after the restore the list shows %d reports, want the newest version", n)
		}
		if err := svc.RestoreReport(ctx, v2.ID); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("restoring a report not deleted: %v", err)
		}
		got := auditActions(t, s, v2.ID)
		if len(got) != 3 || got[0] != nianbao.ActionRestore || got[1] != nianbao.ActionDelete {
			t.Errorf("logged: %v", got)
		}
		// An old version deleted stays out of the list, which keeps the current.
		if err := svc.DeleteReport(ctx, v1.ID, "旧版本"); err != nil {
			t.Fatal(err)
		}
		if list, n, _ := s.FindReports(ctx, f); n != 1 || list[0].ID != v2.ID {
			t.Errorf("deleting the old version changed the list: %d", n)
		}
	})
}

// TestCorrections: a reviewer corrects a misread cell; the report states
// the corrected value (lists, exports, the audit), the reading it
// replaced stays stored, the finding states survive the audit run again,
// and stating the cell as read takes the correction back.
func TestCorrections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := nianbao.WithActor(context.Background(), nianbao.Actor{Name: "淮安办"})
		svc := ingest.NewService(s)
		var sr *nianbao.StoredReport
		for i, data := range storetest.Generated(43, 8) {
			r := storetest.Add(t, s, "g"+string(rune('a'+i))+".txt", data)
			if r.Errors == 0 && r.Report.Requests[nianbao.NewReceived][nianbao.NaturalPerson].Valid() && sr == nil {
				sr = r
			}
		}
		if sr == nil {
			t.Fatal("no consistent generated report")
		}
		cell := nianbao.CellKey{Table: nianbao.TableRequests, Row: "new_received", Column: "natural_person"}
		read := sr.Report.Value(cell)
		wrong := read.Add(nianbao.Int(1)).String()

		if _, err := svc.CorrectCell(ctx, sr.ID, nianbao.Correction{Cell: cell, Text: wrong}); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("a correction without a reason: %v", err)
		}
		if _, err := svc.CorrectCell(ctx, sr.ID, nianbao.Correction{Cell: cell, Text: read.String(), Reason: "同"}); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("a correction that states the reading: %v", err)
		}
		if _, err := svc.CorrectCell(ctx, sr.ID, nianbao.Correction{Cell: nianbao.CellKey{Table: "requests", Row: "nope", Column: "x"}, Text: "1", Reason: "无"}); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("a correction of a cell the format lacks: %v", err)
		}
		got, err := svc.CorrectCell(ctx, sr.ID, nianbao.Correction{Cell: cell, Text: wrong, Reason: "原文件印为" + wrong})
		if err != nil {
			t.Fatal(err)
		}
		if v := got.Report.Value(cell); v.String() != wrong {
			t.Errorf("the corrected cell states %v, want %s", v, wrong)
		}
		if len(got.Corrections) != 1 {
			t.Fatalf("corrections: %+v", got.Corrections)
		}
		c := got.Corrections[0]
		if c.Read != read.String() || c.ReadKind != nianbao.KindNumber || c.Text != wrong || c.By != "淮安办" || c.At.IsZero() {
			t.Errorf("the correction as stored: %+v", c)
		}
		// The audit ran on the corrected report: row 一 no longer adds up.
		var rowTotal *nianbao.Finding
		for i := range got.Findings {
			if got.Findings[i].Rule == nianbao.RuleRowTotal {
				rowTotal = &got.Findings[i]
			}
		}
		if rowTotal == nil || got.Errors == 0 {
			t.Fatalf("no row total finding after the correction: %+v", got.Findings)
		}
		var exported nianbao.Num
		if err := s.ExportReports(ctx, nianbao.ReportFilter{}, func(e *nianbao.StoredReport) error {
			if e.ID == sr.ID {
				exported = e.Report.Value(cell)
			}
			return nil
		}); err != nil || exported.String() != wrong {
			t.Errorf("the export states %v, %v", exported, err)
		}
		if _, err := s.ReviewFinding(ctx, sr.ID, rowTotal.Key(), nianbao.FindingVerified, "核对原件"); err != nil {
			t.Fatal(err)
		}
		// Correcting the same cell again keeps the first reading; the
		// review survives the audit run again.
		again, err := svc.CorrectCell(ctx, sr.ID, nianbao.Correction{Cell: cell, Text: read.Add(nianbao.Int(2)).String(), Reason: "再核"})
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Corrections) != 1 || again.Corrections[0].Read != read.String() || again.Corrections[0].Reason != "再核" {
			t.Errorf("corrected twice: %+v", again.Corrections)
		}
		state := nianbao.FindingOpen
		for i := range again.Findings {
			if again.Findings[i].Key() == rowTotal.Key() {
				state = again.Findings[i].State()
			}
		}
		if state != nianbao.FindingVerified {
			t.Errorf("the review after the audit ran again: %s", state)
		}
		// Stating the reading takes the correction back.
		back, err := svc.CorrectCell(ctx, sr.ID, nianbao.Correction{Cell: cell, Text: read.String(), Reason: "撤回"})
		if err != nil {
			t.Fatal(err)
		}
		if len(back.Corrections) != 0 || back.Report.Value(cell).Cmp(read) != 0 || back.Errors != 0 {
			t.Errorf("taken back: %+v, %v, %d errors", back.Corrections, back.Report.Value(cell), back.Errors)
		}
		if storetest.JSON(t, back.Report.Cells) != storetest.JSON(t, sr.Report.Cells) {
			t.Errorf("the provenance after taking the correction back: %s", storetest.FirstDiff(storetest.JSON(t, back.Report.Cells), storetest.JSON(t, sr.Report.Cells)))
		}
		// A blank typed is a blank, not 0.
		blank, err := svc.CorrectCell(ctx, sr.ID, nianbao.Correction{Cell: cell, Text: "", Reason: "原件此格空白"})
		if err != nil {
			t.Fatal(err)
		}
		if p := blank.Report.Printed(blank.Report.CellIndex(), cell); p.Kind != nianbao.KindBlank || p.Num.Valid() {
			t.Errorf("a blank typed reads %+v", p)
		}
		n := 0
		for _, a := range auditActions(t, s, sr.ID) {
			if a == nianbao.ActionCorrect {
				n++
			}
		}
		if n != 4 {
			t.Errorf("%d corrections logged, want 4", n)
		}
	})
}

// TestPlaceStored: reports stored before reports kept their place are
// placed from their stored text, as reading them again would.
func TestPlaceStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := ingest.NewService(s)
		want := map[int64]int64{}
		for name, data := range storetest.Seeds(t) {
			r := storetest.Add(t, s, name, data)
			want[r.ID] = r.PlaceKey
		}
		if p, u, err := svc.PlaceStored(ctx, false); err != nil || p+u != 0 {
			t.Fatalf("nothing to place: %d, %d, %v", p, u, err)
		}
		if _, err := s.DB().ExecContext(ctx, `UPDATE reports SET place_key = 0, place_kind = '', place_note = ''`); err != nil {
			t.Fatal(err)
		}
		placed, unplaced, err := svc.PlaceStored(ctx, false)
		if err != nil || placed+unplaced != len(want) || placed == 0 {
			t.Fatalf("placed %d, unplaced %d, %v", placed, unplaced, err)
		}
		for id, key := range want {
			got, err := s.FindReport(ctx, id)
			if err != nil || got.PlaceKey != key || (got.PlaceKind == "" && got.PlaceNote == "") {
				t.Errorf("report %d placed at %d (%q, %q), want %d", id, got.PlaceKey, got.PlaceKind, got.PlaceNote, key)
			}
		}
	})
}

// TestMigrateVersions: reports an older nianbao stored, two files of one
// body's year among them, are versions of each other in the order stored
// once migration 0010 runs; a draft, and reports whose body or year is
// unknown, are versions of nothing.
func TestMigrateVersions(t *testing.T) {
	for _, dialect := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			dsn, db := oldDatabase(t, dialect, 8)
			defer db.Close()
			for i, r := range []struct {
				key   string
				year  int
				draft bool
			}{{"甲局", 2024, false}, {"甲局", 2024, false}, {"甲局", 2024, true}, {"乙局", 2024, false}, {"", 2024, false}, {"", 2024, false}, {"丙局", 0, false}, {"丙局", 0, false}} {
				if _, err := db.ExecContext(ctx, `INSERT INTO reports (id, sha256, source_name, format, size, encoding, agency, agency_key,
					year, template, errors, warnings, infos, late, imported_at, audited_at, draft)
					VALUES ($1, $2, 'f.txt', 'text', 1, '', $3, $3, $4, '2021', 0, 0, 0, FALSE, $5, $5, $6)`,
					i+1, string(rune('a'+i)), r.key, r.year, "2025-01-02 03:04:05", r.draft); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if n := storetest.Count(t, s, `SELECT COUNT(*) FROM reports WHERE superseded`); n != 1 {
				t.Errorf("%d reports superseded, want 1", n)
			}
			if n := storetest.Count(t, s, `SELECT COUNT(*) FROM reports WHERE superseded AND id = 1`); n != 1 {
				t.Errorf("the older file of 甲局 2024 is not the superseded one")
			}
		})
	}
}

// TestDeleteYearBefore: deleting a body's report audits its year after
// again without it (no cross-year finding is left that needs it);
// restoring it gives the year after its findings back.
func TestDeleteYearBefore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := ingest.NewService(s)
		byYear := map[int]*nianbao.StoredReport{}
		for i, data := range storetest.Corpus(7) {
			r := storetest.Add(t, s, "c"+string(rune('a'+i))+".txt", data)
			byYear[r.Report.Year] = r
		}
		before, after := byYear[2022], byYear[2023]
		if before == nil || after == nil {
			t.Fatal("the corpus lacks 2022 or 2023")
		}
		want, err := s.FindReport(ctx, after.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.DeleteReport(ctx, before.ID, "测试"); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindReport(ctx, after.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range got.Findings {
			if f.Rule.CrossYear() {
				t.Errorf("a cross-year finding without the year before: %s", f.Message)
			}
		}
		if err := svc.RestoreReport(ctx, before.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindReport(ctx, after.ID); storetest.JSON(t, got.Findings) != storetest.JSON(t, want.Findings) {
			t.Errorf("the year after's findings once restored: %s", storetest.FirstDiff(storetest.JSON(t, got.Findings), storetest.JSON(t, want.Findings)))
		}
	})
}
