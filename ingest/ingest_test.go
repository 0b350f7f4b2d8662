package ingest_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"nianbao"
	"nianbao/audit"
	"nianbao/ingest"
	"nianbao/internal/gen"
	"nianbao/reader"
	"nianbao/store"
	"nianbao/store/storetest"
)

// The suite runs on package store, on SQLite and, when
// NIANBAO_TEST_POSTGRES is set, on PostgreSQL (see package storetest).

// TestIdempotent: the same bytes are stored once, however often and
// however concurrently they are added.
func TestIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		data := storetest.Generated(2, 2)
		first := storetest.Add(t, s, "a.txt", data[0])
		again, created, err := ingest.New(s).AddReport(ctx, "renamed.txt", data[0])
		if err != nil || created || again.ID != first.ID {
			t.Fatalf("second add: id %v created %v err %v; want id %d, false, nil", again, created, err, first.ID)
		}
		if again.Report.Source.Name != "a.txt" || len(again.Findings) != len(first.Findings) {
			t.Errorf("second add returned %q with %d findings; want the stored report", again.Report.Source.Name, len(again.Findings))
		}
		var wg sync.WaitGroup
		var createdN atomic.Int32
		ids := make([]int64, 8)
		for i := range ids {
			wg.Go(func() {
				r, created, err := ingest.New(s).AddReport(ctx, "b.txt", data[1])
				if err != nil {
					t.Error(err)
					return
				}
				if created {
					createdN.Add(1)
				}
				ids[i] = r.ID
			})
		}
		wg.Wait()
		if createdN.Load() != 1 {
			t.Errorf("%d concurrent adds of one file created it; want 1", createdN.Load())
		}
		for _, id := range ids {
			if id != ids[0] {
				t.Errorf("concurrent adds returned ids %v", ids)
				break
			}
		}
		if n := storetest.Count(t, s, "SELECT COUNT(*) FROM reports"); n != 2 {
			t.Errorf("%d reports; want 2", n)
		}
		if n := storetest.Count(t, s, "SELECT COUNT(*) FROM sources"); n != 2 {
			t.Errorf("%d sources; want 2", n)
		}
	})
}

// TestBadFile: a file that is not a report fails with the reader's error
// and leaves nothing behind.
func TestBadFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		for name, data := range map[string][]byte{
			"empty.txt": nil,
			"image.png": []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
			"prose.txt": []byte("2024年政府信息公开工作年度报告\n一、总体情况\n本年度没有表格。\n"),
			"doc.pdf":   []byte("%PDF-1.7\n"),
		} {
			r, created, err := ingest.New(s).AddReport(context.Background(), name, data)
			if err == nil || r != nil || created {
				t.Errorf("%s: got %v, %v, %v; want an error", name, r, created, err)
				continue
			}
			if code := nianbao.ErrorCode(err); code == nianbao.EINTERNAL {
				t.Errorf("%s: error %q has code %s; want the reader's", name, err, code)
			}
		}
		for _, table := range []string{"reports", "sources", "report_data"} {
			if n := storetest.Count(t, s, "SELECT COUNT(*) FROM "+table); n != 0 {
				t.Errorf("%d rows in %s after bad files", n, table)
			}
		}
	})
}

// neighbours returns the files of one body's reports for the years given,
// whose 上年结转 never matches the year before's 结转下年度, so that
// cross.carried_over finds it whenever the two are compared.
func neighbours(t *testing.T, seed uint64, years ...int) [][]byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 9))
	var agency string
	var out [][]byte
	for i, y := range years {
		sample := gen.New(rng, gen.Options{Template: nianbao.Format2021})
		r := sample.Report
		if i == 0 {
			agency = r.Agency
		}
		r.Agency, r.Year, r.PublishedOn = agency, y, fmt.Sprintf("%d-01-15", y+1)
		r.Requests[nianbao.CarriedOver][nianbao.NaturalPerson] = nianbao.Int(int64(100 + y))
		r.Requests[nianbao.CarriedForward][nianbao.NaturalPerson] = nianbao.Int(int64(500 + y))
		data := gen.Render(sample, gen.PipeRows)
		rep, err := reader.Read("x.txt", data)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Agency != agency || rep.Year != y {
			t.Fatalf("generated report reads as %s %d; want %s %d", rep.Agency, rep.Year, agency, y)
		}
		out = append(out, data)
	}
	return out
}

