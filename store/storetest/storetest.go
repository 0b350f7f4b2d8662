// Package storetest opens stores for the tests of the packages that use
// package store: a new SQLite file for each test, and when
// NIANBAO_TEST_POSTGRES holds a URL (.ci/run starts a throwaway server
// and sets it) a new schema of that PostgreSQL database, dropped when the
// test ends. One suite then runs on both databases.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"nianbao/store"
)

// PostgresURL returns NIANBAO_TEST_POSTGRES: the database the tests may
// use, or "".
func PostgresURL() string { return os.Getenv("NIANBAO_TEST_POSTGRES") }

// Each runs f on a fresh store of each database.
func Each(t *testing.T, f func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { f(t, SQLite(t)) })
	if PostgresURL() != "" {
		t.Run("postgres", func(t *testing.T) { f(t, Postgres(t)) })
	}
}

// Dialects lists the databases the tests run on: "sqlite", and
// "postgres" when NIANBAO_TEST_POSTGRES is set.
func Dialects() []string {
	if PostgresURL() != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// Open opens a fresh store of the dialect for the test.
func Open(tb testing.TB, dialect string) *store.Store {
	tb.Helper()
	if dialect == "postgres" {
		return Postgres(tb)
	}
	return SQLite(tb)
}

// SQLite opens a store in a new file of the test's temporary directory.
func SQLite(tb testing.TB) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Postgres opens a store in a new schema of the test database, dropped
// when the test ends.
func Postgres(tb testing.TB) *store.Store {
	tb.Helper()
	schema := NewSchema()
	s, err := OpenSchema(schema)
	if err != nil {
		DropSchema(schema)
		tb.Fatalf("NIANBAO_TEST_POSTGRES: %v", err)
	}
	tb.Cleanup(func() {
		s.Close()
		DropSchema(schema)
	})
	return s
}

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
	schemas   atomic.Int64
)

// NewSchema returns a schema name no other test of this run uses.
func NewSchema() string { return fmt.Sprintf("nianbao_test_%d_%d", os.Getpid(), schemas.Add(1)) }

// OpenSchema opens a store in the named schema of the test database,
// creating the schema if it is not there.
func OpenSchema(schema string) (*store.Store, error) {
	dsn, err := SchemaURL(schema)
	if err != nil {
		return nil, err
	}
	return store.Open(context.Background(), dsn)
}

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
