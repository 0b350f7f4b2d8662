package web_test

import (
	"context"
	"math/rand/v2"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"nianbao"
	"nianbao/calendar"
	"nianbao/ingest"
	"nianbao/internal/ledgergen"
	"nianbao/ledger"
	"nianbao/store"
	"nianbao/web"
)

// BenchmarkLedgerOverdue: the register page of a body with 10,000 open
// requests received over the last half year, most of them overdue: the
// overdue list, the due-soon list and the first page of the register,
// with their counts, on SQLite. Budget: 100 ms.
func BenchmarkLedgerOverdue(b *testing.B) {
	st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	body, err := st.SaveBody(ctx, nianbao.Body{Name: "某市生态环境局", Settings: nianbao.DefaultLedgerSettings()})
	if err != nil {
		b.Fatal(err)
	}
	today := nianbao.Today(time.Now())
	env := ledger.Env{Calendar: calendar.Default(), Settings: body.Settings, AsOf: today}
	rs := ledgergen.Requests(rand.New(rand.NewPCG(10, 10)), 10_000, ledgergen.Options{From: today.Add(-180), To: today, OpenShare: 1}, env)
	if err := st.ImportRequests(ctx, body.Key, rs); err != nil {
		b.Fatal(err)
	}
	h := web.NewServer(ingest.NewService(st), web.Options{Ledger: st})
	path := "/ledger/bodies/" + url.PathEscape(body.Key)
	var durations []time.Duration
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		t0 := time.Now()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		durations = append(durations, time.Since(t0))
		if rec.Code != 200 {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
	}
	b.StopTimer()
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)*95/100].Microseconds())/1000, "p95-ms")
}
