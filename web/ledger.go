package web

import (
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"nianbao"
	"nianbao/ledger"
	"nianbao/place"
	"nianbao/register"
)

// The request registers (依申请公开台账), served when Options.Ledger is
// set. A register belongs to a body (its key in the URL): once accounts
// exist, an editor's role on the body is what these handlers check.
//
//	/ledger                          the bodies keeping a register
//	/ledger/bodies/{body}            the register: overdue, due soon, search
//	/ledger/bodies/{body}/new        a new request, its due date as you type
//	/ledger/requests/{id}            a request's timeline and its next events
//	/ledger/bodies/{body}/import     an Excel/CSV register, previewed first
//	/ledger/bodies/{body}/export.xlsx
//	/ledger/bodies/{body}/table      table 三 from the register, each cell its requests
//	/ledger/bodies/{body}/stats      how fast, how often stretched, month by month
//	/ledger/calendar                 the working-day calendar and its changes

// ledgerPageNames are the ledger's page templates, parsed with
// ledger_partials.html besides the application's layout and partials.
var ledgerPageNames = []string{"ledger_bodies", "ledger_register", "ledger_new", "ledger_request",
	"ledger_import", "ledger_table", "ledger_stats", "ledger_calendar"}

func (s *Server) parseLedgerTemplates(funcs template.FuncMap, out map[string]*template.Template) {
	funcs = maps.Clone(funcs)
	maps.Copy(funcs, template.FuncMap{
		"bodyURL":    bodyURL,
		"dateLabel":  func(d nianbao.Date) string { return d.Label() },
		"clockLeft":  clockLeft,
		"share":      share,
		"channels":   func() []nianbao.Channel { return nianbao.Channels },
		"applicants": applicantColumns,
		"outcomes":   nianbao.OutcomeRows,
		"reasons":    func() []nianbao.CorrectionReason { return nianbao.CorrectionReasons },
		"states":     func() []nianbao.RequestState { return nianbao.RequestStates },
		"rowKey":     func(r nianbao.Row) string { return r.Key() },
		"colKey":     func(c nianbao.Column) string { return c.Key() },
		"month":      func(i int) string { return monthNames[i] },
		"colName":    register.ColumnName,
		"mapped": func(m map[register.Field]int, f register.Field, col int) bool {
			c, ok := m[f]
			return ok && c == col
		},
		"yearArgs": func(years []int, year int) any {
			return struct {
				Years []int
				Year  int
			}{years, year}
		},
		"eventArgs": func(p *requestPage, f eventFormView) any {
			return struct {
				Req *nianbao.Request
				F   eventFormView
			}{p.Req, f}
		},
	})
	for _, name := range ledgerPageNames {
		out[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html",
			"templates/partials.html", "templates/ledger_partials.html", "templates/"+name+".html"))
	}
}

func (s *Server) ledgerRoutes() []route {
	// A register belongs to its body: the handlers check the body against
	// the viewer's own scope (ledgerBody); the calendar is the
	// administrator's.
	return []route{
		{"GET /ledger", members, s.handleBodies},
		{"POST /ledger/bodies", members | writes, s.handleSaveBody},
		{"GET /ledger/bodies/{body}", members, s.handleRegister},
		{"POST /ledger/bodies/{body}/settings", members | writes, s.handleSaveBody},
		{"GET /ledger/bodies/{body}/new", members, s.handleNewRequest},
		{"POST /ledger/bodies/{body}/requests", members | writes, s.handleAddRequest},
		{"GET /ledger/bodies/{body}/import", members, s.handleImportPage},
		{"POST /ledger/bodies/{body}/import", members | writes, s.handleImportPreview},
		{"POST /ledger/bodies/{body}/import/confirm", members | writes, s.handleImportConfirm},
		{"GET /ledger/bodies/{body}/export.xlsx", members, s.handleLedgerExport},
		{"GET /ledger/bodies/{body}/table", members, s.handleLedgerTable},
		{"GET /ledger/bodies/{body}/table.json", members, s.handleLedgerTableJSON},
		{"GET /ledger/bodies/{body}/stats", members, s.handleLedgerStats},
		{"GET /ledger/requests/{id}", members, s.handleRequest},
		{"POST /ledger/requests/{id}/events", members | writes, s.handleAddEvent},
		{"GET /ledger/attachments/{id}", members, s.handleAttachment},
		{"GET /ledger/calendar", members, s.handleCalendar},
		{"POST /ledger/calendar/years", admins | writes, s.handleCalendarYear},
		{"POST /ledger/calendar/days", admins | writes, s.handleCalendarDay},
		{"GET /api/ledger/due", members, s.apiDue},
		{"GET /api/ledger/fee", members, s.apiFee},
		{"GET /api/ledger/bodies", members, s.apiBodies},
		{"GET /api/ledger/bodies/{body}/requests", members, s.apiRequests},
		{"GET /api/ledger/bodies/{body}/table", members, s.apiLedgerTable},
		{"GET /api/ledger/bodies/{body}/stats", members, s.apiLedgerStats},
		{"GET /api/ledger/requests/{id}", members, s.apiRequest},
		{"POST /api/ledger/requests/{id}/events", members | writes, s.apiAddEvent},
		{"GET /api/ledger/calendar", members, s.apiCalendar},
	}
}

