package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"nianbao"
)

// Versions and soft deletion: the report page lists the versions of the
// body's report for the year (the newest current, the others kept), an
// office deletes a report softly for a reason, an administrator restores
// it from the list of deleted reports. Both are logged in the store.

// Who may delete and who may restore: the offices within their places
// delete, an administrator alone restores.
const (
	deleters  = forAdmin | forSupervisor | writes
	restorers = forAdmin | writes
)

// versionsView is the versions box of the report page.
type versionsView struct {
	List []versionView // every version, oldest first; empty when the report has only itself
	// ReplacedBy is the version that replaced this one, nil when it is
	// current (or deleted, or the only one).
	ReplacedBy *versionView
	// Deleted says the report is deleted: when, by whom, why.
	Deleted    string
	CanDelete  bool
	CanRestore bool
}

type versionView struct {
	nianbao.Version
	This bool // the version the page shows
}

// viewVersions lays out the versions of sr and what the viewer may do.
func (s *Server) viewVersions(ctx context.Context, sr *nianbao.StoredReport) versionsView {
	var v versionsView
	if s.opt.Reviser == nil || sr.ID == 0 {
		return v
	}
	vw := viewerFrom(ctx)
	if sr.DeletedAt != nil {
		v.Deleted = "此报告已于 " + s.stamp(*sr.DeletedAt) + " 删除"
		if sr.DeletedBy != "" {
			v.Deleted += "（" + sr.DeletedBy + "）"
		}
		if sr.DeletedReason != "" {
			v.Deleted += "，理由：" + sr.DeletedReason
		}
		v.Deleted += "。它不计入列表、统计和导出；管理员可恢复。"
	}
	v.CanDelete = sr.DeletedAt == nil && s.allowed(deleters, vw) == nil && s.revises(vw, sr) == nil
	v.CanRestore = sr.DeletedAt != nil && s.allowed(restorers, vw) == nil
	vs, err := s.opt.Reviser.Versions(ctx, sr.ID)
	if err != nil {
		s.log.Error("versions not listed", "report", sr.ID, "err", err)
		return v
	}
	if len(vs) < 2 {
		return v
	}
	for i, x := range vs {
		v.List = append(v.List, versionView{Version: x, This: x.ID == sr.ID})
		if x.ID > sr.ID && x.DeletedAt == nil && v.ReplacedBy == nil && sr.Superseded {
			v.ReplacedBy = &v.List[i]
		}
	}
	return v
}

// revises returns nil when the viewer answers for sr — an administrator,
// or a supervisor whose places hold it — else why not: a supervisor on an
// instance that lets it read every report still revises only its own.
func (s *Server) revises(v *viewer, sr *nianbao.StoredReport) error {
	if !v.own.Allows(nianbao.AgencyKey(sr.Report.Agency), sr.PlaceKey) {
		return nianbao.Errorf(nianbao.EFORBIDDEN, "这份报告不在您负责的地区内：只能审核本账号所辖地区的报告")
	}
	return nil
}

// reviser returns the reviser and the report of the request, which the
// viewer must answer for.
func (s *Server) reviser(w http.ResponseWriter, r *http.Request) (nianbao.Reviser, *nianbao.StoredReport, error) {
	if s.opt.Reviser == nil {
		return nil, nil, nianbao.Errorf(nianbao.EUNAVAILABLE, "本实例不能删除、恢复或更正报告")
	}
	if err := parseForm(w, r); err != nil {
		return nil, nil, err
	}
	sr, err := s.findReport(r)
	if err != nil {
		return nil, nil, err
	}
	if err := s.revises(viewerFrom(r.Context()), sr); err != nil {
		return nil, nil, err
	}
	return s.opt.Reviser, sr, nil
}

// deleteReport deletes the request's report softly, for form value reason.
func (s *Server) deleteReport(w http.ResponseWriter, r *http.Request) (int64, error) {
	rv, sr, err := s.reviser(w, r)
	if err != nil {
		return 0, err
	}
	return sr.ID, rv.DeleteReport(r.Context(), sr.ID, r.PostForm.Get("reason"))
}

// restoreReport restores the request's report.
func (s *Server) restoreReport(w http.ResponseWriter, r *http.Request) (int64, error) {
	rv, sr, err := s.reviser(w, r)
	if err != nil {
		return 0, err
	}
	return sr.ID, rv.RestoreReport(r.Context(), sr.ID)
}

// handleDelete serves POST /reports/{id}/delete: back to the report page,
// which says it is deleted.
func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	s.afterRevision(w, r, s.deleteReport)
}

// handleRestore serves POST /reports/{id}/restore.
func (s *Server) handleRestore(w http.ResponseWriter, r *http.Request) {
	s.afterRevision(w, r, s.restoreReport)
}

// afterRevision runs a revision of a form and returns to the report page.
func (s *Server) afterRevision(w http.ResponseWriter, r *http.Request, f func(http.ResponseWriter, *http.Request) (int64, error)) {
	id, err := f(w, r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/reports/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// apiRevision serves a revision of the JSON API: the report as it now
// is, or for a deletion (after which only an administrator sees it) its
// id and that it is deleted.
func (s *Server) apiRevision(f func(http.ResponseWriter, *http.Request) (int64, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := f(w, r)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		sr, err := s.svc.FindReport(r.Context(), id)
		switch {
		case nianbao.ErrorCode(err) == nianbao.ENOTFOUND:
			writeJSON(w, http.StatusOK, map[string]any{"id": id, "deleted": true})
		case err != nil:
			s.apiError(w, r, err)
		default:
			writeJSON(w, http.StatusOK, sr)
		}
	}
}

// apiVersions serves GET /api/reports/{id}/versions.
func (s *Server) apiVersions(w http.ResponseWriter, r *http.Request) {
	if s.opt.Reviser == nil {
		s.apiError(w, r, nianbao.Errorf(nianbao.EUNAVAILABLE, "本实例不保存报告的版本"))
		return
	}
	sr, err := s.findReport(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	vs, err := s.opt.Reviser.Versions(r.Context(), sr.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"versions": vs})
}

// deletedPage is the administrator's list of deleted reports.
type deletedPage struct {
	page
	Reports []deletedView
	Total   int
}

type deletedView struct {
	*nianbao.StoredReport
	At string
}

// handleDeleted serves GET /deleted: the reports deleted softly, newest
// first, each with who deleted it, when, why, and a restore button.
func (s *Server) handleDeleted(w http.ResponseWriter, r *http.Request) {
	list, total, err := s.svc.FindReports(r.Context(), nianbao.ReportFilter{Deleted: true, Limit: 500})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &deletedPage{page: page{Title: "已删除的报告", Nav: "deleted"}, Total: total}
	for _, sr := range list {
		p.Reports = append(p.Reports, deletedView{StoredReport: sr, At: s.stamp(deref(sr.DeletedAt))})
	}
	s.render(w, r, http.StatusOK, "deleted", p)
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
