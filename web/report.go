package web

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"nianbao"
	"nianbao/place"
)

// reportID reads the {id} of the path; a malformed id is a report that does not exist.
func reportID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, nianbao.Errorf(nianbao.ENOTFOUND, "没有编号为 %q 的报告", r.PathValue("id"))
	}
	return id, nil
}

func (s *Server) findReport(r *http.Request) (*nianbao.StoredReport, error) {
	id, err := reportID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.FindReport(r.Context(), id)
}

type reportPage struct {
	page
	SR       *nianbao.StoredReport // ID 0: a draft checked without saving
	Summary  reportSummary
	Tables   []tableView
	Groups   []findingGroup
	Sections []nianbao.Section
	Counts   map[string]int
	Place    placeView
	// CanReview shows each finding's review form, with the states it offers.
	CanReview bool
	States    []nianbao.FindingState
	// Versions and Corrections are the boxes of versions and corrections.
	Versions    versionsView
	Corrections correctionsView
}

// findingGroup is the findings of one severity.
type findingGroup struct {
	Severity nianbao.Severity
	Label    string
	Findings []findingView
}

type findingView struct {
	*nianbao.Finding
	Cells     []findingCellView // the first maxFindingCells of the finding's cells
	MoreCells int               // how many more cells the finding is about
	Stated    string
	Expected  string
	Quote     string // the finding's quote, shortened to maxQuoteRunes
	Key       string // Finding.Key, for the review form
}

// A finding about a whole table or a copied section would bury the list:
// its page shows the first cells and the start of the quote.
const (
	maxFindingCells = 12
	maxQuoteRunes   = 160
)

// shorten cuts s to at most n runes, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "……"
}

type findingCellView struct {
	Label string
	Href  string // the cell on this page, or the comparison for another year's cell
}

// handleReport serves GET /reports/{id}: the three tables in the template's
// layout with the cells findings are about highlighted, the findings by
// severity, the sections' text, the metadata and the original file.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	sr, err := s.findReport(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.renderReport(w, r, sr, "reports")
}

// renderReport writes the report page of sr; a checked draft (ID 0) has
// no links to what is stored.
func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, sr *nianbao.StoredReport, nav string) {
	s.render(w, r, http.StatusOK, "report", s.reportView(r, sr, nav))
}

// reportView lays out the report page of sr.
func (s *Server) reportView(r *http.Request, sr *nianbao.StoredReport, nav string) *reportPage {
	rep := sr.Report
	b := newTableBuilder(sr)
	b.corrected = s.correctionNotes(sr)
	p := &reportPage{
		page:    page{Title: reportTitle(rep), Nav: nav},
		SR:      sr,
		Summary: summarize(sr),
		Tables:  b.tables(),
		Counts:  map[string]int{},
		Place:   s.viewPlace(r.Context(), sr),
		// A checked draft has nothing stored to review.
		CanReview:   sr.ID != 0 && s.canReview(r.Context()),
		States:      findingStates,
		Versions:    s.viewVersions(r.Context(), sr),
		Corrections: s.viewCorrections(r.Context(), sr),
	}
	p.Groups = groupFindings(sr, b.rendered)
	for _, g := range p.Groups {
		p.Counts[string(g.Severity)] = len(g.Findings)
	}
	p.Sections = slices.Clone(rep.Sections)
	slices.SortStableFunc(p.Sections, func(a, b nianbao.Section) int { return a.Number - b.Number })
	return p
}

func reportTitle(rep *nianbao.Report) string {
	agency := rep.Agency
	if agency == "" {
		agency = "（未署名机关）"
	}
	if rep.Year > 0 {
		return fmt.Sprintf("%s %d年度报告", agency, rep.Year)
	}
	return agency + " 年度报告"
}

// groupFindings lists a report's findings by severity, each cell linked to
// its place in the tables (rendered: cell → anchor).
func groupFindings(sr *nianbao.StoredReport, rendered map[nianbao.CellKey]string) []findingGroup {
	var groups []findingGroup
	for _, sev := range []nianbao.Severity{nianbao.SeverityError, nianbao.SeverityWarning, nianbao.SeverityInfo} {
		g := findingGroup{Severity: sev, Label: sev.Label()}
		for i := range sr.Findings {
			f := &sr.Findings[i]
			if f.Severity != sev {
				continue
			}
			fv := findingView{Finding: f, Stated: numText(f.Stated), Expected: numText(f.Expected), Quote: shorten(f.Quote, maxQuoteRunes), Key: f.Key()}
			cells := f.Cells
			if len(cells) > maxFindingCells {
				cells, fv.MoreCells = cells[:maxFindingCells], len(cells)-maxFindingCells
			}
			for _, c := range cells {
				cv := findingCellView{Label: c.Label}
				if c.Year != 0 {
					cv.Href = fmt.Sprintf("/reports/%d/compare", sr.ID)
				} else if id, ok := rendered[c.CellKey]; ok {
					cv.Href = "#" + id
				}
				fv.Cells = append(fv.Cells, cv)
			}
			g.Findings = append(g.Findings, fv)
		}
		if len(g.Findings) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

// apiReport serves GET /api/reports/{id}: the stored report, its JSON
// contract (as nianbao parse prints it) under "report", and its findings.
func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) {
	sr, err := s.findReport(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if sr.Findings == nil {
		sr.Findings = []nianbao.Finding{}
	}
	// The division's code, which the stored key stands for.
	writeJSON(w, http.StatusOK, struct {
		*nianbao.StoredReport
		Place string `json:"place,omitempty"`
	}{sr, place.CodeOf(sr.PlaceKey)})
}

// handleSource serves the original file of a report as a download.
func (s *Server) handleSource(w http.ResponseWriter, r *http.Request) {
	fail := s.pageError
	if len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/" {
		fail = s.apiError
	}
	id, err := reportID(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	name, data, err := s.svc.Source(r.Context(), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" || (len(ctype) >= 5 && ctype[:5] == "text/") {
		// The file's own encoding (often GB18030) is not known here: let
		// the person's program decide rather than claim UTF-8.
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": path.Base(name)}))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}