// bodyURL is the register page of a body.
func bodyURL(key string) string { return "/ledger/bodies/" + url.PathEscape(key) }

// applicantColumns are table 三's six applicant columns.
func applicantColumns() []nianbao.Column {
	return []nianbao.Column{nianbao.NaturalPerson, nianbao.Commercial, nianbao.Research,
		nianbao.PublicInterest, nianbao.LegalServices, nianbao.OtherOrg}
}

// clockLeft says where a request's clock stands, for lists.
func clockLeft(c nianbao.Clock) string {
	switch {
	case c.State == nianbao.StateConcluded:
		if c.Late {
			return "逾期办结"
		}
		return "已办结"
	case c.Due == 0:
		return c.State.Label() + "（期限暂停）"
	case c.Overdue:
		return fmt.Sprintf("逾期%d个工作日", -c.DaysLeft)
	case c.DaysLeft == 0:
		return "今日到期"
	}
	return fmt.Sprintf("剩%d个工作日", c.DaysLeft)
}

// share writes a share as a percentage; nil (nothing to share) is "—".
func share(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", *p*100)
}

// findBody reads the {body} of the path.
func (s *Server) findBody(r *http.Request) (*nianbao.Body, error) {
	return s.ledgerBody(r, r.PathValue("body"))
}

// errOtherBody refuses a register the viewer does not answer for.
var errOtherBody = nianbao.Errorf(nianbao.EFORBIDDEN, "这是其他机关的依申请台账：只有本机关的填报人员、所辖监督机构和管理员可以查看和登记")

// ledgerBody returns the body with the given key when the viewer answers
// for it: an editor its own body, a supervisor the bodies placed under its
// places, an administrator (and the local instance) every body.
func (s *Server) ledgerBody(r *http.Request, key string) (*nianbao.Body, error) {
	b, err := s.opt.Ledger.FindBody(r.Context(), key)
	if err != nil {
		return nil, err
	}
	var placeKey int64
	if p, err := place.Resolve(b.Place); err == nil && b.Place != "" {
		placeKey = place.Key(p.Code)
	}
	if !viewerFrom(r.Context()).own.Allows(b.Key, placeKey) {
		return nil, errOtherBody
	}
	return b, nil
}

// requestID reads the {id} of the path.
func requestID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, nianbao.Errorf(nianbao.ENOTFOUND, "没有编号为 %q 的申请", r.PathValue("id"))
	}
	return id, nil
}

type bodiesPage struct {
	page
	Bodies []*nianbao.Body
	Error  string
}

// handleBodies serves GET /ledger: the registers, and a form for a new one.
func (s *Server) handleBodies(w http.ResponseWriter, r *http.Request) {
	bs, err := s.opt.Ledger.Bodies(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "ledger_bodies", &bodiesPage{page: page{Title: "依申请公开台账", Nav: "ledger"}, Bodies: bs})
}

