package match

import (
	"os"
	"path/filepath"
	"testing"

	plain "nianbao/reader/text"
)

// BenchmarkText matches each seed report's text, read into a document
// beforehand, one layout each.
func BenchmarkText(b *testing.B) {
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		doc := plain.Parse(string(data))
		b.Run(filepath.Base(f)[:3], func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Read(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
