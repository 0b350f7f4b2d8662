package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"nianbao"
)

// report_findings (migration 0012) indexes each report's findings by rule,
// severity and key, so that filters by them (nianbao.FindingFilter) are
// SQL over an index rather than a read of every report's compressed
// findings: 16 s over 50,000 reports, and milliseconds with it.

const deleteFindingRows = `DELETE FROM report_findings WHERE report_id = $1`

// indexFindings writes the rows of report id's findings fs in place of
// those it had, in one statement: the findings go as one JSON array of
// [rule, severity, key] that the database unpacks (insertFindingRows).
func (s *Store) indexFindings(ctx context.Context, tx *sql.Tx, id int64, fs []nianbao.Finding, replace bool) error {
	if replace {
		if _, err := s.exec(ctx, tx, deleteFindingRows, id); err != nil {
			return err
		}
	}
	if len(fs) == 0 {
		return nil
	}
	rows := make([][3]string, len(fs))
	for i := range fs {
		rows[i] = [3]string{string(fs[i].Rule), string(fs[i].Severity), fs[i].Key()}
	}
	data, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	_, err = s.exec(ctx, tx, s.dialect.insertFindingRows, id, string(data))
	return err
}

// indexStoredFindings fills report_findings from report_data (migration
// 0012).
func indexStoredFindings(ctx context.Context, s *Store, tx *sql.Tx) error {
	return inBatches(ctx, tx, `SELECT report_id, findings FROM report_data`, func(id int64, cols [2][]byte) error {
		fs, err := decodeFindings(cols[0])
		if err != nil {
			return fmt.Errorf("report %d findings: %w", id, err)
		}
		return s.indexFindings(ctx, tx, id, fs, false)
	})
}

// severityCounts are the columns of reports that count the findings of a
// severity (nianbao.Summarize), "" any.
var severityCounts = map[nianbao.Severity]string{
	"": "errors + warnings + infos", nianbao.SeverityError: "errors", nianbao.SeverityWarning: "warnings", nianbao.SeverityInfo: "infos",
}

// findingSQL is the condition that a report has a finding ff selects: its
// rule and severity in report_findings, its state in finding_states (a
// finding no one reviewed is open), keyed by the body, the year and the
// finding's key as reviews are. The reports come from the index (id IN),
// not each report probing it: 5 ms rather than 110 over 50,000 reports; a
// state other than open starts from the few reviews there are.
func findingSQL(ff nianbao.FindingFilter, arg func(any) string) string {
	if ff == (nianbao.FindingFilter{}) {
		return ""
	}
	var conds []string
	if ff.Rule != "" {
		conds = append(conds, "rf.rule = "+arg(string(ff.Rule)))
	}
	if ff.Severity != "" {
		conds = append(conds, "rf.severity = "+arg(string(ff.Severity)))
	}
	from := "report_findings rf"
	switch ff.State {
	case "":
	case nianbao.FindingOpen:
		if ff.Rule == "" {
			// Most findings are open, and most reports' bodies have no
			// review for the year: such a report has an open finding when
			// it counts one (0.1 s rather than 1.4 over 50,000 reports);
			// the others look at their findings.
			conds = append([]string{"rf.report_id = reports.id"}, conds...)
			open := "EXISTS (SELECT 1 FROM report_findings rf WHERE " + strings.Join(conds, " AND ") + `
				AND NOT EXISTS (SELECT 1 FROM finding_states fs WHERE fs.agency_key = reports.agency_key
					AND fs.year = reports.year AND fs.finding_key = rf.finding_key))`
			counted, ok := severityCounts[ff.Severity]
			if !ok {
				return open
			}
			return "(" + counted + ` > 0 AND (NOT EXISTS (SELECT 1 FROM finding_states fs
				WHERE fs.agency_key = reports.agency_key AND fs.year = reports.year) OR ` + open + "))"
		}
		from += " JOIN reports r2 ON r2.id = rf.report_id"
		conds = append(conds, `NOT EXISTS (SELECT 1 FROM finding_states fs
			WHERE fs.agency_key = r2.agency_key AND fs.year = r2.year AND fs.finding_key = rf.finding_key)`)
	default:
		from = `finding_states fs JOIN reports r2 ON r2.agency_key = fs.agency_key AND r2.year = fs.year
			JOIN report_findings rf ON rf.report_id = r2.id AND rf.finding_key = fs.finding_key`
		conds = append(conds, "fs.state = "+arg(string(ff.State)))
	}
	// ff is not zero: conds has a rule, a severity or a state.
	return "reports.id IN (SELECT rf.report_id FROM " + from + " WHERE " + strings.Join(conds, " AND ") + ")"
}
