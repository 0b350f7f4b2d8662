package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"nianbao"
)

// errBackupPostgres says how PostgreSQL is backed up: with its own tools,
// which know its server.
var errBackupPostgres = nianbao.Errorf(nianbao.EUNSUPPORTED,
	"PostgreSQL 数据库请用 pg_dump 备份（例如 pg_dump -Fc -f nianbao.dump 数据库地址），用 pg_restore 恢复")

// Backup writes a consistent copy of an SQLite store to path while the
// store stays in use: a server may go on answering and writing meanwhile
// (the copy holds what was committed when it began). path must not exist.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect.name != sqliteDialect.name {
		return errBackupPostgres
	}
	if _, err := os.Stat(path); err == nil {
		return nianbao.Errorf(nianbao.EINVALID, "备份文件 %s 已存在：请换一个文件名", path)
	}
	// VACUUM INTO reads in one transaction and writes a compacted,
	// self-contained database (no WAL beside it).
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO $1", path); err != nil {
		os.Remove(path)
		return nianbao.Errorf(nianbao.EINTERNAL, "备份失败：%v", err)
	}
	return syncFile(path)
}

// Restore replaces the SQLite database at dbPath by the backup at
// backupPath, after checking that the backup is a whole nianbao database.
// No server or import may be using dbPath meanwhile. An existing database
// is kept beside it as dbPath + ".before-restore".
func Restore(ctx context.Context, backupPath, dbPath string) error {
	if strings.HasPrefix(dbPath, "postgres://") || strings.HasPrefix(dbPath, "postgresql://") {
		return errBackupPostgres
	}
	if err := checkBackup(ctx, backupPath); err != nil {
		return err
	}
	tmp := dbPath + ".restoring"
	if err := copyFile(backupPath, tmp); err != nil {
		return nianbao.Errorf(nianbao.EINTERNAL, "无法写入 %s：%v", tmp, err)
	}
	if _, err := os.Stat(dbPath); err == nil {
		if err := os.Rename(dbPath, dbPath+".before-restore"); err != nil {
			os.Remove(tmp)
			return nianbao.Errorf(nianbao.EINTERNAL, "无法保留原数据库：%v", err)
		}
	}
	// The old database's log belongs to the old file: left beside the
	// restored one, SQLite would replay it into it.
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(dbPath + suffix); err == nil {
			os.Rename(dbPath+suffix, dbPath+".before-restore"+suffix)
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return nianbao.Errorf(nianbao.EINTERNAL, "无法恢复到 %s：%v", dbPath, err)
	}
	return syncDir(filepath.Dir(dbPath))
}

// checkBackup opens a backup read-only and checks its integrity and that
// it holds nianbao's schema.
func checkBackup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return nianbao.Errorf(nianbao.ENOTFOUND, "找不到备份文件 %s", path)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return internal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		return nianbao.Errorf(nianbao.EINVALID, "%s 不是完好的 SQLite 数据库（%s）", path, firstNonEmpty(check, errString(err)))
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n == 0 {
		return nianbao.Errorf(nianbao.EINVALID, "%s 不是 nianbao 的数据库备份", path)
	}
	return nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func copyFile(from, to string) (err error) {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	return out.Sync()
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return internal(err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return nianbao.Errorf(nianbao.EINTERNAL, "备份未能写入磁盘：%v", err)
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return internal(err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return internal(fmt.Errorf("sync %s: %w", dir, err))
	}
	return nil
}
