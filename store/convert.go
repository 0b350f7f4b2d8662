package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"nianbao"
)

// dataMigrations are the steps of migrations that SQL cannot take, run
// after the migration's SQL in its transaction.
var dataMigrations = map[int]func(ctx context.Context, s *Store, tx *sql.Tx) error{
	2:  convertReportJSON,
	12: indexStoredFindings,
}

// convertReportJSON moves the reports stored before migration 0002 from
// report_json (the report in its JSON contract, findings as JSON) to
// report_data, a few hundred at a time: the PostgreSQL driver cannot
// write on a connection while it reads a query's rows.
func convertReportJSON(ctx context.Context, _ *Store, tx *sql.Tx) error {
	layouts, err := loadLayouts(ctx, tx)
	if err != nil {
		return err
	}
	type old struct {
		id               int64
		report, findings []byte
	}
	for last := int64(0); ; {
		rows, err := tx.QueryContext(ctx, `SELECT report_id, report, findings FROM report_json
			WHERE report_id > $1 ORDER BY report_id LIMIT 200`, last)
		if err != nil {
			return err
		}
		var batch []old
		for rows.Next() {
			var o old
			if err := rows.Scan(&o.id, &o.report, &o.findings); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		for _, o := range batch {
			rep := new(nianbao.Report)
			if err := json.Unmarshal(o.report, rep); err != nil {
				return fmt.Errorf("report %d: %w", o.id, err)
			}
			l := layouts[rep.Template]
			if l == nil {
				return fmt.Errorf("report %d: template %q", o.id, rep.Template)
			}
			enc, err := l.encode(rep)
			if err != nil {
				return fmt.Errorf("report %d: %w", o.id, err)
			}
			if _, err := tx.ExecContext(ctx, insertData, o.id, enc.kinds, enc.texts, enc.cells, enc.body, deflate(o.findings)); err != nil {
				return err
			}
		}
		last = batch[len(batch)-1].id
	}
}
