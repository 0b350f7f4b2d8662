package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"nianbao"
)

var _ nianbao.AuditLog = (*Store)(nil)

// The page sizes of AuditEntries.
const (
	DefaultAuditLimit = 100
	MaxAuditLimit     = 1000
)

// audit appends e to the log in tx, with the actor of ctx and the time
// now. Every change the store makes that someone must answer for calls it
// in the change's own transaction, so that no change goes unlogged.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, e *nianbao.AuditEntry) error {
	a := nianbao.ActorFrom(ctx)
	e.At, e.Actor, e.Addr = now(), a.Name, a.Addr
	var report sql.NullInt64
	if e.Report != 0 {
		report = sql.NullInt64{Int64: e.Report, Valid: true}
	}
	return tx.QueryRowContext(ctx, `INSERT INTO audit_log (at, actor, addr, action, report_id, user_name, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		e.At, e.Actor, e.Addr, string(e.Action), report, e.User, e.Detail).Scan(&e.ID)
}

// Record appends an entry for a change made elsewhere (an upload).
func (s *Store) Record(ctx context.Context, e *nianbao.AuditEntry) error {
	if !e.Action.Valid() {
		return nianbao.Errorf(nianbao.EINTERNAL, "审计日志：未知的操作 %q", e.Action)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.audit(ctx, tx, e) })
}

// AuditEntries returns a page of the entries f selects, newest first.
func (s *Store) AuditEntries(ctx context.Context, f nianbao.AuditFilter) ([]*nianbao.AuditEntry, int, error) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.Action != "" {
		conds = append(conds, "action = "+arg(string(f.Action)))
	}
	if f.Name != "" {
		n := arg(f.Name)
		conds = append(conds, "(actor = "+n+" OR user_name = "+n+")")
	}
	if f.Report != 0 {
		conds = append(conds, "report_id = "+arg(f.Report))
	}
	if f.Before != 0 {
		conds = append(conds, "id < "+arg(f.Before))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+where, args...).Scan(&total); err != nil {
		return nil, 0, internal(err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultAuditLimit
	}
	limit = min(limit, MaxAuditLimit)
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf(`SELECT id, at, actor, addr, action, report_id, user_name, detail
		FROM audit_log%s ORDER BY id DESC LIMIT %d OFFSET %d`, where, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, internal(err)
	}
	defer rows.Close()
	out := []*nianbao.AuditEntry{}
	for rows.Next() {
		var e nianbao.AuditEntry
		var report sql.NullInt64
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Addr, &e.Action, &report, &e.User, &e.Detail); err != nil {
			return nil, 0, internal(err)
		}
		e.At, e.Report = e.At.UTC(), report.Int64
		out = append(out, &e)
	}
	return out, total, internal(rows.Err())
}
