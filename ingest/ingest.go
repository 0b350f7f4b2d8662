// Package ingest turns report files into stored reports: it reads a file
// (package reader), audits the report (package audit) against the same
// body's report for the year before, audits the body's reports for the
// year after against it again, and has a store keep it all. Import does
// the same for many files, reading them in parallel and writing them in
// batches; NewService serves a store as a nianbao.ReportService, adding
// reports through ingest.
//
// Which reports are neighbouring years is nianbao.BodyYear's to say; the
// store only keeps and finds reports (package store, or any Store).
package ingest

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"nianbao"
	"nianbao/audit"
	"nianbao/match"
	"nianbao/place"
	"nianbao/reader"
)

// Store is what ingest needs of a store of reports.
type Store interface {
	// ReportID returns the id of the stored report read from the file with
	// this SHA-256, or 0.
	ReportID(ctx context.Context, sha256 string) (int64, error)
	// FindReport returns a stored report with its findings.
	FindReport(ctx context.Context, id int64) (*nianbao.StoredReport, error)
	// YearReports returns what nianbao.ReportTx.YearReports does, outside
	// a transaction.
	YearReports(ctx context.Context, by nianbao.BodyYear) ([]*nianbao.StoredReport, error)
	// BodyPlace returns the placement an office made by hand for the body
	// with this agency key (place.Manual), or the zero Placement.
	BodyPlace(ctx context.Context, agencyKey string) (place.Placement, error)
	// Deadlines returns the local deadlines offices set, which every audit
	// applies (audit.Options.Deadlines).
	Deadlines(ctx context.Context) (audit.Deadlines, error)
	// Write runs f in a write transaction, committed when f returns nil.
	Write(ctx context.Context, f func(nianbao.ReportTx) error) error
}

// Ingester adds report files to a store.
type Ingester struct {
	st Store
	// Read reads one file; nil reads it in this process (reader.ReadFile).
	// A server reading files anyone can upload sets a reader that runs in
	// a child process with a memory limit and a deadline (package isolate).
	Read func(ctx context.Context, f reader.File) (*nianbao.Report, error)
}

