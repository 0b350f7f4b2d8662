package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"nianbao"
	"nianbao/audit"
	"nianbao/place"
)

// The local deadlines (地方期限): an office (an administrator, or a
// supervisor within its places) sets a date for its region's bodies and a
// reporting year earlier than the law's, as some cities require 1月26日–
// 1月28日; the reports of that year under the region are audited again at
// once, so their 逾期 findings follow. The store logs each change.

// DeadlineKeeper keeps the local deadlines (ingest.Service over package
// store): setting or removing one audits the affected reports again and
// returns how many.
type DeadlineKeeper interface {
	DeadlineList(ctx context.Context) ([]audit.DeadlineSetting, error)
	SetDeadline(ctx context.Context, d audit.LocalDeadline, by string) (int, error)
	RemoveDeadline(ctx context.Context, d audit.LocalDeadline) (int, error)
}

// deadliners may see and set the local deadlines: the offices, not the
// bodies; a supervisor within its places.
const (
	deadlineViewers = forAdmin | forSupervisor
	deadliners      = deadlineViewers | writes
)

var errNoDeadlines = nianbao.Errorf(nianbao.EUNAVAILABLE, "本实例不能设置地方期限")

// deadlineKinds are the kinds a local deadline can bind, "" first: the
// departments and townships together, whose 1月31日 it moves.
var deadlineKinds = []audit.LocalDeadline{{}, {Kind: place.KindDepartment}, {Kind: place.KindTownship}, {Kind: place.KindGovernment}}

type deadlinesPage struct {
	page
	List  []audit.DeadlineSetting
	Kinds []audit.LocalDeadline
	Year  int
	Done  string // what the last change did
}

// deadlines returns the settings within the viewer's places.
func (s *Server) deadlines(ctx context.Context) ([]audit.DeadlineSetting, error) {
	if s.opt.Deadlines == nil {
		return nil, errNoDeadlines
	}
	all, err := s.opt.Deadlines.DeadlineList(ctx)
	if err != nil {
		return nil, err
	}
	v := viewerFrom(ctx)
	var mine []audit.DeadlineSetting
	for _, d := range all {
		if v.scope.Allows("", place.Key(d.Region)) {
			mine = append(mine, d)
		}
	}
	return mine, nil
}

// handleDeadlines serves GET /deadlines: the settings and the form.
func (s *Server) handleDeadlines(w http.ResponseWriter, r *http.Request) {
	list, err := s.deadlines(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "deadlines", &deadlinesPage{page: page{Title: "地方期限", Nav: "roster"},
		List: list, Kinds: deadlineKinds, Year: s.defaultRosterYear(), Done: r.URL.Query().Get("done")})
}

// apiDeadlines serves GET /api/deadlines.
func (s *Server) apiDeadlines(w http.ResponseWriter, r *http.Request) {
	list, err := s.deadlines(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"deadlines": deadlinesJSON(list)})
}

// deadlinesJSON is the settings as the API gives them.
func deadlinesJSON(list []audit.DeadlineSetting) []map[string]any {
	out := []map[string]any{}
	for _, d := range list {
		out = append(out, map[string]any{"region": d.Region, "region_name": place.Label(d.Region), "year": d.Year,
			"kind": d.Kind, "binds": d.KindLabel(), "date": d.Date, "basis": d.Basis, "set_by": d.By, "set_at": d.At})
	}
	return out
}

// changeDeadline reads a setting from the form (place, year, kind, and to
// set, date and basis) and sets it, or with remove removes it; it returns
// what it did, in Chinese.
func (s *Server) changeDeadline(w http.ResponseWriter, r *http.Request, remove bool) (string, error) {
	if s.opt.Deadlines == nil {
		return "", errNoDeadlines
	}
	if err := parseForm(w, r); err != nil {
		return "", err
	}
	f := r.PostForm
	pl, err := place.Resolve(f.Get("place"))
	if err != nil {
		return "", err
	}
	ctx := r.Context()
	v := viewerFrom(ctx)
	if !v.scope.Allows("", place.Key(pl.Code)) {
		return "", nianbao.Errorf(nianbao.EFORBIDDEN, "“%s”不在您负责的地区内：只能为本账号所辖地区设置地方期限", pl.FullName())
	}
	year, err := strconv.Atoi(strings.TrimSpace(f.Get("year")))
	if err != nil {
		return "", nianbao.Errorf(nianbao.EINVALID, "报告年度“%s”无效：请写四位年份", f.Get("year"))
	}
	d := audit.LocalDeadline{Region: pl.Code, Year: year, Kind: place.Kind(f.Get("kind"))}
	what := pl.FullName() + " " + strconv.Itoa(year) + "年度" + d.KindLabel() + "的地方期限"
	var n int
	if remove {
		n, err = s.opt.Deadlines.RemoveDeadline(ctx, d)
		what = "已移除" + what
	} else {
		d.Date, d.Basis = strings.TrimSpace(f.Get("date")), strings.TrimSpace(f.Get("basis"))
		n, err = s.opt.Deadlines.SetDeadline(ctx, d, v.name())
		what += "：" + d.Date
	}
	if err != nil {
		return "", err
	}
	return what + "，重新审核 " + strconv.Itoa(n) + " 份报告", nil
}

// handleSetDeadline serves POST /deadlines, and handleRemoveDeadline
// POST /deadlines/delete: the change, then the page again.
func (s *Server) handleSetDeadline(w http.ResponseWriter, r *http.Request) {
	s.deadlineForm(w, r, false)
}

func (s *Server) handleRemoveDeadline(w http.ResponseWriter, r *http.Request) {
	s.deadlineForm(w, r, true)
}

func (s *Server) deadlineForm(w http.ResponseWriter, r *http.Request, remove bool) {
	done, err := s.changeDeadline(w, r, remove)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/deadlines?"+url.Values{"done": {done}}.Encode(), http.StatusSeeOther)
}

// apiSetDeadline serves POST /api/deadlines, and apiRemoveDeadline POST
// /api/deadlines/delete, with the form's fields.
func (s *Server) apiSetDeadline(w http.ResponseWriter, r *http.Request) { s.deadlineAPI(w, r, false) }

func (s *Server) apiRemoveDeadline(w http.ResponseWriter, r *http.Request) { s.deadlineAPI(w, r, true) }

func (s *Server) deadlineAPI(w http.ResponseWriter, r *http.Request, remove bool) {
	done, err := s.changeDeadline(w, r, remove)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"done": done})
}
