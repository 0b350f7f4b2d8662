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
	// MaxFileBytes caps one uploaded file (default 50 MiB).
	MaxFileBytes int64
}

// Server serves the web pages and the JSON API over a ReportService.
type Server struct {
	svc     nianbao.ReportService
	opt     Options
	log     *slog.Logger
	pages   map[string]*template.Template
	static  fs.FS
	version map[string]string // static file → short content hash, for cache busting
	handler http.Handler
}

// NewServer returns the application over svc. Templates are parsed here,
// once; a template error is a bug and panics.
func NewServer(svc nianbao.ReportService, opt Options) *Server {
	if opt.PageSize <= 0 {
		opt.PageSize = 50
	}
	if opt.MaxFileBytes <= 0 {
		opt.MaxFileBytes = 50 << 20
	}
	s := &Server{svc: svc, opt: opt, log: opt.Logger}
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
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.apiError(w, r, errNoRoute)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.pageError(w, r, errNoRoute)
	})

	// Browsers may not post to this application from other sites (a page
	// elsewhere uploading files here); curl and scripts are unaffected.
	s.handler = securityHeaders(http.NewCrossOriginProtection().Handler(mux))
	return s
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
		h.ServeHTTP(w, r)
	})
}
