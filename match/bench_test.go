package match

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkText reads each seed report's decoded text, one layout each.
func BenchmarkText(b *testing.B) {
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		text := string(data)
		b.Run(filepath.Base(f)[:3], func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Text(text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
