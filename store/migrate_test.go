package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao"
	"nianbao/store"
	"nianbao/store/storetest"
)

// oldDatabase returns a fresh database of the dialect migrated up to
// version, as an older nianbao left it, and a connection to fill it.
func oldDatabase(t *testing.T, dialect string, version int) (string, *sql.DB) {
	t.Helper()
	var dsn, driver string
	if dialect == "postgres" {
		schema := storetest.NewSchema()
		t.Cleanup(func() { storetest.DropSchema(schema) })
		var err error
		if dsn, err = storetest.SchemaURL(schema); err != nil {
			t.Fatal(err)
		}
		driver = "pgx"
	} else {
		dsn, driver = filepath.Join(t.TempDir(), "old.db"), "sqlite"
	}
	if err := store.MigrateTo(context.Background(), dsn, version); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	return dsn, db
}

// TestMigrateFrom0001: a database that an older nianbao filled (schema
// 0001: each report's JSON in report_json, a row per cell in cells) keeps
// every report through migrations 0002 and 0003. testdata/0001 holds what
// it wrote to report_json for two seeds (formats 2021 and 2019), as it
// wrote it.
func TestMigrateFrom0001(t *testing.T) {
	for _, dialect := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			dsn, db := oldDatabase(t, dialect, 1)
			defer db.Close()
			files, _ := filepath.Glob("testdata/0001/*.report.json")
			if len(files) != 2 {
				t.Fatalf("fixtures: %v", files)
			}
			want := map[int64][2]string{}
			for i, file := range files {
				reportJ, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				findingsJ, err := os.ReadFile(strings.Replace(file, ".report.", ".findings.", 1))
				if err != nil {
					t.Fatal(err)
				}
				var rep nianbao.Report
				if err := json.Unmarshal(reportJ, &rep); err != nil {
					t.Fatal(err)
				}
				var fs []nianbao.Finding
				if err := json.Unmarshal(findingsJ, &fs); err != nil {
					t.Fatal(err)
				}
				sum := nianbao.Summarize(fs)
				id := int64(i + 1)
				for _, q := range []struct {
					sql  string
					args []any
				}{
					{`INSERT INTO reports (id, sha256, source_name, format, size, encoding, agency, agency_key, year, template,
						published_on, errors, warnings, infos, late, imported_at, audited_at)
						VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)`,
						[]any{id, rep.Source.SHA256, rep.Source.Name, rep.Source.Format, rep.Source.Size, rep.Source.Encoding,
							rep.Agency, nianbao.AgencyKey(rep.Agency), rep.Year, string(rep.Template), rep.PublishedOn,
							sum.Errors, sum.Warnings, sum.Infos, sum.Late, "2025-01-02 03:04:05"}},
					{`INSERT INTO report_json (report_id, report, findings) VALUES ($1, $2, $3)`, []any{id, string(reportJ), string(findingsJ)}},
					{`INSERT INTO sources (report_id, data) VALUES ($1, $2)`, []any{id, []byte("原文")}},
					{`INSERT INTO cells (report_id, tbl, row_key, col_key, value, exact, kind) VALUES ($1, 'requests', 'new_received', 'total', 1, '1', 'number')`, []any{id}},
				} {
					if _, err := db.ExecContext(ctx, q.sql, q.args...); err != nil {
						t.Fatalf("%s: %v", q.sql, err)
					}
				}
				want[id] = [2]string{storetest.JSON(t, &rep), storetest.JSON(t, fs)}
			}
			db.Close()

			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for id, w := range want {
				got, err := s.FindReport(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if a := storetest.JSON(t, got.Report); a != w[0] {
					t.Errorf("report %d after the migration:\n%s", id, storetest.FirstDiff(a, w[0]))
				}
				if a := storetest.JSON(t, got.Findings); a != w[1] {
					t.Errorf("findings of %d after the migration:\n%s", id, storetest.FirstDiff(a, w[1]))
				}
				if n := storetest.Count(t, s, `SELECT COUNT(*) FROM report_findings WHERE report_id = $1`, id); n != len(got.Findings) || n == 0 {
					t.Errorf("report %d: %d rows of report_findings for %d findings", id, n, len(got.Findings))
				}
				var rep nianbao.Report
				json.Unmarshal([]byte(w[0]), &rep)
				if n := storetest.Count(t, s, `SELECT COUNT(*) FROM cells WHERE report_id = $1`, id); n != printedOrStated(&rep) {
					t.Errorf("report %d: %d cells; want %d", id, n, printedOrStated(&rep))
				}
			}
			for _, table := range []string{"report_json"} {
				if _, err := s.DB().Exec(`SELECT 1 FROM ` + table); err == nil {
					t.Errorf("%s is still there", table)
				}
			}
		})
	}
}
