package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"nianbao"
	"nianbao/place"
)

// The page sizes of FindReports.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// detail is how much of a stored report a query reads.
type detail int

const (
	light   detail = iota // what a list shows (see scanReport)
	tables                // and the tables with their provenance: an export row
	whole                 // and sections, notes and the source's details: the report as read
	audited               // and the findings: the report as stored
)

// The columns of each detail, in the order scanReport reads them, and
// where they are.
const (
	listColumns = `id, sha256, source_name, format, size, encoding, agency, year, template, published_on,
		received, errors, warnings, late, imported_at, place_key, place_kind, place_note, place_manual, draft,
		superseded, deleted_at, deleted_by, deleted_reason, ` + replacesSQL
	dataFrom = ` FROM reports JOIN report_data d ON d.report_id = reports.id`
)

// replacesSQL counts the older versions a report replaced: the body's
// earlier files of the year that are kept and not deleted, so that a list
// says which reports replaced a version (reports_agency_year finds them).
const replacesSQL = `(SELECT COUNT(*) FROM reports o WHERE o.agency_key = reports.agency_key AND o.year = reports.year
		AND o.id < reports.id AND NOT o.draft AND o.deleted_at IS NULL
		AND NOT reports.draft AND reports.agency_key <> '' AND reports.year <> 0)`

var detailColumns = [...]string{
	light:   listColumns,
	tables:  listColumns + `, d.kinds, d.texts, d.cells`,
	whole:   listColumns + `, d.kinds, d.texts, d.cells, d.body`,
	audited: listColumns + `, d.kinds, d.texts, d.cells, d.body, d.findings`,
}

func selectReports(d detail) string {
	if d == light {
		return `SELECT ` + listColumns + ` FROM reports`
	}
	return `SELECT ` + detailColumns[d] + dataFrom
}

// scanReport reads a row of selectReports(d).
//
// A light row gives Agency, Year, Template, PublishedOn, Source (name,
// SHA-256, size, format, encoding) and 表三 一、本年新收 总计 (when it is
// a whole number); the rest of the tables, Sections, Cells and Notes are
// empty, and Findings is nil (Errors, Warnings and Late still count them).
// tables adds every cell and its provenance, whole the sections, notes
// and the rest of Source, audited the findings.
func (s *Store) scanReport(sc interface{ Scan(...any) error }, d detail) (*nianbao.StoredReport, error) {
	var (
		r                      nianbao.StoredReport
		src                    nianbao.Source
		agency, template       string
		year                   int
		published              sql.NullString
		deleted                sql.NullTime
		received               sql.NullInt64
		kinds, texts           string
		cells, body, findingsZ []byte
	)
	dest := []any{&r.ID, &src.SHA256, &src.Name, &src.Format, &src.Size, &src.Encoding, &agency, &year, &template,
		&published, &received, &r.Errors, &r.Warnings, &r.Late, &r.ImportedAt,
		&r.PlaceKey, &r.PlaceKind, &r.PlaceNote, &r.PlaceManual, &r.Draft,
		&r.Superseded, &deleted, &r.DeletedBy, &r.DeletedReason, &r.Replaces}
	if d >= tables {
		dest = append(dest, &kinds, &texts, &cells)
	}
	if d >= whole {
		dest = append(dest, &body)
	}
	if d >= audited {
		dest = append(dest, &findingsZ)
	}
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	r.ImportedAt, r.DeletedAt = r.ImportedAt.UTC(), deletedAt(deleted)
	rep := nianbao.NewReport(nianbao.Template(template))
	rep.Agency, rep.Year, rep.PublishedOn, rep.Source = agency, year, published.String, src
	r.Report = rep
	if d == light {
		if received.Valid {
			rep.Requests[nianbao.NewReceived][nianbao.ColumnTotal] = nianbao.Int(received.Int64)
		}
		return &r, nil
	}
	if err := s.decode(rep, kinds, texts, cells); err != nil {
		return nil, fmt.Errorf("report %d: %w", r.ID, err)
	}
	if d >= whole {
		if err := decodeBody(rep, body); err != nil {
			return nil, fmt.Errorf("report %d: %w", r.ID, err)
		}
	}
	if d >= audited {
		fs, err := decodeFindings(findingsZ)
		if err != nil {
			return nil, fmt.Errorf("report %d findings: %w", r.ID, err)
		}
		r.Findings = fs
	}
	return &r, nil
}

// decode sets rep's tables and provenance from report_data.
func (s *Store) decode(rep *nianbao.Report, kinds, texts string, cells []byte) error {
	l := s.layouts[rep.Template]
	if l == nil {
		return fmt.Errorf("no layout for template %q", rep.Template)
	}
	ts, err := parseTexts(texts, make([]string, 0, len(kinds)))
	if err != nil {
		return err
	}
	if err := l.decodeTables(rep, kinds, ts); err != nil {
		return err
	}
	rep.Cells, err = l.decodeProvenance(cells, kinds, ts)
	return err
}