// read reads f as the Ingester is set to, then asks the context's accept.
func (in *Ingester) read(ctx context.Context, f reader.File) (*nianbao.Report, error) {
	read := in.Read
	if read == nil {
		read = func(_ context.Context, f reader.File) (*nianbao.Report, error) { return reader.ReadFile(f) }
	}
	rep, err := read(ctx, f)
	if err != nil {
		return nil, err
	}
	if accept := nianbao.AcceptFrom(ctx); accept != nil {
		if err := accept(rep); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// New returns an Ingester adding to st.
func New(st Store) *Ingester { return &Ingester{st: st} }

// AddReport reads, audits and stores a report file (see
// nianbao.ReportService). Everything that takes time — reading the file,
// auditing it against the same body's report for the year before,
// auditing the body's reports for the year after against it — is done
// before the write transaction, so that several calls work in parallel and
// take turns only to write; in the transaction, whatever a neighbouring
// year added meanwhile changed is audited again. To add many files,
// Import is faster.
func (in *Ingester) AddReport(ctx context.Context, name string, data []byte) (*nianbao.StoredReport, bool, error) {
	p, existing, err := in.prepare(ctx, name, data)
	if err != nil {
		return nil, false, err
	}
	if existing == 0 {
		created := false
		err := in.st.Write(ctx, func(tx nianbao.ReportTx) error {
			var err error
			created, err = p.write(ctx, tx)
			return err
		})
		if err != nil {
			return nil, false, err
		}
		if created {
			if again, err := in.auditNewDeadlines(ctx, []*pending{p}); err != nil || !again {
				return p.sr, true, err
			}
			r, err := in.st.FindReport(ctx, p.sr.ID)
			return r, true, err
		}
		// The same file, added by someone else since it was looked up.
		if existing, err = in.existing(ctx, p); err != nil {
			return nil, false, err
		}
	}
	r, err := in.st.FindReport(ctx, existing)
	if err == nil && r.DeletedAt != nil {
		// Stored and deleted: uploading it again does not bring it back
		// past the administrator who may restore it.
		return nil, false, nianbao.Errorf(nianbao.EINVALID, "文件“%s”的报告（编号 %d）已存入并已删除：如需恢复，请管理员在“已删除的报告”页面恢复", name, r.ID)
	}
	return r, false, err
}

// CheckReport reads and audits a file as AddReport does, against the
// stored year before (its digits settled by the stored neighbouring years
// as AddReport settles them), and stores nothing (see
// nianbao.ReportService).
func (in *Ingester) CheckReport(ctx context.Context, name string, data []byte) (*nianbao.StoredReport, error) {
	rep, err := in.read(ctx, reader.NewFile(name, data))
	if err != nil {
		return nil, err
	}
	p := &pending{sr: &nianbao.StoredReport{Report: rep}}
	p.setPlace(place.Locate(rep)) // as audited places it, without a placement by hand
	if p.deadlines, err = in.st.Deadlines(ctx); err != nil {
		return nil, err
	}
	if err := in.auditStored(ctx, p); err != nil {
		return nil, err
	}
	return p.sr, nil
}

// auditStored audits p's report against the stored report of its body's
// year before (its body placed as p keeps it), read outside any
// transaction, its table 二 digits first settled by the stored
// neighbouring years as AddReport settles them.
func (in *Ingester) auditStored(ctx context.Context, p *pending) error {
	rep := p.sr.Report
	if prevYear, nextYear, linked := bodyYear(p.sr).Neighbours(); linked {
		prevs, err := in.st.YearReports(ctx, prevYear)
		if err != nil {
			return err
		}
		p.setPrevious(prevs)
		if hasCandidates(rep) {
			next, err := lastYear(ctx, in.st, nextYear, 0)
			if err != nil {
				return err
			}
			match.Settle(rep, match.Options{Previous: reportOf(p.prev), Next: reportOf(next)})
		}
	}
	p.audit()
	return nil
}

// existing returns the id of the stored report of p's file, which a write
// found stored already.
func (in *Ingester) existing(ctx context.Context, p *pending) (int64, error) {
	id, err := in.st.ReportID(ctx, p.sr.Report.Source.SHA256)
	if err == nil && id == 0 {
		err = nianbao.Errorf(nianbao.EINTERNAL, "数据库错误: 报告 %s 既已存在又找不到", p.sr.Report.Source.SHA256)
	}
	return id, err
}

// pending is a report read and audited, ready to be written.
type pending struct {
	sr   *nianbao.StoredReport
	data []byte
	// The neighbouring years (nianbao.BodyYear.Neighbours), when linked.
	prevYear, nextYear nianbao.BodyYear
	linked             bool
	prev               *nianbao.StoredReport   // the report sr is audited against, or nil
	next               []*nianbao.StoredReport // the reports audited against sr, with their new findings
	place              place.Placement         // where sr's body stands, as sr keeps it
	deadlines          audit.Deadlines         // the local deadlines every audit of p applies
	// Neighbouring years' figures settle digits run together in table 二
	// (see settle).
	reread map[int64]bool          // stored reports settled again with sr: written whole
	after  []*nianbao.StoredReport // the year after next, audited again when next was settled again
}

// setPlace places the report's body: what the audit's deadline rests on
// and what the store keeps.
func (p *pending) setPlace(pl place.Placement) {
	p.place = pl
	p.sr.PlaceKey, p.sr.PlaceKind, p.sr.PlaceNote, p.sr.PlaceManual = place.Key(pl.Code), string(pl.Kind), pl.Note, pl.Manual
}

// prepare does what AddReport does before it writes: it reads the file
// and audits it with the neighbouring years stored. It returns the id of
// the stored report instead when the file is stored already.
func (in *Ingester) prepare(ctx context.Context, name string, data []byte) (*pending, int64, error) {
	f := reader.NewFile(name, data)
	if id, err := in.st.ReportID(ctx, f.SHA256); err != nil || id != 0 {
		return nil, id, err
	}
	rep, err := in.read(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	p, err := in.audited(ctx, &nianbao.StoredReport{Report: rep}, data)
	return p, 0, err
}

// audited places sr's body and audits sr with the neighbouring years
// stored, for writing with data as its source.
func (in *Ingester) audited(ctx context.Context, sr *nianbao.StoredReport, data []byte) (*pending, error) {
	rep := sr.Report
	p := &pending{sr: sr, data: data}
	manual, err := in.st.BodyPlace(ctx, nianbao.AgencyKey(rep.Agency))
	if err != nil {
		return nil, err
	}
	if p.deadlines, err = in.st.Deadlines(ctx); err != nil {
		return nil, err
	}
	p.setPlace(place.Effective(place.Locate(rep), manual))
	p.prevYear, p.nextYear, p.linked = bodyYear(p.sr).Neighbours()
	if p.linked {
		prevs, err := in.st.YearReports(ctx, p.prevYear)
		if err != nil {
			return nil, err
		}
		// A draft is no year's report: the year after is not audited
		// against it (see nianbao.StoredReport.Draft).
		if !sr.Draft {
			if p.next, err = in.st.YearReports(ctx, p.nextYear); err != nil {
				return nil, err
			}
		}
		p.setPrevious(prevs)
	}
	p.audit()
	p.auditNext()
	return p, nil
}

// SaveDraft audits and stores rep as its body's draft for its year,
// replacing the earlier one (see nianbao.ReportService). The draft's
// source is rep as JSON, so that opening it again gives what was typed.
func (in *Ingester) SaveDraft(ctx context.Context, rep *nianbao.Report) (*nianbao.StoredReport, error) {
	if accept := nianbao.AcceptFrom(ctx); accept != nil {
		if err := accept(rep); err != nil {
			return nil, err
		}
	}
	rep.Source = nianbao.Source{}
	data, err := json.Marshal(rep)
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINTERNAL, "草稿无法保存: %v", err)
	}
	sum := sha256.Sum256(data)
	rep.Source = nianbao.Source{Name: draftName(rep), Format: nianbao.FileJSON, SHA256: hex.EncodeToString(sum[:]), Size: len(data)}
	p, err := in.audited(ctx, &nianbao.StoredReport{Report: rep, Draft: true}, data)
	if err != nil {
		return nil, err
	}
	created := false
	err = in.st.Write(ctx, func(tx nianbao.ReportTx) error {
		created, err = p.write(ctx, tx)
		return err
	})
	if err != nil || created {
		return p.sr, err
	}
	// The same draft saved again, unchanged: the stored one is it.
	id, err := in.existing(ctx, p)
	if err != nil {
		return nil, err
	}
	return in.st.FindReport(ctx, id)
}

// draftName names a draft's source file as the clerk would save it.
func draftName(rep *nianbao.Report) string {
	name := cmp.Or(rep.Agency, "未填机关")
	if rep.Year > 0 {
		name += fmt.Sprintf("%d年度", rep.Year)
	}
	return name + "草稿.json"
}

// setPrevious takes the latest stored version of the year before (a body
// may publish a corrected report), as nianbao.PreviousYear does.
func (p *pending) setPrevious(prevs []*nianbao.StoredReport) {
	p.prev = nil
	if len(prevs) > 0 {
		p.prev = prevs[len(prevs)-1]
	}
}

// audit audits the report against the year before.
func (p *pending) audit() {
	var prev *nianbao.Report
	if p.prev != nil {
		prev = p.prev.Report
	}
	check(p.sr, prev, p.place, p.deadlines)
}

// auditNext audits the year after's reports against the report.
func (p *pending) auditNext() {
	for _, n := range p.next {
		check(n, p.sr.Report, storedPlace(n), p.deadlines)
	}
}

// check sets what the audit of sr finds, against prev (the body's report
// for the year before, or nil), with the body placed at pl and the local
// deadlines ds. Every audit ingest runs is this one.
func check(sr *nianbao.StoredReport, prev *nianbao.Report, pl place.Placement, ds audit.Deadlines) {
	opt := audit.Options{Place: pl, Deadlines: ds}
	if prev != nil {
		opt.Previous = []*nianbao.Report{prev}
	}
	sr.SetFindings(audit.Check(sr.Report, opt))
}

// write writes a prepared report in tx, first auditing again with what
// neighbouring years were stored since it was prepared. It reports false
// when the same file has been stored since.
func (p *pending) write(ctx context.Context, tx nianbao.ReportTx) (bool, error) {
	if p.linked {
		ids, err := tx.YearIDs(ctx, p.prevYear)
		if err != nil {
			return false, err
		}
		if last := lastID(ids); last != idOf(p.prev) {
			prevs, err := tx.YearReports(ctx, p.prevYear)
			if err != nil {
				return false, err
			}
			p.setPrevious(prevs)
			p.audit()
		}
		if ids, err = tx.YearIDs(ctx, p.nextYear); err != nil {
			return false, err
		}
		if !p.sr.Draft && !slices.Equal(ids, idsOf(p.next)) {
			if p.next, err = tx.YearReports(ctx, p.nextYear); err != nil {
				return false, err
			}
			p.auditNext()
		}
	}
	if err := p.settle(ctx, tx); err != nil {
		return false, err
	}
	created, err := tx.Add(ctx, p.sr, p.data)
	if err != nil || !created {
		return false, err
	}
	if p.prev != nil && p.reread[p.prev.ID] {
		if err := tx.SetReport(ctx, p.prev); err != nil {
			return false, err
		}
	}
	for _, n := range p.next {
		var err error
		if p.reread[n.ID] {
			err = tx.SetReport(ctx, n)
		} else {
			err = tx.SetFindings(ctx, n.ID, n.Findings)
		}
		if err != nil {
			return false, err
		}
	}
	for _, n := range p.after {
		if err := tx.SetFindings(ctx, n.ID, n.Findings); err != nil {
			return false, err
		}
	}
	return true, nil
}

// bodyYear is where sr stands among its body's reports, its body placed
// as sr keeps it: the reports of one body under other names in the same
// division are its years too (nianbao.BodyYear.SameBody).
func bodyYear(sr *nianbao.StoredReport) nianbao.BodyYear {
	return place.BodyYear(sr.Report, sr.PlaceKey)
}

// storedPlace is the placement a stored report keeps (its candidates are
// not kept); zero for a report stored before reports kept their place, so
// that the audit places it from the report.
func storedPlace(sr *nianbao.StoredReport) place.Placement {
	return place.Placement{Code: place.CodeOf(sr.PlaceKey), Kind: place.Kind(sr.PlaceKind), Note: sr.PlaceNote, Manual: sr.PlaceManual}
}

// hasCandidates reports whether rep left digits of table 二 unread that
// could be cut several ways: a neighbouring year may settle them.
func hasCandidates(rep *nianbao.Report) bool {
	for _, n := range rep.Notes {
		if n.Code == nianbao.NoteCandidates {
			return true
		}
	}
	return false
}

// settle settles, by the neighbouring years' figures, the reports whose
// table 二 has digits only they can settle (match.Settle): the new
// report, with the years before and after as stored, and the stored years
// before and after, with the new report and their other neighbour. It
// works on the reports as read, not on their files, so a report read in a
// child process (package isolate) is settled as one read here is. Since
// match.Settle reads two years jointly from the readings each one's own
// text left, the result is the same whatever order the years arrive in;
// it runs in the write transaction, so that no year stored meanwhile is
// missed. Reports settled are audited again.
func (p *pending) settle(ctx context.Context, tx nianbao.ReportTx) error {
	if !p.linked || (p.prev == nil && len(p.next) == 0) {
		return nil
	}
	var next *nianbao.StoredReport
	if len(p.next) > 0 {
		next = p.next[len(p.next)-1]
	}
	if hasCandidates(p.sr.Report) {
		match.Settle(p.sr.Report, match.Options{Previous: reportOf(p.prev), Next: reportOf(next)})
	}
	if p.prev != nil && hasCandidates(p.prev.Report) {
		before, err := lastYear(ctx, tx, p.prevYear, -1)
		if err != nil {
			return err
		}
		settled, err := settleStored(ctx, tx, p.prev, match.Options{Previous: reportOf(before), Next: p.sr.Report})
		if err != nil {
			return err
		}
		if settled {
			check(p.prev, reportOf(before), storedPlace(p.prev), p.deadlines)
			p.markReread(p.prev.ID)
		}
	}
	for _, n := range p.next {
		if !hasCandidates(n.Report) {
			continue
		}
		after, err := lastYear(ctx, tx, p.nextYear, 1)
		if err != nil {
			return err
		}
		settled, err := settleStored(ctx, tx, n, match.Options{Previous: p.sr.Report, Next: reportOf(after)})
		if err != nil {
			return err
		}
		if settled {
			p.markReread(n.ID)
			if n == next {
				// The year after next is audited against next, which changed.
				if p.after, err = tx.YearReports(ctx, p.nextYear.In(p.nextYear.Year+1)); err != nil {
					return err
				}
				for _, a := range p.after {
					check(a, n.Report, storedPlace(a), p.deadlines)
				}
			}
		}
	}
	p.audit()
	p.auditNext()
	return nil
}

// settleStored settles stored report sr by its neighbouring years and,
// if that changed it, corrects it again: match.Settle starts again from
// the readings the text left, and what reviewers corrected stays
// corrected.
func settleStored(ctx context.Context, tx nianbao.ReportTx, sr *nianbao.StoredReport, opts match.Options) (bool, error) {
	if !match.Settle(sr.Report, opts) {
		return false, nil
	}
	cs, err := tx.Corrections(ctx, sr.ID)
	if err != nil {
		return false, err
	}
	for i := range cs {
		sr.Report.Correct(&cs[i])
	}
	return true, nil
}

// markReread records that the stored report with this id was settled
// again: it is written whole.
func (p *pending) markReread(id int64) {
	if p.reread == nil {
		p.reread = map[int64]bool{}
	}
	p.reread[id] = true
}

// yearReports is what lastYear reads from: a write transaction
// (nianbao.ReportTx) or, outside one, the Store.
type yearReports interface {
	YearReports(ctx context.Context, by nianbao.BodyYear) ([]*nianbao.StoredReport, error)
}

// lastYear returns the latest stored report of the year step years from by.
func lastYear(ctx context.Context, st yearReports, by nianbao.BodyYear, step int) (*nianbao.StoredReport, error) {
	rs, err := st.YearReports(ctx, by.In(by.Year+step))
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return rs[len(rs)-1], nil
}

func reportOf(sr *nianbao.StoredReport) *nianbao.Report {
	if sr == nil {
		return nil
	}
	return sr.Report
}

func idOf(r *nianbao.StoredReport) int64 {
	if r == nil {
		return 0
	}
	return r.ID
}

func idsOf(rs []*nianbao.StoredReport) []int64 {
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

func lastID(ids []int64) int64 {
	if len(ids) == 0 {
		return 0
	}
	return ids[len(ids)-1]
}