// crossYears returns the years of the reports the cross-year findings of r
// cite.
func crossYears(r *nianbao.StoredReport) []int {
	var years []int
	for _, f := range r.Findings {
		if f.Rule != "cross.carried_over" {
			continue
		}
		for _, c := range f.Cells {
			if c.Year != 0 && !slices.Contains(years, c.Year) {
				years = append(years, c.Year)
			}
		}
	}
	return years
}

// TestCrossYear: one body's reports for neighbouring years are audited
// against each other in whichever order they arrive.
func TestCrossYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		files := neighbours(t, 10, 2022, 2023, 2024)
		// 2024 first: nothing to compare with. Then 2022: still nothing
		// for either. Then 2023: compared with 2022, and 2024 with it.
		r24 := storetest.Add(t, s, "2024.txt", files[2])
		if ys := crossYears(r24); len(ys) != 0 {
			t.Errorf("2024 alone compared with %v", ys)
		}
		r22 := storetest.Add(t, s, "2022.txt", files[0])
		if got, _ := s.FindReport(ctx, r24.ID); len(crossYears(got)) != 0 {
			t.Errorf("2024 compared with %v after 2022 arrived", crossYears(got))
		}
		r23 := storetest.Add(t, s, "2023.txt", files[1])
		if ys := crossYears(r23); !slices.Equal(ys, []int{2022}) {
			t.Errorf("2023 compared with %v; want 2022", ys)
		}
		got24, err := s.FindReport(ctx, r24.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ys := crossYears(got24); !slices.Equal(ys, []int{2023}) {
			t.Errorf("2024 compared with %v after 2023 arrived; want 2023", ys)
		}
		// The stored findings are exactly an audit against the year before.
		want := audit.Check(got24.Report, audit.Options{Previous: []*nianbao.Report{r23.Report}})
		if storetest.JSON(t, got24.Findings) != storetest.JSON(t, want) {
			t.Errorf("2024's stored findings are not its audit against 2023")
		}
		if got24.Warnings <= r24.Warnings {
			t.Errorf("2024's warnings did not grow with the cross-year findings: %d then %d", r24.Warnings, got24.Warnings)
		}
		if got22, _ := s.FindReport(ctx, r22.ID); len(crossYears(got22)) != 0 {
			t.Errorf("2022 compared with %v", crossYears(got22))
		}
		// AgencyReports lists the three, oldest first.
		rs, err := s.AgencyReports(ctx, r24.ID)
		if err != nil {
			t.Fatal(err)
		}
		var years []int
		for _, r := range rs {
			years = append(years, r.Report.Year)
			if len(r.Findings) == 0 || len(r.Report.Cells) == 0 {
				t.Errorf("AgencyReports gives a light report for %d", r.Report.Year)
			}
		}
		if !slices.Equal(years, []int{2022, 2023, 2024}) {
			t.Errorf("AgencyReports years %v", years)
		}
	})
}

// TestCrossYearConcurrent: neighbouring years added at the same time still
// see each other.
func TestCrossYearConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for round := range 4 {
			files := neighbours(t, uint64(20+round), 2021+round, 2022+round)
			ids := make([]int64, 2)
			var wg sync.WaitGroup
			for i := range files {
				wg.Go(func() { ids[i] = storetest.Add(t, s, fmt.Sprint(i), files[i]).ID })
			}
			wg.Wait()
			later, err := s.FindReport(ctx, ids[1])
			if err != nil {
				t.Fatal(err)
			}
			if ys := crossYears(later); !slices.Equal(ys, []int{2021 + round}) {
				t.Errorf("round %d: the later year compared with %v", round, ys)
			}
		}
	})
}

