package web

import (
	"cmp"
	"context"
	"net/http"
	"strconv"
	"strings"

	"nianbao"
)

// Corrections of misreadings: a reviewer (an administrator, or a
// supervisor within its places) corrects a cell nianbao read wrongly or
// left unread, with a reason; the report page shows the corrected value,
// marks the cell and says what was read, what the file prints there, who
// corrected it and when. A correction records what the document says; it
// never changes what the body published.

// correctors may correct misreadings: the offices, not the bodies.
const correctors = forAdmin | forSupervisor | writes

// correctionsView is the corrections box of the report page.
type correctionsView struct {
	CanCorrect bool
	Cells      []cellOption // every cell of the report's format, for the form
	List       []correctionRow
}

type cellOption struct {
	Key   string // cellField: table/row/column
	Label string
}

type correctionRow struct {
	nianbao.Correction
	Label, At, Href string
}

// correctionKey is how the form names a cell: table/row/column.
func correctionKey(k nianbao.CellKey) string {
	return string(k.Table) + "/" + k.Row + "/" + k.Column
}

func parseCorrectionKey(s string) (nianbao.CellKey, error) {
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return nianbao.CellKey{}, nianbao.Errorf(nianbao.EINVALID, "请选择要更正的单元格")
	}
	return nianbao.CellKey{Table: nianbao.Table(parts[0]), Row: parts[1], Column: parts[2]}, nil
}

// viewCorrections lays out the corrections of sr and the form.
func (s *Server) viewCorrections(ctx context.Context, sr *nianbao.StoredReport) correctionsView {
	var v correctionsView
	if sr.ID == 0 {
		return v
	}
	vw := viewerFrom(ctx)
	v.CanCorrect = s.opt.Reviser != nil && sr.DeletedAt == nil && s.allowed(correctors, vw) == nil && s.revises(vw, sr) == nil
	if v.CanCorrect {
		for c := range sr.Report.Template.Cells() {
			v.Cells = append(v.Cells, cellOption{Key: correctionKey(c.Key), Label: c.Label})
		}
	}
	for _, c := range sr.Corrections {
		row := correctionRow{Correction: c, At: s.stamp(c.At), Label: correctionKey(c.Cell), Href: "#" + cellID(c.Cell)}
		if cell, ok := sr.Report.Template.Cell(c.Cell); ok {
			row.Label = cell.Label
		}
		v.List = append(v.List, row)
	}
	return v
}

// correctionNotes says of each corrected cell what was read, what the
// file prints there, who corrected it, when and why: the cell's tip.
func (s *Server) correctionNotes(sr *nianbao.StoredReport) map[nianbao.CellKey]string {
	notes := map[nianbao.CellKey]string{}
	for _, c := range sr.Corrections {
		note := "已更正：读取为“" + cellWord(c.Read, c.ReadKind) + "”"
		if c.Printed != "" && c.Printed != c.Read {
			note += "（原文“" + c.Printed + "”）"
		}
		note += "，经核对原文件为“" + cellWord(c.Text, c.Kind) + "”（" + cmp.Or(c.By, "命令行") + "，" + s.stamp(c.At) + "）；理由：" + c.Reason
		notes[c.Cell] = note
	}
	return notes
}

// cellWord names what a cell holds for a sentence: a blank is 空白, a
// cell nothing was read in is 未读出.
func cellWord(text string, kind nianbao.Kind) string {
	switch {
	case kind == "":
		return "未读出"
	case kind == nianbao.KindBlank:
		return "空白"
	}
	return text
}

// correctCell corrects the request's report: form values cell
// (table/row/column), text (what the file prints; empty for a blank) and
// reason.
func (s *Server) correctCell(w http.ResponseWriter, r *http.Request) (int64, error) {
	rv, sr, err := s.reviser(w, r)
	if err != nil {
		return 0, err
	}
	if sr.DeletedAt != nil {
		return 0, nianbao.Errorf(nianbao.EINVALID, "报告 %d 已删除，不能更正", sr.ID)
	}
	k, err := parseCorrectionKey(r.PostForm.Get("cell"))
	if err != nil {
		return 0, err
	}
	_, err = rv.CorrectCell(r.Context(), sr.ID, nianbao.Correction{Cell: k, Text: r.PostForm.Get("text"), Reason: r.PostForm.Get("reason")})
	return sr.ID, err
}

// handleCorrect serves POST /reports/{id}/corrections: back to the cell.
func (s *Server) handleCorrect(w http.ResponseWriter, r *http.Request) {
	id, err := s.correctCell(w, r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	k, _ := parseCorrectionKey(r.PostForm.Get("cell"))
	http.Redirect(w, r, "/reports/"+strconv.FormatInt(id, 10)+"#"+cellID(k), http.StatusSeeOther)
}
