package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"nianbao"
)

var _ nianbao.FindingReviewer = (*Store)(nil)

// reviewKey is where a review is kept: body, year, finding.
func reviewKey(agencyKey string, year int, finding string) string {
	return agencyKey + "\x00" + strconv.Itoa(year) + "\x00" + finding
}

// reviews returns the reviews of the bodies and years of the reports where
// (a filterSQL clause) selects, by reviewKey.
func (s *Store) reviews(ctx context.Context, where string, args []any) (map[string]*nianbao.FindingReview, error) {
	cond := " WHERE EXISTS (SELECT 1 FROM reports WHERE reports.agency_key = fs.agency_key AND reports.year = fs.year)"
	if where != "" {
		cond = " WHERE EXISTS (SELECT 1 FROM reports" + where + " AND reports.agency_key = fs.agency_key AND reports.year = fs.year)"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT fs.agency_key, fs.year, fs.finding_key, fs.state, fs.comment, fs.set_by, fs.set_at
		FROM finding_states fs`+cond, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	out := map[string]*nianbao.FindingReview{}
	for rows.Next() {
		var key, finding string
		var year int
		var rv nianbao.FindingReview
		if err := rows.Scan(&key, &year, &finding, &rv.State, &rv.Comment, &rv.By, &rv.At); err != nil {
			return nil, internal(err)
		}
		rv.At = rv.At.UTC()
		out[reviewKey(key, year, finding)] = &rv
	}
	return out, internal(rows.Err())
}

// attachReviews sets the Review of each of the report's findings that has one.
func attachReviews(sr *nianbao.StoredReport, agencyKey string, rvs map[string]*nianbao.FindingReview) {
	for i := range sr.Findings {
		f := &sr.Findings[i]
		f.Review = rvs[reviewKey(agencyKey, sr.Report.Year, f.Key())]
	}
}

// withReviews gives the findings of stored report sr their reviews.
func (s *Store) withReviews(ctx context.Context, sr *nianbao.StoredReport) error {
	key := nianbao.AgencyKey(sr.Report.Agency)
	if key == "" || len(sr.Findings) == 0 {
		return nil
	}
	rvs, err := s.reviews(ctx, " WHERE reports.id = $1", []any{sr.ID})
	if err != nil {
		return err
	}
	attachReviews(sr, key, rvs)
	return nil
}

// ReviewFinding keeps a reviewer's decision about a finding of report id,
// by the report's body and year and the finding's key, and logs it in the
// same transaction.
func (s *Store) ReviewFinding(ctx context.Context, id int64, key string, state nianbao.FindingState, comment string) (*nianbao.Finding, error) {
	if !state.Valid() {
		return nil, nianbao.Errorf(nianbao.EINVALID, "没有“%s”这种核实状态（可用 verified 已核实、false 误报、fixed 已整改、open 待核实）", state)
	}
	sr, err := s.FindReport(ctx, id)
	if err != nil {
		return nil, err
	}
	agencyKey := nianbao.AgencyKey(sr.Report.Agency)
	if agencyKey == "" {
		return nil, nianbao.Errorf(nianbao.EINVALID, "报告未署机关名称，无法标记核查发现")
	}
	var f *nianbao.Finding
	for i := range sr.Findings {
		if sr.Findings[i].Key() == key {
			f = &sr.Findings[i]
			break
		}
	}
	if f == nil {
		return nil, nianbao.Errorf(nianbao.ENOTFOUND, "报告 %d 没有这条核查发现（可能已在重新核查后消失）", id)
	}
	was := f.State()
	by := nianbao.ActorFrom(ctx).Name
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if state == nianbao.FindingOpen {
			if _, err := tx.ExecContext(ctx, `DELETE FROM finding_states WHERE agency_key = $1 AND year = $2 AND finding_key = $3`,
				agencyKey, sr.Report.Year, key); err != nil {
				return err
			}
			f.Review = nil
		} else {
			rv := &nianbao.FindingReview{State: state, Comment: comment, By: by, At: now()}
			if _, err := tx.ExecContext(ctx, `INSERT INTO finding_states (agency_key, year, finding_key, state, comment, set_by, set_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)
				ON CONFLICT (agency_key, year, finding_key) DO UPDATE SET state = excluded.state,
					comment = excluded.comment, set_by = excluded.set_by, set_at = excluded.set_at`,
				agencyKey, sr.Report.Year, key, string(state), comment, by, rv.At); err != nil {
				return err
			}
			f.Review = rv
		}
		detail := fmt.Sprintf("“%s”：%s → %s", f.Rule.Title(), was.Label(), state.Label())
		if comment != "" {
			detail += "；说明：" + comment
		}
		return s.audit(ctx, tx, &nianbao.AuditEntry{Action: nianbao.ActionFindingState, Report: id, Detail: detail})
	})
	if err != nil {
		return nil, internal(err)
	}
	return f, nil
}

// Problems streams the findings f.Findings selects of the reports f
// selects (see eachFinding): the reports with such a finding, found by
// report_findings, and of their findings those f.Findings matches.
func (s *Store) Problems(ctx context.Context, f nianbao.ReportFilter, fn func(*nianbao.Problem) error) error {
	return s.eachFinding(ctx, f, func(p *nianbao.Problem) error {
		if !f.Findings.Match(&p.Finding) {
			return nil
		}
		return fn(p)
	})
}

// whereSQL is filterSQL's clause, after checking what SQL cannot: the
// state of f.Findings.
func whereSQL(f nianbao.ReportFilter) (string, []any, error) {
	if ff := f.Findings; ff.State != "" && !ff.State.Valid() {
		return "", nil, nianbao.Errorf(nianbao.EINVALID, "没有“%s”这种核实状态", ff.State)
	}
	where, args := filterSQL(f)
	return where, args, nil
}

// eachFinding calls fn with every finding of the reports f selects, in
// f's order, with its review: one query for the reviews of their bodies'
// years, one over the reports' findings (no tables, no provenance), read
// as it goes.
func (s *Store) eachFinding(ctx context.Context, f nianbao.ReportFilter, fn func(*nianbao.Problem) error) error {
	where, args, err := whereSQL(f)
	if err != nil {
		return err
	}
	order, err := s.orderBy(f.Sort)
	if err != nil {
		return err
	}
	rvs, err := s.reviews(ctx, where, args)
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, agency, agency_key, year, d.findings`+dataFrom+where+` ORDER BY `+order, args...)
	if err != nil {
		return internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sr nianbao.StoredReport
		var agency, agencyKey string
		var year int
		var z []byte
		if err := rows.Scan(&sr.ID, &agency, &agencyKey, &year, &z); err != nil {
			return internal(err)
		}
		fs, err := decodeFindings(z)
		if err != nil {
			return internal(fmt.Errorf("report %d findings: %w", sr.ID, err))
		}
		sr.Report, sr.Findings = &nianbao.Report{Agency: agency, Year: year}, fs
		attachReviews(&sr, agencyKey, rvs)
		for i := range fs {
			if err := fn(&nianbao.Problem{Report: sr.ID, Agency: agency, Year: year, Finding: fs[i]}); err != nil {
				return err
			}
		}
	}
	return internal(rows.Err())
}
