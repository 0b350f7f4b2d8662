package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"nianbao"
	"nianbao/place"
	"nianbao/roster"
)

// The roster (应报机关名单): the bodies an office expects reports from per
// year, each with its status from the stored reports (已报, 未报, 逾期,
// 未写日期, 有错误). An office (an administrator, or a supervisor within
// its places) imports it or starts it from last year's reports; members
// see the entries of what they answer for (the viewer's own scope: a
// supervisor its places, an editor its body), whether or not the instance
// lets visitors read the reports.

// rosterFor is the rosters as the viewer of ctx may use them: nil for a
// visitor not signed in (the instance may let visitors read the reports,
// never the offices' lists), or when the instance keeps none.
func (s *Server) rosterFor(ctx context.Context) nianbao.RosterService {
	if v := viewerFrom(ctx); v.user == nil && !v.local {
		return nil
	}
	return s.opt.Roster
}

// rosterQuery is what a roster page or export asks for.
type rosterQuery struct {
	Place  place.Place // zero: every place the viewer answers for
	Year   int
	Status nianbao.RosterStatus
	filter nianbao.RosterFilter
}

// defaultRosterYear is the reporting year offices are collecting now: last
// year's, in China's calendar.
func (s *Server) defaultRosterYear() int { return time.Now().In(s.opt.Location).Year() - 1 }

// parseRosterQuery reads place, year and status, and scopes the filter to
// what the viewer answers for.
func (s *Server) parseRosterQuery(ctx context.Context, q url.Values) (*rosterQuery, error) {
	rq := &rosterQuery{Year: s.defaultRosterYear(), Status: nianbao.RosterStatus(q.Get("status"))}
	if y := strings.TrimSpace(q.Get("year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2008 || n > 9998 {
			return nil, nianbao.Errorf(nianbao.EINVALID, "报告年度“%s”无效：请写四位年份", y)
		}
		rq.Year = n
	}
	if p := strings.TrimSpace(q.Get("place")); p != "" {
		pl, err := place.Resolve(p)
		if err != nil {
			return nil, err
		}
		rq.Place = pl
	}
	if rq.Status != "" && !rq.Status.Valid() {
		return nil, nianbao.Errorf(nianbao.EINVALID, "没有“%s”这种报送状态", rq.Status)
	}
	rq.filter = nianbao.RosterFilter{Year: rq.Year, Place: rq.Place.Code, Status: rq.Status, Scope: viewerFrom(ctx).own}
	return rq, nil
}

// QS is the query string of the page, for its export links.
func (rq *rosterQuery) QS() string {
	v := url.Values{"year": {strconv.Itoa(rq.Year)}}
	if rq.Place.Code != "" {
		v.Set("place", rq.Place.Code)
	}
	if rq.Status != "" {
		v.Set("status", string(rq.Status))
	}
	return "?" + v.Encode()
}

var errNoRoster = nianbao.Errorf(nianbao.EUNAVAILABLE, "本实例没有应报名单")

type rosterPage struct {
	page
	Query    *rosterQuery
	Rows     []*nianbao.RosterRow
	Counts   nianbao.RosterCounts
	Statuses []nianbao.RosterStatus
	CanEdit  bool
	Done     string // what the import just did
}

// roster returns the entries rq shows and the counts of all its entries
// whatever their status: one query.
func (s *Server) roster(ctx context.Context, rq *rosterQuery) ([]*nianbao.RosterRow, nianbao.RosterCounts, error) {
	all := rq.filter
	all.Status = ""
	rows, err := s.opt.Roster.Roster(ctx, all)
	if err != nil {
		return nil, nianbao.RosterCounts{}, err
	}
	var shown []*nianbao.RosterRow
	for _, row := range rows {
		if rq.Status == "" || row.Has(rq.Status) {
			shown = append(shown, row)
		}
	}
	return shown, nianbao.CountRoster(rows), nil
}

// handleRoster serves GET /roster: the entries of a year under a place,
// with their statuses and counts.
func (s *Server) handleRoster(w http.ResponseWriter, r *http.Request) {
	if s.opt.Roster == nil {
		s.pageError(w, r, errNoRoster)
		return
	}
	rq, err := s.parseRosterQuery(r.Context(), r.URL.Query())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	shown, counts, err := s.roster(r.Context(), rq)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &rosterPage{page: page{Title: "应报名单", Nav: "roster"}, Query: rq, Rows: shown, Counts: counts,
		Statuses: nianbao.RosterStatuses, CanEdit: s.allowed(reviewers, viewerFrom(r.Context())) == nil, Done: r.URL.Query().Get("done")}
	s.render(w, r, http.StatusOK, "roster", p)
}