// handleSaveBody serves POST /ledger/bodies (a new register) and POST
// /ledger/bodies/{body}/settings (its name, place and settings).
func (s *Server) handleSaveBody(w http.ResponseWriter, r *http.Request) {
	b := nianbao.Body{Name: r.FormValue("name"), Place: r.FormValue("place"), Settings: nianbao.DefaultLedgerSettings()}
	if key := r.PathValue("body"); key != "" {
		old, err := s.findBody(r)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		b.Key = old.Key
		if b.Name == "" {
			b.Name = old.Name
		}
		if row, ok := nianbao.RowByKey(r.FormValue("withdrawn_row")); ok {
			b.Settings.WithdrawnRow = row
		}
		b.Settings.FeePausesClock = r.FormValue("fee_pauses_clock") != ""
		b.Settings.CountItems = r.FormValue("count_items") != ""
	}
	saved, err := s.opt.Ledger.SaveBody(r.Context(), b)
	if err != nil {
		if r.PathValue("body") != "" || nianbao.ErrorCode(err) != nianbao.EINVALID {
			s.pageError(w, r, err)
			return
		}
		bs, _ := s.opt.Ledger.Bodies(r.Context())
		s.render(w, r, errorStatus(err), "ledger_bodies", &bodiesPage{page: page{Title: "依申请公开台账", Nav: "ledger"}, Bodies: bs, Error: errorMessage(err)})
		return
	}
	http.Redirect(w, r, bodyURL(saved.Key), http.StatusSeeOther)
}

type registerPage struct {
	page
	Body     *nianbao.Body
	Overdue  []*nianbao.Request
	NOverdue int
	DueSoon  []*nianbao.Request
	NDueSoon int
	Query    registerQuery
	Results  []*nianbao.Request
	Total    int
	Pages    int
	Prev     string
	Next     string
	Cell     string // the table 三 cell whose requests are listed, "" for none
	Imported string
	Outcomes []nianbao.Row
}

// registerQuery is the register's search.
type registerQuery struct {
	Q, State, Year, Cell, Overdue string
	Page                          int
}

// dueSoonDays is how near a due date must be for the due-soon list.
const dueSoonDays = 5

