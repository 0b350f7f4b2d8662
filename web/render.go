package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"sync"
	"time"

	"nianbao"
	"nianbao/place"
)

// page is what every page template sees besides its own data.
type page struct {
	Title string // the page's title, before the application's name
	Nav   string // the navigation entry to mark: reports, upload, dashboard
	// Account is who is signed in and what the instance allows, for the
	// header; render fills it.
	Account *accountBar
}

func (p *page) base() *page { return p }

// pageNames are the page templates; each is parsed with layout.html once.
var pageNames = []string{"list", "report", "aggregate", "compare", "dashboard", "upload", "check", "error", "entry", "login", "account", "users", "auditlog", "problems", "deleted", "roster", "deadlines"}

func (s *Server) parseTemplates() map[string]*template.Template {
	funcs := template.FuncMap{
		"static": s.staticURL,
		"add":    func(a, b int) int { return a + b },
		"pct": func(part, whole int) string {
			if whole == 0 {
				return "—"
			}
			return fmt.Sprintf("%.1f%%", float64(part)*100/float64(whole))
		},
		"severityLabel": func(s nianbao.Severity) string { return s.Label() },
		"date":          func(t time.Time) string { return t.In(s.opt.Location).Format("2006-01-02 15:04") },
		"numeral": func(n int) string {
			if n >= 1 && n <= 6 {
				return nianbao.Numerals[n-1]
			}
			return ""
		},
		"templateLabel": templateLabel,
		"formatLabel":   formatLabel,
		"num":           numText,
		"list3":         func(a, b, c string) []string { return []string{a, b, c} },
		"yearOptions":   yearOptions,
		"formats":       func() []nianbao.FileFormat { return nianbao.FileFormats },
		"ledgerOn":      func() bool { return s.opt.Ledger != nil },
		"rosterOn":      func() bool { return s.opt.Roster != nil },
		"placeName":     placeName,
		"kindLabel":     func(k string) string { return place.Kind(k).Label() },
		"rules":         nianbao.RuleIDs,
		"severities":    func() []nianbao.Severity { return severities },
		"findingStates": func() []nianbao.FindingState { return findingStates },
	}
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t := template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", "templates/review.html", "templates/"+name+".html"))
		out[name] = t
	}
	s.parseLedgerTemplates(funcs, out)
	return out
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes a page into a buffer first, so that a template failure
// becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if p, ok := data.(interface{ base() *page }); ok {
		p.base().Account = s.accountBar(r)
	}
	if err := s.pages[name].ExecuteTemplate(buf, "layout", data); err != nil {
		s.log.Error("template failed", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "服务器内部错误", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// hashFiles returns a short content hash for every static file.
func hashFiles(fsys fs.FS) map[string]string {
	out := map[string]string{}
	fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		out[path] = hex.EncodeToString(sum[:4])
		return nil
	})
	return out
}

// staticURL returns the URL of a static file with its content hash, so that
// browsers may cache it for long.
func (s *Server) staticURL(name string) string {
	v, ok := s.version[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + name + "?v=" + v
}

func (s *Server) staticHandler() http.Handler {
	files := http.FileServerFS(s.static)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || r.URL.Path == "" {
			s.pageError(w, r, errNoRoute) // no directory listings
			return
		}
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		files.ServeHTTP(w, r)
	})
}

func templateLabel(t nianbao.Template) string {
	switch t {
	case nianbao.Format2021:
		return "2021年版"
	case nianbao.Format2019:
		return "2019年版"
	}
	return "未知"
}

func formatLabel(f nianbao.FileFormat) string {
	if f == "" {
		return "—"
	}
	return f.Label()
}

// numText writes a stated number; an unstated one is empty.
func numText(n nianbao.Num) string {
	if !n.Valid() {
		return ""
	}
	return n.String()
}
