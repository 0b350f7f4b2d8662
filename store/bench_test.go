package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"nianbao"
	"nianbao/internal/gen"
)

// The benchmarks run on SQLite, and on PostgreSQL too when
// NIANBAO_TEST_POSTGRES is set:
//
//	go test -run '^$' -bench Import -benchtime 10000x ./store/   # the import of 10,000 reports
//	go test -run '^$' -bench 'Find|Stats' ./store/               # queries over 10,000 stored reports
//
// BenchmarkImport reports reports/s and s/10k (the time 10,000 would
// take). The query benchmarks store NIANBAO_BENCH_REPORTS reports (10,000
// unless set) once per run and report the median and 95th percentile
// latency of one call.

func TestMain(m *testing.M) {
	code := m.Run()
	fixtures.cleanup()
	os.Exit(code)
}

// benchFiles generates n random text reports, in parallel, as a real
// collection has them: one report a year per body, for the years
// 2019–2025 (seven per body, the 2019 format for 2019 and 2020), in
// random order. File i is the same whatever n is, up to the order.
func benchFiles(n int) [][]byte {
	out := make([][]byte, n)
	var wg sync.WaitGroup
	workers := runtime.NumCPU()
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				rng := rand.New(rand.NewPCG(uint64(i), 11))
				year := 2019 + i%7
				t := nianbao.Format2021
				if year < 2021 {
					t = nianbao.Format2019
				}
				s := gen.New(rng, gen.Options{Template: t, Inconsistent: i%5 == 0, Blanks: i%7 == 0})
				s.Report.Agency, s.Report.Year = benchAgency(i/7), year
				if s.Report.PublishedOn != "" {
					s.Report.PublishedOn = fmt.Sprintf("%d%s", year+1, s.Report.PublishedOn[4:])
				}
				out[i] = gen.Render(s, gen.Layouts[i%len(gen.Layouts)])
			}
		})
	}
	wg.Wait()
	rand.New(rand.NewPCG(1, 2)).Shuffle(n, func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// benchAgency names body k: a county-level department of an imaginary
// city, in Chinese characters only (the reader takes digits in a title
// for something else).
func benchAgency(k int) string {
	const syllables = "安宝昌长大东丰福阜光和华嘉建江金锦康乐临隆宁平庆瑞山盛泰通文祥新兴阳永云忠"
	r := []rune(syllables)
	depts := []string{"教育局", "财政局", "民政局", "司法局", "统计局", "交通运输局", "农业农村局", "自然资源局",
		"生态环境局", "卫生健康委员会", "市场监督管理局", "住房和城乡建设局", "人力资源和社会保障局", "应急管理局", "人民政府办公室", "人民政府"}
	l := len(r)
	city := string(r[k%l]) + string(r[k/l%l]) + "市"
	district := string(r[k/l/l%l]) + string(r[k/l/l/l%l]) + "区"
	return city + district + depts[k%len(depts)]
}

// importFiles imports the files with one worker per CPU, as nianbao
// import does.
func importFiles(tb testing.TB, s *Store, data [][]byte) {
	files := make([]File, len(data))
	for i, d := range data {
		files[i] = File{Name: fmt.Sprintf("r%05d.txt", i), Load: func() ([]byte, error) { return d, nil }}
	}
	var failed []string
	err := s.Import(context.Background(), files, runtime.NumCPU(), func(r Imported) {
		if r.Err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", r.Name, r.Err))
		}
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(failed) > len(files)/100 {
		tb.Fatalf("%d of %d generated reports failed, e.g. %s", len(failed), len(files), failed[0])
	}
}

// eachBenchDB runs f on each database the benchmarks use.
func eachBenchDB(b *testing.B, f func(b *testing.B, dialect string)) {
	b.Run("sqlite", func(b *testing.B) { f(b, "sqlite") })
	if pgURL() != "" {
		b.Run("postgres", func(b *testing.B) { f(b, "postgres") })
	}
}

func openBenchStore(b *testing.B, dialect string) *Store {
	if dialect == "postgres" {
		return openPostgresStore(b)
	}
	return openSQLiteStore(b, filepath.Join(b.TempDir(), "bench.db"))
}

// BenchmarkImport imports b.N generated text reports into an empty store
// with one worker per CPU. Generating them is not timed.
func BenchmarkImport(b *testing.B) {
	eachBenchDB(b, func(b *testing.B, dialect string) {
		files := benchFiles(b.N)
		s := openBenchStore(b, dialect)
		b.ResetTimer()
		start := time.Now()
		importFiles(b, s, files)
		elapsed := time.Since(start)
		b.StopTimer()
		b.ReportMetric(float64(b.N)/elapsed.Seconds(), "reports/s")
		b.ReportMetric(elapsed.Seconds()/float64(b.N)*10000, "s/10k")
	})
}

// fixtures holds the stores of the query benchmarks, built once per run.
var fixtures = &fixtureSet{stores: map[string]*Store{}}

type fixtureSet struct {
	mu     sync.Mutex
	stores map[string]*Store
	drops  []func() // remove what the stores left
}

func (f *fixtureSet) cleanup() {
	for _, s := range f.stores {
		s.Close()
	}
	for _, drop := range f.drops {
		drop()
	}
}

// benchReports is how many reports the query benchmarks store.
func benchReports() int {
	if n, err := strconv.Atoi(os.Getenv("NIANBAO_BENCH_REPORTS")); err == nil && n > 0 {
		return n
	}
	return 10000
}

// fixture returns a store of benchReports() generated reports.
func fixture(b *testing.B, dialect string) *Store {
	fixtures.mu.Lock()
	defer fixtures.mu.Unlock()
	if s := fixtures.stores[dialect]; s != nil {
		return s
	}
	b.StopTimer()
	defer b.StartTimer()
	n := benchReports()
	start := time.Now()
	var s *Store
	var err error
	if dialect == "postgres" {
		var drop func()
		s, drop, err = postgresSchemaStore()
		if err == nil {
			fixtures.drops = append(fixtures.drops, drop)
		}
	} else {
		dir, derr := os.MkdirTemp("", "nianbao-bench-")
		if derr != nil {
			b.Fatal(derr)
		}
		fixtures.drops = append(fixtures.drops, func() { os.RemoveAll(dir) })
		s, err = Open(context.Background(), filepath.Join(dir, "bench.db"))
	}
	if err != nil {
		b.Fatal(err)
	}
	importFiles(b, s, benchFiles(n))
	b.Logf("%s: stored %d reports in %v", dialect, n, time.Since(start).Round(time.Millisecond))
	fixtures.stores[dialect] = s
	return s
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
	eachBenchDB(b, func(b *testing.B, dialect string) {
		s := fixture(b, dialect)
		for name, f := range map[string]nianbao.ReportFilter{
			"first-page": {},
			"search":     {Q: string([]rune(benchAgency(42))[:3]), Year: 2023, HasErrors: boolp(false)}, // a city
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
	eachBenchDB(b, func(b *testing.B, dialect string) {
		s := fixture(b, dialect)
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
	eachBenchDB(b, func(b *testing.B, dialect string) {
		s := fixture(b, dialect)
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
