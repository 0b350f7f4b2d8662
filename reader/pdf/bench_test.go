package pdf

import (
	"testing"

	"nianbao/match"
)

// BenchmarkRead reads the real reports from memory, PDF to Report, one
// report per iteration; reports/s is reported.
func BenchmarkRead(b *testing.B) {
	var data [][]byte
	size := 0
	for _, name := range realPDFs {
		d := readFile(b, realPath(name))
		data = append(data, d)
		size += len(d)
	}
	b.SetBytes(int64(size / len(data)))
	b.ReportAllocs()
	n := 0
	for i := 0; b.Loop(); i++ {
		doc, err := Read(data[i%len(data)])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := match.Read(doc); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "reports/s")
}
