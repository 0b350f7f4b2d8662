package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"nianbao"
	"nianbao/audit"
	"nianbao/internal/gen"
	"nianbao/reader"
)

// The suite runs every test on SQLite, and on PostgreSQL as well when
// NIANBAO_TEST_POSTGRES holds a URL (.ci/run starts a throwaway server and
// sets it). Each test gets an empty store: a new SQLite file, or a new
// PostgreSQL schema dropped after the test.

// eachDB runs f on a fresh store of each database.
func eachDB(t *testing.T, f func(t *testing.T, s *Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		f(t, openSQLiteStore(t, filepath.Join(t.TempDir(), "test.db")))
	})
	if pgURL() != "" {
		t.Run("postgres", func(t *testing.T) { f(t, openPostgresStore(t)) })
	}
}

func pgURL() string { return os.Getenv("NIANBAO_TEST_POSTGRES") }

func openSQLiteStore(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var (
	pgAdminOnce sync.Once
	pgAdmin     *sql.DB
	pgAdminErr  error
	pgSchemas   atomic.Int64
)

// openPostgresStore opens a store in a new schema of the test database
// and drops the schema when the test ends.
func openPostgresStore(t testing.TB) *Store {
	t.Helper()
	s, drop, err := postgresSchemaStore()
	if err != nil {
		t.Fatalf("NIANBAO_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() {
		s.Close()
		drop()
	})
	return s
}

// postgresSchemaStore opens a store in a new schema of the test database;
// drop drops the schema.
func postgresSchemaStore() (s *Store, drop func(), err error) {
	pgAdminOnce.Do(func() { pgAdmin, pgAdminErr = sql.Open("pgx", pgURL()) })
	if pgAdminErr != nil {
		return nil, nil, pgAdminErr
	}
	ctx := context.Background()
	schema := fmt.Sprintf("nianbao_test_%d_%d", os.Getpid(), pgSchemas.Add(1))
	if _, err := pgAdmin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		return nil, nil, err
	}
	drop = func() {
		if _, err := pgAdmin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			fmt.Fprintf(os.Stderr, "drop schema %s: %v\n", schema, err)
		}
	}
	u, err := url.Parse(pgURL())
	if err != nil {
		drop()
		return nil, nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	if s, err = Open(ctx, u.String()); err != nil {
		drop()
		return nil, nil, err
	}
	return s, drop, nil
}

func seedFiles(t testing.TB) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob("../testdata/seeds/*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = data
	}
	return out
}

// generated returns n random reports rendered in the text layouts.
func generated(seed uint64, n int) [][]byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([][]byte, n)
	for i := range out {
		s := gen.New(rng, gen.Options{Inconsistent: rng.IntN(4) == 0, Blanks: rng.IntN(4) == 0})
		out[i] = gen.Render(s, gen.Layouts[i%len(gen.Layouts)])
	}
	return out
}

func add(t testing.TB, s *Store, name string, data []byte) *nianbao.StoredReport {
	t.Helper()
	r, created, err := s.AddReport(context.Background(), name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !created {
		t.Fatalf("%s: created = false for a new file", name)
	}
	return r
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func count(t testing.TB, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestMigrateTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "twice.db")
	s := openSQLiteStore(t, path)
	s.Close()
	s = openSQLiteStore(t, path)
	sqlite, err := dialectMigrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM schema_migrations"); n != len(sqlite) {
		t.Errorf("schema_migrations has %d rows; want %d", n, len(sqlite))
	}
	ms, err := dialectMigrations("postgres")
	if err != nil || len(ms) != len(sqlite) {
		t.Errorf("postgres migrations: %d, %v; want %d as for SQLite", len(ms), err, len(sqlite))
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
		if got := Redact(dsn); got != want {
			t.Errorf("Redact(%q) = %q; want %q", dsn, got, want)
		}
	}
}

