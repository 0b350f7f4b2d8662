package store

import (
	"context"
	"testing"

	"nianbao"
	"nianbao/place"
)

// TestPlaceBody: an office places 路北街道办事处 by hand; its stored
// reports move there, keeping their kind when the office gives none, and
// a report of the body read later is placed there too.
func TestPlaceBody(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		key := nianbao.AgencyKey("路北街道办事处")
		var lubei *nianbao.StoredReport
		var lubeiData []byte
		for name, data := range seedFiles(t) {
			if r := add(t, s, name, data); nianbao.AgencyKey(r.Report.Agency) == key {
				lubei, lubeiData = r, data
			}
		}
		if lubei == nil {
			t.Fatal("no seed of 路北街道办事处")
		}
		if p, err := s.BodyPlace(ctx, key); err != nil || !p.IsZero() {
			t.Fatalf("BodyPlace before any: %+v, %v", p, err)
		}
		manual, err := place.Manual("320813", place.KindUnknown, "")
		if err != nil {
			t.Fatal(err)
		}
		if ids, err := s.PlaceBody(ctx, key, manual, "淮安"); err != nil || len(ids) != 1 || ids[0] != lubei.ID {
			t.Fatalf("PlaceBody: %v, %v", ids, err)
		}
		got, err := s.FindReport(ctx, lubei.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.PlaceKey != place.Key("320813") || !got.PlaceManual || got.PlaceKind != lubei.PlaceKind || got.PlaceNote != manual.Note {
			t.Errorf("placed by hand: %d %q %q %v; was %q", got.PlaceKey, got.PlaceKind, got.PlaceNote, got.PlaceManual, lubei.PlaceKind)
		}
		if p, err := s.BodyPlace(ctx, key); err != nil || p.Code != "320813" || !p.Manual {
			t.Errorf("BodyPlace: %+v, %v", p, err)
		}
		again := add(t, s, "路北-again.txt", append(append([]byte{}, lubeiData...), '\n'))
		if again.PlaceKey != place.Key("320813") || !again.PlaceManual {
			t.Errorf("a report read after the placement: %d %v", again.PlaceKey, again.PlaceManual)
		}
		// A second placement replaces the first.
		manual, _ = place.Manual("3208", place.KindOther, "")
		if ids, err := s.PlaceBody(ctx, key, manual, "admin"); err != nil || len(ids) != 2 {
			t.Fatalf("PlaceBody again: %v, %v", ids, err)
		}
		// The second file is a new version of the same year: only it is listed.
		if list, n, _ := s.FindReports(ctx, nianbao.ReportFilter{Place: "3208"}); n != 1 || list[0].ID != again.ID {
			t.Errorf("the filter by 淮安市 selects %d reports after the placement, want the new version", n)
		}
		if _, err := s.PlaceBody(ctx, "", manual, "admin"); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("placing a body without a name: %v", err)
		}
	})
}
