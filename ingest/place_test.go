package ingest_test

import (
	"context"
	"os"
	"testing"

	"nianbao"
	"nianbao/ingest"
	"nianbao/place"
	"nianbao/store"
	"nianbao/store/storetest"
)

// TestPlaceBody: an office places a 街道 (due 1月31日) that published on
// 2月20日 by hand as a 本级人民政府 (due 3月31日): its report is audited
// again and is no longer late; placed back as a 街道, late again.
func TestPlaceBody(t *testing.T) {
	data, err := os.ReadFile("../testdata/seeds/000_e75d9df8b36af8be.txt")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, "\n路北街道办事处\n2025年2月20日\n"...)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := ingest.NewService(s)
		sr, _, err := svc.AddReport(ctx, "lubei.txt", data)
		if err != nil {
			t.Fatal(err)
		}
		if sr.Report.PublishedOn != "2025-02-20" || !sr.Late || sr.PlaceKind != string(place.KindTownship) {
			t.Fatalf("as read: published %q, late %v, kind %q", sr.Report.PublishedOn, sr.Late, sr.PlaceKind)
		}
		key := nianbao.AgencyKey(sr.Report.Agency)
		for _, c := range []struct {
			kind place.Kind
			late bool
		}{{place.KindGovernment, false}, {place.KindTownship, true}} {
			manual, err := place.Manual("331004", c.kind, "")
			if err != nil {
				t.Fatal(err)
			}
			if n, err := svc.PlaceBody(ctx, key, manual, "admin"); err != nil || n != 1 {
				t.Fatalf("PlaceBody: %d, %v", n, err)
			}
			got, err := s.FindReport(ctx, sr.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Late != c.late || got.PlaceKind != string(c.kind) {
				t.Errorf("placed as %s: late %v, kind %s; want late %v", c.kind, got.Late, got.PlaceKind, c.late)
			}
		}
	})
}
