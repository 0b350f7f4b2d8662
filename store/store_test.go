package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/gen"
	"nianbao/reader"
	"nianbao/store"
	"nianbao/store/storetest"
)

// The suite runs every test on SQLite, and on PostgreSQL as well when
// NIANBAO_TEST_POSTGRES holds a URL (see package storetest). Reports go in
// through package ingest, as they do in nianbao.

func openFile(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMigrateTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "twice.db")
	s := openFile(t, path)
	s.Close()
	s = openFile(t, path)
	sqlite, err := store.Migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	if n := storetest.Count(t, s, "SELECT COUNT(*) FROM schema_migrations"); n != sqlite {
		t.Errorf("schema_migrations has %d rows; want %d", n, sqlite)
	}
	if n, err := store.Migrations("postgres"); err != nil || n != sqlite {
		t.Errorf("postgres migrations: %d, %v; want %d as for SQLite", n, err, sqlite)
	}
}

func TestRedact(t *testing.T) {
	for dsn, want := range map[string]string{
		"nianbao.db":                           "nianbao.db",
		"postgres://u:secret@h/db?x=1":         "postgres://u:xxxxx@h/db?x=1",
		"postgresql://u@h/db":                  "postgresql://u@h/db",
		"postgres://u:secret@h/db%zz":          "postgres://…",
		"/tmp/postgres://u:secret@h/notreally": "/tmp/postgres://u:secret@h/notreally",
	} {
		if got := store.Redact(dsn); got != want {
			t.Errorf("Redact(%q) = %q; want %q", dsn, got, want)
		}
	}
}

func TestOpenBadPath(t *testing.T) {
	if _, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")); err == nil {
		t.Error("Open in a missing directory succeeded")
	}
	if _, err := store.Open(context.Background(), "x.db?mode=ro"); nianbao.ErrorCode(err) != nianbao.EINVALID {
		t.Errorf("Open(x.db?mode=ro) = %v; want EINVALID", err)
	}
}

// TestSeeds: the seeds are stored as read and audited, and read back whole.
func TestSeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for name, data := range storetest.Seeds(t) {
			r := storetest.Add(t, s, name, data)
			want, err := reader.Read(name, data)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := storetest.JSON(t, r.Report), storetest.JSON(t, want); got != want {
				t.Errorf("%s: AddReport's report differs from reader.Read's", name)
			}
			got, err := s.FindReport(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := storetest.JSON(t, got.Report), storetest.JSON(t, want); a != b {
				t.Errorf("%s: stored report differs from reader.Read's\n%s", name, storetest.FirstDiff(a, b))
			}
			if storetest.JSON(t, got.Findings) != storetest.JSON(t, r.Findings) {
				t.Errorf("%s: stored findings differ (%d, %d)", name, len(got.Findings), len(r.Findings))
			}
			if got.Errors != r.Errors || got.Warnings != r.Warnings || got.Late != r.Late || !got.ImportedAt.Equal(r.ImportedAt) {
				t.Errorf("%s: stored %+v, returned %+v", name, got, r)
			}
			e, w := 0, 0
			for _, f := range got.Findings {
				switch f.Severity {
				case nianbao.SeverityError:
					e++
				case nianbao.SeverityWarning:
					w++
				}
			}
			if e != got.Errors || w != got.Warnings {
				t.Errorf("%s: counts %d/%d, findings say %d/%d", name, got.Errors, got.Warnings, e, w)
			}
			if n := storetest.Count(t, s, "SELECT COUNT(*) FROM cells WHERE report_id = $1", r.ID); n != printedOrStated(want) || n < 150 {
				t.Errorf("%s: %d cells stored; want %d", name, n, printedOrStated(want))
			}
		}
		if _, total, _ := s.FindReports(ctx, nianbao.ReportFilter{}); total != 5 {
			t.Errorf("%d reports stored; want 5", total)
		}
	})
}

// printedOrStated counts the cells of rep's tables it prints (they have
// provenance) or states (they hold a number): its rows in the cells view.
func printedOrStated(rep *nianbao.Report) int {
	idx := rep.CellIndex()
	n := 0
	for c := range rep.Template.Cells() {
		if _, ok := idx[c.Key]; ok || rep.At(c).Valid() {
			n++
		}
	}
	return n
}

