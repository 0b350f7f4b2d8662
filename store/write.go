package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"

	"nianbao"
	"nianbao/place"
)

// Write runs f in a write transaction and commits what f wrote when it
// returns nil (see nianbao.ReportTx, which package ingest drives: it reads
// and audits reports before it writes, so that a transaction holds the
// database only to write). On SQLite the writers take turns on the one
// write connection; on PostgreSQL, by body, on an advisory lock.
func (s *Store) Write(ctx context.Context, f func(nianbao.ReportTx) error) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return internal(err)
	}
	defer tx.Rollback()
	if err := f(&writeTx{s: s, tx: tx}); err != nil {
		return err
	}
	return internal(tx.Commit())
}

// writeTx is a nianbao.ReportTx.
type writeTx struct {
	s      *Store
	tx     *sql.Tx
	locked map[string]bool // bodies locked (PostgreSQL)
}

// lock locks the body's reports until the transaction ends, where the
// database does not serialise writers anyway.
func (w *writeTx) lock(ctx context.Context, body string) error {
	if w.s.dialect.lockAgency == "" || body == "" || w.locked[body] {
		return nil
	}
	if _, err := w.s.exec(ctx, w.tx, w.s.dialect.lockAgency, body); err != nil {
		return internal(err)
	}
	if w.locked == nil {
		w.locked = map[string]bool{}
	}
	w.locked[body] = true
	return nil
}

// lockRun locks the reports of by's body: by its name, and when it is
// placed by its division and name within it too, which the writers of its
// years under other names (nianbao.BodyYear.SameBody) lock as well.
func (w *writeTx) lockRun(ctx context.Context, by nianbao.BodyYear) error {
	if err := w.lock(ctx, by.Body); err != nil || by.Place == 0 {
		return err
	}
	return w.lock(ctx, strconv.FormatInt(by.Place, 10)+"/"+by.Unit)
}

// YearIDs returns the ids of the stored reports of one body and year.
func (w *writeTx) YearIDs(ctx context.Context, by nianbao.BodyYear) ([]int64, error) {
	if err := w.lockRun(ctx, by); err != nil {
		return nil, err
	}
	if by.Place == 0 {
		return scanIDs(w.s.query(ctx, w.tx, yearIDsQuery, by.Body, by.Year))
	}
	rows, err := w.s.query(ctx, w.tx, placedYearIDsQuery, by.Body, by.Year, by.Place)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id, key int64
		var agency string
		if err := rows.Scan(&id, &agency, &key); err != nil {
			return nil, internal(err)
		}
		if place.BodyYear(&nianbao.Report{Agency: agency}, key).SameBody(by) {
			ids = append(ids, id)
		}
	}
	return ids, internal(rows.Err())
}

// scanIDs reads the ids a query returns, one a row, and closes the rows.
func scanIDs(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, internal(err)
		}
		ids = append(ids, id)
	}
	return ids, internal(rows.Err())
}

// YearReports returns the stored reports of one body and year.
func (w *writeTx) YearReports(ctx context.Context, by nianbao.BodyYear) ([]*nianbao.StoredReport, error) {
	if err := w.lockRun(ctx, by); err != nil {
		return nil, err
	}
	return w.s.yearReports(ctx, w.tx, by)
}

// yearReports returns the published reports of one body and year: by the
// body's name, and for a placed body also by its division, kept when they
// are the body's (nianbao.BodyYear.SameBody: 洪泽区人民政府 and
// 淮安市洪泽区人民政府 placed in 洪泽区 are one body).
func (s *Store) yearReports(ctx context.Context, q querier, by nianbao.BodyYear) ([]*nianbao.StoredReport, error) {
	if by.Place == 0 {
		return s.list(ctx, q, yearReportsQuery, whole, by.Body, by.Year)
	}
	rs, err := s.list(ctx, q, placedYearReportsQuery, whole, by.Body, by.Year, by.Place)
	return sameBody(rs, by), err
}

// sameBody keeps the reports of rs that are by's body's.
func sameBody(rs []*nianbao.StoredReport, by nianbao.BodyYear) []*nianbao.StoredReport {
	return slices.DeleteFunc(rs, func(sr *nianbao.StoredReport) bool {
		return !place.BodyYear(sr.Report, sr.PlaceKey).SameBody(by)
	})
}

