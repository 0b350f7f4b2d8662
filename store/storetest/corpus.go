package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"nianbao"
	"nianbao/ingest"
	"nianbao/internal/gen"
	"nianbao/store"
)

// Corpus generates n random text reports, in parallel, as a real
// collection has them: one report a year per body, for the years
// 2019–2025 (seven per body, the 2019 format for 2019 and 2020), one in
// five with an inconsistent cell, one in seven with blanks, in random
// order, so that almost every report arrives after or before a
// neighbouring year. File i is the same whatever n is, up to the order.
func Corpus(n int) [][]byte {
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
				s.Report.Agency, s.Report.Year = Agency(i/7), year
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

// Agency names body k of Corpus: a county-level department of an
// imaginary city, in Chinese characters only (the reader takes digits in
// a title for something else).
func Agency(k int) string {
	const syllables = "安宝昌长大东丰福阜光和华嘉建江金锦康乐临隆宁平庆瑞山盛泰通文祥新兴阳永云忠"
	r := []rune(syllables)
	depts := []string{"教育局", "财政局", "民政局", "司法局", "统计局", "交通运输局", "农业农村局", "自然资源局",
		"生态环境局", "卫生健康委员会", "市场监督管理局", "住房和城乡建设局", "人力资源和社会保障局", "应急管理局", "人民政府办公室", "人民政府"}
	l := len(r)
	city := string(r[k%l]) + string(r[k/l%l]) + "市"
	district := string(r[k/l/l%l]) + string(r[k/l/l/l%l]) + "区"
	return city + district + depts[k%len(depts)]
}

// Import imports the files as nianbao import does, one worker per CPU,
// and fails tb when more than one in a hundred fails.
func Import(tb testing.TB, st ingest.Store, data [][]byte) {
	files := make([]ingest.File, len(data))
	for i, d := range data {
		files[i] = ingest.File{Name: fmt.Sprintf("r%05d.txt", i), Load: func() ([]byte, error) { return d, nil }}
	}
	var failed []string
	err := ingest.New(st).Import(context.Background(), files, runtime.NumCPU(), func(r ingest.Imported) {
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

// corpusVersion names what Fixture builds: change it when Corpus or the
// way reports are stored changes, so that no benchmark reads a store
// built by older code.
const corpusVersion = "2"

// FixtureReports is how many reports the benchmarks' stores hold:
// NIANBAO_BENCH_REPORTS, 50,000 unless set.
func FixtureReports() int {
	if n, err := strconv.Atoi(os.Getenv("NIANBAO_BENCH_REPORTS")); err == nil && n > 0 {
		return n
	}
	return 50000
}

var fixtures struct {
	sync.Mutex
	stores map[string]*store.Store
}

// Fixture returns a store of the dialect holding Corpus(n), for
// benchmarks: built once (minutes for 50,000) and kept for the next runs,
// in an SQLite file under the temporary directory or a schema of the
// PostgreSQL test database named by corpusVersion and n. The store stays
// open until the process ends; do not write to it.
func Fixture(tb testing.TB, dialect string, n int) *store.Store {
	fixtures.Lock()
	defer fixtures.Unlock()
	key := fmt.Sprintf("%s-%d", dialect, n)
	if s := fixtures.stores[key]; s != nil {
		return s
	}
	name := fmt.Sprintf("nianbao_bench_v%s_%d", corpusVersion, n)
	var open func() (*store.Store, error)
	var build func() (*store.Store, error)
	if dialect == "postgres" {
		// A table of its own says the schema is complete.
		open = func() (*store.Store, error) {
			s, err := OpenSchema(name)
			if err == nil {
				_, err = s.DB().Exec(`SELECT 1 FROM bench_fixture_complete`)
				if err != nil {
					s.Close()
				}
			}
			return s, err
		}
		build = func() (*store.Store, error) {
			DropSchema(name)
			s, err := OpenSchema(name)
			if err != nil {
				return nil, err
			}
			Import(tb, s, Corpus(n))
			_, err = s.DB().Exec(`CREATE TABLE bench_fixture_complete (done BOOLEAN)`)
			return s, err
		}
	} else {
		path := filepath.Join(os.TempDir(), name+".db")
		open = func() (*store.Store, error) {
			if _, err := os.Stat(path); err != nil {
				return nil, err
			}
			return store.Open(context.Background(), path)
		}
		build = func() (*store.Store, error) {
			// Built under a name of this process's and renamed when
			// complete, so that a run stopped half-way leaves no fixture
			// behind and two runs at once do not build into one file.
			tmp := fmt.Sprintf("%s.building-%d", path, os.Getpid())
			s, err := store.Open(context.Background(), tmp)
			if err != nil {
				return nil, err
			}
			Import(tb, s, Corpus(n))
			if err := s.Close(); err != nil {
				return nil, err
			}
			if err := os.Rename(tmp, path); err != nil {
				return nil, err
			}
			return store.Open(context.Background(), path)
		}
	}
	s, err := open()
	if err != nil {
		start := time.Now()
		if s, err = build(); err != nil {
			tb.Fatal(err)
		}
		tb.Logf("%s: stored %d reports in %v (kept as %s)", dialect, n, time.Since(start).Round(time.Second), name)
	}
	if fixtures.stores == nil {
		fixtures.stores = map[string]*store.Store{}
	}
	fixtures.stores[key] = s
	return s
}
