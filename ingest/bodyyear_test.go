package ingest_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"nianbao"
	"nianbao/ingest"
	"nianbao/store"
	"nianbao/store/storetest"
)

// TestRunByPlace: a body that names itself 洪泽区人民政府 one year and
// 淮安市洪泽区人民政府 the next is one body's run, placed in 洪泽区 both
// years: the later year is audited against the earlier (its 上年结转 of 1
// against last year's 结转下年度 of 0), in either order of import, and the
// comparison lists both years. 鼓楼区人民政府 of 南京市 is no year of
// 鼓楼区人民政府 of 福州市.
func TestRunByPlace(t *testing.T) {
	data, err := os.ReadFile("../testdata/seeds/000_e75d9df8b36af8be.txt")
	if err != nil {
		t.Fatal(err)
	}
	seed := string(data)
	report := func(agency, year, context string, carried bool) []byte {
		s := strings.NewReplacer("路北街道", agency, "2024", year, "路桥区", context, "台州市", "").Replace(seed)
		if carried {
			s = strings.Replace(s, "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0", "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1", 1)
		}
		return []byte(s)
	}
	linked := func(sr *nianbao.StoredReport) bool {
		for _, f := range sr.Findings {
			if f.Rule == nianbao.RuleCarriedOver {
				return true
			}
		}
		return false
	}
	for _, order := range []bool{false, true} {
		name := "earlier first"
		if order {
			name = "later first"
		}
		t.Run(name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				ctx := context.Background()
				svc := ingest.NewService(s)
				files := []struct {
					name string
					data []byte
				}{
					{"hongze-2023.txt", report("洪泽区人民政府", "2023", "洪泽区", false)},
					{"hongze-2024.txt", report("淮安市洪泽区人民政府", "2024", "洪泽区", true)},
					{"gulou-2023.txt", report("鼓楼区人民政府", "2023", "南京市鼓楼区", false)},
					{"gulou-2024.txt", report("鼓楼区人民政府", "2024", "福州市鼓楼区", true)},
				}
				if order {
					files[0], files[1], files[2], files[3] = files[1], files[0], files[3], files[2]
				}
				ids := map[string]int64{}
				for _, f := range files {
					sr, _, err := svc.AddReport(ctx, f.name, f.data)
					if err != nil {
						t.Fatal(err)
					}
					ids[f.name] = sr.ID
				}
				get := func(name string) *nianbao.StoredReport {
					sr, err := s.FindReport(ctx, ids[name])
					if err != nil {
						t.Fatal(err)
					}
					return sr
				}
				if sr := get("hongze-2024.txt"); !linked(sr) || sr.PlaceKey != 320813000 {
					t.Errorf("淮安市洪泽区人民政府 2024 (placed %d) is not audited against 洪泽区人民政府 2023", sr.PlaceKey)
				}
				if sr := get("gulou-2024.txt"); linked(sr) {
					t.Errorf("福州市's 鼓楼区人民政府 2024 (placed %d) is audited against 南京市's 2023", sr.PlaceKey)
				}
				run, err := s.AgencyReports(ctx, ids["hongze-2024.txt"])
				if err != nil || len(run) != 2 || run[0].ID != ids["hongze-2023.txt"] {
					t.Errorf("the comparison of 洪泽区: %d reports, %v", len(run), err)
				}
			})
		})
	}
}
