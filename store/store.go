// Package store keeps annual reports in a database and answers questions
// across them: it stores the reports package ingest gives it (it reads and
// audits nothing itself) and implements nianbao.ReportFinder and
// nianbao.ReportExporter on an embedded SQLite file (the default, pure Go)
// or on PostgreSQL (when several people share one store).
//
// The schema is in migrations/, one set per dialect (NNNN_name.sqlite.sql,
// NNNN_name.postgres.sql), applied in order on Open. The queries are plain
// SQL with $1 placeholders that both databases run as written.
//
// What is stored for each report file: the file itself (sources), the
// columns lists, filters and the dashboard need (reports), and the report
// with its findings (report_data): each cell's number once, in a form SQL
// reads, the provenance of the cells in a compact binary form, and the
// rest deflated (see codec.go). The view cells shows one row per table
// cell, so that questions across reports are plain SQL, for example the
// applications received per year:
//
//	SELECT r.year, SUM(c.value) FROM cells c JOIN reports r ON r.id = c.report_id
//	WHERE c.tbl = 'requests' AND c.row_key = 'new_received' AND c.col_key = 'total'
//	  AND NOT r.superseded AND r.deleted_at IS NULL AND NOT r.draft
//	GROUP BY r.year ORDER BY r.year;
//
// (the view holds every stored report: versions replaced, deleted
// reports and drafts too, which the conditions leave out).
//
// The reports of one body (reports.agency_key, nianbao.AgencyKey of its
// name) for one year are what a write transaction looks up to audit
// neighbouring years against each other (Write, nianbao.ReportTx).
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"nianbao"
)

// DefaultPath is the SQLite file Open uses when given no DSN.
const DefaultPath = "nianbao.db"

// Store is a ReportService on SQLite or PostgreSQL. It is safe for
// concurrent use.
type Store struct {
	dialect dialect
	db      *sql.DB // reads (and writes, on PostgreSQL)
	wdb     *sql.DB // writes: on SQLite one connection, so that writers queue in Go rather than on the file lock

	stmts map[string]*sql.Stmt // write statements prepared on wdb (SQLite), see prepare
	// layouts say where each template's cells are in report_data (cell_names).
	layouts map[nianbao.Template]*layout

	calendars calendarCache // the ledger's calendar, see calendar.go
}

var (
	_ nianbao.ReportFinder   = (*Store)(nil)
	_ nianbao.ReportExporter = (*Store)(nil)
)

// dialect is what differs between the two databases.
type dialect struct {
	name string // "sqlite" or "postgres": the migrations' file suffix
	// lockAgency serialises the writers that add or re-audit one body's
	// reports, so that two neighbouring years added at once still see each
	// other; "" where writers are serialised anyway (SQLite).
	lockAgency string
	// lockMigrations serialises migrations run by two processes at once.
	lockMigrations string
	// agencyOrder sorts by the body's name in code point order, as
	// SQLite does, whatever the PostgreSQL database's collation.
	agencyOrder string
	// insertFindingRows writes report $1's rows of report_findings from
	// $2, a JSON array of [rule, severity, key] (Store.indexFindings).
	insertFindingRows string
}

var (
	sqliteDialect = dialect{name: "sqlite", agencyOrder: "agency",
		insertFindingRows: `INSERT INTO report_findings (report_id, rule, severity, finding_key)
			SELECT $1, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]') FROM json_each($2) j`}
	postgresDialect = dialect{name: "postgres",
		lockAgency:     "SELECT pg_advisory_xact_lock(hashtext($1))",
		lockMigrations: "SELECT pg_advisory_xact_lock(7253841)",
		agencyOrder:    `agency COLLATE "C"`,
		insertFindingRows: `INSERT INTO report_findings (report_id, rule, severity, finding_key)
			SELECT $1::bigint, j ->> 0, j ->> 1, j ->> 2 FROM jsonb_array_elements($2::jsonb) j`}
)

