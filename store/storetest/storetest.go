// Package storetest opens stores for the tests of the packages that use
// package store, on the databases of package testdb: a new SQLite file
// for each test, and when NIANBAO_TEST_POSTGRES holds a URL a new schema
// of that PostgreSQL database, dropped when the test ends. One suite then
// runs on both databases. It also builds the stores benchmarks run on
// (Fixture).
package storetest

import (
	"context"
	"testing"

	"nianbao/store"
	"nianbao/store/internal/testdb"
)

// What testdb gives, for the tests outside package store.
var (
	PostgresURL = testdb.PostgresURL
	Dialects    = testdb.Dialects
	NewSchema   = testdb.NewSchema
	SchemaURL   = testdb.SchemaURL
	DropSchema  = testdb.DropSchema
	Seeds       = testdb.Seeds
	Generated   = testdb.Generated
	JSON        = testdb.JSON
	FirstDiff   = testdb.FirstDiff
	Add         = testdb.Add
)

// Each runs f on a fresh store of each database.
func Each(t *testing.T, f func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, dialect := range Dialects() {
		t.Run(dialect, func(t *testing.T) { f(t, Open(t, dialect)) })
	}
}

// Open opens a fresh store of the dialect for the test, closed when it ends.
func Open(tb testing.TB, dialect string) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), testdb.DSN(tb, dialect))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// SQLite opens a fresh SQLite store for the test.
func SQLite(tb testing.TB) *store.Store { return Open(tb, "sqlite") }

// OpenSchema opens a store in the named schema of the test database,
// creating the schema if it is not there.
func OpenSchema(schema string) (*store.Store, error) {
	dsn, err := SchemaURL(schema)
	if err != nil {
		return nil, err
	}
	return store.Open(context.Background(), dsn)
}

// Count runs a query for one number on the store's database.
func Count(tb testing.TB, s *store.Store, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := s.DB().QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}
