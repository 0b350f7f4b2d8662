package ledger_test

import (
	"sync"
	"testing"
	"time"

	"nianbao"
	"nianbao/calendar"
	"nianbao/ledger"
)

var benchRegister = sync.OnceValue(func() []nianbao.RequestSummary { return summaries(register(100, 100_000)) })

// BenchmarkCount: table 三 of a year from a register of 100,000 requests,
// every cell with the requests behind it. Budget: one second.
func BenchmarkCount(b *testing.B) {
	rs := benchRegister()
	b.ResetTimer()
	for b.Loop() {
		ledger.Count(body(), rs, 2025)
	}
}

// BenchmarkStats: a year's statistics from the same register.
func BenchmarkStats(b *testing.B) {
	rs := benchRegister()
	b.ResetTimer()
	for b.Loop() {
		ledger.YearStats(body(), rs, 2025)
	}
}

// BenchmarkDerive: one request's clock from its events, as the store
// recomputes open requests when the calendar changes.
func BenchmarkDerive(b *testing.B) {
	rs := register(101, 1000)
	env := ledger.Env{Calendar: calendar.Default(), Settings: nianbao.DefaultLedgerSettings(), AsOf: nianbao.MakeDate(2026, time.December, 31)}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := ledger.Derive(rs[i%len(rs)].Events, env); err != nil {
			b.Fatal(err)
		}
	}
}
