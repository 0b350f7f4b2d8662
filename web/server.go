// Package web is nianbao's web application and JSON API: upload reports,
// list and filter them, read one in the official layout with its findings
// highlighted, compare an agency's years, export the list and chart it.
//
// The server depends on nianbao.ReportService, and for accounts on
// nianbao.UserService and nianbao.AuditLog; package store provides all
// three. Who may use each page and each part of the API is the route
// table's (Server.routes); which reports each account sees is the scoped
// service's (auth.go). Templates and static assets (ECharts included) are
// embedded, so the application works on a machine without a network.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"nianbao"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configures a Server. The zero value is usable.
type Options struct {
	// Logger receives a line per failed request; nil discards.
	Logger *slog.Logger
	// PageSize is the number of reports a list page shows (default 50).
	PageSize int
	// Addr is the address the server listens on; requests must name it (or,
	// for a loopback address, localhost) or one of Hosts in their Host
	// header. Empty: any host (tests, or a proxy that checks it).
	Addr  string
	Hosts []string
	// Limits bound what one client can ask; zero fields take DefaultLimits.
	Limits Limits
	// Location is the time zone of the times pages and exports show;
	// nil means China's (Asia/Shanghai).
	Location *time.Location
	// Ledger, when set, serves the request registers under /ledger (see
	// ledger.go); nil leaves them out.
	Ledger nianbao.LedgerService

	// Users keeps the accounts people sign in with, Audit the audit log
	// (package store provides both). Without Users, or until it has an
	// account, the application runs without accounts: open to whoever
	// reaches it when it listens on the machine itself (Addr a loopback
	// address, not behind a proxy), read-only otherwise.
	Users nianbao.UserService
	Audit nianbao.AuditLog
	// Places keeps the placements offices make by hand; nil offers none.
	Places BodyPlacer
	// Reviews keeps the reviews of findings (package store) and answers
	// the problem list; nil offers neither.
	Reviews nianbao.FindingReviewer
	// Reviser keeps versions, soft deletions and corrections of misread
	// cells (ingest.Service over package store); nil offers none.
	Reviser nianbao.Reviser
	// Roster keeps the offices' rosters of expected bodies (package
	// store); nil offers none, and the aggregate lists no missing bodies.
	Roster nianbao.RosterService
	// Deadlines keeps the offices' local deadlines (ingest.Service over
	// package store); nil offers none.
	Deadlines DeadlineKeeper
	// Public lets visitors who are not signed in read the reports (lists,
	// report pages, statistics, exports); off, they must sign in.
	Public bool
	// ReadOnly refuses every upload, whoever asks.
	ReadOnly bool
	// TrustProxy says the server is behind a reverse proxy: the client's
	// address is the last of X-Forwarded-For (for the login throttle and
	// the audit log), cookies are Secure when X-Forwarded-Proto is https,
	// and the instance is never "on the machine itself".
	TrustProxy bool
}

// China keeps one time zone, UTC+8 without daylight saving since 1991, so
// a fixed zone serves where the system has no time zone database.
var chinaTime = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*60*60)
}()

// Server serves the web pages and the JSON API over a ReportService.
type Server struct {
	svc     nianbao.ReportService
	opt     Options
	log     *slog.Logger
	pages   map[string]*template.Template
	static  fs.FS
	version map[string]string // static file → short content hash, for cache busting
	handler http.Handler

	readings *readings
	hosts    *hostCheck

	onMachine  bool        // Addr is loopback and no proxy stands in front
	accountsOn atomic.Bool // an account exists (see local)
}

// NewServer returns the application over svc. Templates are parsed here,
// once; a template error is a bug and panics.
func NewServer(svc nianbao.ReportService, opt Options) *Server {
	if opt.PageSize <= 0 {
		opt.PageSize = 50
	}
	opt.Limits = opt.Limits.withDefaults()
	if opt.Location == nil {
		opt.Location = chinaTime
	}
	s := &Server{opt: opt, log: opt.Logger, readings: newReadings(opt.Limits), hosts: newHostCheck(opt.Addr, opt.Hosts),
		onMachine: (opt.Addr == "" || Loopback(opt.Addr)) && !opt.TrustProxy}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.svc = scoped{svc: svc, log: opt.Audit, srv: s}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	s.static = static
	s.version = hashFiles(static)
	s.pages = s.parseTemplates()

	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.authorize(rt.access, rt.handler))
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.apiError(w, r, noRoute(mux, w, r, "/api/"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.pageError(w, r, noRoute(mux, w, r, "/"))
	})

	// Browsers may not post to this application from other sites (a page
	// elsewhere uploading files here); curl and scripts are unaffected.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errCrossSite)
	}))
	s.handler = securityHeaders(s.checkHost(cop.Handler(s.authenticate(mux))))
	return s
}

// route is one entry of the route table: a ServeMux pattern, who may use
// it, and its handler.
type route struct {
	pattern string
	access  access
	handler http.HandlerFunc
}

