package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path"
	"testing"

	"nianbao"
	"nianbao/ingest"
	"nianbao/internal/gen"
	"nianbao/store"
)

// Add adds a report file through package ingest, as nianbao does, and
// fails tb unless it is stored anew.
func Add(tb testing.TB, st ingest.Store, name string, data []byte) *nianbao.StoredReport {
	tb.Helper()
	r, created, err := ingest.New(st).AddReport(context.Background(), name, data)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	if !created {
		tb.Fatalf("%s: created = false for a new file", name)
	}
	return r
}

// Seeds returns the sample reports (testdata/seeds/*.txt) by file name.
func Seeds(tb testing.TB) map[string][]byte {
	tb.Helper()
	names, err := fs.Glob(nianbao.SampleReports, "testdata/seeds/*.txt")
	if err != nil || len(names) == 0 {
		tb.Fatalf("no seeds: %v", err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		data, err := fs.ReadFile(nianbao.SampleReports, n)
		if err != nil {
			tb.Fatal(err)
		}
		out[path.Base(n)] = data
	}
	return out
}

// Generated returns n random reports rendered in the text layouts, one in
// four inconsistent and one in four with blanks.
func Generated(seed uint64, n int) [][]byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([][]byte, n)
	for i := range out {
		s := gen.New(rng, gen.Options{Inconsistent: rng.IntN(4) == 0, Blanks: rng.IntN(4) == 0})
		out[i] = gen.Render(s, gen.Layouts[i%len(gen.Layouts)])
	}
	return out
}

// JSON returns v as JSON, to compare reports and findings whole.
func JSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// FirstDiff shows where two strings first differ.
func FirstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("…%s\n…%s", a[from:min(len(a), i+80)], b[from:min(len(b), i+80)])
}

// Count runs a query for one number on the store's database.
func Count(tb testing.TB, s *store.Store, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := s.DB().QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}
