package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"nianbao"
	"nianbao/audit"
	"nianbao/reader"
)

// AddReport reads, audits and stores a report file (see
// nianbao.ReportService). Everything that takes time is done before the
// write transaction — reading the file, auditing it against the same
// body's report for the year before, auditing the body's reports for the
// year after against it, encoding — so that several AddReport calls work
// in parallel and take turns only to write. In the transaction, whatever
// a neighbouring year added meanwhile changed is audited again; then the
// report, its file and its cells are inserted and the year after's
// findings updated. To add many files, Import is faster.
func (s *Store) AddReport(ctx context.Context, name string, data []byte) (*nianbao.StoredReport, bool, error) {
	p, existing, err := s.prepareReport(ctx, name, data)
	if err != nil {
		return nil, false, err
	}
	if existing == 0 {
		tx, err := s.wdb.BeginTx(ctx, nil)
		if err != nil {
			return nil, false, internal(err)
		}
		defer tx.Rollback()
		id, err := s.writeReport(ctx, tx, p)
		if err != nil {
			return nil, false, err
		}
		if id != 0 {
			if err := tx.Commit(); err != nil {
				return nil, false, internal(err)
			}
			return p.stored(id), true, nil
		}
		// The same file, added by someone else since it was looked up.
		tx.Rollback()
		if existing, err = s.idBySHA(ctx, p.hash); err == nil && existing == 0 {
			err = nianbao.Errorf(nianbao.EINTERNAL, "数据库错误: 报告 %s 既已存在又找不到", p.hash)
		}
		if err != nil {
			return nil, false, err
		}
	}
	r, err := s.FindReport(ctx, existing)
	return r, false, err
}

// pending is a report read and audited, ready to be written.
type pending struct {
	hash     string
	size     int
	data     []byte
	rep      *nianbao.Report
	key      string // audit.AgencyKey of the body
	linked   bool   // whether neighbouring years are linked: the body and year are known
	prev     *linkedReport
	next     []*linkedReport
	findings []nianbao.Finding
	row      *reportRow
	cells    []cellRow
	now      time.Time
}

// prepareReport does what AddReport does before it writes: it reads the
// file and audits it against the neighbouring years stored. It returns
// the id of the stored report instead when the file is stored already.
func (s *Store) prepareReport(ctx context.Context, name string, data []byte) (*pending, int64, error) {
	f := reader.NewFile(name, data)
	p := &pending{hash: f.SHA256, size: len(data), data: data}
	if id, err := s.idBySHA(ctx, p.hash); err != nil || id != 0 {
		return nil, id, err
	}
	var err error
	if p.rep, err = reader.ReadFile(f); err != nil {
		return nil, 0, err
	}
	p.key = audit.AgencyKey(p.rep.Agency)
	p.linked = p.key != "" && p.rep.Year > 0
	if p.linked {
		if p.prev, err = s.latest(ctx, s.db, p.key, p.rep.Year-1); err != nil {
			return nil, 0, err
		}
		if p.next, err = s.yearReports(ctx, s.db, p.key, p.rep.Year+1); err != nil {
			return nil, 0, err
		}
	}
	p.findings = check(p.rep, p.prev)
	if p.row, err = newReportRow(p.rep, p.findings); err != nil {
		return nil, 0, err
	}
	self := &linkedReport{Report: p.rep}
	for _, n := range p.next {
		n.row.setFindings(check(n.Report, self))
	}
	p.cells = cellRows(p.rep)
	return p, 0, nil
}

