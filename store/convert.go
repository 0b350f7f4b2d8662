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
// report_data.
func convertReportJSON(ctx context.Context, _ *Store, tx *sql.Tx) error {
	layouts, err := loadLayouts(ctx, tx)
	if err != nil {
		return err
	}
	return inBatches(ctx, tx, `SELECT report_id, report, findings FROM report_json`, func(id int64, cols [2][]byte) error {
		rep := new(nianbao.Report)
		if err := json.Unmarshal(cols[0], rep); err != nil {
			return fmt.Errorf("report %d: %w", id, err)
		}
		l := layouts[rep.Template]
		if l == nil {
			return fmt.Errorf("report %d: template %q", id, rep.Template)
		}
		enc, err := l.encode(rep)
		if err != nil {
			return fmt.Errorf("report %d: %w", id, err)
		}
		_, err = tx.ExecContext(ctx, insertData, id, enc.kinds, enc.texts, enc.cells, enc.body, deflate(cols[1]))
		return err
	})
}

// inBatches calls fn with each row of query — a report_id and two more
// columns, of a table keyed by report_id — a few hundred rows at a time,
// so that fn may write in tx: the PostgreSQL driver cannot write on a
// connection while it reads a query's rows. A second column the query
// lacks is nil.
func inBatches(ctx context.Context, tx *sql.Tx, query string, fn func(id int64, cols [2][]byte) error) error {
	type row struct {
		id   int64
		cols [2][]byte
	}
	for last := int64(0); ; {
		rows, err := tx.QueryContext(ctx, query+` WHERE report_id > $1 ORDER BY report_id LIMIT 200`, last)
		if err != nil {
			return err
		}
		n, _ := rows.Columns()
		var batch []row
		for rows.Next() {
			var r row
			dest := []any{&r.id, &r.cols[0], &r.cols[1]}[:len(n)]
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		for _, r := range batch {
			if err := fn(r.id, r.cols); err != nil {
				return err
			}
		}
		last = batch[len(batch)-1].id
	}
}
