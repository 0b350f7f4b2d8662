package web_test

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"time"

	"nianbao"
	"nianbao/audit"
	"nianbao/reader"
)

// fakeService is an in-memory nianbao.ReportService: reports are read with
// reader.Read and audited with audit.Check against the same agency's other
// reports, as the real store does.
type fakeService struct {
	mu      sync.RWMutex
	reports []*nianbao.StoredReport // by ID-1
	keys    []string                // audit.AgencyKey of each report's agency
	sources map[int64]fakeSource
	bySHA   map[string]int64
	now     time.Time
	// fail, when set, is returned by every method (to test error pages).
	fail error
}

type fakeSource struct {
	name string
	data []byte
}

var _ nianbao.ReportService = (*fakeService)(nil)

func newFake() *fakeService {
	return &fakeService{sources: map[int64]fakeSource{}, bySHA: map[string]int64{},
		now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (s *fakeService) AddReport(ctx context.Context, name string, data []byte) (*nianbao.StoredReport, bool, error) {
	if s.fail != nil {
		return nil, false, s.fail
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.bySHA[hash]; ok {
		return s.reports[id-1], false, nil
	}
	rep, err := reader.Read(name, data)
	if err != nil {
		return nil, false, err
	}
	sr := s.store(rep)
	s.sources[sr.ID] = fakeSource{name: name, data: data}
	s.bySHA[hash] = sr.ID
	// Neighbouring years of the same agency are audited against each other.
	key := s.keys[sr.ID-1]
	for i, o := range s.reports {
		if o != sr && key != "" && s.keys[i] == key {
			s.audit(o)
		}
	}
	return sr, true, nil
}

// store keeps an already read report, audits it and gives it an ID.
func (s *fakeService) store(rep *nianbao.Report) *nianbao.StoredReport {
	s.now = s.now.Add(time.Minute)
	sr := &nianbao.StoredReport{ID: int64(len(s.reports) + 1), Report: rep, ImportedAt: s.now}
	s.put(sr)
	s.audit(sr)
	return sr
}

// put keeps a stored report as it is.
func (s *fakeService) put(sr *nianbao.StoredReport) {
	s.reports = append(s.reports, sr)
	s.keys = append(s.keys, audit.AgencyKey(sr.Report.Agency))
}

func (s *fakeService) audit(sr *nianbao.StoredReport) {
	var prev []*nianbao.Report
	key := s.keys[sr.ID-1]
	for i, o := range s.reports {
		if o != sr && key != "" && s.keys[i] == key {
			prev = append(prev, o.Report)
		}
	}
	sr.Findings = audit.Check(sr.Report, audit.Options{Previous: prev})
	sr.Errors, sr.Warnings, sr.Late = 0, 0, false
	for _, f := range sr.Findings {
		switch f.Severity {
		case nianbao.SeverityError:
			sr.Errors++
		case nianbao.SeverityWarning:
			sr.Warnings++
		}
		if f.Rule == "time.late" {
			sr.Late = true
		}
	}
}

func (s *fakeService) FindReport(ctx context.Context, id int64) (*nianbao.StoredReport, error) {
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

func (s *fakeService) Source(ctx context.Context, id int64) (string, []byte, error) {
	if _, err := s.FindReport(ctx, id); err != nil {
		return "", nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	src, ok := s.sources[id]
	if !ok {
		return "", nil, nianbao.Errorf(nianbao.ENOTFOUND, "报告 %d 没有原文件", id)
	}
	return src.name, src.data, nil
}

func received(sr *nianbao.StoredReport) int64 {
	n, _ := sr.Report.Requests[nianbao.NewReceived][nianbao.ColumnTotal].Int64()
	return n
}

func (s *fakeService) selected(f nianbao.ReportFilter) []*nianbao.StoredReport {
	var out []*nianbao.StoredReport
	is := func(want *bool, got bool) bool { return want == nil || *want == got }
	for _, sr := range s.reports {
		r := sr.Report
		if f.Year != 0 && r.Year != f.Year ||
			f.Q != "" && !strings.Contains(r.Agency, f.Q) ||
			f.Format != "" && r.Source.Format != f.Format ||
			f.Template != "" && r.Template != f.Template ||
			!is(f.HasErrors, sr.Errors > 0) || !is(f.HasWarnings, sr.Warnings > 0) || !is(f.Late, sr.Late) {
			continue
		}
		out = append(out, sr)
	}
	return out
}

func (s *fakeService) FindReports(ctx context.Context, f nianbao.ReportFilter) ([]*nianbao.StoredReport, int, error) {
	if s.fail != nil {
		return nil, 0, s.fail
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := s.selected(f)
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
		return nil, 0, nianbao.Errorf(nianbao.EINVALID, "无法按 %q 排序", f.Sort)
	}
	if key != "-imported" {
		slices.SortStableFunc(out, func(a, b *nianbao.StoredReport) int {
			c := by(a, b)
			if desc {
				c = -c
			}
			return cmp.Or(c, cmp.Compare(a.ID, b.ID))
		})
	} else {
		slices.Reverse(out)
	}
	total := len(out)
	limit := cmp.Or(f.Limit, 50)
	out = out[min(f.Offset, total):min(f.Offset+limit, total)]
	// List rows are light, as the store's are (see ReportService):
	// metadata, 表三 一's total and the counts, nothing else.
	light := make([]*nianbao.StoredReport, len(out))
	for i, sr := range out {
		rep := nianbao.NewReport(sr.Report.Template)
		rep.Agency, rep.Year, rep.PublishedOn, rep.Source = sr.Report.Agency, sr.Report.Year, sr.Report.PublishedOn, sr.Report.Source
		rep.Requests[nianbao.NewReceived][nianbao.ColumnTotal] = sr.Report.Requests[nianbao.NewReceived][nianbao.ColumnTotal]
		light[i] = &nianbao.StoredReport{ID: sr.ID, Report: rep, Errors: sr.Errors, Warnings: sr.Warnings, Late: sr.Late, ImportedAt: sr.ImportedAt}
	}
	return light, total, nil
}

func (s *fakeService) AgencyReports(ctx context.Context, id int64) ([]*nianbao.StoredReport, error) {
	sr, err := s.FindReport(ctx, id)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	key := s.keys[id-1]
	var out []*nianbao.StoredReport
	for i, o := range s.reports {
		if o == sr || key != "" && s.keys[i] == key {
			out = append(out, o)
		}
	}
	slices.SortStableFunc(out, func(a, b *nianbao.StoredReport) int { return cmp.Compare(a.Report.Year, b.Report.Year) })
	return out, nil
}

func (s *fakeService) Stats(ctx context.Context, f nianbao.ReportFilter) (*nianbao.Stats, error) {
	if s.fail != nil {
		return nil, s.fail
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := &nianbao.Stats{ByYear: map[int]int{}, ReceivedByYear: map[int]int64{}, Outcomes: map[string]int64{}}
	groups := map[nianbao.Group]string{nianbao.GroupWithheld: "withheld", nianbao.GroupUnavailable: "unavailable",
		nianbao.GroupNotProcessed: "not_processed", nianbao.GroupOther: "other"}
	for _, sr := range s.selected(f) {
		r := sr.Report
		st.Reports++
		if sr.Errors > 0 {
			st.WithErrors++
		}
		if sr.Warnings > 0 {
			st.WithWarnings++
		}
		if sr.Late {
			st.Late++
		}
		st.ByYear[r.Year]++
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