// writeReport writes a prepared report in tx and returns its id, or 0
// when the same file has been stored since it was prepared.
func (s *Store) writeReport(ctx context.Context, tx *sql.Tx, p *pending) (int64, error) {
	rep, row := p.rep, p.row
	p.now = time.Now().UTC().Truncate(time.Microsecond)
	if p.linked {
		if s.dialect.lockAgency != "" {
			if _, err := s.exec(ctx, tx, s.dialect.lockAgency, p.key); err != nil {
				return 0, internal(err)
			}
		}
		// Neighbouring years may have been added since they were looked up.
		if id, err := s.latestID(ctx, tx, p.key, rep.Year-1); err != nil {
			return 0, err
		} else if id != p.prev.id() {
			if p.prev, err = s.latest(ctx, tx, p.key, rep.Year-1); err != nil {
				return 0, err
			}
			p.findings = check(rep, p.prev)
			row.setFindings(p.findings)
		}
		if ids, err := s.yearIDs(ctx, tx, p.key, rep.Year+1); err != nil {
			return 0, err
		} else if !slices.Equal(ids, linkedIDs(p.next)) {
			if p.next, err = s.yearReports(ctx, tx, p.key, rep.Year+1); err != nil {
				return 0, err
			}
			self := &linkedReport{Report: rep}
			for _, n := range p.next {
				n.row.setFindings(check(n.Report, self))
			}
		}
	}
	var id int64
	err := s.queryRow(ctx, tx, insertReport,
		p.hash, rep.Source.Name, rep.Source.Format, p.size, rep.Source.Encoding,
		rep.Agency, p.key, rep.Year, string(rep.Template), nullString(rep.PublishedOn),
		row.received, row.outcomes[0], row.outcomes[1], row.outcomes[2], row.outcomes[3], row.outcomes[4], row.outcomes[5],
		row.errors, row.warnings, row.infos, row.late, p.now).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, internal(err)
	}
	if _, err := s.exec(ctx, tx, insertJSON, id, row.report, row.findings); err != nil {
		return 0, internal(err)
	}
	if _, err := s.exec(ctx, tx, insertSource, id, p.data); err != nil {
		return 0, internal(err)
	}
	if err := s.insertCells(ctx, tx, id, p.cells); err != nil {
		return 0, err
	}
	for _, n := range p.next {
		if _, err := s.exec(ctx, tx, updateCounts,
			n.row.errors, n.row.warnings, n.row.infos, n.row.late, p.now, n.ID); err != nil {
			return 0, internal(err)
		}
		if _, err := s.exec(ctx, tx, updateFindings, n.row.findings, n.ID); err != nil {
			return 0, internal(err)
		}
	}
	return id, nil
}

// stored returns the report as stored with id.
func (p *pending) stored(id int64) *nianbao.StoredReport {
	fs := p.findings
	if fs == nil {
		fs = []nianbao.Finding{}
	}
	return &nianbao.StoredReport{ID: id, Report: p.rep, Findings: fs,
		Errors: p.row.errors, Warnings: p.row.warnings, Late: p.row.late, ImportedAt: p.now}
}

// linkedReport is a stored report another one is audited against, or
// that is audited again against another.
type linkedReport struct {
	ID     int64
	Report *nianbao.Report
	row    reportRow // its new findings
}

func (l *linkedReport) id() int64 {
	if l == nil {
		return 0
	}
	return l.ID
}

func linkedIDs(ls []*linkedReport) []int64 {
	ids := make([]int64, len(ls))
	for i, l := range ls {
		ids[i] = l.ID
	}
	return ids
}