func TestOpenBadPath(t *testing.T) {
	if _, err := Open(context.Background(), filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")); err == nil {
		t.Error("Open in a missing directory succeeded")
	}
	if _, err := Open(context.Background(), "x.db?mode=ro"); nianbao.ErrorCode(err) != nianbao.EINVALID {
		t.Errorf("Open(x.db?mode=ro) = %v; want EINVALID", err)
	}
}

// TestSeeds: the seeds are stored as read and audited, and read back whole.
func TestSeeds(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for name, data := range seedFiles(t) {
			r := add(t, s, name, data)
			want, err := reader.Read(name, data)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := mustJSON(t, r.Report), mustJSON(t, want); got != want {
				t.Errorf("%s: AddReport's report differs from reader.Read's", name)
			}
			got, err := s.FindReport(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if mustJSON(t, got.Report) != mustJSON(t, want) {
				t.Errorf("%s: stored report differs from reader.Read's", name)
			}
			if mustJSON(t, got.Findings) != mustJSON(t, r.Findings) {
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
			if n := count(t, s, "SELECT COUNT(*) FROM cells WHERE report_id = $1", r.ID); n != len(cellRows(want)) || n < 150 {
				t.Errorf("%s: %d cells stored; want %d", name, n, len(cellRows(want)))
			}
		}
		if _, total, _ := s.FindReports(ctx, nianbao.ReportFilter{}); total != 5 {
			t.Errorf("%d reports stored; want 5", total)
		}
	})
}

// TestGenerated: random reports in every text layout store and read back.
func TestGenerated(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		for i, data := range generated(1, 21) {
			r := add(t, s, fmt.Sprintf("gen%02d.txt", i), data)
			got, err := s.FindReport(context.Background(), r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := mustJSON(t, got.Report), mustJSON(t, r.Report); a != b {
				t.Errorf("gen%02d: stored report differs from the one returned\n%s", i, firstDiff(a, b))
			}
			if a, b := mustJSON(t, got.Findings), mustJSON(t, r.Findings); a != b {
				t.Errorf("gen%02d: stored findings differ from those returned\n%s", i, firstDiff(a, b))
			}
		}
	})
}

// TestIdempotent: the same bytes are stored once, however often and
// however concurrently they are added.
func TestIdempotent(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		data := generated(2, 2)
		first := add(t, s, "a.txt", data[0])
		again, created, err := s.AddReport(ctx, "renamed.txt", data[0])
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
				r, created, err := s.AddReport(ctx, "b.txt", data[1])
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
		if n := count(t, s, "SELECT COUNT(*) FROM reports"); n != 2 {
			t.Errorf("%d reports; want 2", n)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM sources"); n != 2 {
			t.Errorf("%d sources; want 2", n)
		}
	})
}

// TestBadFile: a file that is not a report fails with the reader's error
// and leaves nothing behind.
func TestBadFile(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		for name, data := range map[string][]byte{
			"empty.txt": nil,
			"image.png": []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
			"prose.txt": []byte("2024年政府信息公开工作年度报告\n一、总体情况\n本年度没有表格。\n"),
			"doc.pdf":   []byte("%PDF-1.7\n"),
		} {
			r, created, err := s.AddReport(context.Background(), name, data)
			if err == nil || r != nil || created {
				t.Errorf("%s: got %v, %v, %v; want an error", name, r, created, err)
				continue
			}
			if code := nianbao.ErrorCode(err); code == nianbao.EINTERNAL {
				t.Errorf("%s: error %q has code %s; want the reader's", name, err, code)
			}
		}
		for _, table := range []string{"reports", "sources", "cells"} {
			if n := count(t, s, "SELECT COUNT(*) FROM "+table); n != 0 {
				t.Errorf("%d rows in %s after bad files", n, table)
			}
		}
	})
}

