package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"nianbao"
	"nianbao/store"
	"nianbao/store/storetest"
)

// The query benchmarks run on a store of storetest.FixtureReports()
// generated reports (50,000 unless NIANBAO_BENCH_REPORTS says otherwise),
// built once and kept under the temporary directory (SQLite) or in a
// schema of the test database (PostgreSQL, when NIANBAO_TEST_POSTGRES is
// set), and report the median and 95th percentile latency of one call:
//
//	go test -run '^$' -bench . ./store/

// eachBenchDB runs f on the fixture of each database.
func eachBenchDB(b *testing.B, f func(b *testing.B, s *store.Store)) {
	for _, dialect := range storetest.Dialects() {
		b.Run(dialect, func(b *testing.B) { f(b, storetest.Fixture(b, dialect, storetest.FixtureReports())) })
	}
}

// latencies runs op b.N times and reports the median and 95th percentile.
func latencies(b *testing.B, op func(i int) error) {
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(ds[len(ds)/2]), "p50-ms")
	b.ReportMetric(ms(ds[len(ds)*95/100]), "p95-ms")
}

// BenchmarkFindReports lists a page of the stored reports: the list's
// first page, a search, a page deep in a sorted list.
func BenchmarkFindReports(b *testing.B) {
	ctx := context.Background()
	eachBenchDB(b, func(b *testing.B, s *store.Store) {
		for name, f := range map[string]nianbao.ReportFilter{
			"first-page": {},
			"search":     {Q: string([]rune(storetest.Agency(42))[:3]), Year: 2023, HasErrors: boolp(false)}, // a city
			"sorted":     {Sort: "-received", Offset: 2000},
		} {
			b.Run(name, func(b *testing.B) {
				latencies(b, func(int) error {
					page, total, err := s.FindReports(ctx, f)
					if err == nil && (len(page) == 0 || total == 0) {
						err = fmt.Errorf("%s: nothing found", name)
					}
					return err
				})
			})
		}
	})
}

// BenchmarkFindReport reads one stored report with its findings.
func BenchmarkFindReport(b *testing.B) {
	ctx := context.Background()
	eachBenchDB(b, func(b *testing.B, s *store.Store) {
		_, total, err := s.FindReports(ctx, nianbao.ReportFilter{})
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 1))
		latencies(b, func(int) error {
			_, err := s.FindReport(ctx, 1+rng.Int64N(int64(total)))
			if nianbao.ErrorCode(err) == nianbao.ENOTFOUND {
				err = nil // ids are not dense on PostgreSQL after failed inserts
			}
			return err
		})
	})
}

// BenchmarkStats summarises the stored reports for the dashboard.
func BenchmarkStats(b *testing.B) {
	ctx := context.Background()
	eachBenchDB(b, func(b *testing.B, s *store.Store) {
		for name, f := range map[string]nianbao.ReportFilter{
			"all":  {},
			"year": {Year: 2023},
		} {
			b.Run(name, func(b *testing.B) {
				latencies(b, func(int) error {
					_, err := s.Stats(ctx, f)
					return err
				})
			})
		}
	})
}

// BenchmarkExportReports streams every stored report with its cells, as
// the exports read them.
func BenchmarkExportReports(b *testing.B) {
	ctx := context.Background()
	eachBenchDB(b, func(b *testing.B, s *store.Store) {
		_, total, err := s.FindReports(ctx, nianbao.ReportFilter{})
		if err != nil {
			b.Fatal(err)
		}
		latencies(b, func(int) error {
			n := 0
			err := s.ExportReports(ctx, nianbao.ReportFilter{}, func(*nianbao.StoredReport) error { n++; return nil })
			if err == nil && n != total {
				err = fmt.Errorf("%d of %d reports exported", n, total)
			}
			return err
		})
	})
}
