package store

import (
	"context"
	"testing"

	"nianbao/store/internal/testdb"
)

// What the tests inside package store (the ledger's, the accounts', the
// backup's) use; the suite of the reports themselves is package
// store_test's, on package storetest.

// eachDB runs f on a fresh store of each database.
func eachDB(t *testing.T, f func(t *testing.T, s *Store)) {
	t.Helper()
	for _, dialect := range testdb.Dialects() {
		t.Run(dialect, func(t *testing.T) { f(t, openTestStore(t, testdb.DSN(t, dialect))) })
	}
}

func pgURL() string { return testdb.PostgresURL() }

// openTestStore opens the store at dsn, closed when the test ends.
func openTestStore(tb testing.TB, dsn string) *Store {
	tb.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func openSQLiteStore(tb testing.TB, path string) *Store { return openTestStore(tb, path) }

func openPostgresStore(tb testing.TB) *Store { return openTestStore(tb, testdb.DSN(tb, "postgres")) }

var (
	seedFiles = testdb.Seeds
	generated = testdb.Generated
	mustJSON  = testdb.JSON
	add       = testdb.Add
)