// apiRoster serves GET /api/roster with the page's query: the counts and
// the entries, each with its statuses and report.
func (s *Server) apiRoster(w http.ResponseWriter, r *http.Request) {
	if s.opt.Roster == nil {
		s.apiError(w, r, errNoRoster)
		return
	}
	rq, err := s.parseRosterQuery(r.Context(), r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	shown, counts, err := s.roster(r.Context(), rq)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	type entry struct {
		*nianbao.RosterRow
		Statuses []nianbao.RosterStatus `json:"statuses"`
	}
	out := struct {
		Year    int                  `json:"year"`
		Place   string               `json:"place,omitempty"`
		Counts  nianbao.RosterCounts `json:"counts"`
		Entries []entry              `json:"entries"`
	}{Year: rq.Year, Place: rq.Place.Code, Counts: counts, Entries: []entry{}}
	for _, row := range shown {
		out.Entries = append(out.Entries, entry{row, row.Statuses()})
	}
	writeJSON(w, http.StatusOK, out)
}

// mayKeep checks that the viewer answers for the place: an administrator
// (or the local instance) for every place, a supervisor for its places and
// those under them.
func mayKeep(v *viewer, pl place.Place) error {
	if v.own == nil {
		return nil
	}
	lo, hi, _ := place.Span(pl.Code)
	for _, sp := range v.own.Places {
		if sp.Lo <= lo && hi <= sp.Hi {
			return nil
		}
	}
	return nianbao.Errorf(nianbao.EFORBIDDEN, "您的账号不负责%s，不能管理其应报名单", pl.FullName())
}

// handleRosterImport serves POST /roster/import: a year's roster under a
// place from a file (form field file), or from last year's reports (from
// = last_year); replace removes the entries the new list leaves out.
func (s *Server) handleRosterImport(w http.ResponseWriter, r *http.Request) {
	if s.opt.Roster == nil {
		s.pageError(w, r, errNoRoster)
		return
	}
	if err := s.parseForm(w, r); err != nil {
		s.pageError(w, r, err)
		return
	}
	rq, err := s.parseRosterQuery(r.Context(), r.PostForm)
	if err == nil && rq.Place.Code == "" {
		err = nianbao.Errorf(nianbao.EINVALID, "请给出名单所属的地区")
	}
	if err == nil {
		err = mayKeep(viewerFrom(r.Context()), rq.Place)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var entries []nianbao.RosterEntry
	if r.PostForm.Get("from") == "last_year" {
		entries, err = s.opt.Roster.LastYearSet(r.Context(), nianbao.RosterFilter{Year: rq.Year, Place: rq.Place.Code})
		if err == nil && len(entries) == 0 {
			err = nianbao.Errorf(nianbao.EINVALID, "%s %d年度没有已存的报告，无法据以生成名单", rq.Place.FullName(), rq.Year-1)
		}
	} else {
		entries, err = readRosterFile(r, rq)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	res, err := s.opt.Roster.ImportRoster(r.Context(), rq.Place.Code, rq.Year, entries, r.PostForm.Get("replace") != "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	done := "新增 " + strconv.Itoa(res.Added) + " 个，更新 " + strconv.Itoa(res.Updated) + " 个，移除 " + strconv.Itoa(res.Removed) + " 个"
	rq.Status = ""
	http.Redirect(w, r, "/roster"+rq.QS()+"&done="+url.QueryEscape(done), http.StatusSeeOther)
}

// readRosterFile reads the form's roster file.
func readRosterFile(r *http.Request, rq *rosterQuery) ([]nianbao.RosterEntry, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 {
		return nil, nianbao.Errorf(nianbao.EINVALID, "请选择名单文件（Excel 或 CSV），或选择以上年已报的机关为名单")
	}
	fh := r.MultipartForm.File["file"][0]
	f, err := fh.Open()
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "%s: 文件未完整收到", fh.Filename)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "%s: 文件未完整收到", fh.Filename)
	}
	return roster.Read(fh.Filename, data, rq.Place, rq.Year)
}

// handleRosterDelete serves POST /roster/delete: the body named agency
// off the year's roster, when the viewer answers for its entry.
func (s *Server) handleRosterDelete(w http.ResponseWriter, r *http.Request) {
	if s.opt.Roster == nil {
		s.pageError(w, r, errNoRoster)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.pageError(w, r, err)
		return
	}
	rq, err := s.parseRosterQuery(r.Context(), r.PostForm)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	agency := r.PostForm.Get("agency")
	rows, err := s.opt.Roster.Roster(r.Context(), nianbao.RosterFilter{Year: rq.Year, Scope: rq.filter.Scope})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	found := false
	for _, row := range rows {
		found = found || nianbao.AgencyKey(row.Agency) == nianbao.AgencyKey(agency)
	}
	if !found {
		s.pageError(w, r, nianbao.Errorf(nianbao.ENOTFOUND, "您负责的%d年度应报名单中没有“%s”", rq.Year, agency))
		return
	}
	if err := s.opt.Roster.DeleteRosterEntry(r.Context(), rq.Year, agency); err != nil {
		s.pageError(w, r, err)
		return
	}
	rq.Status = ""
	http.Redirect(w, r, "/roster"+rq.QS(), http.StatusSeeOther)
}

// rosterHeader is the roster export's columns.
var rosterHeader = []string{"年度", "地区", "区划代码", "机关", "类别", "报送状态", "报告编号", "发布日期", "待处理的错误", "警告", "名单说明"}

// rosterRow is one entry as the export's cells.
func rosterRow(row *nianbao.RosterRow) []exportCell {
	var labels []string
	for _, st := range row.Statuses() {
		labels = append(labels, st.Label())
	}
	id, published, errs, warns := exportCell{Null: true}, exportCell{Null: true}, exportCell{Null: true}, exportCell{Null: true}
	if sr := row.Report; sr != nil {
		id, published, errs, warns = num(sr.ID), text(sr.Report.PublishedOn), num(int64(row.Errors)), num(int64(sr.Warnings))
	}
	return []exportCell{num(int64(row.Year)), text(placeName(row.Code)), text(row.Code), text(row.Agency), text(place.Kind(row.Kind).Label()),
		text(strings.Join(labels, "、")), id, published, errs, warns, text(row.Note)}
}

// rosterRows is the rows of the roster r asks for (a rowSource).
func (s *Server) rosterRows(r *http.Request, begin func(), row func([]exportCell) error) error {
	if s.opt.Roster == nil {
		return errNoRoster
	}
	rq, err := s.parseRosterQuery(r.Context(), r.URL.Query())
	if err != nil {
		return err
	}
	rows, err := s.opt.Roster.Roster(r.Context(), rq.filter)
	if err != nil {
		return err
	}
	begin()
	for _, x := range rows {
		if err := row(rosterRow(x)); err != nil {
			return err
		}
	}
	return nil
}

// handleRosterCSV serves GET /roster.csv.
func (s *Server) handleRosterCSV(w http.ResponseWriter, r *http.Request) {
	s.exportCSV(w, r, "nianbao-roster.csv", rosterHeader, s.rosterRows)
}

// handleRosterXLSX serves GET /roster.xlsx.
func (s *Server) handleRosterXLSX(w http.ResponseWriter, r *http.Request) {
	s.exportXLSX(w, r, "nianbao-roster.xlsx", "应报名单", rosterHeader, s.rosterRows)
}

// rosterCard is the roster's counts on the dashboard.
type rosterCard struct {
	Year     int
	Place    string // the dashboard's place filter, "" for none
	Counts   nianbao.RosterCounts
	Statuses []nianbao.RosterStatus
}

// rosterCard counts the roster of the dashboard's year (or the year
// offices are collecting now) under its place filter, within what the
// viewer answers for; nil when the instance keeps no rosters or the year
// has none.
func (s *Server) rosterCard(ctx context.Context, f nianbao.ReportFilter) (*rosterCard, error) {
	rs := s.rosterFor(ctx)
	if rs == nil {
		return nil, nil
	}
	c := &rosterCard{Year: f.Year, Place: f.Place, Statuses: nianbao.RosterStatuses}
	if c.Year == 0 {
		c.Year = s.defaultRosterYear()
	}
	rows, err := rs.Roster(ctx, nianbao.RosterFilter{Year: c.Year, Place: f.Place, Scope: viewerFrom(ctx).own})
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	c.Counts = nianbao.CountRoster(rows)
	return c, nil
}

// placeName is a division's full name, for the roster's column.
func placeName(code string) string {
	if p, ok := place.Lookup(code); ok {
		return p.FullName()
	}
	return "未定位"
}
