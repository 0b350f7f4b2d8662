package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"nianbao"
	"nianbao/place"
)

var _ nianbao.RosterService = (*Store)(nil)

// rosterPlace checks the place and year a roster is kept for.
func rosterPlace(code string, year int) (place.Place, error) {
	p, ok := place.Lookup(code)
	if !ok {
		return place.Place{}, nianbao.Errorf(nianbao.EINVALID, "应报名单的地区“%s”不在区划表中", code)
	}
	if year < 2008 || year > 9998 {
		return place.Place{}, nianbao.Errorf(nianbao.EINVALID, "应报名单的报告年度“%d”无效", year)
	}
	return p, nil
}

// ImportRoster adds or updates the entries of a year's roster under a
// place (see nianbao.RosterService), in one transaction with its audit
// log entry.
func (s *Store) ImportRoster(ctx context.Context, code string, year int, entries []nianbao.RosterEntry, replace bool) (*nianbao.RosterImport, error) {
	p, err := rosterPlace(code, year)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 && !replace {
		return nil, nianbao.Errorf(nianbao.EINVALID, "应报名单中没有机关")
	}
	keys := map[string]string{} // agency key → the name that first gave it
	for _, e := range entries {
		key := nianbao.AgencyKey(e.Agency)
		switch {
		case key == "":
			return nil, nianbao.Errorf(nianbao.EINVALID, "应报名单中有未写名称的机关")
		case keys[key] != "":
			return nil, nianbao.Errorf(nianbao.EINVALID, "应报名单中“%s”与“%s”是同一机关，只能列一次", keys[key], e.Agency)
		case !p.Contains(e.Code):
			return nil, nianbao.Errorf(nianbao.EINVALID, "“%s”的地区“%s”不在%s之下", e.Agency, place.Label(e.Code), p.FullName())
		}
		keys[key] = e.Agency
	}
	lo, hi, _ := place.Span(p.Code)
	res := &nianbao.RosterImport{}
	by := nianbao.ActorFrom(ctx).Name
	at := now()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		existing := map[string]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT agency_key, place_key BETWEEN $2 AND $3 FROM roster WHERE year = $1`, year, lo, hi)
		if err != nil {
			return err
		}
		var stale []string
		for rows.Next() {
			var key string
			var under bool
			if err := rows.Scan(&key, &under); err != nil {
				rows.Close()
				return err
			}
			existing[key] = true
			if replace && under && keys[key] == "" {
				stale = append(stale, key)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, key := range stale {
			if _, err := tx.ExecContext(ctx, `DELETE FROM roster WHERE year = $1 AND agency_key = $2`, year, key); err != nil {
				return err
			}
		}
		res.Removed = len(stale)
		for _, e := range entries {
			key := nianbao.AgencyKey(e.Agency)
			if existing[key] {
				res.Updated++
			} else {
				res.Added++
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO roster (year, agency_key, agency, place_key, kind, note, added_by, added_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
				ON CONFLICT (year, agency_key) DO UPDATE SET agency = excluded.agency, place_key = excluded.place_key,
					kind = excluded.kind, note = excluded.note, added_by = excluded.added_by, added_at = excluded.added_at`,
				year, key, e.Agency, place.Key(e.Code), e.Kind, e.Note, by, at); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, &nianbao.AuditEntry{Action: nianbao.ActionRosterImport,
			Detail: fmt.Sprintf("%s %d年度应报名单：新增 %d 个，更新 %d 个，移除 %d 个", p.FullName(), year, res.Added, res.Updated, res.Removed)})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// DeleteRosterEntry takes a body off a year's roster.
