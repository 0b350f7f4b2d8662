package store

import "context"

// What the tests of package store_test see of the package's inside.

// Migrations returns how many migrations the dialect has.
func Migrations(dialect string) (int, error) {
	ms, err := dialectMigrations(dialect)
	return len(ms), err
}

// MigrateTo applies the migrations up to version only, as an older
// nianbao would have left the database.
func MigrateTo(ctx context.Context, dsn string, version int) error {
	s, err := open(ctx, dsn, version)
	if err != nil {
		return err
	}
	return s.Close()
}