func TestNotFound(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
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
	eachDB(t, func(t *testing.T, s *Store) {
		data := append([]byte("\xef\xbb\xbf"), generated(3, 1)[0]...) // a BOM, and CRLF below
		data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		r := add(t, s, filepath.Join("some", "dir", "报告.txt"), data)
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
	eachDB(t, func(t *testing.T, s *Store) {
		rng := rand.New(rand.NewPCG(4, 4))
		sample := gen.New(rng, gen.Options{Template: nianbao.Format2021})
		fee, _ := nianbao.ParseNum("7730.28")
		sample.Report.Active["fees.amount"] = fee
		r := add(t, s, "fee.txt", gen.Render(sample, gen.PipeRows))
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
func addGenerated(t *testing.T, s *Store, seed uint64, n int) []*nianbao.StoredReport {
	t.Helper()
	var out []*nianbao.StoredReport
	for i, data := range generated(seed, n) {
		out = append(out, add(t, s, fmt.Sprintf("r%03d.txt", i), data))
	}
	return out
}

func boolp(b bool) *bool { return &b }

// TestFindReports: every filter selects what it says, every sort orders
// as it says, and pages cover the selection.
func TestFindReports(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
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
			c.f.Limit = MaxLimit
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
		if page, total, _ := s.FindReports(ctx, nianbao.ReportFilter{}); len(page) != min(DefaultLimit, len(all)) || total != len(all) {
			t.Errorf("default page: %d of %d", len(page), total)
		}
		if page, total, _ := s.FindReports(ctx, nianbao.ReportFilter{Offset: 1000}); len(page) != 0 || total != len(all) || page == nil {
			t.Errorf("page past the end: %v of %d", page, total)
		}
	})
}

// TestDefaultLimit: pages are DefaultLimit long unless asked, MaxLimit at most.
func TestDefaultLimit(t *testing.T) {
	s := openSQLiteStore(t, filepath.Join(t.TempDir(), "limit.db"))
	data := generated(6, 1)[0]
	r := add(t, s, "x.txt", data)
	// Copies of one report under other hashes are enough to page through.
	tx, err := s.wdb.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := range MaxLimit + 10 {
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
	for _, c := range []struct{ limit, want int }{{0, DefaultLimit}, {-1, DefaultLimit}, {10, 10}, {MaxLimit + 1, MaxLimit}} {
		page, total, err := s.FindReports(ctx, nianbao.ReportFilter{Limit: c.limit})
		if err != nil || len(page) != c.want || total != MaxLimit+11 {
			t.Errorf("limit %d: %d rows of %d, %v; want %d", c.limit, len(page), total, err, c.want)
		}
	}
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
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		files := neighbours(t, 10, 2022, 2023, 2024)
		// 2024 first: nothing to compare with. Then 2022: still nothing
		// for either. Then 2023: compared with 2022, and 2024 with it.
		r24 := add(t, s, "2024.txt", files[2])
		if ys := crossYears(r24); len(ys) != 0 {
			t.Errorf("2024 alone compared with %v", ys)
		}
		r22 := add(t, s, "2022.txt", files[0])
		if got, _ := s.FindReport(ctx, r24.ID); len(crossYears(got)) != 0 {
			t.Errorf("2024 compared with %v after 2022 arrived", crossYears(got))
		}
		r23 := add(t, s, "2023.txt", files[1])
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
		if mustJSON(t, got24.Findings) != mustJSON(t, want) {
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
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for round := range 4 {
			files := neighbours(t, uint64(20+round), 2021+round, 2022+round)
			ids := make([]int64, 2)
			var wg sync.WaitGroup
			for i := range files {
				wg.Go(func() { ids[i] = add(t, s, fmt.Sprint(i), files[i]).ID })
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

// TestStats: the dashboard's figures are the sums of the stored reports'.
func TestStats(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		addGenerated(t, s, 8, 30)
		for name, data := range seedFiles(t) {
			add(t, s, name, data)
		}
		for _, f := range []nianbao.ReportFilter{{}, {Template: nianbao.Format2021}, {Year: 2024}, {HasErrors: boolp(false), Limit: 1, Offset: 3}} {
			got, err := s.Stats(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want := &nianbao.Stats{ByYear: map[int]int{}, ReceivedByYear: map[int]int64{}, Outcomes: map[string]int64{}}
			for _, k := range outcomeKeys {
				want.Outcomes[k] = 0
			}
			f.Limit, f.Offset = MaxLimit, 0
			page, _, err := s.FindReports(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, light := range page {
				r, err := s.FindReport(ctx, light.ID)
				if err != nil {
					t.Fatal(err)
				}
				want.Reports++
				if r.Errors > 0 {
					want.WithErrors++
				}
				if r.Warnings > 0 {
					want.WithWarnings++
				}
				if r.Late {
					want.Late++
				}
				y := r.Report.Year
				want.ByYear[y]++
				n, _ := r.Report.Cell(nianbao.NewReceived, nianbao.ColumnTotal).Int64()
				want.ReceivedByYear[y] += n
				for _, row := range r.Report.Template.JSONRows() {
					if i := outcomeIndex(row); i >= 0 {
						n, _ := r.Report.Cell(row, nianbao.ColumnTotal).Int64()
						want.Outcomes[outcomeKeys[i]] += n
					}
				}
			}
			if mustJSON(t, got) != mustJSON(t, want) {
				t.Errorf("Stats(%+v) = %s\nwant %s", f, mustJSON(t, got), mustJSON(t, want))
			}
			if f.Year == 0 && f.Template == "" && f.HasErrors == nil && (got.Reports != 35 || got.Outcomes["granted"] == 0 || got.WithErrors == 0) {
				t.Errorf("Stats over everything: %s", mustJSON(t, got))
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

// firstDiff shows where two strings first differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("…%s\n…%s", a[from:min(len(a), i+80)], b[from:min(len(b), i+80)])
}

// TestImport: a batch import stores what AddReport would, links the years
// it brings together, stores a file given twice once, and reports every
// file.
func TestImport(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		years := neighbours(t, 30, 2021, 2022, 2023)
		var files []File
		addFile := func(name string, data []byte) {
			files = append(files, File{Name: name, Load: func() ([]byte, error) { return data, nil }})
		}
		addFile("2023.txt", years[2])
		addFile("2021.txt", years[0])
		for name, data := range seedFiles(t) {
			addFile(name, data)
		}
		addFile("2022.txt", years[1])
		addFile("again-2022.txt", years[1])
		addFile("bad.txt", []byte("不是年报"))
		files = append(files, File{Name: "unreadable.txt", Load: func() ([]byte, error) {
			return nil, nianbao.Errorf(nianbao.EINVALID, "没有读取权限")
		}})
		got := map[string]Imported{}
		err := s.Import(ctx, files, 3, func(r Imported) {
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
		if err := s.Import(ctx, files, 2, func(r Imported) { got[r.Name] = r }); err != nil {
			t.Fatal(err)
		}
		for name, r := range got {
			if r.Created || (r.Err == nil) == (name == "bad.txt" || name == "unreadable.txt") {
				t.Errorf("again, %s: %+v", name, r)
			}
		}
		if n := count(t, s, "SELECT COUNT(*) FROM reports"); n != 8 {
			t.Errorf("%d reports stored; want 8", n)
		}
	})
}

// TestImportCancelled: files read before the import is stopped are still
// stored; the others are not reported.
func TestImportCancelled(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var files []File
		for i, data := range generated(40, 40) {
			files = append(files, File{Name: fmt.Sprint(i), Load: func() ([]byte, error) {
				if i == 5 {
					cancel()
				}
				return data, nil
			}})
		}
		var reported []Imported
		err := s.Import(ctx, files, 1, func(r Imported) { reported = append(reported, r) })
		if err != context.Canceled {
			t.Errorf("Import returned %v; want context.Canceled", err)
		}
		stored := 0
		for _, r := range reported {
			if r.Created {
				stored++
			}
		}
		if n := count(t, s, "SELECT COUNT(*) FROM reports"); n != stored || n < 5 || n > 8 {
			t.Errorf("%d stored, %d reported stored (%d reported); want the 5 or so read before the stop", n, stored, len(reported))
		}
	})
}
