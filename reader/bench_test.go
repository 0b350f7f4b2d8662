package reader

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReadText parses the seed reports from memory, one report per
// iteration.
func BenchmarkReadText(b *testing.B) {
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	var data [][]byte
	size := 0
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, d)
		size += len(d)
	}
	b.SetBytes(int64(size / len(data)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Read("seed.txt", data[i%len(data)]); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}

// reportRate reports a benchmark's reports per second, one per iteration.
func reportRate(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}
