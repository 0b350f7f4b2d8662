package ingest_test

import (
	"testing"
	"time"

	"nianbao/store/storetest"
)

// BenchmarkImport imports b.N generated text reports (storetest.Corpus:
// seven years of each body, in random order) into an empty store with
// one worker per CPU, as nianbao import does, on SQLite and, when
// NIANBAO_TEST_POSTGRES is set, PostgreSQL. Generating them is not timed.
//
//	go test -run '^$' -bench Import -benchtime 10000x ./ingest/
func BenchmarkImport(b *testing.B) {
	for _, dialect := range storetest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			files := storetest.Corpus(b.N)
			s := storetest.Open(b, dialect)
			b.ResetTimer()
			start := time.Now()
			storetest.Import(b, s, files)
			elapsed := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "reports/s")
			b.ReportMetric(elapsed.Seconds()/float64(b.N)*10000, "s/10k")
		})
	}
}