// Open opens the store at dsn, creating and migrating it as needed:
//
//   - "" or a file path (which may start "sqlite:"): an SQLite file (""
//     is DefaultPath in the current directory), created if missing, in WAL
//     mode with foreign keys on and a busy timeout, so that a server and an
//     import may use it at once;
//   - "postgres://…" or "postgresql://…": a PostgreSQL database, in the
//     schema the URL's search_path names if it names one.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := open(ctx, dsn, math.MaxInt)
	if err != nil {
		return nil, err
	}
	for _, step := range []func(context.Context) error{s.loadLayouts, s.prepare} {
		if err := step(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	s.optimize(ctx)
	return s, nil
}

// open connects to the database at dsn and applies its migrations up to
// version.
func open(ctx context.Context, dsn string, version int) (*Store, error) {
	var s *Store
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s, err = openPostgres(dsn)
	} else {
		s, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := s.ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.migrate(ctx, version); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func openSQLite(path string) (*Store, error) {
	if path == "" {
		path = DefaultPath
	}
	path = strings.TrimPrefix(path, "sqlite:")
	if strings.ContainsAny(path, "?#") {
		return nil, nianbao.Errorf(nianbao.EINVALID, "数据库文件名不能含有“?”或“#”: %s", path)
	}
	// The driver applies these to every connection it opens. WAL lets
	// readers go on while one writer writes. FULL syncs the log at every
	// commit, so that an upload answered 200, or an import batch counted
	// as imported, survives a power cut and not only a crash of the
	// process (NORMAL promises only the latter); with writes batched, this
	// costs one fsync per batch.
	params := "?_busy_timeout=10000&_foreign_keys=1&_journal_mode=WAL&_synchronous=FULL&_time_format=sqlite&_timezone=UTC"
	// The writer's page cache holds a whole import batch (ingest.Import)
	// without spilling it to the WAL before the commit, and the journals
	// of single statements (which copy every page a statement changes
	// before it changes it) stay in memory rather than in a temporary file.
	wdb, err := sql.Open("sqlite", path+params+"&_txlock=immediate&_pragma=cache_size(-65536)&_pragma=temp_store(2)")
	if err != nil {
		return nil, internal(err)
	}
	wdb.SetMaxOpenConns(1)
	// Create the file and switch it to WAL before readers open it.
	if err := wdb.Ping(); err != nil {
		wdb.Close()
		return nil, nianbao.Errorf(nianbao.EINTERNAL, "无法打开或创建该文件: %v", err)
	}
	db, err := sql.Open("sqlite", path+params)
	if err != nil {
		wdb.Close()
		return nil, internal(err)
	}
	db.SetMaxOpenConns(max(4, runtime.NumCPU()))
	db.SetMaxIdleConns(max(4, runtime.NumCPU()))
	db.SetConnMaxIdleTime(5 * time.Minute)
	return &Store{dialect: sqliteDialect, db: db, wdb: wdb}, nil
}

func openPostgres(dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "数据库地址有误: %v", err)
	}
	db.SetMaxOpenConns(max(8, 2*runtime.NumCPU()))
	db.SetMaxIdleConns(max(8, 2*runtime.NumCPU()))
	db.SetConnMaxIdleTime(5 * time.Minute)
	return &Store{dialect: postgresDialect, db: db, wdb: db}, nil
}

// ping checks that the database answers.
func (s *Store) ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return nianbao.Errorf(nianbao.EINTERNAL, "无法连接数据库: %v", err)
	}
	return nil
}

// optimize has SQLite update the statistics its query planner uses where
// they are out of date (it does nothing when they are not): without them
// it guesses which index narrows a query down most, and may guess wrong.
func (s *Store) optimize(ctx context.Context) {
	if s.dialect.name == "sqlite" {
		s.wdb.ExecContext(ctx, "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002")
	}
}

// Redact returns dsn fit to show: a PostgreSQL URL without its password.
func Redact(dsn string) string {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// Close closes the database, updating SQLite's statistics first where
// the writes since Open have left them out of date.
func (s *Store) Close() error {
	s.optimize(context.Background())
	for _, st := range s.stmts {
		st.Close()
	}
	err := s.db.Close()
	if s.wdb != s.db {
		if werr := s.wdb.Close(); err == nil {
			err = werr
		}
	}
	return err
}

// Dialect says which database the store is on: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name }

// DB returns the database the store reads, for queries of one's own over
// the schema (see the package documentation). Do not write through it.
func (s *Store) DB() *sql.DB { return s.db }

//go:embed migrations/*.sql
var migrations embed.FS

// migration is one schema change of a dialect.
type migration struct {
	version int
	name    string
	sql     string
}

// dialectMigrations lists the dialect's migrations in version order.
func dialectMigrations(dialect string) ([]migration, error) {
	files, err := fs.Glob(migrations, "migrations/*."+dialect+".sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, f := range files {
		base := strings.TrimPrefix(f, "migrations/")
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: no version number", base)
		}
		data, err := migrations.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(data)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have the same version", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// migrate applies the migrations up to version not yet applied, each in
// a transaction of its own, and records them in schema_migrations.
func (s *Store) migrate(ctx context.Context, version int) error {
	ms, err := dialectMigrations(s.dialect.name)
	if err != nil {
		return internal(err)
	}
	for _, m := range ms {
		if m.version > version {
			break
		}
		if err := s.apply(ctx, m); err != nil {
			return nianbao.Errorf(nianbao.EINTERNAL, "数据库迁移 %s 失败: %v", m.name, err)
		}
	}
	return nil
}

func (s *Store) apply(ctx context.Context, m migration) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.dialect.lockMigrations != "" {
		if _, err := tx.ExecContext(ctx, s.dialect.lockMigrations); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if step := dataMigrations[m.version]; step != nil {
		if err := step(ctx, s, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// loadLayouts reads cell_names, adding the cells new to the code.
func (s *Store) loadLayouts(ctx context.Context) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return internal(err)
	}
	defer tx.Rollback()
	if s.dialect.lockMigrations != "" {
		if _, err := tx.ExecContext(ctx, s.dialect.lockMigrations); err != nil {
			return internal(err)
		}
	}
	if s.layouts, err = loadLayouts(ctx, tx); err != nil {
		return nianbao.Errorf(nianbao.EINTERNAL, "无法读取单元格目录 cell_names: %v", err)
	}
	return internal(tx.Commit())
}

// internal wraps a database failure as an *nianbao.Error.
func internal(err error) error {
	if err == nil {
		return nil
	}
	var e *nianbao.Error
	if errors.As(err, &e) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nianbao.Errorf(nianbao.EINTERNAL, "数据库错误: %v", err)
}
