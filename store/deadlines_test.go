package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"nianbao"
	"nianbao/audit"
	"nianbao/place"
)

// TestDeadlines: an office sets a local deadline for a region and year,
// sets it again (replaced, not doubled), is refused one later than the
// law's, and removes it; each change is logged and names the reports of
// that year under the region (and the unplaced ones) for a new audit.
func TestDeadlines(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		var placed *nianbao.StoredReport
		for name, data := range seedFiles(t) {
			if r := add(t, s, name, data); placed == nil && r.PlaceKey != 0 && r.Report.Year > 0 {
				placed = r
			}
		}
		if placed == nil {
			t.Fatal("no placed seed with a year")
		}
		code := place.CodeOf(placed.PlaceKey)
		year := placed.Report.Year
		d := audit.LocalDeadline{Region: code, Year: year, Date: nextYear(year, "01-26"), Basis: "某政办发〔2025〕1号"}
		ids, err := s.SetDeadline(ctx, d, "淮安")
		if err != nil || !slices.Contains(ids, placed.ID) {
			t.Fatalf("SetDeadline: %v, %v; want %d among them", ids, err, placed.ID)
		}
		d.Date = nextYear(year, "01-27")
		if _, err := s.SetDeadline(ctx, d, "admin"); err != nil {
			t.Fatal(err)
		}
		list, err := s.DeadlineList(ctx)
		if err != nil || len(list) != 1 || list[0].LocalDeadline != d || list[0].By != "admin" || list[0].At.IsZero() {
			t.Fatalf("DeadlineList after two settings: %+v, %v", list, err)
		}
		if ds, err := s.Deadlines(ctx); err != nil || len(ds) != 1 || ds[0] != d {
			t.Errorf("Deadlines: %+v, %v", ds, err)
		}
		late := d
		late.Date = nextYear(year, "02-01")
		if _, err := s.SetDeadline(ctx, late, ""); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("a deadline after the law's: %v", err)
		}
		bad := d
		bad.Region = "999999"
		if _, err := s.SetDeadline(ctx, bad, ""); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("a deadline of no division: %v", err)
		}
		if ids, err := s.RemoveDeadline(ctx, d); err != nil || !slices.Contains(ids, placed.ID) {
			t.Fatalf("RemoveDeadline: %v, %v", ids, err)
		}
		if _, err := s.RemoveDeadline(ctx, d); nianbao.ErrorCode(err) != nianbao.ENOTFOUND {
			t.Errorf("removing it twice: %v", err)
		}
		if list, err := s.DeadlineList(ctx); err != nil || len(list) != 0 {
			t.Errorf("DeadlineList after the removal: %+v, %v", list, err)
		}
		for action, want := range map[nianbao.AuditAction]int{nianbao.ActionDeadlineSet: 2, nianbao.ActionDeadlineDrop: 1} {
			if _, n, err := s.AuditEntries(ctx, nianbao.AuditFilter{Action: action}); err != nil || n != want {
				t.Errorf("audit log %s: %d entries, %v; want %d", action, n, err, want)
			}
		}
	})
}

// nextYear is the ISO date of month-day md in the year after year.
func nextYear(year int, md string) string { return fmt.Sprintf("%d-%s", year+1, md) }