// routes is the route table: every page and every part of the JSON API,
// with the roles that may use it (see access). What a role sees of the
// reports is its scope's (see scoped).
func (s *Server) routes() []route {
	static := http.StripPrefix("/static/", s.staticHandler()).ServeHTTP
	var ledger []route
	if s.opt.Ledger != nil {
		ledger = s.ledgerRoutes()
	}
	return append([]route{
		{"GET /{$}", forAnyone, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/reports", http.StatusFound)
		}},
		{"GET /static/", forAnyone, static},
		{"GET /login", forAnyone, s.handleLoginPage},
		{"POST /login", forAnyone, s.handleLogin},
		{"POST /logout", forAnyone, s.handleLogout},

		{"GET /reports", readers, s.handleList},
		{"GET /reports.csv", readers, s.handleExportCSV},
		{"GET /reports.xlsx", readers, s.handleExportXLSX},
		{"GET /reports.json", readers, s.handleExportJSON},
		{"GET /reports/{id}", readers, s.handleReport},
		{"GET /reports/{id}/source", readers, s.handleSource},
		{"GET /reports/{id}/compare", readers, s.handleCompare},
		{"POST /reports/{id}/place", placers, s.handlePlace},
		{"POST /reports/{id}/findings", reviewers, s.handleReviewFinding},
		{"POST /reports/{id}/corrections", correctors, s.handleCorrect},
		{"POST /reports/{id}/delete", deleters, s.handleDelete},
		{"POST /reports/{id}/restore", restorers, s.handleRestore},
		{"GET /deleted", admins, s.handleDeleted},
		{"GET /problems", members, s.handleProblems},
		{"GET /problems.csv", members, s.handleProblemsCSV},
		{"GET /problems.xlsx", members, s.handleProblemsXLSX},
		{"GET /dashboard", readers, s.handleDashboard},
		{"GET /aggregate", readers, s.handleAggregate},
		{"GET /aggregate/export", readers, s.handleAggregateExport},
		{"GET /roster", members, s.handleRoster},
		{"GET /roster.csv", members, s.handleRosterCSV},
		{"GET /roster.xlsx", members, s.handleRosterXLSX},
		{"POST /roster/import", reviewers, s.handleRosterImport},
		{"POST /roster/delete", reviewers, s.handleRosterDelete},
		{"GET /deadlines", deadlineViewers, s.handleDeadlines},
		{"POST /deadlines", deadliners, s.handleSetDeadline},
		{"POST /deadlines/delete", deadliners, s.handleRemoveDeadline},
		{"GET /check", members, s.handleCheckPage},
		{"POST /check", members, s.handleCheck},
		{"GET /upload", uploaders, s.handleUploadPage},
		{"POST /upload", uploaders, s.handleUploadForm},
		{"GET /entry", members, s.handleEntry},
		{"POST /entry/export", members, s.handleEntryExport},
		{"POST /entry/draft", uploaders, s.handleEntryDraft},

		{"GET /account", members | needsAccount, s.handleAccount},
		{"POST /account/password", members | needsAccount, s.handleChangePassword},
		{"POST /account/tokens", members | needsAccount, s.handleCreateToken},
		{"POST /account/tokens/{id}/delete", members | needsAccount, s.handleDeleteToken},
		{"GET /users", admins | needsAccount, s.handleUsers},
		{"POST /users", admins | needsAccount, s.handleCreateUser},
		{"POST /users/{name}", admins | needsAccount, s.handleUpdateUser},
		{"POST /users/{name}/password", admins | needsAccount, s.handleResetPassword},
		{"GET /audit", admins, s.handleAuditLog},
		{"GET /audit.csv", admins, s.handleAuditCSV},
		{"GET /audit.xlsx", admins, s.handleAuditXLSX},

		{"GET /api/me", members, s.apiMe},
		{"GET /api/reports", readers, s.apiList},
		{"POST /api/reports", uploaders, s.apiUpload},
		{"GET /api/reports/{id}", readers, s.apiReport},
		{"GET /api/reports/{id}/source", readers, s.handleSource},
		{"GET /api/reports/{id}/compare", readers, s.apiCompare},
		{"GET /api/reports/{id}/versions", readers, s.apiVersions},
		{"POST /api/reports/{id}/corrections", correctors, s.apiRevision(s.correctCell)},
		{"POST /api/reports/{id}/delete", deleters, s.apiRevision(s.deleteReport)},
		{"POST /api/reports/{id}/restore", restorers, s.apiRevision(s.restoreReport)},
		{"GET /api/stats", readers, s.apiStats},
		{"GET /api/roster", members, s.apiRoster},
		{"GET /api/deadlines", deadlineViewers, s.apiDeadlines},
		{"POST /api/deadlines", deadliners, s.apiSetDeadline},
		{"POST /api/deadlines/delete", deadliners, s.apiRemoveDeadline},
		{"GET /api/entry/previous", members, s.apiEntryPrevious},
		{"POST /api/entry/check", members, s.apiEntryCheck},
		{"GET /api/audit", admins, s.apiAuditLog},
	}, ledger...)
}

var (
	errCrossSite = nianbao.Errorf(nianbao.EFORBIDDEN, "拒绝来自其他网站的请求：请直接在本应用的页面上操作")
	errHost      = nianbao.Errorf(nianbao.EFORBIDDEN, "请求的主机名不是本应用的地址：请用启动时的地址访问，或在启动时用 --host 加上这个名称")
)

// noRoute tells a path nothing serves (404) from a path served only for
// other methods (405, with the methods in Allow): ServeMux sends both to
// the catch-all pattern.
func noRoute(mux *http.ServeMux, w http.ResponseWriter, r *http.Request, catchAll string) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != catchAll {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		return errNoRoute
	}
	if slices.Contains(allow, http.MethodGet) {
		allow = append(allow, http.MethodHead)
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	return nianbao.Errorf(codeMethod, "此地址不接受 %s 请求，只接受 %s", r.Method, strings.Join(allow, "、"))
}

// fail answers err as JSON under /api/ and as a page elsewhere.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiError(w, r, err)
		return
	}
	s.pageError(w, r, err)
}

func (s *Server) checkHost(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hosts.ok(r.Host) {
			s.fail(w, r, errHost)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		h.ServeHTTP(w, r)
	})
}
