package htmldoc

import (
	"os"
	"testing"
)

// BenchmarkRead reads the real page into a document; pages/s = 1e9 / (ns/op).
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile("../../testdata/real/shuyang-fgj-2023.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(data); err != nil {
			b.Fatal(err)
		}
	}
}