func decodeBody(rep *nianbao.Report, z []byte) error {
	j, err := inflate(z)
	if err != nil {
		return err
	}
	var b body
	if err := json.Unmarshal(j, &b); err != nil {
		return err
	}
	src := rep.Source
	rep.Preface, rep.Sections, rep.Notes, rep.Source = b.Preface, b.Sections, b.Notes, b.Source
	rep.Source.Name, rep.Source.SHA256, rep.Source.Size, rep.Source.Format, rep.Source.Encoding = src.Name, src.SHA256, src.Size, src.Format, src.Encoding
	return nil
}

func encodeFindings(fs []nianbao.Finding) ([]byte, error) {
	if fs == nil {
		fs = []nianbao.Finding{}
	}
	j, err := json.Marshal(fs)
	if err != nil {
		return nil, err
	}
	return deflate(j), nil
}

func decodeFindings(z []byte) ([]nianbao.Finding, error) {
	j, err := inflate(z)
	if err != nil {
		return nil, err
	}
	fs := []nianbao.Finding{}
	return fs, json.Unmarshal(j, &fs)
}

func notFound(id int64) error {
	return nianbao.Errorf(nianbao.ENOTFOUND, "没有编号为 %d 的报告", id)
}

// FindReport returns the stored report id with its findings.
func (s *Store) FindReport(ctx context.Context, id int64) (*nianbao.StoredReport, error) {
	r, err := s.scanReport(s.db.QueryRowContext(ctx, selectReports(audited)+` WHERE id = $1`, id), audited)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(id)
	} else if err != nil {
		return nil, internal(err)
	}
	if r.Corrections, err = s.corrections(ctx, s.db, id); err != nil {
		return nil, err
	}
	return r, s.withReviews(ctx, r)
}