// TestGenerated: random reports in every text layout store and read back.
func TestGenerated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		for i, data := range storetest.Generated(1, 21) {
			r := storetest.Add(t, s, fmt.Sprintf("gen%02d.txt", i), data)
			got, err := s.FindReport(context.Background(), r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := storetest.JSON(t, got.Report), storetest.JSON(t, r.Report); a != b {
				t.Errorf("gen%02d: stored report differs from the one returned\n%s", i, storetest.FirstDiff(a, b))
			}
			if a, b := storetest.JSON(t, got.Findings), storetest.JSON(t, r.Findings); a != b {
				t.Errorf("gen%02d: stored findings differ from those returned\n%s", i, storetest.FirstDiff(a, b))
			}
		}
	})
}

func TestNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, err1 := s.FindReport(ctx, 42)
		_, _, err2 := s.Source(ctx, 42)
		_, err3 := s.AgencyReports(ctx, 42)
		for i, err := range []error{err1, err2, err3} {
			if nianbao.ErrorCode(err) != nianbao.ENOTFOUND {
				t.Errorf("call %d: %v; want ENOTFOUND", i+1, err)
			}
		}
	})
}

// TestSource: the original file comes back byte for byte.
func TestSource(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		data := append([]byte("\xef\xbb\xbf"), storetest.Generated(3, 1)[0]...) // a BOM, and CRLF below
		data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		r := storetest.Add(t, s, filepath.Join("some", "dir", "报告.txt"), data)
		name, got, err := s.Source(context.Background(), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if name != "报告.txt" || !bytes.Equal(got, data) {
			t.Errorf("Source = %q, %d bytes; want 报告.txt, the %d bytes added", name, len(got), len(data))
		}
	})
}

// TestCellsExact: the cells table keeps every number as stated.
func TestCellsExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		rng := rand.New(rand.NewPCG(4, 4))
		sample := gen.New(rng, gen.Options{Template: nianbao.Format2021})
		fee, _ := nianbao.ParseNum("7730.28")
		sample.Report.Active["fees.amount"] = fee
		r := storetest.Add(t, s, "fee.txt", gen.Render(sample, gen.PipeRows))
		if got := r.Report.Active["fees.amount"].String(); got != "7730.28" {
			t.Fatalf("the reader read the fee as %q", got)
		}
		var exact, value, kind string
		err := s.DB().QueryRow(`SELECT exact, value, kind FROM cells
			WHERE report_id = $1 AND tbl = 'active' AND row_key = 'fees' AND col_key = 'amount'`, r.ID).Scan(&exact, &value, &kind)
		if err != nil {
			t.Fatal(err)
		}
		if exact != "7730.28" || value != "7730.28" || kind != "number" {
			t.Errorf("fee cell: exact %q value %q kind %q; want 7730.28, 7730.28, number", exact, value, kind)
		}
		// Every stored cell is the report's own number or its blank.
		rows, err := s.DB().Query(`SELECT tbl, row_key, col_key, exact, kind FROM cells WHERE report_id = $1`, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var tbl, row, col, kind string
			var exact sql.NullString
			if err := rows.Scan(&tbl, &row, &col, &exact, &kind); err != nil {
				t.Fatal(err)
			}
			want := cellValue(r.Report, nianbao.Table(tbl), row, col)
			if exact.String != want.String() || exact.Valid != want.Valid() {
				t.Errorf("cell %s/%s/%s = %q; report says %q", tbl, row, col, exact.String, want)
			}
			n++
		}
		if n < 150 {
			t.Errorf("only %d cells", n)
		}
	})
}

func cellValue(rep *nianbao.Report, t nianbao.Table, row, col string) nianbao.Num {
	switch t {
	case nianbao.TableActive:
		return rep.Active[nianbao.ActiveKey(row, col)]
	case nianbao.TableRequests:
		r, _ := nianbao.RowByKey(row)
		for c := range nianbao.NumColumns {
			if c.Key() == col {
				return rep.Requests[r][c]
			}
		}
	case nianbao.TableReview:
		for g := range nianbao.NumReviewGroups {
			for c := range nianbao.NumReviewColumns {
				if g.Key() == row && c.Key() == col {
					return rep.Review[g][c]
				}
			}
		}
	}
	return nianbao.Num{}
}