func (s *Store) DeleteRosterEntry(ctx context.Context, year int, agency string) error {
	key := nianbao.AgencyKey(agency)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM roster WHERE year = $1 AND agency_key = $2`, year, key)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return nianbao.Errorf(nianbao.ENOTFOUND, "%d年度应报名单中没有“%s”", year, agency)
		}
		return s.audit(ctx, tx, &nianbao.AuditEntry{Action: nianbao.ActionRosterDelete,
			Detail: fmt.Sprintf("%d年度应报名单移出“%s”", year, agency)})
	})
}

// Roster returns the entries f selects, each with the body's published
// report of the year: two queries, the entries and the reports of their
// bodies, whatever the reports' own placement (an office expects the body
// where its roster puts it). Of several stored reports of a body's year
// the last stored counts.
func (s *Store) Roster(ctx context.Context, f nianbao.RosterFilter) ([]*nianbao.RosterRow, error) {
	if f.Year <= 0 {
		return nil, nianbao.Errorf(nianbao.EINVALID, "请给出应报名单的报告年度")
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, nianbao.Errorf(nianbao.EINVALID, "没有“%s”这种报送状态", f.Status)
	}
	entries, args := rosterSQL(f, 0)
	rows, err := s.db.QueryContext(ctx, `SELECT year, agency, agency_key, place_key, kind, note, added_by, added_at
		FROM roster`+entries+` ORDER BY place_key, `+s.dialect.agencyOrder, args...)
	if err != nil {
		return nil, internal(err)
	}
	var out []*nianbao.RosterRow
	byKey := map[string]*nianbao.RosterRow{}
	for rows.Next() {
		var r nianbao.RosterRow
		var key string
		var pk int64
		if err := rows.Scan(&r.Year, &r.Agency, &key, &pk, &r.Kind, &r.Note, &r.AddedBy, &r.AddedAt); err != nil {
			rows.Close()
			return nil, internal(err)
		}
		r.Code, r.AddedAt = place.CodeOf(pk), r.AddedAt.UTC()
		out = append(out, &r)
		byKey[key] = &r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err)
	}
	if len(out) == 0 {
		return out, nil
	}
	// The reports: the store's own selection of a year's published
	// reports (filterSQL), narrowed to the bodies of the entries.
	published := false
	where, args := filterSQL(nianbao.ReportFilter{Year: f.Year, Draft: &published})
	sub, subArgs := rosterSQL(f, len(args))
	args = append(args, subArgs...)
	reports, err := s.list(ctx, s.db, selectReports(light)+where+` AND agency_key IN (SELECT agency_key FROM roster`+sub+`) ORDER BY id`, light, args...)
	if err != nil {
		return nil, err
	}
	for _, sr := range reports {
		if r := byKey[nianbao.AgencyKey(sr.Report.Agency)]; r != nil {
			r.Report = sr
		}
	}
	var withErrors []int64
	for _, r := range out {
		if r.Report != nil && r.Report.Errors > 0 {
			r.Errors = r.Report.Errors
			withErrors = append(withErrors, r.Report.ID)
		}
	}
	open, err := s.openErrors(ctx, withErrors)
	if err != nil {
		return nil, err
	}
	for _, r := range out {
		if r.Report == nil {
			continue
		}
		if n, ok := open[r.Report.ID]; ok {
			r.Errors = n
		}
	}
	if f.Status == "" {
		return out, nil
	}
	kept := out[:0]
	for _, r := range out {
		if r.Has(f.Status) {
			kept = append(kept, r)
		}
	}
	return kept, nil
}

// openErrors counts, of the reports with these ids whose body and year
// has a review of a finding, the errors no reviewer has marked 误报 or
// 已整改 (the others' errors are all open): their findings and reviews, in
// two queries. Most reports have none, and their findings stay unread.
func (s *Store) openErrors(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := idList(ids)
	where := " WHERE reports.id IN " + in + ` AND EXISTS (SELECT 1 FROM finding_states r
		WHERE r.agency_key = reports.agency_key AND r.year = reports.year)`
	rvs, err := s.reviews(ctx, where, args)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT reports.id, agency_key, year, d.findings`+dataFrom+where, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sr nianbao.StoredReport
		var key string
		var year int
		var z []byte
		if err := rows.Scan(&sr.ID, &key, &year, &z); err != nil {
			return nil, internal(err)
		}
		if sr.Findings, err = decodeFindings(z); err != nil {
			return nil, internal(fmt.Errorf("report %d findings: %w", sr.ID, err))
		}
		sr.Report = &nianbao.Report{Year: year}
		attachReviews(&sr, key, rvs)
		out[sr.ID] = 0
		for _, f := range sr.Findings {
			if st := f.State(); f.Severity == nianbao.SeverityError && st != nianbao.FindingFalse && st != nianbao.FindingFixed {
				out[sr.ID]++
			}
		}
	}
	return out, internal(rows.Err())
}

// rosterSQL is the WHERE clause of f's entries (its status aside), its
// placeholders numbered after the first n.
func rosterSQL(f nianbao.RosterFilter, n int) (string, []any) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", n+len(args))
	}
	conds := append([]string{"year = " + arg(f.Year)}, regionSQL(f.Place, f.Scope, arg)...)
	return " WHERE " + strings.Join(conds, " AND "), args
}

// LastYearSet returns the bodies with a published report for the year
// before f.Year placed under f.Place, as entries for f.Year (see
// nianbao.RosterService): the name and placement of each body's last
// stored report.
func (s *Store) LastYearSet(ctx context.Context, f nianbao.RosterFilter) ([]nianbao.RosterEntry, error) {
	if _, err := rosterPlace(f.Place, f.Year); err != nil {
		return nil, err
	}
	year := f.Year
	published := false
	where, args := filterSQL(nianbao.ReportFilter{Year: year - 1, Place: f.Place, Draft: &published, Scope: f.Scope})
	reports, err := s.list(ctx, s.db, selectReports(light)+where+` ORDER BY id`, light, args...)
	if err != nil {
		return nil, err
	}
	var out []nianbao.RosterEntry
	seen := map[string]int{}
	for _, sr := range reports {
		key := nianbao.AgencyKey(sr.Report.Agency)
		if key == "" {
			continue
		}
		e := nianbao.RosterEntry{Year: year, Agency: sr.Report.Agency, Code: place.CodeOf(sr.PlaceKey), Kind: sr.PlaceKind,
			Note: fmt.Sprintf("据 %d 年度已存的报告", year-1)}
		if i, ok := seen[key]; ok {
			out[i] = e // the later report's name and placement
			continue
		}
		seen[key] = len(out)
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b nianbao.RosterEntry) int {
		return cmp.Or(strings.Compare(a.Code, b.Code), strings.Compare(a.Agency, b.Agency))
	})
	return out, nil
}