// ReportID returns the id of the stored report of the file with the given
// SHA-256, or 0.
func (s *Store) ReportID(ctx context.Context, sha256 string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM reports WHERE sha256 = $1`, sha256).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, internal(err)
}

// YearReports returns the stored reports of one body and year (see
// nianbao.ReportTx), read outside any transaction.
func (s *Store) YearReports(ctx context.Context, by nianbao.BodyYear) ([]*nianbao.StoredReport, error) {
	return s.yearReports(ctx, s.db, by)
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

// AgencyReports returns the current stored reports of the body of report
// id, and report id whatever it is, oldest reporting year first (then in
// import order), with findings. A report whose body is unknown has only
// itself.
func (s *Store) AgencyReports(ctx context.Context, id int64) ([]*nianbao.StoredReport, error) {
	var key, agency string
	var placeKey int64
	err := s.db.QueryRowContext(ctx, `SELECT agency_key, agency, place_key FROM reports WHERE id = $1`, id).Scan(&key, &agency, &placeKey)
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
	if placeKey == 0 {
		return s.list(ctx, s.db, selectReports(audited)+` WHERE agency_key = $1 AND (`+currentSQL+` OR id = $2) ORDER BY year, id`, audited, key, id)
	}
	// By its name or its division: one body under the names of its years
	// (nianbao.BodyYear.SameBody).
	rs, err := s.list(ctx, s.db, selectReports(audited)+` WHERE (agency_key = $1 OR place_key = $3) AND (`+currentSQL+` OR id = $2) ORDER BY year, id`, audited, key, id, placeKey)
	return sameBody(rs, place.BodyYear(&nianbao.Report{Agency: agency}, placeKey)), err
}

func (s *Store) list(ctx context.Context, q querier, query string, d detail, args ...any) ([]*nianbao.StoredReport, error) {
	out := []*nianbao.StoredReport{}
	err := s.each(ctx, q, query, d, args, func(r *nianbao.StoredReport) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// each calls fn with every report query selects.
func (s *Store) each(ctx context.Context, q querier, query string, d detail, args []any, fn func(*nianbao.StoredReport) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := s.scanReport(rows, d)
		if err != nil {
			return internal(err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return internal(rows.Err())
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

// orderBy returns the ORDER BY of sort (ReportFilter.Sort). Ties are
// broken by import order, in the same direction; reports whose received
// count is unknown come last.
func (s *Store) orderBy(sort string) (string, error) {
	by := sort
	if by == "" {
		by = "-imported"
	}
	dir := "ASC"
	if strings.HasPrefix(by, "-") {
		dir, by = "DESC", by[1:]
	}
	col, ok := sortColumns[by]
	if !ok {
		return "", nianbao.Errorf(nianbao.EINVALID, "不能按“%s”排序（可用 year、agency、imported、errors、warnings、received，前加“-”为降序）", sort)
	}
	if col == "agency" {
		col = s.dialect.agencyOrder
	}
	order := col + " " + dir
	if col != "id" {
		order += " NULLS LAST, id " + dir
	}
	return order, nil
}

// FindReports returns a page of the reports f selects, as light reports
// (see scanReport: no tables, no findings), and how many it selects in all.
// f.Limit 0 means DefaultLimit, and no page is longer than MaxLimit.
func (s *Store) FindReports(ctx context.Context, f nianbao.ReportFilter) ([]*nianbao.StoredReport, int, error) {
	where, args, err := whereSQL(f)
	if err != nil {
		return nil, 0, err
	}
	order, err := s.orderBy(f.Sort)
	if err != nil {
		return nil, 0, err
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
	q := fmt.Sprintf(`%s%s ORDER BY %s LIMIT %d OFFSET %d`, selectReports(light), where, order, limit, offset)
	out, err := s.list(ctx, s.db, q, light, args...)
	return out, total, err
}

// ExportReports calls fn with every report f selects, in f's order, with
// its tables and provenance (see nianbao.ReportExporter): one query, read
// as it goes.
func (s *Store) ExportReports(ctx context.Context, f nianbao.ReportFilter, fn func(*nianbao.StoredReport) error) error {
	where, args, err := whereSQL(f)
	if err != nil {
		return err
	}
	order, err := s.orderBy(f.Sort)
	if err != nil {
		return err
	}
	return s.each(ctx, s.db, selectReports(tables)+where+` ORDER BY `+order, tables, args, fn)
}

// filterSQL turns the filter's selection (not its paging) into a WHERE
// clause and its arguments.
func filterSQL(f nianbao.ReportFilter) (string, []any) {
	conds := []string{currentSQL}
	if f.Deleted {
		conds = []string{"deleted_at IS NOT NULL"}
	}
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
		if key := nianbao.AgencyKey(q); key != "" && key != q {
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
	if f.Draft != nil {
		conds = append(conds, "draft = "+arg(*f.Draft))
	}
	conds = append(conds, regionSQL(f.Place, f.Scope, arg)...)
	if c := findingSQL(f.Findings, arg); c != "" {
		conds = append(conds, c)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// currentSQL selects the current reports: each body's newest stored
// version of a year that is not deleted (see 0010_versions).
const currentSQL = "NOT superseded AND deleted_at IS NULL"

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }

// Stats summarises the reports f selects; paging and sort are ignored. One
// scan of the reports table, grouped by year: the totals are the years'.
func (s *Store) Stats(ctx context.Context, f nianbao.ReportFilter) (*nianbao.Stats, error) {
	published := false // a draft is nobody's published report
	f.Draft = &published
	where, args, err := whereSQL(f)
	if err != nil {
		return nil, err
	}
	st := &nianbao.Stats{ByYear: map[int]int{}, ReceivedByYear: map[int]int64{}, Outcomes: map[string]int64{},
		WithErrorsByYear: map[int]int{}, LateByYear: map[int]int{}}
	sums := make([]string, len(outcomeKeys))
	for i, k := range outcomeKeys {
		sums[i] = fmt.Sprintf("CAST(COALESCE(SUM(%s), 0) AS BIGINT)", k)
		st.Outcomes[k] = 0
	}
	rows, err := s.db.QueryContext(ctx, `SELECT year, COUNT(*),
		SUM(CASE WHEN errors > 0 THEN 1 ELSE 0 END),
		SUM(CASE WHEN warnings > 0 THEN 1 ELSE 0 END),
		SUM(CASE WHEN late THEN 1 ELSE 0 END),
		CAST(COALESCE(SUM(received), 0) AS BIGINT), `+strings.Join(sums, ", ")+`
		FROM reports`+where+` GROUP BY year`, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var year, n, withErrors, withWarnings, late int
		var received int64
		var outcomes [len(outcomeKeys)]int64
		dest := []any{&year, &n, &withErrors, &withWarnings, &late, &received}
		for i := range outcomes {
			dest = append(dest, &outcomes[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, internal(err)
		}
		st.Reports += n
		st.WithErrors += withErrors
		st.WithWarnings += withWarnings
		st.Late += late
		st.ByYear[year] = n
		st.ReceivedByYear[year] = received
		st.WithErrorsByYear[year] = withErrors
		st.LateByYear[year] = late
		for i, k := range outcomeKeys {
			st.Outcomes[k] += outcomes[i]
		}
	}
	return st, internal(rows.Err())
}
