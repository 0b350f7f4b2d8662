package reader

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReadText parses the seed reports from memory, one report per
// iteration; reports/s = 1e9 / (ns/op).
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
}