// addGenerated stores n generated reports and returns them as stored.
func addGenerated(t *testing.T, s *store.Store, seed uint64, n int) []*nianbao.StoredReport {
	t.Helper()
	var out []*nianbao.StoredReport
	for i, data := range storetest.Generated(seed, n) {
		out = append(out, storetest.Add(t, s, fmt.Sprintf("r%03d.txt", i), data))
	}
	return out
}

func boolp(b bool) *bool { return &b }

// TestFindReports: every filter selects what it says, every sort orders
// as it says, and pages cover the selection.
func TestFindReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		all := addGenerated(t, s, 5, 40)
		byID := map[int64]*nianbao.StoredReport{}
		for _, r := range all {
			byID[r.ID] = r
		}
		agency := all[3].Report.Agency
		filters := []struct {
			f    nianbao.ReportFilter
			want func(r *nianbao.StoredReport) bool
		}{
			{nianbao.ReportFilter{}, func(r *nianbao.StoredReport) bool { return true }},
			{nianbao.ReportFilter{Year: all[0].Report.Year}, func(r *nianbao.StoredReport) bool { return r.Report.Year == all[0].Report.Year }},
			{nianbao.ReportFilter{Q: agency[3:9]}, func(r *nianbao.StoredReport) bool { return strings.Contains(r.Report.Agency, agency[3:9]) }},
			{nianbao.ReportFilter{Q: " " + agency + " "}, func(r *nianbao.StoredReport) bool { return strings.Contains(r.Report.Agency, agency) }},
			{nianbao.ReportFilter{Q: "100%_"}, func(r *nianbao.StoredReport) bool { return false }},
			{nianbao.ReportFilter{Format: "text"}, func(r *nianbao.StoredReport) bool { return true }},
			{nianbao.ReportFilter{Format: "html"}, func(r *nianbao.StoredReport) bool { return false }},
			{nianbao.ReportFilter{Template: nianbao.Format2019}, func(r *nianbao.StoredReport) bool { return r.Report.Template == nianbao.Format2019 }},
			{nianbao.ReportFilter{HasErrors: boolp(true)}, func(r *nianbao.StoredReport) bool { return r.Errors > 0 }},
			{nianbao.ReportFilter{HasErrors: boolp(false)}, func(r *nianbao.StoredReport) bool { return r.Errors == 0 }},
			{nianbao.ReportFilter{HasWarnings: boolp(true)}, func(r *nianbao.StoredReport) bool { return r.Warnings > 0 }},
			{nianbao.ReportFilter{HasWarnings: boolp(false)}, func(r *nianbao.StoredReport) bool { return r.Warnings == 0 }},
			{nianbao.ReportFilter{Late: boolp(true)}, func(r *nianbao.StoredReport) bool { return r.Late }},
			{nianbao.ReportFilter{Late: boolp(false)}, func(r *nianbao.StoredReport) bool { return !r.Late }},
			{nianbao.ReportFilter{Template: nianbao.Format2021, HasErrors: boolp(false), Year: all[1].Report.Year},
				func(r *nianbao.StoredReport) bool {
					return r.Report.Template == nianbao.Format2021 && r.Errors == 0 && r.Report.Year == all[1].Report.Year
				}},
		}
		// The stored counts are those of the findings as they are now
		// (neighbouring years may have been re-audited).
		for _, r := range all {
			got, err := s.FindReport(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			*r = *got
		}
		nonEmpty := 0
		for _, c := range filters {
			c.f.Limit = store.MaxLimit
			page, total, err := s.FindReports(ctx, c.f)
			if err != nil {
				t.Fatalf("%+v: %v", c.f, err)
			}
			var want []int64
			for _, r := range all {
				if c.want(r) {
					want = append(want, r.ID)
				}
			}
			slices.Reverse(want) // default: latest imported first
			var got []int64
			for _, r := range page {
				got = append(got, r.ID)
			}
			if total != len(want) || !slices.Equal(got, want) {
				t.Errorf("filter %+v: total %d, ids %v; want %d, %v", c.f, total, got, len(want), want)
			}
			if len(want) > 0 && len(want) < len(all) {
				nonEmpty++
			}
		}
		if nonEmpty < 8 {
			t.Errorf("only %d filters select some but not all reports: the test data is too uniform", nonEmpty)
		}

		// A list row is a light report with the right metadata.
		page, _, _ := s.FindReports(ctx, nianbao.ReportFilter{Limit: 1})
		r, full := page[0], byID[page[0].ID]
		if r.Report.Agency != full.Report.Agency || r.Report.Year != full.Report.Year || r.Report.Template != full.Report.Template ||
			r.Report.PublishedOn != full.Report.PublishedOn || r.Report.Source.SHA256 != full.Report.Source.SHA256 ||
			r.Report.Source.Name != full.Report.Source.Name || r.Report.Source.Size != full.Report.Source.Size ||
			r.Errors != full.Errors || r.Warnings != full.Warnings || r.Late != full.Late || !r.ImportedAt.Equal(full.ImportedAt) ||
			r.Report.Cell(nianbao.NewReceived, nianbao.ColumnTotal) != full.Report.Cell(nianbao.NewReceived, nianbao.ColumnTotal) {
			t.Errorf("list row %+v\ndiffers from %+v", r.Report, full.Report)
		}
		if r.Findings != nil || r.Report.Cells != nil {
			t.Errorf("list row carries findings or provenance")
		}

		// Sorts.
		keyOf := map[string]func(r *nianbao.StoredReport) (int64, string, bool){
			"year":     func(r *nianbao.StoredReport) (int64, string, bool) { return int64(r.Report.Year), "", true },
			"agency":   func(r *nianbao.StoredReport) (int64, string, bool) { return 0, r.Report.Agency, true },
			"imported": func(r *nianbao.StoredReport) (int64, string, bool) { return r.ID, "", true },
			"errors":   func(r *nianbao.StoredReport) (int64, string, bool) { return int64(r.Errors), "", true },
			"warnings": func(r *nianbao.StoredReport) (int64, string, bool) { return int64(r.Warnings), "", true },
			"received": func(r *nianbao.StoredReport) (int64, string, bool) {
				n, ok := r.Report.Cell(nianbao.NewReceived, nianbao.ColumnTotal).Int64()
				return n, "", ok
			},
		}
		for name, key := range keyOf {
			for _, desc := range []bool{false, true} {
				sortBy := name
				if desc {
					sortBy = "-" + name
				}
				want := slices.Clone(all)
				sort.SliceStable(want, func(i, j int) bool {
					a, as, aok := key(want[i])
					b, bs, bok := key(want[j])
					if aok != bok {
						return aok // unknown last, either way
					}
					c := int64(strings.Compare(as, bs))
					if c == 0 && a != b {
						c = max(-1, min(1, a-b))
					}
					if c == 0 {
						c = max(-1, min(1, want[i].ID-want[j].ID))
					}
					if desc {
						c = -c
					}
					return c < 0
				})
				// Pages of 7 cover the whole list in order.
				var got []int64
				for off := 0; off < len(all)+7; off += 7 {
					page, total, err := s.FindReports(ctx, nianbao.ReportFilter{Sort: sortBy, Offset: off, Limit: 7})
					if err != nil {
						t.Fatal(err)
					}
					if total != len(all) || len(page) > 7 {
						t.Fatalf("sort %s offset %d: total %d, %d rows", sortBy, off, total, len(page))
					}
					for _, r := range page {
						got = append(got, r.ID)
					}
				}
				var wantIDs []int64
				for _, r := range want {
					wantIDs = append(wantIDs, r.ID)
				}
				if !slices.Equal(got, wantIDs) {
					t.Errorf("sort %s: %v\nwant %v", sortBy, got, wantIDs)
				}
			}
		}
		if _, _, err := s.FindReports(ctx, nianbao.ReportFilter{Sort: "sha256"}); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("unknown sort: %v; want EINVALID", err)
		}
		if page, total, _ := s.FindReports(ctx, nianbao.ReportFilter{}); len(page) != min(store.DefaultLimit, len(all)) || total != len(all) {
			t.Errorf("default page: %d of %d", len(page), total)
		}
		if page, total, _ := s.FindReports(ctx, nianbao.ReportFilter{Offset: 1000}); len(page) != 0 || total != len(all) || page == nil {
			t.Errorf("page past the end: %v of %d", page, total)
		}
	})
}

