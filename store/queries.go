package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"nianbao"
	"nianbao/audit"
)

// The page sizes of FindReports.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// The columns of a list row and of a full row, in the order scanReport reads them.
const (
	listColumns = `id, sha256, source_name, format, size, encoding, agency, year, template, published_on,
		received, errors, warnings, late, imported_at`
	fullColumns = listColumns + `, j.report, j.findings`
	// fullFrom is where fullColumns are.
	fullFrom = ` FROM reports JOIN report_json j ON j.report_id = reports.id`
)

// scanReport reads a row of listColumns, or of fullColumns when full.
//
// A full row gives the report as stored, with its findings. A list row
// gives a light report: Agency, Year, Template, PublishedOn, Source (name,
// SHA-256, size, format, encoding) and 表三 一、本年新收 总计 (when it is a
// whole number) are set, the rest of the tables, Sections, Cells and
// Notes are empty, and Findings is nil (Errors, Warnings and Late still
// count them).
func scanReport(sc interface{ Scan(...any) error }, full bool) (*nianbao.StoredReport, error) {
	var (
		r                  nianbao.StoredReport
		src                nianbao.Source
		agency, template   string
		year               int
		published          sql.NullString
		received           sql.NullInt64
		reportJ, findingsJ []byte
	)
	dest := []any{&r.ID, &src.SHA256, &src.Name, &src.Format, &src.Size, &src.Encoding, &agency, &year, &template,
		&published, &received, &r.Errors, &r.Warnings, &r.Late, &r.ImportedAt}
	if full {
		dest = append(dest, &reportJ, &findingsJ)
	}
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	r.ImportedAt = r.ImportedAt.UTC()
	if full {
		r.Report = new(nianbao.Report)
		if err := json.Unmarshal(reportJ, r.Report); err != nil {
			return nil, fmt.Errorf("report %d: %w", r.ID, err)
		}
		if err := json.Unmarshal(findingsJ, &r.Findings); err != nil {
			return nil, fmt.Errorf("report %d findings: %w", r.ID, err)
		}
		return &r, nil
	}
	rep := nianbao.NewReport(nianbao.Template(template))
	rep.Agency, rep.Year, rep.PublishedOn, rep.Source = agency, year, published.String, src
	if received.Valid {
		rep.Requests[nianbao.NewReceived][nianbao.ColumnTotal] = nianbao.Int(received.Int64)
	}
	r.Report = rep
	return &r, nil
}

func notFound(id int64) error {
	return nianbao.Errorf(nianbao.ENOTFOUND, "没有编号为 %d 的报告", id)
}

// FindReport returns the stored report id with its findings.
func (s *Store) FindReport(ctx context.Context, id int64) (*nianbao.StoredReport, error) {
	r, err := scanReport(s.db.QueryRowContext(ctx, `SELECT `+fullColumns+fullFrom+` WHERE id = $1`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(id)
	}
	return r, internal(err)
}

// idBySHA returns the id of the stored report of the file with the given SHA-256, or 0.
func (s *Store) idBySHA(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM reports WHERE sha256 = $1`, hash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, internal(err)
}

// Source returns the name and bytes of the file report id was read from.
func (s *Store) Source(ctx context.Context, id int64) (string, []byte, error) {
	var name string
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT r.source_name, s.data FROM reports r
		JOIN sources s ON s.report_id = r.id WHERE r.id = $1`, id).Scan(&name, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, notFound(id)
	} else if err != nil {
		return "", nil, internal(err)
	}
	return name, data, nil
}

// AgencyReports returns every stored report of the body of report id,
// oldest reporting year first (then in import order), with findings.
// A report whose body is unknown has only itself.
func (s *Store) AgencyReports(ctx context.Context, id int64) ([]*nianbao.StoredReport, error) {
	var key string
	err := s.db.QueryRowContext(ctx, `SELECT agency_key FROM reports WHERE id = $1`, id).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(id)
	} else if err != nil {
		return nil, internal(err)
	}
	if key == "" {
		r, err := s.FindReport(ctx, id)
		if err != nil {
			return nil, err
		}
		return []*nianbao.StoredReport{r}, nil
	}
	return s.list(ctx, `SELECT `+fullColumns+fullFrom+` WHERE agency_key = $1 ORDER BY year, id`, true, key)
}

func (s *Store) list(ctx context.Context, q string, full bool, args ...any) ([]*nianbao.StoredReport, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	out := []*nianbao.StoredReport{}
	for rows.Next() {
		r, err := scanReport(rows, full)
		if err != nil {
			return nil, internal(err)
		}
		out = append(out, r)
	}
	return out, internal(rows.Err())
}

