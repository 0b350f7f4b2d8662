package store

import (
	"context"
	"database/sql"
	"fmt"

	"nianbao"
	"nianbao/audit"
	"nianbao/place"
)

// Deadlines returns every local deadline, for the audit
// (audit.Options.Deadlines). The table holds a handful of rows, so the
// audit of each report reads it whole and never works from a stale copy.
func (s *Store) Deadlines(ctx context.Context) (audit.Deadlines, error) {
	list, err := s.DeadlineList(ctx)
	ds := make(audit.Deadlines, len(list))
	for i, d := range list {
		ds[i] = d.LocalDeadline
	}
	return ds, err
}

// DeadlineList returns the local deadlines with who set them, by year
// (newest first), region and kind.
func (s *Store) DeadlineList(ctx context.Context) ([]audit.DeadlineSetting, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT region, year, kind, due, basis, set_by, set_at FROM deadlines
		ORDER BY year DESC, region, kind`)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []audit.DeadlineSetting
	for rows.Next() {
		var d audit.DeadlineSetting
		var kind string
		if err := rows.Scan(&d.Region, &d.Year, &kind, &d.Date, &d.Basis, &d.By, &d.At); err != nil {
			return nil, internal(err)
		}
		d.Kind, d.At = place.Kind(kind), d.At.UTC()
		out = append(out, d)
	}
	return out, internal(rows.Err())
}

// SetDeadline keeps d, replacing the setting of its region, year and kind,
// and logs it; by is the account that set it. It returns the ids of the
// reports whose timeliness it may change, for their audit to be run again
// (ingest.Service.SetDeadline): those of d's year placed under its region,
// and the unplaced ones, which a local deadline may leave undecided.
func (s *Store) SetDeadline(ctx context.Context, d audit.LocalDeadline, by string) ([]int64, error) {
	if err := (audit.Deadlines{d}).Validate(); err != nil {
		return nil, err
	}
	var ids []int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO deadlines (region, year, kind, due, basis, set_by, set_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (region, year, kind) DO UPDATE SET due = excluded.due, basis = excluded.basis,
				set_by = excluded.set_by, set_at = excluded.set_at`,
			d.Region, d.Year, string(d.Kind), d.Date, d.Basis, by, now()); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s %d年度%s的期限：%s", place.Label(d.Region), d.Year, d.KindLabel(), d.Date)
		if d.Basis != "" {
			detail += "（" + d.Basis + "）"
		}
		if err := s.audit(ctx, tx, &nianbao.AuditEntry{Action: nianbao.ActionDeadlineSet, Detail: detail}); err != nil {
			return err
		}
		var err error
		ids, err = deadlineReports(ctx, tx, d)
		return err
	})
	return ids, err
}

// RemoveDeadline removes the setting of region, year and kind, and logs
// it. It returns the ids of the reports to audit again, as SetDeadline.
func (s *Store) RemoveDeadline(ctx context.Context, d audit.LocalDeadline) ([]int64, error) {
	var ids []int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM deadlines WHERE region = $1 AND year = $2 AND kind = $3`,
			d.Region, d.Year, string(d.Kind))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return nianbao.Errorf(nianbao.ENOTFOUND, "%s %d年度没有%s的地方期限", place.Label(d.Region), d.Year, d.KindLabel())
		}
		detail := fmt.Sprintf("%s %d年度%s的期限", place.Label(d.Region), d.Year, d.KindLabel())
		if err := s.audit(ctx, tx, &nianbao.AuditEntry{Action: nianbao.ActionDeadlineDrop, Detail: detail}); err != nil {
			return err
		}
		ids, err = deadlineReports(ctx, tx, d)
		return err
	})
	return ids, err
}

// deadlineReports returns the ids of the reports of d's year under its
// region, and the unplaced ones (place_key 0), in the order they were
// stored.
func deadlineReports(ctx context.Context, tx *sql.Tx, d audit.LocalDeadline) ([]int64, error) {
	lo, hi, ok := place.Span(d.Region)
	if !ok {
		return nil, nianbao.Errorf(nianbao.EINVALID, "地方期限的地区代码“%s”不在区划表中", d.Region)
	}
	return scanIDs(tx.QueryContext(ctx, `SELECT id FROM reports
		WHERE year = $1 AND (place_key BETWEEN $2 AND $3 OR place_key = 0) ORDER BY id`, d.Year, lo, hi))
}
