package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"nianbao"
)

// Versions and soft deletion (migration 0010): every file a body
// publishes for a year is kept, the newest stored one that is not deleted
// is current (reports.superseded false on it alone), and lists,
// statistics and exports select only current reports (currentSQL).

// The statements of versions.
const (
	// previousVersion finds the version a report just added replaces, and
	// how many older ones it replaces in all (StoredReport.Replaces).
	previousVersion = `SELECT id, source_name, COUNT(*) OVER () FROM reports
		WHERE agency_key = $1 AND year = $2 AND NOT draft AND deleted_at IS NULL AND id < $3 ORDER BY id DESC LIMIT 1`
	supersedeOlder = `UPDATE reports SET superseded = TRUE
		WHERE agency_key = $1 AND year = $2 AND NOT draft AND id <> $3 AND NOT superseded`
	// recomputeCurrent makes the newest version that is not deleted current.
	recomputeCurrent = `UPDATE reports SET superseded = EXISTS (SELECT 1 FROM reports n
		WHERE n.agency_key = reports.agency_key AND n.year = reports.year AND NOT n.draft
			AND n.deleted_at IS NULL AND n.id > reports.id)
		WHERE agency_key = $1 AND year = $2 AND NOT draft`
)

// versioned reports whether a body's reports for the year are versions of
// one report: a draft is not, nor is a report whose body or year is unknown.
func versioned(agencyKey string, year int, draft bool) bool {
	return agencyKey != "" && year != 0 && !draft
}

// supersede makes sr, just added, the current version of its body's year
// and logs the version it replaces, if any.
func (w *writeTx) supersede(ctx context.Context, sr *nianbao.StoredReport) error {
	rep := sr.Report
	key := nianbao.AgencyKey(rep.Agency)
	if !versioned(key, rep.Year, sr.Draft) {
		return nil
	}
	var prev int64
	var prevName string
	err := w.s.queryRow(ctx, w.tx, previousVersion, key, rep.Year, sr.ID).Scan(&prev, &prevName, &sr.Replaces)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // the first version
	} else if err != nil {
		return internal(err)
	}
	if _, err := w.s.exec(ctx, w.tx, supersedeOlder, key, rep.Year, sr.ID); err != nil {
		return internal(err)
	}
	detail := fmt.Sprintf("%s %d年度的新版本“%s”替换报告 %d（“%s”）；旧版本保留，可在报告页查看", rep.Agency, rep.Year,
		rep.Source.Name, prev, prevName)
	return internal(w.s.audit(ctx, w.tx, &nianbao.AuditEntry{Action: nianbao.ActionVersion, Report: sr.ID, Detail: detail}))
}

// Versions lists the stored versions of the body's report for the year of
// report id, oldest first, deleted ones included (nianbao.Reviser). A
// draft, or a report whose body or year is unknown, has only itself.
func (s *Store) Versions(ctx context.Context, id int64) ([]nianbao.Version, error) {
	var key string
	var year int
	var draft bool
	err := s.db.QueryRowContext(ctx, `SELECT agency_key, year, draft FROM reports WHERE id = $1`, id).Scan(&key, &year, &draft)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(id)
	} else if err != nil {
		return nil, internal(err)
	}
	q, args := `SELECT id, source_name, imported_at, superseded, deleted_at FROM reports WHERE id = $1`, []any{id}
	if versioned(key, year, draft) {
		q, args = `SELECT id, source_name, imported_at, superseded, deleted_at FROM reports
			WHERE agency_key = $1 AND year = $2 AND NOT draft ORDER BY id`, []any{key, year}
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []nianbao.Version
	for rows.Next() {
		var v nianbao.Version
		var superseded bool
		var deleted sql.NullTime
		if err := rows.Scan(&v.ID, &v.Name, &v.ImportedAt, &superseded, &deleted); err != nil {
			return nil, internal(err)
		}
		v.ImportedAt, v.DeletedAt = v.ImportedAt.UTC(), deletedAt(deleted)
		v.Current = !superseded && !deleted.Valid
		out = append(out, v)
	}
	return out, internal(rows.Err())
}

// deletedAt is a report's reports.deleted_at in UTC, nil when it is not
// deleted.
func deletedAt(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	at := t.Time.UTC()
	return &at
}

// SetDeleted deletes report id softly or restores it (nianbao.ReportTx):
// the newest version of its body's year that is not deleted becomes
// current, and the change is logged.
func (w *writeTx) SetDeleted(ctx context.Context, id int64, deleted bool, reason string) error {
	var key, agency, name string
	var year int
	var draft bool
	var was sql.NullTime
	err := w.tx.QueryRowContext(ctx, `SELECT agency_key, agency, source_name, year, draft, deleted_at FROM reports WHERE id = $1`, id).
		Scan(&key, &agency, &name, &year, &draft, &was)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(id)
	} else if err != nil {
		return internal(err)
	}
	if err := w.lock(ctx, key); err != nil {
		return err
	}
	switch {
	case deleted && was.Valid:
		return nianbao.Errorf(nianbao.EINVALID, "报告 %d 已删除", id)
	case !deleted && !was.Valid:
		return nianbao.Errorf(nianbao.EINVALID, "报告 %d 没有被删除，无需恢复", id)
	}
	by := nianbao.ActorFrom(ctx).Name
	at := sql.NullTime{Time: now(), Valid: deleted}
	if !deleted {
		by, reason = "", ""
	}
	if _, err := w.tx.ExecContext(ctx, `UPDATE reports SET deleted_at = $1, deleted_by = $2, deleted_reason = $3 WHERE id = $4`,
		at, by, reason, id); err != nil {
		return internal(err)
	}
	if versioned(key, year, draft) {
		if _, err := w.tx.ExecContext(ctx, recomputeCurrent, key, year); err != nil {
			return internal(err)
		}
	}
	what := cmp.Or(agency, "机关不明")
	if year > 0 {
		what += fmt.Sprintf(" %d年度", year)
	}
	e := &nianbao.AuditEntry{Action: nianbao.ActionRestore, Report: id, Detail: fmt.Sprintf("恢复“%s”：%s", name, what)}
	if deleted {
		e = &nianbao.AuditEntry{Action: nianbao.ActionDelete, Report: id, Detail: fmt.Sprintf("删除“%s”：%s；理由：%s", name, what, reason)}
	}
	return internal(w.s.audit(ctx, w.tx, e))
}
