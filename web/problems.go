package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// The reviews of findings and the problem list: a reviewer (an
// administrator, or a supervisor within its places) marks a finding
// 已核实, 误报 or 已整改 with a comment; the problem list is the findings of
// the filtered reports as one table, for the page, its print view and the
// CSV and XLSX an office sends out in its 通报.

// reviewers may review findings: the offices, not the bodies.
const reviewers = forAdmin | forSupervisor | writes

// maxCommentRunes caps a review's comment.
const maxCommentRunes = 500

// canReview reports whether the viewer of ctx may review findings here.
func (s *Server) canReview(ctx context.Context) bool {
	return s.opt.Reviews != nil && s.allowed(reviewers, viewerFrom(ctx)) == nil
}

// handleReviewFinding serves POST /reports/{id}/findings: the finding with
// form value key gets form values state and comment. A supervisor reviews
// only the reports of its places (the scoped FindReport refuses others).
func (s *Server) handleReviewFinding(w http.ResponseWriter, r *http.Request) {
	if s.opt.Reviews == nil {
		s.pageError(w, r, nianbao.Errorf(nianbao.EUNAVAILABLE, "本实例不能标记核查发现"))
		return
	}
	if err := parseForm(w, r); err != nil {
		s.pageError(w, r, err)
		return
	}
	sr, err := s.findReport(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	comment := strings.TrimSpace(r.PostForm.Get("comment"))
	if utf8.RuneCountInString(comment) > maxCommentRunes {
		s.pageError(w, r, nianbao.Errorf(nianbao.EINVALID, "说明过长：最多 %d 个字", maxCommentRunes))
		return
	}
	key := r.PostForm.Get("key")
	if _, err := s.opt.Reviews.ReviewFinding(r.Context(), sr.ID, key, nianbao.FindingState(r.PostForm.Get("state")), comment); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/reports/"+strconv.FormatInt(sr.ID, 10)+"#findings", http.StatusSeeOther)
}

// problemHeader is the problem list's columns.
var problemHeader = []string{"报告编号", "机关", "年度", "规则", "严重程度", "问题", "涉及单元格", "核实状态", "核实说明", "核实人", "核实时间"}

// problemRow is one finding as the list's cells.
func (s *Server) problemRow(p *nianbao.Problem) []exportCell {
	f := &p.Finding
	year := exportCell{Null: true}
	if p.Year > 0 {
		year = num(int64(p.Year))
	}
	labels := make([]string, len(f.Cells))
	for i, c := range f.Cells {
		labels[i] = c.Label
		if c.Year != 0 {
			labels[i] = strconv.Itoa(c.Year) + "年" + c.Label
		}
	}
	var comment, by, at string
	if rv := f.Review; rv != nil {
		comment, by, at = rv.Comment, rv.By, s.stamp(rv.At)
	}
	return []exportCell{num(p.Report), text(p.Agency), year, text(f.Rule.Title()), text(f.Severity.Label()),
		text(f.Message), text(strings.Join(labels, "、")), text(f.State().Label()), text(comment), text(by), text(at)}
}

// problems streams the rows of the problem list r asks for; begin is
// called before the first row or, when there is none, once the store
// answered, so that a failure to start is still an error page.
func (s *Server) problems(r *http.Request, lq *listQuery, begin func(), row func([]exportCell) error) error {
	if s.opt.Reviews == nil {
		return nianbao.Errorf(nianbao.EUNAVAILABLE, "本实例没有问题清单")
	}
	f := lq.filter
	f.Scope = viewerFrom(r.Context()).scope
	started := false
	err := s.opt.Reviews.Problems(r.Context(), f, func(p *nianbao.Problem) error {
		if !started {
			started = true
			begin()
		}
		return row(s.problemRow(p))
	})
	if err == nil && !started {
		begin()
	}
	return err
}

type problemsPage struct {
	page
	Query  *listQuery
	Rows   [][]exportCell
	Header []string
}

// handleProblems serves GET /problems: the list as a page, which prints
// as the 通报's table (the print stylesheet drops the navigation).
func (s *Server) handleProblems(w http.ResponseWriter, r *http.Request) {
	lq, err := parsePublishedQuery(r.URL.Query())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &problemsPage{page: page{Title: "问题清单", Nav: "problems"}, Query: lq, Header: problemHeader}
	if err := s.problems(r, lq, func() {}, func(cells []exportCell) error {
		p.Rows = append(p.Rows, cells)
		return nil
	}); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "problems", p)
}

// problemRows is the rows of the problem list r asks for.
func (s *Server) problemRows(r *http.Request, begin func(), row func([]exportCell) error) error {
	lq, err := parsePublishedQuery(r.URL.Query())
	if err != nil {
		return err
	}
	return s.problems(r, lq, begin, row)
}

// handleProblemsCSV serves GET /problems.csv.
func (s *Server) handleProblemsCSV(w http.ResponseWriter, r *http.Request) {
	s.exportCSV(w, r, "nianbao-problems.csv", problemHeader, s.problemRows)
}

// handleProblemsXLSX serves GET /problems.xlsx.
func (s *Server) handleProblemsXLSX(w http.ResponseWriter, r *http.Request) {
	s.exportXLSX(w, r, "nianbao-problems.xlsx", "问题清单", problemHeader, s.problemRows)
}