// TestDefaultLimit: pages are DefaultLimit long unless asked, MaxLimit at most.
func TestDefaultLimit(t *testing.T) {
	s := storetest.SQLite(t)
	data := storetest.Generated(6, 1)[0]
	r := storetest.Add(t, s, "x.txt", data)
	// Copies of one report under other hashes are enough to page through.
	tx, err := s.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := range store.MaxLimit + 10 {
		if _, err := tx.Exec(`INSERT INTO reports (sha256, source_name, format, size, encoding, agency, agency_key, year,
			template, errors, warnings, infos, late, imported_at, audited_at)
			SELECT $1, source_name, format, size, encoding, agency, agency_key, year, template,
			errors, warnings, infos, late, imported_at, audited_at FROM reports WHERE id = $2`, fmt.Sprint(i), r.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range []struct{ limit, want int }{{0, store.DefaultLimit}, {-1, store.DefaultLimit}, {10, 10}, {store.MaxLimit + 1, store.MaxLimit}} {
		page, total, err := s.FindReports(ctx, nianbao.ReportFilter{Limit: c.limit})
		if err != nil || len(page) != c.want || total != store.MaxLimit+11 {
			t.Errorf("limit %d: %d rows of %d, %v; want %d", c.limit, len(page), total, err, c.want)
		}
	}
}

// outcomeKey names the outcome group of a row of table 三 in
// Stats.Outcomes: its group's key, or its own for （一） and （二）.
func outcomeKey(row nianbao.Row) string {
	switch row.Spec().Group {
	case nianbao.GroupWithheld:
		return "withheld"
	case nianbao.GroupUnavailable:
		return "unavailable"
	case nianbao.GroupNotProcessed:
		return "not_processed"
	case nianbao.GroupOther:
		return "other"
	}
	return row.Key()
}

// TestStats: the dashboard's figures are the sums of the stored reports';
// a report whose year is unknown counts under year 0, not as every year.
func TestStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		addGenerated(t, s, 8, 30)
		for name, data := range storetest.Seeds(t) {
			storetest.Add(t, s, name, data)
		}
		addYearless(t, s)
		for _, f := range []nianbao.ReportFilter{{}, {Template: nianbao.Format2021}, {Year: 2024}, {HasErrors: boolp(false), Limit: 1, Offset: 3}} {
			got, err := s.Stats(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want := &nianbao.Stats{ByYear: map[int]int{}, ReceivedByYear: map[int]int64{}, Outcomes: map[string]int64{},
				WithErrorsByYear: map[int]int{}, LateByYear: map[int]int{}}
			for _, k := range []string{"granted", "partially_granted", "withheld", "unavailable", "not_processed", "other"} {
				want.Outcomes[k] = 0
			}
			f.Limit, f.Offset = store.MaxLimit, 0
			page, _, err := s.FindReports(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, light := range page {
				r, err := s.FindReport(ctx, light.ID)
				if err != nil {
					t.Fatal(err)
				}
				y := r.Report.Year
				want.Reports++
				want.ByYear[y]++
				want.WithErrorsByYear[y] += 0
				want.LateByYear[y] += 0
				if r.Errors > 0 {
					want.WithErrors++
					want.WithErrorsByYear[y]++
				}
				if r.Warnings > 0 {
					want.WithWarnings++
				}
				if r.Late {
					want.Late++
					want.LateByYear[y]++
				}
				n, _ := r.Report.Cell(nianbao.NewReceived, nianbao.ColumnTotal).Int64()
				want.ReceivedByYear[y] += n
				for _, row := range r.Report.OutcomeRows() {
					n, _ := r.Report.Cell(row, nianbao.ColumnTotal).Int64()
					want.Outcomes[outcomeKey(row)] += n
				}
			}
			if storetest.JSON(t, got) != storetest.JSON(t, want) {
				t.Errorf("Stats(%+v) = %s\nwant %s", f, storetest.JSON(t, got), storetest.JSON(t, want))
			}
			if f.Year == 0 && f.Template == "" && f.HasErrors == nil &&
				(got.Reports != 36 || got.ByYear[0] != 1 || got.Outcomes["granted"] == 0 || got.WithErrors == 0) {
				t.Errorf("Stats over everything: %s", storetest.JSON(t, got))
			}
		}
		// The same sums in plain SQL over the cells table.
		rows, err := s.DB().Query(`SELECT r.year, SUM(c.value) FROM cells c JOIN reports r ON r.id = c.report_id
			WHERE c.tbl = 'requests' AND c.row_key = 'new_received' AND c.col_key = 'total' GROUP BY r.year`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		st, _ := s.Stats(ctx, nianbao.ReportFilter{})
		for rows.Next() {
			var year int
			var sum string
			if err := rows.Scan(&year, &sum); err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprint(st.ReceivedByYear[year]); sum != want {
				t.Errorf("year %d: cells sum %s, Stats %s", year, sum, want)
			}
		}
	})
}

// store writes sr as it is, with its file data, through a write
// transaction of its own.
func storeReport(t testing.TB, s *store.Store, sr *nianbao.StoredReport, data []byte) bool {
	t.Helper()
	var created bool
	err := s.Write(context.Background(), func(tx nianbao.ReportTx) error {
		var err error
		created, err = tx.Add(context.Background(), sr, data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return created
}

// addYearless stores a seed as if its reporting year could not be read.
func addYearless(t testing.TB, s *store.Store) *nianbao.StoredReport {
	t.Helper()
	data := storetest.Seeds(t)["000_e75d9df8b36af8be.txt"]
	rep, err := reader.Read("yearless.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	rep.Year, rep.Source.SHA256 = 0, "yearless"
	sr := &nianbao.StoredReport{Report: rep}
	sr.SetFindings(nil)
	if !storeReport(t, s, sr, data) {
		t.Fatal("the yearless report was stored already")
	}
	return sr
}

// TestWriteTx: a write transaction stores a file once, re-audits what it
// is told to, and leaves nothing behind when it fails.
func TestWriteTx(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		data := storetest.Generated(11, 1)[0]
		rep, err := reader.Read("w.txt", data)
		if err != nil {
			t.Fatal(err)
		}
		sr := &nianbao.StoredReport{Report: rep}
		sr.SetFindings([]nianbao.Finding{{Rule: nianbao.RuleLate, Severity: nianbao.SeverityWarning, Message: "迟"}})
		if !storeReport(t, s, sr, data) || sr.ID == 0 || sr.ImportedAt.IsZero() {
			t.Fatalf("Add: id %d at %v", sr.ID, sr.ImportedAt)
		}
		if again := (&nianbao.StoredReport{Report: rep}); storeReport(t, s, again, data) || again.ID != 0 {
			t.Errorf("the same file stored twice (id %d)", again.ID)
		}
		got, err := s.FindReport(ctx, sr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Warnings != 1 || !got.Late || got.Errors != 0 || storetest.JSON(t, got.Findings) != storetest.JSON(t, sr.Findings) {
			t.Errorf("stored %d/%d late %v: %s", got.Errors, got.Warnings, got.Late, storetest.JSON(t, got.Findings))
		}
		fs := []nianbao.Finding{{Rule: nianbao.RuleRowTotal, Severity: nianbao.SeverityError, Message: "错"}, {Rule: nianbao.RuleOtherHigh, Severity: nianbao.SeverityInfo, Message: "提示"}}
		if err := s.Write(ctx, func(tx nianbao.ReportTx) error { return tx.SetFindings(ctx, sr.ID, fs) }); err != nil {
			t.Fatal(err)
		}
		got, _ = s.FindReport(ctx, sr.ID)
		if got.Errors != 1 || got.Warnings != 0 || got.Late || storetest.JSON(t, got.Findings) != storetest.JSON(t, fs) {
			t.Errorf("after SetFindings %d/%d late %v: %s", got.Errors, got.Warnings, got.Late, storetest.JSON(t, got.Findings))
		}
		if n := storetest.Count(t, s, "SELECT COUNT(*) FROM reports WHERE infos = 1"); n != 1 {
			t.Errorf("infos not counted")
		}
		// A transaction that fails keeps nothing.
		other, _ := reader.Read("o.txt", storetest.Generated(12, 1)[0])
		osr := &nianbao.StoredReport{Report: other}
		err = s.Write(ctx, func(tx nianbao.ReportTx) error {
			if _, err := tx.Add(ctx, osr, []byte("x")); err != nil {
				return err
			}
			return fmt.Errorf("stop")
		})
		if err == nil || storetest.Count(t, s, "SELECT COUNT(*) FROM reports") != 1 || storetest.Count(t, s, "SELECT COUNT(*) FROM report_data") != 1 {
			t.Errorf("a failed transaction left %d reports (%v)", storetest.Count(t, s, "SELECT COUNT(*) FROM reports"), err)
		}
		// The body's years, as a transaction sees them.
		err = s.Write(ctx, func(tx nianbao.ReportTx) error {
			ids, err := tx.YearIDs(ctx, rep.BodyYear())
			if err != nil || !slices.Equal(ids, []int64{sr.ID}) {
				t.Errorf("YearIDs = %v, %v; want [%d]", ids, err, sr.ID)
			}
			rs, err := tx.YearReports(ctx, rep.BodyYear())
			if err != nil || len(rs) != 1 || storetest.JSON(t, rs[0].Report) != storetest.JSON(t, rep) || rs[0].Findings != nil {
				t.Errorf("YearReports = %d reports, %v", len(rs), err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if rs, err := s.YearReports(ctx, rep.BodyYear()); err != nil || len(rs) != 1 || rs[0].ID != sr.ID {
			t.Errorf("YearReports outside a transaction: %d, %v", len(rs), err)
		}
	})
}

// TestExportReports: an export reads what FindReports lists, in its
// order, each report with every cell and its provenance.
func TestExportReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		addGenerated(t, s, 13, 12)
		for _, f := range []nianbao.ReportFilter{{}, {Sort: "agency"}, {Template: nianbao.Format2019, Sort: "-received"}} {
			list, _, err := s.FindReports(ctx, nianbao.ReportFilter{Template: f.Template, Sort: f.Sort, Limit: store.MaxLimit})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			err = s.ExportReports(ctx, f, func(r *nianbao.StoredReport) error {
				got = append(got, r.ID)
				full, err := s.FindReport(ctx, r.ID)
				if err != nil {
					return err
				}
				if r.Report.Sections != nil || r.Report.Notes != nil || r.Findings != nil {
					t.Errorf("report %d: an export row carries sections, notes or findings", r.ID)
				}
				full.Report.Preface, full.Report.Sections, full.Report.Notes, full.Report.Source.Layout = "", nil, nil, ""
				if a, b := storetest.JSON(t, r.Report), storetest.JSON(t, full.Report); a != b {
					t.Errorf("report %d: exported tables differ\n%s", r.ID, storetest.FirstDiff(a, b))
				}
				if r.Errors != full.Errors || r.Warnings != full.Warnings || r.Late != full.Late || !r.ImportedAt.Equal(full.ImportedAt) {
					t.Errorf("report %d: exported counts differ", r.ID)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, r := range list {
				want = append(want, r.ID)
			}
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("%+v: exported %v; listed %v", f, got, want)
			}
		}
		stop := fmt.Errorf("stop")
		n := 0
		if err := s.ExportReports(ctx, nianbao.ReportFilter{}, func(*nianbao.StoredReport) error { n++; return stop }); err != stop || n != 1 {
			t.Errorf("ExportReports after fn failed: %v after %d", err, n)
		}
	})
}