// Add stores a report with its findings and its file.
func (w *writeTx) Add(ctx context.Context, sr *nianbao.StoredReport, data []byte) (bool, error) {
	rep := sr.Report
	key := nianbao.AgencyKey(rep.Agency)
	if err := w.lockRun(ctx, place.BodyYear(rep, sr.PlaceKey)); err != nil {
		return false, err
	}
	l := w.s.layouts[rep.Template]
	if l == nil {
		return false, nianbao.Errorf(nianbao.EINVALID, "报告的格式版本“%s”未知，无法保存", rep.Template)
	}
	enc, err := l.encode(rep)
	if err != nil {
		return false, internal(err)
	}
	findings, err := encodeFindings(sr.Findings)
	if err != nil {
		return false, internal(err)
	}
	sum := nianbao.Summarize(sr.Findings)
	totals := requestTotals(rep)
	now := time.Now().UTC().Truncate(time.Microsecond)
	if sr.Draft {
		// A body keeps one draft a year: the new save replaces it. (Nor
		// is a draft late: it is not published; see updateCounts too.)
		if _, err := w.s.exec(ctx, w.tx, deleteDrafts, key, rep.Year); err != nil {
			return false, internal(err)
		}
	}
	var id int64
	err = w.s.queryRow(ctx, w.tx, insertReport,
		rep.Source.SHA256, rep.Source.Name, rep.Source.Format, rep.Source.Size, rep.Source.Encoding,
		rep.Agency, key, rep.Year, string(rep.Template), nullString(rep.PublishedOn),
		totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6],
		sum.Errors, sum.Warnings, sum.Infos, sum.Late && !sr.Draft, now,
		sr.PlaceKey, sr.PlaceKind, sr.PlaceNote, sr.PlaceManual, sr.Draft).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, internal(err)
	}
	if _, err := w.s.exec(ctx, w.tx, insertData, id, enc.kinds, enc.texts, enc.cells, enc.body, findings); err != nil {
		return false, internal(err)
	}
	if err := w.s.indexFindings(ctx, w.tx, id, sr.Findings, false); err != nil {
		return false, internal(err)
	}
	if _, err := w.s.exec(ctx, w.tx, insertSource, id, data); err != nil {
		return false, internal(err)
	}
	sr.ID, sr.ImportedAt = id, now
	if !sr.Draft {
		if err := w.supersede(ctx, sr); err != nil {
			return false, err
		}
	}
	return true, nil
}

// SetFindings replaces the findings of stored report id and their counts.
func (w *writeTx) SetFindings(ctx context.Context, id int64, fs []nianbao.Finding) error {
	findings, err := encodeFindings(fs)
	if err != nil {
		return internal(err)
	}
	sum := nianbao.Summarize(fs)
	now := time.Now().UTC().Truncate(time.Microsecond)
	if _, err := w.s.exec(ctx, w.tx, updateCounts, sum.Errors, sum.Warnings, sum.Infos, sum.Late, now, id); err != nil {
		return internal(err)
	}
	if _, err := w.s.exec(ctx, w.tx, updateFindings, findings, id); err != nil {
		return internal(err)
	}
	return internal(w.s.indexFindings(ctx, w.tx, id, fs, true))
}

// SetReport replaces stored report sr.ID — read again from the file it
// was stored with, corrected, or placed again: its data, the reports
// table's totals and place, and its findings.
func (w *writeTx) SetReport(ctx context.Context, sr *nianbao.StoredReport) error {
	rep := sr.Report
	l := w.s.layouts[rep.Template]
	if l == nil {
		return nianbao.Errorf(nianbao.EINVALID, "报告的格式版本“%s”未知，无法保存", rep.Template)
	}
	enc, err := l.encode(rep)
	if err != nil {
		return internal(err)
	}
	if _, err := w.s.exec(ctx, w.tx, updateData, enc.kinds, enc.texts, enc.cells, enc.body, sr.ID); err != nil {
		return internal(err)
	}
	// A correction may change table 三's totals, a placement the place.
	t := requestTotals(rep)
	if _, err := w.s.exec(ctx, w.tx, updateReport, t[0], t[1], t[2], t[3], t[4], t[5], t[6],
		sr.PlaceKey, sr.PlaceKind, sr.PlaceNote, sr.PlaceManual, sr.ID); err != nil {
		return internal(err)
	}
	return w.SetFindings(ctx, sr.ID, sr.Findings)
}

// Source returns the file stored report id was read from.
func (w *writeTx) Source(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	err := w.s.queryRow(ctx, w.tx, selectSource, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(id)
	}
	return data, internal(err)
}

// outcomeKeys name the outcome groups （一）…（六） of table 三 in
// nianbao.Stats.Outcomes, in the order of the reports table's columns.
var outcomeKeys = [...]string{"granted", "partially_granted", "withheld", "unavailable", "not_processed", "other"}

// outcomeIndex says which outcome group a row of table 三 counts in, or -1.
func outcomeIndex(r nianbao.Row) int {
	switch {
	case r == nianbao.Granted:
		return 0
	case r == nianbao.PartiallyGranted:
		return 1
	case r == nianbao.Other:
		return 5
	}
	switch r.Spec().Group {
	case nianbao.GroupWithheld:
		return 2
	case nianbao.GroupUnavailable:
		return 3
	case nianbao.GroupNotProcessed:
		return 4
	case nianbao.GroupOther:
		return 5
	}
	return -1
}

// requestTotals returns the columns of reports the dashboard sums: 表三 一、
// 本年新收 总计, then the outcome groups' 总计 summed over their rows, each
// NULL when the report states none of it.
func requestTotals(rep *nianbao.Report) [1 + len(outcomeKeys)]sql.NullInt64 {
	var out [1 + len(outcomeKeys)]sql.NullInt64
	out[0] = nullInt(rep.Requests[nianbao.NewReceived][nianbao.ColumnTotal])
	var sums [len(outcomeKeys)]nianbao.Num
	for _, r := range rep.Template.JSONRows() {
		i := outcomeIndex(r)
		if i < 0 {
			continue
		}
		if n := rep.Requests[r][nianbao.ColumnTotal]; !sums[i].Valid() {
			sums[i] = n
		} else if n.Valid() {
			sums[i] = sums[i].Add(n)
		}
	}
	for i, n := range sums {
		out[1+i] = nullInt(n)
	}
	return out
}