// TestImport: a batch import stores what AddReport would, links the years
// it brings together, stores a file given twice once, and reports every
// file.
func TestImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		years := neighbours(t, 30, 2021, 2022, 2023)
		var files []ingest.File
		addFile := func(name string, data []byte) {
			files = append(files, ingest.File{Name: name, Load: func() ([]byte, error) { return data, nil }})
		}
		addFile("2023.txt", years[2])
		addFile("2021.txt", years[0])
		for name, data := range storetest.Seeds(t) {
			addFile(name, data)
		}
		addFile("2022.txt", years[1])
		addFile("again-2022.txt", years[1])
		addFile("bad.txt", []byte("不是年报"))
		files = append(files, ingest.File{Name: "unreadable.txt", Load: func() ([]byte, error) {
			return nil, nianbao.Errorf(nianbao.EINVALID, "没有读取权限")
		}})
		got := map[string]ingest.Imported{}
		err := ingest.New(s).Import(ctx, files, 3, func(r ingest.Imported) {
			if _, dup := got[r.Name]; dup {
				t.Errorf("%s reported twice", r.Name)
			}
			got[r.Name] = r
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(files) {
			t.Errorf("%d outcomes for %d files", len(got), len(files))
		}
		created := 0
		for name, r := range got {
			switch {
			case name == "bad.txt" || name == "unreadable.txt":
				if r.Err == nil || nianbao.ErrorCode(r.Err) == nianbao.EINTERNAL {
					t.Errorf("%s: %+v; want the reader's error", name, r)
				}
			case r.Err != nil || r.ID == 0:
				t.Errorf("%s: %+v", name, r)
			case r.Created:
				created++
			}
		}
		if created != 8 || got["2022.txt"].ID != got["again-2022.txt"].ID {
			t.Errorf("%d created; 2022 stored as %d and %d", created, got["2022.txt"].ID, got["again-2022.txt"].ID)
		}
		for year, want := range map[string][]int{"2021.txt": nil, "2022.txt": {2021}, "2023.txt": {2022}} {
			r, err := s.FindReport(ctx, got[year].ID)
			if err != nil {
				t.Fatal(err)
			}
			if ys := crossYears(r); !slices.Equal(ys, want) {
				t.Errorf("%s compared with %v; want %v", year, ys, want)
			}
		}
		// Again: everything is there.
		clear(got)
		if err := ingest.New(s).Import(ctx, files, 2, func(r ingest.Imported) { got[r.Name] = r }); err != nil {
			t.Fatal(err)
		}
		for name, r := range got {
			if r.Created || (r.Err == nil) == (name == "bad.txt" || name == "unreadable.txt") {
				t.Errorf("again, %s: %+v", name, r)
			}
		}
		if n := storetest.Count(t, s, "SELECT COUNT(*) FROM reports"); n != 8 {
			t.Errorf("%d reports stored; want 8", n)
		}
	})
}

// TestImportCancelled: files read before the import is stopped are still
// stored; the others are not reported.
func TestImportCancelled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var files []ingest.File
		for i, data := range storetest.Generated(40, 40) {
			files = append(files, ingest.File{Name: fmt.Sprint(i), Load: func() ([]byte, error) {
				if i == 5 {
					cancel()
				}
				return data, nil
			}})
		}
		var reported []ingest.Imported
		err := ingest.New(s).Import(ctx, files, 1, func(r ingest.Imported) { reported = append(reported, r) })
		if err != context.Canceled {
			t.Errorf("Import returned %v; want context.Canceled", err)
		}
		stored := 0
		for _, r := range reported {
			if r.Created {
				stored++
			}
		}
		if n := storetest.Count(t, s, "SELECT COUNT(*) FROM reports"); n != stored || n < 5 || n > 8 {
			t.Errorf("%d stored, %d reported stored (%d reported); want the 5 or so read before the stop", n, stored, len(reported))
		}
	})
}
