package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"nianbao"
)

// Corrections of misreadings (migration 0011): report_data holds the
// corrected report, the corrections table what each corrected cell was
// read as, for the report page and to take a correction back.

// corrections returns the corrections of report id, as q reads them.
func (s *Store) corrections(ctx context.Context, q querier, id int64) ([]nianbao.Correction, error) {
	rows, err := q.QueryContext(ctx, `SELECT tbl, row_key, col_key, text, kind, read_text, read_kind, printed, reason, set_by, set_at
		FROM corrections WHERE report_id = $1 ORDER BY set_at, tbl, row_key, col_key`, id)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []nianbao.Correction
	for rows.Next() {
		var c nianbao.Correction
		if err := rows.Scan(&c.Cell.Table, &c.Cell.Row, &c.Cell.Column, &c.Text, &c.Kind, &c.Read, &c.ReadKind,
			&c.Printed, &c.Reason, &c.By, &c.At); err != nil {
			return nil, internal(err)
		}
		c.At = c.At.UTC()
		out = append(out, c)
	}
	return out, internal(rows.Err())
}

// Corrections returns the corrections of stored report id (nianbao.ReportTx).
func (w *writeTx) Corrections(ctx context.Context, id int64) ([]nianbao.Correction, error) {
	return w.s.corrections(ctx, w.tx, id)
}

// SetCorrection keeps c as its cell's correction on report id — the
// reading it replaces as first recorded, the text, reason, account and
// time as now — or with withdraw removes it, and logs it (nianbao.ReportTx).
// The report's data are the caller's to set (SetReport).
func (w *writeTx) SetCorrection(ctx context.Context, id int64, c *nianbao.Correction, withdraw bool) error {
	var template string
	err := w.tx.QueryRowContext(ctx, `SELECT template FROM reports WHERE id = $1`, id).Scan(&template)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(id)
	} else if err != nil {
		return internal(err)
	}
	cell, ok := nianbao.Template(template).Cell(c.Cell)
	if !ok {
		return nianbao.Errorf(nianbao.EINVALID, "报告 %d 的格式没有这一格", id)
	}
	c.By, c.At = nianbao.ActorFrom(ctx).Name, now()
	k := c.Cell
	var detail string
	if withdraw {
		_, err = w.tx.ExecContext(ctx, `DELETE FROM corrections WHERE report_id = $1 AND tbl = $2 AND row_key = $3 AND col_key = $4`,
			id, string(k.Table), k.Row, k.Column)
		detail = fmt.Sprintf("撤销更正 %s：恢复为读取的“%s”", cell.Label, c.Read)
	} else {
		_, err = w.tx.ExecContext(ctx, `INSERT INTO corrections (report_id, tbl, row_key, col_key, text, kind,
			read_text, read_kind, printed, reason, set_by, set_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (report_id, tbl, row_key, col_key) DO UPDATE SET text = excluded.text, kind = excluded.kind,
				reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at`,
			id, string(k.Table), k.Row, k.Column, c.Text, string(c.Kind), c.Read, string(c.ReadKind), c.Printed,
			c.Reason, c.By, c.At)
		detail = fmt.Sprintf("更正 %s：读取为“%s”（原文“%s”）→ 文件所印“%s”；理由：%s", cell.Label, c.Read, c.Printed, c.Text, c.Reason)
	}
	if err != nil {
		return internal(err)
	}
	if c.Reason != "" && withdraw {
		detail += "；理由：" + c.Reason
	}
	return internal(w.s.audit(ctx, w.tx, &nianbao.AuditEntry{Action: nianbao.ActionCorrect, Report: id, Detail: detail}))
}
