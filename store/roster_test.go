package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"nianbao"
	"nianbao/ingest"
	"nianbao/place"
	"nianbao/store"
	"nianbao/store/storetest"
)

// hongze are the reports of a county's bodies the roster tests store: 洪泽区
// (320813) and one body of 清江浦区 (320812), another county of 淮安市.
var hongze = []struct {
	agency    string
	year      int
	published string
	broken    bool
}{
	{"淮安市洪泽区财政局", 2024, "2025-01-20", false},     // 已报
	{"淮安市洪泽区教育局", 2024, "2025-02-15", false},     // 逾期
	{"淮安市洪泽区民政局", 2024, "", false},               // 未写日期
	{"淮安市洪泽区水利局", 2024, "2025-01-10", true},      // 有错误
	{"淮安市洪泽区卫生健康委员会", 2023, "2024-01-15", false}, // 上年报了，本年未报
	{"淮安市清江浦区财政局", 2024, "2025-01-20", false},
}

func addHongze(t *testing.T, s *store.Store) {
	t.Helper()
	for i, r := range hongze {
		storetest.Add(t, s, r.agency+".txt", storetest.BodyReport(uint64(i), r.agency, r.year, r.published, r.broken))
	}
}

func statuses(rows []*nianbao.RosterRow) map[string][]nianbao.RosterStatus {
	out := map[string][]nianbao.RosterStatus{}
	for _, r := range rows {
		out[r.Agency] = r.Statuses()
	}
	return out
}

