package web

import (
	"net/http"
	"strings"

	"nianbao"
)

// comparison is one agency's reports side by side, oldest year first:
// every cell a row, each report a column.
type comparison struct {
	Agency   string           `json:"agency"`
	Reports  []reportSummary  `json:"reports"`
	Rows     []compareRow     `json:"rows"`
	Findings []compareFinding `json:"findings"` // the cross-year findings of every report
}

type compareRow struct {
	Table   nianbao.Table  `json:"table"`
	Row     string         `json:"row"`
	Column  string         `json:"column"`
	Label   string         `json:"label"`
	Values  []compareValue `json:"values"`  // one per report, in the order of reports
	Changed bool           `json:"changed"` // some value differs from the year before's
}

type compareValue struct {
	Text    string       `json:"text"`            // as printed: the number, the mark, "" for blank
	Kind    nianbao.Kind `json:"kind,omitempty"`  // "" when the report's format has no such cell
	Changed bool         `json:"changed"`         // differs from the previous report's
	Delta   string       `json:"delta,omitempty"` // the change, when both are numbers
	// Severity and Messages: the cross-year findings about this cell.
	Severity nianbao.Severity `json:"severity,omitempty"`
	Messages []string         `json:"messages,omitempty"`
}

// Class is the cell's CSS class.
func (v compareValue) Class() string {
	c := []string{"num"}
	if v.Kind == "" {
		c = append(c, "na")
	}
	if v.Changed {
		c = append(c, "changed")
	}
	if v.Severity != "" {
		c = append(c, "finding", "finding-"+string(v.Severity))
	}
	return strings.Join(c, " ")
}

// Title is the cell's tooltip.
func (v compareValue) Title() string {
	var lines []string
	if v.Delta != "" {
		lines = append(lines, "较上一份报告 "+v.Delta)
	} else if v.Changed {
		lines = append(lines, "与上一份报告不同")
	}
	return strings.Join(append(lines, v.Messages...), "\n")
}

type compareFinding struct {
	ReportID int64 `json:"report_id"`
	Year     int   `json:"year"`
	nianbao.Finding
}

// isCrossYear reports whether f compares a report with another year's.
func isCrossYear(f *nianbao.Finding) bool {
	if f.Rule.CrossYear() {
		return true
	}
	for _, c := range f.Cells {
		if c.Year != 0 {
			return true
		}
	}
	return false
}

func (s *Server) compare(r *http.Request) (*comparison, error) {
	id, err := reportID(r)
	if err != nil {
		return nil, err
	}
	reports, err := s.svc.AgencyReports(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if len(reports) == 0 {
		return nil, nianbao.Errorf(nianbao.ENOTFOUND, "没有编号为 %d 的报告", id)
	}
	return buildComparison(reports), nil
}

func buildComparison(reports []*nianbao.StoredReport) *comparison {
	cmp := &comparison{Agency: reports[len(reports)-1].Report.Agency, Rows: []compareRow{}, Findings: []compareFinding{}}
	idx := make([]cellIndex, len(reports))
	col := map[int]int{} // reporting year → column, for cells of another year's report
	for i, sr := range reports {
		cmp.Reports = append(cmp.Reports, summarize(sr))
		idx[i] = sr.Report.CellIndex()
		if y := sr.Report.Year; y > 0 {
			col[y] = i
		}
	}
	type mark struct {
		sev  nianbao.Severity
		msgs []string
	}
	marks := map[nianbao.CellKey]map[int]*mark{}
	for i, sr := range reports {
		for j := range sr.Findings {
			f := &sr.Findings[j]
			if !isCrossYear(f) {
				continue
			}
			cmp.Findings = append(cmp.Findings, compareFinding{ReportID: sr.ID, Year: sr.Report.Year, Finding: *f})
			for _, c := range f.Cells {
				at := i
				if c.Year != 0 {
					var ok bool
					if at, ok = col[c.Year]; !ok {
						continue
					}
				}
				k := nianbao.CellKey{Table: c.Table, Row: c.Row, Column: c.Column}
				if marks[k] == nil {
					marks[k] = map[int]*mark{}
				}
				m := marks[k][at]
				if m == nil {
					m = &mark{sev: f.Severity}
					marks[k][at] = m
				}
				if f.Severity.Rank() < m.sev.Rank() {
					m.sev = f.Severity
				}
				m.msgs = append(m.msgs, f.Severity.Label()+"："+f.Message)
			}
		}
	}
	// Every cell some report prints is a row (a 2021 report's single
	// （六）其他处理 row appears only when a report prints it so).
	for _, cc := range nianbao.AllCells() {
		row := compareRow{Table: cc.Key.Table, Row: cc.Key.Row, Column: cc.Key.Column, Label: cc.Heading}
		stated := false // some report prints the cell
		var prev *nianbao.Printed
		for i, sr := range reports {
			var v compareValue
			var p nianbao.Printed
			if prints(sr.Report.Template, cc) {
				p = sr.Report.Printed(idx[i], cc.Key)
				stated = stated || p.Kind != ""
				v = compareValue{Text: p.Text, Kind: p.Kind}
				if v.Kind == "" {
					v.Kind = nianbao.KindBlank // in the format but not printed
				}
				if prev != nil && !p.Same(*prev) {
					v.Changed, row.Changed = true, true
					if p.Num.Valid() && prev.Num.Valid() {
						d := p.Num.Sub(prev.Num)
						v.Delta = d.String()
						if !d.Negative() {
							v.Delta = "+" + v.Delta
						}
					}
				}
				prev = &p
			}
			if m := marks[cc.Key][i]; m != nil {
				v.Severity, v.Messages = m.sev, m.msgs
			}
			row.Values = append(row.Values, v)
		}
		if stated {
			cmp.Rows = append(cmp.Rows, row)
		}
	}
	return cmp
}

type comparePage struct {
	page
	*comparison
	ID          int64
	OnlyChanged bool
	Shown       []compareRow
}

// handleCompare serves GET /reports/{id}/compare (?changed=1 shows only
// the cells that changed).
func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	cmp, err := s.compare(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	id, _ := reportID(r)
	p := &comparePage{page: page{Title: cmp.Agency + " 历年对比", Nav: "reports"}, comparison: cmp, ID: id,
		OnlyChanged: r.URL.Query().Get("changed") == "1"}
	for _, row := range cmp.Rows {
		if !p.OnlyChanged || row.Changed {
			p.Shown = append(p.Shown, row)
		}
	}
	s.render(w, r, http.StatusOK, "compare", p)
}

// apiCompare serves GET /api/reports/{id}/compare.
func (s *Server) apiCompare(w http.ResponseWriter, r *http.Request) {
	cmp, err := s.compare(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cmp)
}
