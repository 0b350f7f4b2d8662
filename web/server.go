// Package web is nianbao's web application and JSON API: upload reports,
// list and filter them, read one in the official layout with its findings
// highlighted, compare an agency's years, export the list and chart it.
//
// The server depends only on nianbao.ReportService; package store provides
// the real one. Templates and static assets (ECharts included) are embedded,
// so the application works on a machine without a network.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"slices"
	"strings"
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
	s := &Server{svc: svc, opt: opt, log: opt.Logger, readings: newReadings(opt.Limits), hosts: newHostCheck(opt.Addr, opt.Hosts)}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	s.static = static
	s.version = hashFiles(static)
	s.pages = s.parseTemplates()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/reports", http.StatusFound)
	})
	mux.HandleFunc("GET /reports", s.handleList)
	mux.HandleFunc("GET /reports.csv", s.handleExportCSV)
	mux.HandleFunc("GET /reports.xlsx", s.handleExportXLSX)
	mux.HandleFunc("GET /reports.json", s.handleExportJSON)
	mux.HandleFunc("GET /reports/{id}", s.handleReport)
	mux.HandleFunc("GET /reports/{id}/source", s.handleSource)
	mux.HandleFunc("GET /reports/{id}/compare", s.handleCompare)
	mux.HandleFunc("GET /dashboard", s.handleDashboard)
	mux.HandleFunc("GET /upload", s.handleUploadPage)
	mux.HandleFunc("POST /upload", s.handleUploadForm)
	mux.HandleFunc("GET /entry", s.handleEntry)
	mux.HandleFunc("POST /entry/export", s.handleEntryExport)
	mux.Handle("GET /static/", http.StripPrefix("/static/", s.staticHandler()))

	mux.HandleFunc("GET /api/reports", s.apiList)
	mux.HandleFunc("POST /api/reports", s.apiUpload)
	mux.HandleFunc("GET /api/reports/{id}", s.apiReport)
	mux.HandleFunc("GET /api/reports/{id}/source", s.handleSource)
	mux.HandleFunc("GET /api/reports/{id}/compare", s.apiCompare)
	mux.HandleFunc("GET /api/stats", s.apiStats)
	if opt.Ledger != nil {
		s.ledgerRoutes(mux)
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
	s.handler = securityHeaders(s.checkHost(cop.Handler(mux)))
	return s
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