// handleRegister serves GET /ledger/bodies/{body}: what is overdue, what
// is due within five working days, and the register searched; with
// ?year=&cell=row.column, the requests behind a cell of table 三.
func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	b, err := s.findBody(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	q := r.URL.Query()
	p := &registerPage{page: page{Title: b.Name + " 依申请公开台账", Nav: "ledger"}, Body: b, Imported: q.Get("imported"),
		Query:    registerQuery{Q: q.Get("q"), State: q.Get("state"), Year: q.Get("year"), Cell: q.Get("cell"), Overdue: q.Get("overdue")},
		Outcomes: nianbao.OutcomeRows()}
	p.Query.Page, _ = strconv.Atoi(q.Get("page"))
	p.Query.Page = max(p.Query.Page, 1)
	const perPage = 50
	// The register itself newest first, as a book of entries reads.
	f := nianbao.RequestFilter{Body: b.Key, Q: p.Query.Q, State: nianbao.RequestState(p.Query.State), Sort: "-received",
		Limit: perPage, Offset: (p.Query.Page - 1) * perPage}
	if p.Query.Overdue == "1" {
		f.Overdue, f.Sort = true, "due"
	}
	if p.Query.Year != "" {
		if f.Year, err = strconv.Atoi(p.Query.Year); err != nil {
			s.pageError(w, r, nianbao.Errorf(nianbao.EINVALID, "年度应为数字：%q", p.Query.Year))
			return
		}
	}
	if p.Query.Cell != "" {
		ids, label, err := s.cellRequests(r, b, f.Year, p.Query.Cell)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		f = nianbao.RequestFilter{Body: b.Key, IDs: ids, Limit: perPage, Offset: f.Offset}
		p.Cell = fmt.Sprintf("%d年 %s", f.Year, label)
	} else {
		if p.Overdue, p.NOverdue, err = s.opt.Ledger.FindRequests(ctx, nianbao.RequestFilter{Body: b.Key, Overdue: true, Limit: 20}); err != nil {
			s.pageError(w, r, err)
			return
		}
		if p.DueSoon, p.NDueSoon, err = s.opt.Ledger.FindRequests(ctx, nianbao.RequestFilter{Body: b.Key, DueWithin: dueSoonDays, Limit: 20}); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	if p.Results, p.Total, err = s.opt.Ledger.FindRequests(ctx, f); err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Pages = (p.Total + perPage - 1) / perPage
	at := func(n int) string {
		v := url.Values{}
		for k, x := range map[string]string{"q": p.Query.Q, "state": p.Query.State, "year": p.Query.Year, "cell": p.Query.Cell, "overdue": p.Query.Overdue} {
			if x != "" {
				v.Set(k, x)
			}
		}
		v.Set("page", strconv.Itoa(n))
		return "?" + v.Encode()
	}
	if p.Query.Page > 1 {
		p.Prev = at(p.Query.Page - 1)
	}
	if p.Query.Page < p.Pages {
		p.Next = at(p.Query.Page + 1)
	}
	s.render(w, r, http.StatusOK, "ledger_register", p)
}

// cellRequests returns the requests behind a cell of table 三 ("row.column"
// by their keys) in year, and the cell's name.
func (s *Server) cellRequests(r *http.Request, b *nianbao.Body, year int, cell string) ([]int64, string, error) {
	rowKey, colKey, _ := strings.Cut(cell, ".")
	row, ok1 := nianbao.RowByKey(rowKey)
	col, ok2 := nianbao.ColumnByKey(colKey)
	if !ok1 || !ok2 || year == 0 {
		return nil, "", nianbao.Errorf(nianbao.EINVALID, "表三没有这一格：%q（应写作 year=年度&cell=行.列）", cell)
	}
	rs, err := s.opt.Ledger.Summaries(r.Context(), b.Key)
	if err != nil {
		return nil, "", err
	}
	ids := ledger.Count(*b, rs, year).RequestsIn(row, col)
	if ids == nil {
		ids = []int64{}
	}
	return ids, nianbao.RequestCell(row, col).Label, nil
}

// writeAPI writes v as JSON, or err as the API's error.
func (s *Server) writeAPI(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// apiBodies serves GET /api/ledger/bodies.
func (s *Server) apiBodies(w http.ResponseWriter, r *http.Request) {
	bs, err := s.opt.Ledger.Bodies(r.Context())
	s.writeAPI(w, r, bs, err)
}

// apiRequests serves GET /api/ledger/bodies/{body}/requests: the
// register's search as JSON (q, state, year, overdue=1, due_within=N,
// page, per_page up to 500).
func (s *Server) apiRequests(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := nianbao.RequestFilter{Body: r.PathValue("body"), Q: q.Get("q"), State: nianbao.RequestState(q.Get("state")), Overdue: q.Get("overdue") == "1"}
	var bad []string
	num := func(k string, def int) int {
		v := q.Get(k)
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			bad = append(bad, k)
		}
		return n
	}
	f.Year, f.DueWithin = num("year", 0), num("due_within", 0)
	page, perPage := max(num("page", 1), 1), min(max(num("per_page", 50), 1), 500)
	if len(bad) > 0 {
		s.apiError(w, r, nianbao.Errorf(nianbao.EINVALID, "参数应为非负整数：%s", strings.Join(bad, "、")))
		return
	}
	f.Limit, f.Offset = perPage, (page-1)*perPage
	rs, total, err := s.opt.Ledger.FindRequests(r.Context(), f)
	s.writeAPI(w, r, map[string]any{"total": total, "page": page, "per_page": perPage, "requests": rs}, err)
}

// apiRequest serves GET /api/ledger/requests/{id}: the request, its
// events and its clock with the reasoning.
func (s *Server) apiRequest(w http.ResponseWriter, r *http.Request) {
	id, err := requestID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	req, err := s.opt.Ledger.FindRequest(r.Context(), id, 0)
	s.writeAPI(w, r, req, err)
}
