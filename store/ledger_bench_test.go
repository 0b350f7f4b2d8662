package store

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"nianbao"
	"nianbao/calendar"
	"nianbao/internal/ledgergen"
	"nianbao/ledger"
)

// benchRegister stores n generated requests of one body, received over
// the two years before today, openShare of them left open.
func benchRegister(b *testing.B, n int, openShare float64) (*Store, *nianbao.Body) {
	b.Helper()
	var s *Store
	if pgURL() != "" {
		s = openPostgresStore(b)
	} else {
		s = openSQLiteStore(b, filepath.Join(b.TempDir(), "bench.db"))
	}
	body := saveBody(b, s, "某市生态环境局", "")
	asOf := today()
	env := ledger.Env{Calendar: calendar.Default(), Settings: body.Settings, AsOf: asOf}
	start := time.Now()
	rs := ledgergen.Requests(rand.New(rand.NewPCG(uint64(n), 1)), n, ledgergen.Options{
		From: asOf.Add(-730), To: asOf, OpenShare: openShare}, env)
	for len(rs) > 0 {
		k := min(len(rs), 5000)
		if err := s.ImportRequests(context.Background(), body.Key, rs[:k]); err != nil {
			b.Fatal(err)
		}
		rs = rs[k:]
	}
	b.Logf("%d requests generated and stored in %v", n, time.Since(start).Round(time.Millisecond))
	return s, body
}

// BenchmarkLedgerTable: table 三 of a year counted from a register of
// 100,000 requests in the store: every request's summary read, counted,
// every cell with its requests. Budget: one second.
func BenchmarkLedgerTable(b *testing.B) {
	s, body := benchRegister(b, 100_000, 0)
	ctx := context.Background()
	year := today().Year() - 1
	b.ResetTimer()
	for b.Loop() {
		rs, err := s.Summaries(ctx, body.Key)
		if err != nil {
			b.Fatal(err)
		}
		if tab := ledger.Count(*body, rs, year); tab.Requests != 100_000 {
			b.Fatalf("%d requests counted", tab.Requests)
		}
	}
}

// BenchmarkLedgerOverdue: the first page of the overdue list of a body
// with 10,000 open requests, and the due-soon list, with their counts.
func BenchmarkLedgerOverdue(b *testing.B) {
	s, body := benchRegister(b, 10_000, 1)
	ctx := context.Background()
	var durations []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		rs, total, err := s.FindRequests(ctx, nianbao.RequestFilter{Body: body.Key, Overdue: i%2 == 0, DueWithin: 5 * (i % 2), Limit: 100})
		if err != nil || total == 0 || len(rs) == 0 {
			b.Fatalf("%d of %d, %v", len(rs), total, err)
		}
		durations = append(durations, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkLedgerCalendarChange: a day of the calendar corrected while
// 10,000 requests are open: every open clock derived again, the moved
// due dates written and logged.
func BenchmarkLedgerCalendarChange(b *testing.B) {
	s, _ := benchRegister(b, 10_000, 1)
	ctx := context.Background()
	day := today().Add(5)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := s.CorrectCalendar(ctx, nianbao.CalendarDay{Date: day, Name: "基准测试", Off: i%2 == 0, Note: "基准测试"}); err != nil {
			b.Fatal(err)
		}
	}
}
