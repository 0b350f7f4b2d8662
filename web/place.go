package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"nianbao"
	"nianbao/place"
)

// BodyPlacer keeps the placements offices make by hand (package store):
// PlaceBody places every report of the body with this agency key, and
// those read later, at p (place.Manual), and returns how many it placed.
type BodyPlacer interface {
	PlaceBody(ctx context.Context, agencyKey string, p place.Placement, by string) (int, error)
}

// placers may place a body by hand: the offices, not the bodies.
const placers = forAdmin | forSupervisor | writes

// placeView is where the report's body is placed, for people, and what
// the viewer may do about it.
type placeView struct {
	Name   string // the division's full name and code, "" when unplaced
	Code   string
	Kind   string // the kind's label
	Note   string
	Manual bool
	// Levels links a 本级 report to its place's aggregate, where it is set
	// against the sum of its subordinates' reports (template rule 6); ""
	// for other kinds, an unplaced body, an unknown year or a draft.
	Levels string
	// CanPlace shows the form of manual placement, with the kinds it offers.
	CanPlace bool
	Kinds    []place.Kind
	KindCode string // the report's kind, to preselect
}

func (s *Server) viewPlace(ctx context.Context, sr *nianbao.StoredReport) placeView {
	code := place.CodeOf(sr.PlaceKey)
	v := placeView{Code: code, Kind: place.Kind(sr.PlaceKind).Label(), Note: sr.PlaceNote, Manual: sr.PlaceManual,
		KindCode: sr.PlaceKind, Kinds: place.Kinds}
	if code != "" {
		v.Name = place.Label(code)
		if place.Kind(sr.PlaceKind) == place.KindGovernment && sr.Report.Year > 0 && !sr.Draft {
			v.Levels = "/aggregate?" + url.Values{"place": {code}, "year": {strconv.Itoa(sr.Report.Year)}}.Encode() + "#levels-h"
		}
	}
	v.CanPlace = s.opt.Places != nil && sr.Report.Agency != "" && s.allowed(placers, viewerFrom(ctx)) == nil
	return v
}

// handlePlace serves POST /reports/{id}/place: an office places the
// report's body by hand (a division by name or code, a kind, a note), for
// every year's report of the body. A supervisor places only within its
// own places. The change is in the audit log.
func (s *Server) handlePlace(w http.ResponseWriter, r *http.Request) {
	id, err := s.placeBody(w, r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/reports/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) placeBody(w http.ResponseWriter, r *http.Request) (int64, error) {
	if s.opt.Places == nil {
		return 0, nianbao.Errorf(nianbao.EUNAVAILABLE, "本实例不能人工定位机关")
	}
	if err := parseForm(w, r); err != nil {
		return 0, err
	}
	ctx := r.Context()
	sr, err := s.findReport(r)
	if err != nil {
		return 0, err
	}
	p, err := place.Resolve(r.PostForm.Get("place"))
	if err != nil {
		return 0, err
	}
	manual, err := place.Manual(p.Code, place.Kind(r.PostForm.Get("kind")), strings.TrimSpace(r.PostForm.Get("note")))
	if err != nil {
		return 0, err
	}
	v := viewerFrom(ctx)
	if !v.scope.Allows("", place.Key(manual.Code)) {
		return 0, nianbao.Errorf(nianbao.EFORBIDDEN, "“%s”不在您负责的地区内：只能把机关定位到本账号所辖地区", place.Label(manual.Code))
	}
	n, err := s.opt.Places.PlaceBody(ctx, nianbao.AgencyKey(sr.Report.Agency), manual, v.name())
	if err != nil {
		return 0, err
	}
	if s.opt.Audit != nil {
		was := "未定位"
		if code := place.CodeOf(sr.PlaceKey); code != "" {
			was = place.Label(code)
		}
		detail := fmt.Sprintf("人工定位“%s”：%s → %s（%s），%d 份报告", sr.Report.Agency, was, place.Label(manual.Code),
			place.Effective(place.Placement{Kind: place.Kind(sr.PlaceKind)}, manual).Kind.Label(), n)
		if err := s.opt.Audit.Record(ctx, &nianbao.AuditEntry{Action: nianbao.ActionPlace, Report: sr.ID, Detail: detail}); err != nil {
			s.log.Error("audit log: placement not recorded", "report", sr.ID, "err", err)
		}
	}
	return sr.ID, nil
}