// sortColumns maps ReportFilter.Sort to the columns it orders by.
var sortColumns = map[string]string{
	"year":     "year",
	"agency":   "agency", // see dialect.agencyOrder
	"imported": "id",     // import order
	"errors":   "errors",
	"warnings": "warnings",
	"received": "received",
}

// FindReports returns a page of the reports f selects, as light reports
// (see scanReport: no tables, no findings), and how many it selects in all.
// Ties in the sort order are broken by import order, in the same
// direction; reports whose received count is unknown come last.
// f.Limit 0 means DefaultLimit, and no page is longer than MaxLimit.
func (s *Store) FindReports(ctx context.Context, f nianbao.ReportFilter) ([]*nianbao.StoredReport, int, error) {
	where, args := filterSQL(f)
	sort := f.Sort
	if sort == "" {
		sort = "-imported"
	}
	dir := "ASC"
	if strings.HasPrefix(sort, "-") {
		dir, sort = "DESC", sort[1:]
	}
	col, ok := sortColumns[sort]
	if !ok {
		return nil, 0, nianbao.Errorf(nianbao.EINVALID, "不能按“%s”排序（可用 year、agency、imported、errors、warnings、received，前加“-”为降序）", f.Sort)
	}
	if col == "agency" {
		col = s.dialect.agencyOrder
	}
	order := col + " " + dir
	if col != "id" {
		order += " NULLS LAST, id " + dir
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	offset := max(f.Offset, 0)

	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports`+where, args...).Scan(&total); err != nil {
		return nil, 0, internal(err)
	}
	if total == 0 || offset >= total {
		return []*nianbao.StoredReport{}, total, nil
	}
	q := fmt.Sprintf(`SELECT %s FROM reports%s ORDER BY %s LIMIT %d OFFSET %d`, listColumns, where, order, limit, offset)
	out, err := s.list(ctx, q, false, args...)
	return out, total, err
}

// filterSQL turns the filter's selection (not its paging) into a WHERE
// clause and its arguments.
func filterSQL(f nianbao.ReportFilter) (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.Year != 0 {
		conds = append(conds, "year = "+arg(f.Year))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		// The name as printed, or as normalised (no spaces, half width).
		cond := "agency LIKE " + arg("%"+escapeLike(q)+"%") + ` ESCAPE '\'`
		if key := audit.AgencyKey(q); key != "" && key != q {
			cond = "(" + cond + " OR agency_key LIKE " + arg("%"+escapeLike(key)+"%") + ` ESCAPE '\')`
		}
		conds = append(conds, cond)
	}
	if f.Format != "" {
		conds = append(conds, "format = "+arg(f.Format))
	}
	if f.Template != "" {
		conds = append(conds, "template = "+arg(string(f.Template)))
	}
	if f.HasErrors != nil {
		conds = append(conds, map[bool]string{true: "errors > 0", false: "errors = 0"}[*f.HasErrors])
	}
	if f.HasWarnings != nil {
		conds = append(conds, map[bool]string{true: "warnings > 0", false: "warnings = 0"}[*f.HasWarnings])
	}
	if f.Late != nil {
		conds = append(conds, "late = "+arg(*f.Late))
	}
	if f.Scope != nil {
		conds = append(conds, scopeSQL(f.Scope, arg))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }

// Stats summarises the reports f selects; paging and sort are ignored.
func (s *Store) Stats(ctx context.Context, f nianbao.ReportFilter) (*nianbao.Stats, error) {
	where, args := filterSQL(f)
	st := &nianbao.Stats{ByYear: map[int]int{}, ReceivedByYear: map[int]int64{}, Outcomes: map[string]int64{}}
	sums := make([]string, len(outcomeKeys))
	var outcomes [len(outcomeKeys)]int64
	dest := []any{&st.Reports, &st.WithErrors, &st.WithWarnings, &st.Late}
	for i, k := range outcomeKeys {
		sums[i] = fmt.Sprintf("CAST(COALESCE(SUM(%s), 0) AS BIGINT)", k)
		dest = append(dest, &outcomes[i])
	}
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN errors > 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN warnings > 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN late THEN 1 ELSE 0 END), 0), `+strings.Join(sums, ", ")+`
		FROM reports`+where, args...).Scan(dest...)
	if err != nil {
		return nil, internal(err)
	}
	for i, k := range outcomeKeys {
		st.Outcomes[k] = outcomes[i]
	}
	rows, err := s.db.QueryContext(ctx, `SELECT year, COUNT(*), CAST(COALESCE(SUM(received), 0) AS BIGINT)
		FROM reports`+where+` GROUP BY year`, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var year, n int
		var received int64
		if err := rows.Scan(&year, &n, &received); err != nil {
			return nil, internal(err)
		}
		st.ByYear[year] = n
		st.ReceivedByYear[year] = received
	}
	return st, internal(rows.Err())
}
