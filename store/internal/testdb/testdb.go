// Package testdb gives the tests of package store and of its users the
// databases they run on and the reports they store: a new SQLite file for
// each test, and when NIANBAO_TEST_POSTGRES holds a URL (.ci/run starts a
// throwaway server and sets it) a new schema of that PostgreSQL database,
// dropped when the test ends. It does not import package store, so that
// the store's own tests can use it; package storetest opens stores on it.
package testdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"nianbao"
	"nianbao/ingest"
	"nianbao/internal/gen"
)

// PostgresURL returns NIANBAO_TEST_POSTGRES: the database the tests may
// use, or "".
func PostgresURL() string { return os.Getenv("NIANBAO_TEST_POSTGRES") }

// Dialects lists the databases the tests run on: "sqlite", and
// "postgres" when NIANBAO_TEST_POSTGRES is set.
func Dialects() []string {
	if PostgresURL() != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// DSN returns where a test's new, empty database of the dialect is: a
// file in its temporary directory, or a new schema dropped when it ends.
func DSN(tb testing.TB, dialect string) string {
	tb.Helper()
	if dialect != "postgres" {
		return filepath.Join(tb.TempDir(), "test.db")
	}
	schema := NewSchema()
	tb.Cleanup(func() { DropSchema(schema) })
	dsn, err := SchemaURL(schema)
	if err != nil {
		tb.Fatalf("NIANBAO_TEST_POSTGRES: %v", err)
	}
	return dsn
}

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
	schemas   atomic.Int64
)

// NewSchema returns a schema name no other test of this run uses.
func NewSchema() string { return fmt.Sprintf("nianbao_test_%d_%d", os.Getpid(), schemas.Add(1)) }

// SchemaURL creates the named schema of the test database if it is not
// there and returns the URL of a connection to it.
func SchemaURL(schema string) (string, error) {
	adminOnce.Do(func() { admin, adminErr = sql.Open("pgx", PostgresURL()) })
	if adminErr != nil {
		return "", adminErr
	}
	if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
		return "", err
	}
	u, err := url.Parse(PostgresURL())
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// DropSchema drops a schema of the test database and what is in it.
func DropSchema(schema string) {
	if admin == nil {
		return
	}
	if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
		fmt.Fprintf(os.Stderr, "drop schema %s: %v\n", schema, err)
	}
}

// Add adds a report file through package ingest, as nianbao does, and
// fails tb unless it is stored anew.
func Add(tb testing.TB, st ingest.Store, name string, data []byte) *nianbao.StoredReport {
	tb.Helper()
	r, created, err := ingest.New(st).AddReport(context.Background(), name, data)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	if !created {
		tb.Fatalf("%s: created = false for a new file", name)
	}
	return r
}

// Seeds returns the sample reports (testdata/seeds/*.txt) by file name.
func Seeds(tb testing.TB) map[string][]byte {
	tb.Helper()
	names, err := fs.Glob(nianbao.SampleReports, "testdata/seeds/*.txt")
	if err != nil || len(names) == 0 {
		tb.Fatalf("no seeds: %v", err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		data, err := fs.ReadFile(nianbao.SampleReports, n)
		if err != nil {
			tb.Fatal(err)
		}
		out[path.Base(n)] = data
	}
	return out
}

// Generated returns n random reports rendered in the text layouts, one in
// four inconsistent and one in four with blanks.
func Generated(seed uint64, n int) [][]byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([][]byte, n)
	for i := range out {
		s := gen.New(rng, gen.Options{Inconsistent: rng.IntN(4) == 0, Blanks: rng.IntN(4) == 0})
		out[i] = gen.Render(s, gen.Layouts[i%len(gen.Layouts)])
	}
	return out
}

// JSON returns v as JSON, to compare reports and findings whole.
func JSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// FirstDiff shows where two strings first differ.
func FirstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("…%s\n…%s", a[from:min(len(a), i+80)], b[from:min(len(b), i+80)])
}
