package web_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"nianbao"
	"nianbao/audit"
	"nianbao/internal/gen"
	"nianbao/reader"
	"nianbao/web"
)

const benchReports = 10_000

var bench struct {
	once sync.Once
	h    http.Handler
	n    int
}

// benchServer is a server over a fake holding 10,000 generated reports,
// rendered, read and audited as uploads would be (one in five with an
// inconsistent cell, some with blanks and marks).
func benchServer(b *testing.B) http.Handler {
	bench.once.Do(func() {
		start := time.Now()
		svc := newFake()
		rng := rand.New(rand.NewPCG(2025, 10))
		// Reading is not what this measures: 500 distinct reports are read
		// and audited, and each is stored 20 times under other names and years.
		type read struct {
			rep      *nianbao.Report
			findings []nianbao.Finding
			data     []byte
		}
		var distinct []read
		for i := range 500 {
			s := gen.New(rng, gen.Options{Inconsistent: i%5 == 0, Blanks: i%7 == 0})
			data := gen.Render(s, gen.PipeRows)
			rep, err := reader.Read(fmt.Sprintf("gen-%03d.txt", i), data)
			if err != nil {
				b.Fatalf("report %d: %v", i, err)
			}
			distinct = append(distinct, read{rep, audit.Check(rep, audit.Options{}), data})
		}
		for i := range benchReports {
			d := distinct[i%len(distinct)]
			rep := *d.rep
			if i >= len(distinct) {
				rep.Agency = fmt.Sprintf("%s第%d分局", rep.Agency, i/len(distinct))
				rep.Source.Name = fmt.Sprintf("gen-%05d.txt", i)
			}
			sr := &nianbao.StoredReport{ID: int64(i + 1), Report: &rep,
				Findings: d.findings, ImportedAt: svc.now.Add(time.Duration(i) * time.Second)}
			for _, f := range sr.Findings {
				switch {
				case f.Severity == nianbao.SeverityError:
					sr.Errors++
				case f.Severity == nianbao.SeverityWarning:
					sr.Warnings++
				}
				sr.Late = sr.Late || f.Rule == "time.late"
			}
			svc.put(sr)
			svc.sources[sr.ID] = fakeSource{name: rep.Source.Name, data: d.data}
		}
		bench.h = web.NewServer(svc, web.Options{})
		b.Logf("%d reports generated, read and audited in %v", benchReports, time.Since(start).Round(time.Millisecond))
	})
	return bench.h
}

// benchGet serves paths in turn and reports the 95th percentile latency.
func benchGet(b *testing.B, paths func(i int) string) {
	h := benchServer(b)
	durations := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		req := httptest.NewRequest("GET", paths(i), nil)
		rec := httptest.NewRecorder()
		t0 := time.Now()
		h.ServeHTTP(rec, req)
		durations = append(durations, time.Since(t0))
		if rec.Code != 200 {
			b.Fatalf("GET %s: %d", req.URL, rec.Code)
		}
	}
	b.StopTimer()
	slices.Sort(durations)
	if len(durations) > 0 {
		p95 := durations[len(durations)*95/100]
		b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	}
}

// BenchmarkReportPage: a report's page (the three tables in the template's
// layout, findings, sections) among 10,000 stored. Budget: 50 ms at p95.
func BenchmarkReportPage(b *testing.B) {
	benchGet(b, func(i int) string { return fmt.Sprintf("/reports/%d", 1+(i*7919)%benchReports) })
}

// BenchmarkListFirstPage: the reports list's first page, unfiltered and
// newest first. Budget: 50 ms at p95.
func BenchmarkListFirstPage(b *testing.B) {
	benchGet(b, func(int) string { return "/reports" })
}

// BenchmarkListFiltered: a filtered, sorted first page.
func BenchmarkListFiltered(b *testing.B) {
	benchGet(b, func(int) string { return "/reports?year=2023&has_errors=1&sort=-received" })
}

// BenchmarkDashboard: the dashboard over all 10,000. Budget: 300 ms.
func BenchmarkDashboard(b *testing.B) {
	benchGet(b, func(int) string { return "/dashboard" })
}

// BenchmarkCompare: an agency's reports side by side.
func BenchmarkCompare(b *testing.B) {
	benchGet(b, func(i int) string { return fmt.Sprintf("/reports/%d/compare", 1+(i*7919)%benchReports) })
}
