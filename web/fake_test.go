package web_test

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"nianbao"
	"nianbao/audit"
	"nianbao/ingest"
	"nianbao/place"
)

// fakeStore is a plain in-memory store of reports: it keeps what it is
// given and answers from it, as package store does. Reports reach it
// through package ingest (ingest.NewService), which reads, audits and
// links neighbouring years.
type fakeStore struct {
	mu      sync.RWMutex
	reports []*nianbao.StoredReport // by ID-1
	sources [][]byte                // by ID-1
	now     time.Time
	// fail, when set, is returned by every method (to test error pages).
	fail error
}

var _ ingest.ServiceStore = (*fakeStore)(nil)

func newFake() *fakeStore {
	return &fakeStore{now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (s *fakeStore) ReportID(ctx context.Context, sha256 string) (int64, error) {
	if s.fail != nil {
		return 0, s.fail
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.reportID(sha256), nil
}

func (s *fakeStore) reportID(sha256 string) int64 {
	for _, sr := range s.reports {
		if sr.Report.Source.SHA256 == sha256 {
			return sr.ID
		}
	}
	return 0
}

func (s *fakeStore) YearReports(ctx context.Context, by nianbao.BodyYear) ([]*nianbao.StoredReport, error) {
	if s.fail != nil {
		return nil, s.fail
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.yearReports(by), nil
}

// yearReports returns the reports of one body and year, without findings.
func (s *fakeStore) yearReports(by nianbao.BodyYear) []*nianbao.StoredReport {
	out := []*nianbao.StoredReport{}
	for _, sr := range s.reports {
		if b := place.BodyYear(sr.Report, sr.PlaceKey); b.Year == by.Year && b.SameBody(by) {
			out = append(out, &nianbao.StoredReport{ID: sr.ID, Report: sr.Report, ImportedAt: sr.ImportedAt})
		}
	}
	return out
}

// Write runs f holding the store, so that writers take turns. What a
// failed f wrote stays: the tests fail no transaction half-way.
func (s *fakeStore) Write(ctx context.Context, f func(nianbao.ReportTx) error) error {
	if s.fail != nil {
		return s.fail
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return f(fakeTx{s})
}

// fakeTx is a write transaction of a fakeStore, which it holds.
type fakeTx struct{ s *fakeStore }

func (tx fakeTx) YearIDs(ctx context.Context, by nianbao.BodyYear) ([]int64, error) {
	ids := []int64{}
	for _, sr := range tx.s.yearReports(by) {
		ids = append(ids, sr.ID)
	}
	return ids, nil
}

func (tx fakeTx) YearReports(ctx context.Context, by nianbao.BodyYear) ([]*nianbao.StoredReport, error) {
	return tx.s.yearReports(by), nil
}

func (tx fakeTx) Add(ctx context.Context, sr *nianbao.StoredReport, data []byte) (bool, error) {
	s := tx.s
	if s.reportID(sr.Report.Source.SHA256) != 0 {
		return false, nil
	}
	s.now = s.now.Add(time.Minute)
	sr.ID, sr.ImportedAt = int64(len(s.reports)+1), s.now
	kept := *sr
	s.reports = append(s.reports, &kept)
	s.sources = append(s.sources, data)
	return true, nil
}

func (tx fakeTx) SetFindings(ctx context.Context, id int64, fs []nianbao.Finding) error {
	sr := *tx.s.reports[id-1]
	sr.SetFindings(fs)
	tx.s.reports[id-1] = &sr
	return nil
}

func (tx fakeTx) Source(ctx context.Context, id int64) ([]byte, error) {
	return tx.s.sources[id-1], nil
}

func (tx fakeTx) SetReport(ctx context.Context, sr *nianbao.StoredReport) error {
	kept := *sr
	tx.s.reports[sr.ID-1] = &kept
	return nil
}

func (s *fakeStore) FindReport(ctx context.Context, id int64) (*nianbao.StoredReport, error) {
	if s.fail != nil {
		return nil, s.fail
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if id < 1 || id > int64(len(s.reports)) {
		return nil, nianbao.Errorf(nianbao.ENOTFOUND, "没有编号为 %d 的报告", id)
	}
	return s.reports[id-1], nil
}

func (s *fakeStore) Source(ctx context.Context, id int64) (string, []byte, error) {
	sr, err := s.FindReport(ctx, id)
	if err != nil {
		return "", nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return sr.Report.Source.Name, s.sources[id-1], nil
}

func received(sr *nianbao.StoredReport) int64 {
	n, _ := sr.Report.Requests[nianbao.NewReceived][nianbao.ColumnTotal].Int64()
	return n
}

// under reports whether a report placed at key is under the division code.
func under(key int64, code string) bool {
	lo, hi, ok := place.Span(code)
	return ok && lo <= key && key <= hi
}

// selected returns the reports f selects in f's order.
func (s *fakeStore) selected(f nianbao.ReportFilter) ([]*nianbao.StoredReport, error) {
	var out []*nianbao.StoredReport
	is := func(want *bool, got bool) bool { return want == nil || *want == got }
	for _, sr := range s.reports {
		r := sr.Report
		if f.Year != 0 && r.Year != f.Year ||
			f.Q != "" && !strings.Contains(r.Agency, f.Q) ||
			f.Format != "" && r.Source.Format != f.Format ||
			f.Template != "" && r.Template != f.Template ||
			!is(f.HasErrors, sr.Errors > 0) || !is(f.HasWarnings, sr.Warnings > 0) || !is(f.Late, sr.Late) ||
			f.Scope != nil && !f.Scope.Allows(nianbao.AgencyKey(r.Agency), sr.PlaceKey) ||
			!is(f.Draft, sr.Draft) || f.Place != "" && !under(sr.PlaceKey, f.Place) {
			continue
		}
		out = append(out, sr)
	}
	key := cmp.Or(f.Sort, "-imported")
	desc := strings.HasPrefix(key, "-")
	by := map[string]func(a, b *nianbao.StoredReport) int{
		"year":     func(a, b *nianbao.StoredReport) int { return cmp.Compare(a.Report.Year, b.Report.Year) },
		"agency":   func(a, b *nianbao.StoredReport) int { return strings.Compare(a.Report.Agency, b.Report.Agency) },
		"imported": func(a, b *nianbao.StoredReport) int { return a.ImportedAt.Compare(b.ImportedAt) },
		"errors":   func(a, b *nianbao.StoredReport) int { return cmp.Compare(a.Errors, b.Errors) },
		"warnings": func(a, b *nianbao.StoredReport) int { return cmp.Compare(a.Warnings, b.Warnings) },
		"received": func(a, b *nianbao.StoredReport) int { return cmp.Compare(received(a), received(b)) },
	}[strings.TrimPrefix(key, "-")]
	if by == nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "无法按 %q 排序", f.Sort)
	}
	slices.SortStableFunc(out, func(a, b *nianbao.StoredReport) int {
		c := cmp.Or(by(a, b), cmp.Compare(a.ID, b.ID))
		if desc {
			c = -c
		}
		return c
	})
	return out, nil
}

func (s *fakeStore) FindReports(ctx context.Context, f nianbao.ReportFilter) ([]*nianbao.StoredReport, int, error) {
	if s.fail != nil {
		return nil, 0, s.fail
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out, err := s.selected(f)
	if err != nil {
		return nil, 0, err
	}
	total := len(out)
	limit := cmp.Or(f.Limit, 50)
	out = out[min(f.Offset, total):min(f.Offset+limit, total)]
	// List rows are light, as the store's are (see ReportFinder):
	// metadata, 表三 一's total and the counts, nothing else.
	light := make([]*nianbao.StoredReport, len(out))
	for i, sr := range out {
		rep := nianbao.NewReport(sr.Report.Template)
		rep.Agency, rep.Year, rep.PublishedOn, rep.Source = sr.Report.Agency, sr.Report.Year, sr.Report.PublishedOn, sr.Report.Source
		rep.Requests[nianbao.NewReceived][nianbao.ColumnTotal] = sr.Report.Requests[nianbao.NewReceived][nianbao.ColumnTotal]
		light[i] = &nianbao.StoredReport{ID: sr.ID, Report: rep, Errors: sr.Errors, Warnings: sr.Warnings, Late: sr.Late, ImportedAt: sr.ImportedAt,
			PlaceKey: sr.PlaceKey, PlaceKind: sr.PlaceKind, PlaceNote: sr.PlaceNote, PlaceManual: sr.PlaceManual, Draft: sr.Draft}
	}
	return light, total, nil
}

func (s *fakeStore) ExportReports(ctx context.Context, f nianbao.ReportFilter, fn func(*nianbao.StoredReport) error) error {
	if s.fail != nil {
		return s.fail
	}
	s.mu.RLock()
	out, err := s.selected(f)
	s.mu.RUnlock()
	if err != nil {
		return err
	}
	for _, sr := range out {
		rep := *sr.Report
		rep.Sections, rep.Notes = nil, nil
		if err := fn(&nianbao.StoredReport{ID: sr.ID, Report: &rep, Errors: sr.Errors, Warnings: sr.Warnings,
			Late: sr.Late, ImportedAt: sr.ImportedAt}); err != nil {
			return err
		}
	}
	return nil
}

func (s *fakeStore) AgencyReports(ctx context.Context, id int64) ([]*nianbao.StoredReport, error) {
	sr, err := s.FindReport(ctx, id)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	by := place.BodyYear(sr.Report, sr.PlaceKey)
	var out []*nianbao.StoredReport
	for _, o := range s.reports {
		if o == sr || place.BodyYear(o.Report, o.PlaceKey).SameBody(by) {
			out = append(out, o)
		}
	}
	slices.SortStableFunc(out, func(a, b *nianbao.StoredReport) int { return cmp.Compare(a.Report.Year, b.Report.Year) })
	return out, nil
}

func (s *fakeStore) Stats(ctx context.Context, f nianbao.ReportFilter) (*nianbao.Stats, error) {
	if s.fail != nil {
		return nil, s.fail
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := &nianbao.Stats{ByYear: map[int]int{}, ReceivedByYear: map[int]int64{}, Outcomes: map[string]int64{},
		WithErrorsByYear: map[int]int{}, LateByYear: map[int]int{}}
	groups := map[nianbao.Group]string{nianbao.GroupWithheld: "withheld", nianbao.GroupUnavailable: "unavailable",
		nianbao.GroupNotProcessed: "not_processed", nianbao.GroupOther: "other"}
	sel, err := s.selected(f)
	if err != nil {
		return nil, err
	}
	for _, sr := range sel {
		r := sr.Report
		st.Reports++
		st.ByYear[r.Year]++
		st.WithErrorsByYear[r.Year] += 0
		st.LateByYear[r.Year] += 0
		if sr.Errors > 0 {
			st.WithErrors++
			st.WithErrorsByYear[r.Year]++
		}
		if sr.Warnings > 0 {
			st.WithWarnings++
		}
		if sr.Late {
			st.Late++
			st.LateByYear[r.Year]++
		}
		st.ReceivedByYear[r.Year] += received(sr)
		for _, row := range r.OutcomeRows() {
			n, ok := r.Requests[row][nianbao.ColumnTotal].Int64()
			if !ok {
				continue
			}
			key, ok := groups[row.Spec().Group]
			if !ok {
				key = row.Key()
			}
			st.Outcomes[key] += n
		}
	}
	return st, nil
}

// BodyPlace: the fake keeps no manual placements.
func (s *fakeStore) BodyPlace(ctx context.Context, agencyKey string) (place.Placement, error) {
	return place.Placement{}, nil
}

// PlaceBody: the fake keeps no manual placements.
func (s *fakeStore) PlaceBody(ctx context.Context, agencyKey string, p place.Placement, by string) ([]int64, error) {
	return nil, nianbao.Errorf(nianbao.EUNAVAILABLE, "测试用的存储不能人工定位")
}

// Deadlines: the fake keeps no local deadlines.
func (s *fakeStore) Deadlines(ctx context.Context) (audit.Deadlines, error) { return nil, nil }

func (s *fakeStore) DeadlineList(ctx context.Context) ([]audit.DeadlineSetting, error) {
	return nil, nil
}

func (s *fakeStore) SetDeadline(ctx context.Context, d audit.LocalDeadline, by string) ([]int64, error) {
	return nil, nianbao.Errorf(nianbao.EUNAVAILABLE, "测试用的存储不能设置地方期限")
}

func (s *fakeStore) RemoveDeadline(ctx context.Context, d audit.LocalDeadline) ([]int64, error) {
	return nil, nianbao.Errorf(nianbao.EUNAVAILABLE, "测试用的存储不能设置地方期限")
}

// The fake keeps no versions, deletions or corrections: each report is
// its own only version, never deleted, as read.

func (s *fakeStore) UnplacedIDs(ctx context.Context, all bool) ([]int64, error) { return nil, nil }

func (s *fakeStore) Versions(ctx context.Context, id int64) ([]nianbao.Version, error) {
	sr, err := s.FindReport(ctx, id)
	if err != nil {
		return nil, err
	}
	return []nianbao.Version{{ID: id, Name: sr.Report.Source.Name, ImportedAt: sr.ImportedAt, Current: true}}, nil
}

func (tx fakeTx) Corrections(ctx context.Context, id int64) ([]nianbao.Correction, error) {
	return nil, nil
}

var errFakeReview = nianbao.Errorf(nianbao.EUNAVAILABLE, "测试用的存储不保存更正和删除")

func (tx fakeTx) SetCorrection(ctx context.Context, id int64, c *nianbao.Correction, withdraw bool) error {
	return errFakeReview
}

func (tx fakeTx) SetDeleted(ctx context.Context, id int64, deleted bool, reason string) error {
	return errFakeReview
}