func nullInt(n nianbao.Num) sql.NullInt64 {
	v, ok := n.Int64()
	return sql.NullInt64{Int64: v, Valid: ok}
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// The statements of a write transaction.
const (
	yearIDsQuery = `SELECT id FROM reports WHERE agency_key = $1 AND year = $2 AND NOT draft AND deleted_at IS NULL ORDER BY id`
	// A placed body's reports of a year, by its name or its division; the
	// caller keeps the body's (nianbao.BodyYear.SameBody).
	placedYearIDsQuery = `SELECT id, agency, place_key FROM reports
		WHERE (agency_key = $1 AND year = $2 OR place_key = $3 AND year = $2) AND NOT draft AND deleted_at IS NULL ORDER BY id`
	insertReport = `INSERT INTO reports (sha256, source_name, format, size, encoding,
		agency, agency_key, year, template, published_on,
		received, granted, partially_granted, withheld, unavailable, not_processed, other,
		errors, warnings, infos, late, imported_at, audited_at,
		place_key, place_kind, place_note, place_manual, draft)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
		$18, $19, $20, $21, $22, $22, $23, $24, $25, $26, $27)
		ON CONFLICT (sha256) DO NOTHING RETURNING id`
	deleteDrafts = `DELETE FROM reports WHERE agency_key = $1 AND year = $2 AND draft`
	insertData   = `INSERT INTO report_data (report_id, kinds, texts, cells, body, findings) VALUES ($1, $2, $3, $4, $5, $6)`
	insertSource = `INSERT INTO sources (report_id, data) VALUES ($1, $2)`
	updateCounts = `UPDATE reports SET errors = $1, warnings = $2, infos = $3, late = ($4 AND NOT draft), audited_at = $5
		WHERE id = $6`
	updateFindings = `UPDATE report_data SET findings = $1 WHERE report_id = $2`
	selectSource   = `SELECT data FROM sources WHERE report_id = $1`
	updateData     = `UPDATE report_data SET kinds = $1, texts = $2, cells = $3, body = $4 WHERE report_id = $5`
	updateReport   = `UPDATE reports SET received = $1, granted = $2, partially_granted = $3, withheld = $4,
		unavailable = $5, not_processed = $6, other = $7, place_key = $8, place_kind = $9, place_note = $10, place_manual = $11
		WHERE id = $12`
)

// yearReportsQuery selects one body's published reports for one year,
// whole, every version that is not deleted, the current one last: a
// draft is no year's report for the audit of its neighbours, nor is a
// deleted report. A placed body's are found by its name or its division
// (placedYearReportsQuery), and the caller keeps the body's
// (nianbao.BodyYear.SameBody).
var (
	yearReportsQuery       = selectReports(whole) + ` WHERE agency_key = $1 AND year = $2 AND NOT draft AND deleted_at IS NULL ORDER BY id`
	placedYearReportsQuery = selectReports(whole) + ` WHERE (agency_key = $1 AND year = $2 OR place_key = $3 AND year = $2) AND NOT draft AND deleted_at IS NULL ORDER BY id`
)

// prepare prepares the statements of a write transaction on SQLite, whose
// driver would otherwise parse them again at every call (PostgreSQL's
// driver keeps a cache of prepared statements itself). It runs on Open,
// since the one write connection cannot prepare a statement while a
// transaction holds it.
func (s *Store) prepare(ctx context.Context) error {
	if s.dialect.name != "sqlite" {
		return nil
	}
	s.stmts = map[string]*sql.Stmt{}
	for _, q := range []string{yearIDsQuery, placedYearIDsQuery, insertReport, insertData, insertSource, updateCounts, updateFindings, updateData, previousVersion} {
		st, err := s.wdb.PrepareContext(ctx, q)
		if err != nil {
			return internal(err)
		}
		s.stmts[q] = st
	}
	return nil
}

// stmt returns q as a statement of tx: prepared on Open if it was.
func (s *Store) stmt(ctx context.Context, tx *sql.Tx, q string) *sql.Stmt {
	if st, ok := s.stmts[q]; ok {
		return tx.StmtContext(ctx, st)
	}
	return nil
}

// exec runs a statement in the write transaction tx.
func (s *Store) exec(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	if st := s.stmt(ctx, tx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, q, args...)
}

// queryRow runs a query for one row in the write transaction tx.
func (s *Store) queryRow(ctx context.Context, tx *sql.Tx, q string, args ...any) *sql.Row {
	if st := s.stmt(ctx, tx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, q, args...)
}

// query runs a query in the write transaction tx.
func (s *Store) query(ctx context.Context, tx *sql.Tx, q string, args ...any) (*sql.Rows, error) {
	if st := s.stmt(ctx, tx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, q, args...)
}