// TestRoster: an office starts 洪泽区's 2024 roster from the bodies that
// reported for 2023, imports its own list, and sees each body's status from
// the stored reports; filters by place, status and scope; a replacing
// import removes what the new list leaves out; every change is logged.
func TestRoster(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := nianbao.WithActor(context.Background(), nianbao.Actor{Name: "淮安"})
		addHongze(t, s)
		last, err := s.LastYearSet(ctx, nianbao.RosterFilter{Year: 2024, Place: "320813"})
		if err != nil || len(last) != 1 || last[0].Agency != "淮安市洪泽区卫生健康委员会" || last[0].Code != "320813" || last[0].Year != 2024 {
			t.Fatalf("LastYearSet: %+v, %v", last, err)
		}
		entries := append(last,
			nianbao.RosterEntry{Agency: "淮安市洪泽区财政局", Code: "320813", Kind: "department"},
			nianbao.RosterEntry{Agency: "淮安市洪泽区教育局", Code: "320813"},
			nianbao.RosterEntry{Agency: "淮安市洪泽区 民政局", Code: "320813"}, // AgencyKey matches the report's name
			nianbao.RosterEntry{Agency: "淮安市洪泽区水利局", Code: "320813"},
			nianbao.RosterEntry{Agency: "淮安市洪泽区商务局", Code: "320813"},
		)
		res, err := s.ImportRoster(ctx, "320813", 2024, entries, false)
		if err != nil || *res != (nianbao.RosterImport{Added: 6}) {
			t.Fatalf("ImportRoster: %+v, %v", res, err)
		}
		rows, err := s.Roster(ctx, nianbao.RosterFilter{Year: 2024, Place: "3208"})
		if err != nil {
			t.Fatal(err)
		}
		R, M, L, U, E := nianbao.RosterReported, nianbao.RosterMissing, nianbao.RosterLate, nianbao.RosterUndated, nianbao.RosterErrors
		want := map[string][]nianbao.RosterStatus{
			"淮安市洪泽区财政局":     {R},
			"淮安市洪泽区教育局":     {R, L},
			"淮安市洪泽区 民政局":    {R, U},
			"淮安市洪泽区水利局":     {R, E},
			"淮安市洪泽区卫生健康委员会": {M},
			"淮安市洪泽区商务局":     {M},
		}
		if got := statuses(rows); !reflect.DeepEqual(got, want) {
			t.Errorf("statuses:\n got %v\nwant %v", got, want)
		}
		for _, r := range rows {
			if r.Agency == "淮安市洪泽区财政局" && (r.Kind != "department" || r.AddedBy != "淮安" || r.Report == nil || r.Report.Report.Year != 2024) {
				t.Errorf("the entry of 财政局: %+v", r)
			}
		}
		c := nianbao.CountRoster(rows)
		if c.Expected != 6 || c.ByStatus[R] != 4 || c.ByStatus[M] != 2 || c.ByStatus[L] != 1 || c.ByStatus[U] != 1 || c.ByStatus[E] != 1 {
			t.Errorf("counts: %+v", c)
		}
		// A reviewer sets the errors of 水利局's report aside as false alarms.
		for _, r := range rows {
			if r.Agency != "淮安市洪泽区水利局" {
				continue
			}
			sr, err := s.FindReport(ctx, r.Report.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range sr.Findings {
				if f.Severity == nianbao.SeverityError {
					if _, err := s.ReviewFinding(ctx, sr.ID, f.Key(), nianbao.FindingFalse, "核实无误"); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		if rows, err := s.Roster(ctx, nianbao.RosterFilter{Year: 2024, Status: E}); err != nil || len(rows) != 0 {
			t.Errorf("有错误 after the errors were set aside: %d rows, %v", len(rows), err)
		}
		if rows, err := s.Roster(ctx, nianbao.RosterFilter{Year: 2024, Status: M}); err != nil || len(rows) != 2 {
			t.Errorf("status 未报: %d rows, %v", len(rows), err)
		}
		if rows, err := s.Roster(ctx, nianbao.RosterFilter{Year: 2023}); err != nil || len(rows) != 0 {
			t.Errorf("2023 has no roster: %d rows, %v", len(rows), err)
		}
		// Scopes: a supervisor of 清江浦区 sees none of 洪泽区's, one of 淮安市 all.
		for code, n := range map[string]int{"320812": 0, "3208": 6} {
			lo, hi, _ := place.Span(code)
			sc := &nianbao.Scope{Places: []nianbao.PlaceSpan{{Lo: lo, Hi: hi}}}
			if rows, err := s.Roster(ctx, nianbao.RosterFilter{Year: 2024, Scope: sc}); err != nil || len(rows) != n {
				t.Errorf("scope %s: %d rows, %v; want %d", code, len(rows), err, n)
			}
		}
		// Bad input loses nothing.
		for _, bad := range [][]nianbao.RosterEntry{
			{{Agency: "淮安市清江浦区财政局", Code: "320812"}}, // not under 洪泽区
			{{Agency: "", Code: "320813"}},
			{{Agency: "淮安市洪泽区财政局", Code: "320813"}, {Agency: "淮安市洪泽区 财政局", Code: "320813"}},
		} {
			if _, err := s.ImportRoster(ctx, "320813", 2024, bad, true); nianbao.ErrorCode(err) != nianbao.EINVALID {
				t.Errorf("import %+v: %v", bad, err)
			}
		}
		if _, err := s.Roster(ctx, nianbao.RosterFilter{Year: 2024, Status: "x"}); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("a bad status: %v", err)
		}
		// A deleted report is no report: its body is 未报 again, until restored.
		svc := ingest.NewService(s)
		var caizheng int64
		for _, r := range rows {
			if r.Agency == "淮安市洪泽区财政局" {
				caizheng = r.Report.ID
			}
		}
		if err := svc.DeleteReport(ctx, caizheng, "误传"); err != nil {
			t.Fatal(err)
		}
		if rows, err := s.Roster(ctx, nianbao.RosterFilter{Year: 2024, Status: M}); err != nil || len(rows) != 3 {
			t.Errorf("未报 after deleting 财政局's report: %d rows, %v", len(rows), err)
		}
		if err := svc.RestoreReport(ctx, caizheng); err != nil {
			t.Fatal(err)
		}
		// A replacing import keeps the bodies it names, updates them and
		// removes the rest of the year's entries under the place.
		res, err = s.ImportRoster(ctx, "320813", 2024, entries[:2], true)
		if err != nil || *res != (nianbao.RosterImport{Updated: 2, Removed: 4}) {
			t.Fatalf("replacing import: %+v, %v", res, err)
		}
		if err := s.DeleteRosterEntry(ctx, 2024, "淮安市洪泽区财政局"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteRosterEntry(ctx, 2024, "淮安市洪泽区财政局"); nianbao.ErrorCode(err) != nianbao.ENOTFOUND {
			t.Errorf("deleting twice: %v", err)
		}
		if rows, _ := s.Roster(ctx, nianbao.RosterFilter{Year: 2024}); len(rows) != 1 {
			t.Errorf("%d entries left, want 1", len(rows))
		}
		if n := storetest.Count(t, s, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'roster.%' AND actor = '淮安'"); n != 3 {
			t.Errorf("%d roster entries in the audit log, want 3", n)
		}
	})
}

// BenchmarkRoster: the statuses of a prefecture's roster of 300 bodies,
// 200 of which reported (a third of them with errors), as the roster page
// and the dashboard ask for them.
func BenchmarkRoster(b *testing.B) {
	s := storetest.SQLite(b)
	ctx := context.Background()
	var entries []nianbao.RosterEntry
	places := []string{"淮安市", "淮安市清江浦区", "淮安市淮阴区", "淮安市淮安区", "淮安市洪泽区", "淮安市涟水县", "淮安市盱眙县", "淮安市金湖县"}
	departments := []string{"财政局", "教育局", "民政局", "水利局", "商务局", "公安局", "司法局", "审计局", "统计局", "交通运输局",
		"农业农村局", "文化广电和旅游局", "卫生健康委员会", "应急管理局", "市场监督管理局", "自然资源和规划局", "住房和城乡建设局",
		"人力资源和社会保障局", "生态环境局", "退役军人事务局", "医疗保障局", "体育局", "信访局", "发展和改革委员会", "科学技术局"}
	for i, p := range places {
		for j, d := range departments {
			agency := p + d
			entries = append(entries, nianbao.RosterEntry{Agency: agency, Code: "3208"})
			storetest.Add(b, s, agency+".txt", storetest.BodyReport(uint64(i*100+j), agency, 2024, "2025-01-20", j%3 == 0))
		}
	}
	for i := range 100 {
		entries = append(entries, nianbao.RosterEntry{Agency: fmt.Sprintf("淮安市未报送单位%d", i), Code: "3208"})
	}
	if _, err := s.ImportRoster(ctx, "3208", 2024, entries, false); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		rows, err := s.Roster(ctx, nianbao.RosterFilter{Year: 2024, Place: "3208"})
		if err != nil || len(rows) != 300 || nianbao.CountRoster(rows).ByStatus[nianbao.RosterReported] != 200 {
			b.Fatal(len(rows), err)
		}
	}
}