// check audits rep against prev, the same body's report for the year before.
func check(rep *nianbao.Report, prev *linkedReport) []nianbao.Finding {
	var opt audit.Options
	if prev != nil {
		opt.Previous = []*nianbao.Report{prev.Report}
	}
	return audit.Check(rep, opt)
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// latestID returns the id of the body's report for year, the latest
// imported if there are several versions, or 0.
func (s *Store) latestID(ctx context.Context, tx *sql.Tx, key string, year int) (int64, error) {
	var id int64
	err := s.queryRow(ctx, tx, latestIDQuery, key, year).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, internal(err)
}

// latest returns the body's report for year (the latest imported if there
// are several versions), or nil.
func (s *Store) latest(ctx context.Context, q querier, key string, year int) (*linkedReport, error) {
	var l linkedReport
	var data []byte
	err := q.QueryRowContext(ctx, `SELECT r.id, j.report FROM reports r JOIN report_json j ON j.report_id = r.id
		WHERE r.agency_key = $1 AND r.year = $2 ORDER BY r.id DESC LIMIT 1`, key, year).Scan(&l.ID, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, internal(err)
	}
	l.Report = new(nianbao.Report)
	if err := json.Unmarshal(data, l.Report); err != nil {
		return nil, internal(fmt.Errorf("report %d: %w", l.ID, err))
	}
	return &l, nil
}

// yearIDs returns the ids of the body's reports for year.
func (s *Store) yearIDs(ctx context.Context, tx *sql.Tx, key string, year int) ([]int64, error) {
	rows, err := s.query(ctx, tx, yearIDsQuery, key, year)
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

// yearReports returns the body's reports for year.
func (s *Store) yearReports(ctx context.Context, q querier, key string, year int) ([]*linkedReport, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, j.report FROM reports r JOIN report_json j ON j.report_id = r.id
		WHERE r.agency_key = $1 AND r.year = $2 ORDER BY r.id`, key, year)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	out := []*linkedReport{}
	for rows.Next() {
		l := &linkedReport{Report: new(nianbao.Report)}
		var data []byte
		if err := rows.Scan(&l.ID, &data); err != nil {
			return nil, internal(err)
		}
		if err := json.Unmarshal(data, l.Report); err != nil {
			return nil, internal(fmt.Errorf("report %d: %w", l.ID, err))
		}
		out = append(out, l)
	}
	return out, internal(rows.Err())
}

// reportRow is what a report is stored as besides its plain fields: its
// JSON, the totals of table 三 the dashboard sums, and its findings.
type reportRow struct {
	report   string
	received sql.NullInt64
	outcomes [len(outcomeKeys)]sql.NullInt64

	findings                string
	errors, warnings, infos int
	late                    bool
}

func newReportRow(rep *nianbao.Report, findings []nianbao.Finding) (*reportRow, error) {
	b, err := rep.MarshalJSON() // compact already: json.Marshal would check and compact it again
	if err != nil {
		return nil, internal(err)
	}
	row := &reportRow{report: string(b)}
	row.received = nullInt(rep.Requests[nianbao.NewReceived][nianbao.ColumnTotal])
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
		row.outcomes[i] = nullInt(n)
	}
	row.setFindings(findings)
	return row, nil
}

func (row *reportRow) setFindings(fs []nianbao.Finding) {
	if fs == nil {
		fs = []nianbao.Finding{}
	}
	b, err := json.Marshal(fs)
	if err != nil {
		panic(err) // plain data
	}
	row.findings = string(b)
	row.errors, row.warnings, row.infos, row.late = 0, 0, 0, false
	for _, f := range fs {
		switch f.Severity {
		case nianbao.SeverityError:
			row.errors++
		case nianbao.SeverityWarning:
			row.warnings++
		default:
			row.infos++
		}
		if f.Rule == lateRule {
			row.late = true
		}
	}
}

// lateRule is the audit rule of a report published after its deadline.
const lateRule = nianbao.RuleLate

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

func nullInt(n nianbao.Num) sql.NullInt64 {
	v, ok := n.Int64()
	return sql.NullInt64{Int64: v, Valid: ok}
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// cellRow is one row of the cells table.
type cellRow struct {
	tbl, row, col string
	value         any // the exact decimal text, or nil
	kind          nianbao.Kind
}

// cellRows lists every cell of tables 二, 三 and 四 that the report
// prints (it has provenance) or states (it holds a number).
func cellRows(rep *nianbao.Report) []cellRow {
	kinds := make(map[nianbao.CellKey]nianbao.Kind, len(rep.Cells))
	for _, c := range rep.Cells {
		kinds[c.CellKey] = c.Kind
	}
	out := make([]cellRow, 0, len(rep.Cells))
	for c := range rep.Template.Cells() {
		n := rep.At(c)
		kind, printed := kinds[c.Key]
		if !printed && !n.Valid() {
			continue
		}
		if !printed {
			kind = nianbao.KindNumber
		}
		row := cellRow{tbl: string(c.Key.Table), row: c.Key.Row, col: c.Key.Column, kind: kind}
		if n.Valid() {
			row.value = n.String()
		}
		out = append(out, row)
	}
	return out
}

// cellChunks are the numbers of cells one INSERT writes: a report's
// cells go in as few statements of these sizes as add up to their number,
// so that there are few statements to prepare and few to run.
var cellChunks = []int{64, 16, 4, 1}

// insertCells inserts a report's cells.
func (s *Store) insertCells(ctx context.Context, tx *sql.Tx, id int64, cells []cellRow) error {
	args := make([]any, 0, 7*cellChunks[0])
	for _, n := range cellChunks {
		for len(cells) >= n {
			args = args[:0]
			for _, c := range cells[:n] {
				// value and exact are the same text: PostgreSQL types a
				// parameter once, so each has its own.
				args = append(args, id, c.tbl, c.row, c.col, c.value, c.value, string(c.kind))
			}
			if _, err := s.exec(ctx, tx, cellInsert(s.dialect, n), args...); err != nil {
				return internal(err)
			}
			cells = cells[n:]
		}
	}
	return nil
}

// cellInsert returns the statement that inserts n cells.
func cellInsert(d dialect, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO cells (report_id, tbl, row_key, col_key, value, exact, kind) VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		if d.name == "sqlite" {
			// Plain ? here: SQLite looks each numbered $N up among
			// those before it, which is slow in a long statement.
			b.WriteString("(?,?,?,?,?,?,?)")
		} else {
			k := 7 * i
			fmt.Fprintf(&b, "($%d,$%d,$%d,$%d,$%d,$%d,$%d)", k+1, k+2, k+3, k+4, k+5, k+6, k+7)
		}
	}
	return b.String()
}

// The statements AddReport runs in its transaction.
const (
	latestIDQuery = `SELECT id FROM reports WHERE agency_key = $1 AND year = $2 ORDER BY id DESC LIMIT 1`
	yearIDsQuery  = `SELECT id FROM reports WHERE agency_key = $1 AND year = $2 ORDER BY id`
	insertReport  = `INSERT INTO reports (sha256, source_name, format, size, encoding,
		agency, agency_key, year, template, published_on,
		received, granted, partially_granted, withheld, unavailable, not_processed, other,
		errors, warnings, infos, late, imported_at, audited_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
		$18, $19, $20, $21, $22, $22)
		ON CONFLICT (sha256) DO NOTHING RETURNING id`
	insertJSON   = `INSERT INTO report_json (report_id, report, findings) VALUES ($1, $2, $3)`
	insertSource = `INSERT INTO sources (report_id, data) VALUES ($1, $2)`
	updateCounts = `UPDATE reports SET errors = $1, warnings = $2, infos = $3, late = $4, audited_at = $5
		WHERE id = $6`
	updateFindings = `UPDATE report_json SET findings = $1 WHERE report_id = $2`
)

// prepare prepares the statements AddReport runs in its transaction, on
// SQLite, whose driver would otherwise parse them again at every call
// (PostgreSQL's driver keeps a cache of prepared statements itself). It
// runs on Open, since the one write connection cannot prepare a
// statement while a transaction holds it.
func (s *Store) prepare(ctx context.Context) error {
	if s.dialect.name != "sqlite" {
		return nil
	}
	s.stmts = map[string]*sql.Stmt{}
	qs := []string{latestIDQuery, yearIDsQuery, insertReport, insertJSON, insertSource, updateCounts, updateFindings}
	for _, n := range cellChunks {
		qs = append(qs, cellInsert(s.dialect, n))
	}
	for _, q := range qs {
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
