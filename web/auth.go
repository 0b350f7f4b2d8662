package web

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"nianbao"
	"nianbao/place"
)

// Who may do what is decided in two places only: the route table
// (Server.routes) says which roles may use each route, and the reports a
// role may see are the scoped service's (scoped): every handler asks it,
// never the service underneath.

// access says who may use a route: the roles, visitors not signed in, and
// what the route does.
type access uint8

const (
	forAdmin      access = 1 << iota
	forSupervisor        // within its places
	forEditor            // within its body
	forPublic            // visitors not signed in, where the instance lets them read (Options.Public, or no accounts at all)
	forAnyone            // no check: the login page, static files
	writes               // changes what is stored: refused on a read-only instance
	needsAccount         // needs a signed-in account: not the local instance without accounts
)

// The sets of the route table.
const (
	readers   = forAdmin | forSupervisor | forEditor | forPublic
	members   = forAdmin | forSupervisor | forEditor
	uploaders = members | writes
	admins    = forAdmin
)

var roleAccess = map[nianbao.Role]access{
	nianbao.RoleAdmin:      forAdmin,
	nianbao.RoleSupervisor: forSupervisor,
	nianbao.RoleEditor:     forEditor,
}

// roles names the roles a may serve, for a refusal: 管理员、监督机构.
func (a access) roles() string {
	var names []string
	for _, r := range nianbao.Roles {
		if a&roleAccess[r] != 0 {
			names = append(names, r.Label())
		}
	}
	return strings.Join(names, "、")
}

// viewer is who makes a request.
type viewer struct {
	user  *nianbao.User // the account signed in; nil for none
	local bool          // the instance runs without accounts on the machine itself: open to whoever reaches it
	// scope is the reports the viewer may see, nil for every one: an
	// account's own (scopeOf), or every report where visitors may read
	// them all (Options.Public). own is what the account answers for,
	// whatever it may read: the reports it may upload (and review).
	scope, own *nianbao.Scope
	addr       string // the client's address
	token      string // the session's secret (cookie), for signing out
}

type viewerKey struct{}

// viewerFrom returns the viewer of a request's context. A context
// without one (nothing should be without) sees no report.
func viewerFrom(ctx context.Context) *viewer {
	if v, ok := ctx.Value(viewerKey{}).(*viewer); ok {
		return v
	}
	return &viewer{scope: &nianbao.Scope{}, own: &nianbao.Scope{}}
}

// scopeOf is what an account may see: everything for an administrator,
// the reports of bodies placed under its places for a supervisor, its own
// body's for an editor. A place or a body that names nothing sees nothing.
func scopeOf(u *nianbao.User) *nianbao.Scope {
	switch u.Role {
	case nianbao.RoleAdmin:
		return nil
	case nianbao.RoleSupervisor:
		sc := &nianbao.Scope{}
		for _, c := range u.Places {
			if lo, hi, ok := place.Span(c); ok {
				sc.Places = append(sc.Places, nianbao.PlaceSpan{Lo: lo, Hi: hi})
			}
		}
		return sc
	case nianbao.RoleEditor:
		return &nianbao.Scope{Agency: nianbao.AgencyKey(u.Body)}
	}
	return &nianbao.Scope{}
}

// Loopback reports whether addr (host:port, or a host) is on the machine
// itself: localhost or a loopback IP. An empty host or an unspecified IP
// (":8080", "0.0.0.0:8080") listens on every address and is not.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	host = strings.Trim(strings.ToLower(host), "[]")
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// local reports whether the instance runs as on one's own machine: no
// accounts exist and it listens on a loopback address, not behind a proxy
// (which would carry the world to it). Tests (Addr "") count as local.
// Once an account exists it always will (accounts are only disabled), so
// the answer is kept then.
func (s *Server) local(ctx context.Context) (bool, error) {
	if s.opt.Users == nil {
		return s.onMachine, nil
	}
	if s.accountsOn.Load() {
		return false, nil
	}
	has, err := s.opt.Users.HasUsers(ctx)
	if err != nil {
		return false, err
	}
	if has {
		s.accountsOn.Store(true)
		return false, nil
	}
	return s.onMachine, nil
}

// openRead reports whether visitors not signed in may read: the instance
// says so, or it has no accounts at all (and is then read-only, or
// local).
func (s *Server) openRead() bool {
	return s.opt.Public || !s.accountsOn.Load()
}

// clientAddr is the client's address: the connection's, or behind a
// proxy (Options.TrustProxy) the last address of X-Forwarded-For, which
// the proxy itself appended.
func (s *Server) clientAddr(r *http.Request) string {
	if s.opt.TrustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			hops := strings.Split(xff[len(xff)-1], ",")
			if ip, err := netip.ParseAddr(strings.TrimSpace(hops[len(hops)-1])); err == nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// secure reports whether the browser reached the application over HTTPS,
// so that its cookie may be marked Secure.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || (s.opt.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

const sessionCookie = "nianbao_session"

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, sess *nianbao.Session) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: sess.Token, Path: "/", Expires: sess.ExpiresAt,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode,
	})
}

var (
	errBadToken = nianbao.Errorf(nianbao.EUNAUTHORIZED, "接口令牌无效或已撤销：请在“我的账号”页面或用 nianbao user token 创建新的令牌")
	errNotYours = nianbao.Errorf(nianbao.EFORBIDDEN, "您的账号无权查看这份报告：它不属于您负责的地区或本机关")
	errReadOnly = nianbao.Errorf(nianbao.EFORBIDDEN, "本实例以只读方式运行，不接受上传和修改")
	errLocal    = nianbao.Errorf(nianbao.EFORBIDDEN, "本机模式，未启用账号：请先用命令 nianbao user add --role admin 名称 创建管理员账号，再登录使用此功能")
)

// authenticate finds who makes the request — an API token ("Authorization:
// Bearer …"), a session cookie, or no one — and puts it, with the actor
// the audit log records, in the request's context.
func (s *Server) authenticate(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := &viewer{addr: s.clientAddr(r)}
		local, err := s.local(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		switch auth := r.Header.Get("Authorization"); {
		case local:
			v.local = true
		case auth != "":
			scheme, secret, _ := strings.Cut(auth, " ")
			if !strings.EqualFold(scheme, "Bearer") || s.opt.Users == nil {
				s.unauthorized(w, r, errBadToken)
				return
			}
			if v.user, err = s.opt.Users.TokenUser(r.Context(), strings.TrimSpace(secret)); err != nil {
				s.unauthorized(w, r, err)
				return
			}
		default:
			if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && s.opt.Users != nil {
				u, _, err := s.opt.Users.SessionUser(r.Context(), c.Value)
				switch nianbao.ErrorCode(err) {
				case "":
					v.user, v.token = u, c.Value
				case nianbao.EUNAUTHORIZED:
					s.clearSessionCookie(w, r) // expired or ended: the visitor is no one now
				default:
					s.fail(w, r, err)
					return
				}
			}
		}
		if v.user != nil {
			v.own = scopeOf(v.user)
			if !s.opt.Public {
				v.scope = v.own
			}
		}
		ctx := context.WithValue(r.Context(), viewerKey{}, v)
		ctx = nianbao.WithActor(ctx, nianbao.Actor{Name: v.name(), Addr: v.addr})
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (v *viewer) name() string {
	if v.user == nil {
		return ""
	}
	return v.user.Name
}

// authorize lets the request through to h when the viewer may use a
// route with access a: the route table's check.
func (s *Server) authorize(a access, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.allowed(a, viewerFrom(r.Context())); err != nil {
			if nianbao.ErrorCode(err) == nianbao.EUNAUTHORIZED {
				s.unauthorized(w, r, err)
			} else {
				s.fail(w, r, err)
			}
			return
		}
		h(w, r)
	})
}

// allowed returns nil when v may use a route with access a, else why not:
// EUNAUTHORIZED when no one is signed in, EFORBIDDEN otherwise.
func (s *Server) allowed(a access, v *viewer) error {
	switch {
	case a&forAnyone != 0:
		return nil
	case a&writes != 0 && s.opt.ReadOnly:
		return errReadOnly
	case v.local && a&needsAccount != 0:
		return errLocal
	case v.local:
		return nil
	case v.user == nil && a&forPublic != 0 && s.openRead():
		return nil
	case v.user == nil:
		if !s.accountsOn.Load() {
			return errReadOnly // no accounts, not on the machine itself: read-only whatever the flag
		}
		return nianbao.Errorf(nianbao.EUNAUTHORIZED, "请先登录")
	case a&roleAccess[v.user.Role] == 0:
		return nianbao.Errorf(nianbao.EFORBIDDEN, "此功能仅限%s使用；您的账号“%s”是%s", a.roles(), v.user.Name, v.user.Role.Label())
	}
	return nil
}

// unauthorized answers a request that needs an account: under /api/ a
// JSON 401 that says how to send a token; a page GET goes to the login
// page, which returns to it after signing in.
func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("WWW-Authenticate", `Bearer realm="nianbao"`)
		if nianbao.ErrorMessage(err) == "请先登录" {
			err = nianbao.Errorf(nianbao.EUNAUTHORIZED, "请先登录：接口请求请在请求头中加 Authorization: Bearer 令牌（令牌在“我的账号”页面或用 nianbao user token 创建）")
		}
		s.apiError(w, r, err)
		return
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.pageError(w, r, err)
}

// safeNext is where to go after signing in: a path of this application,
// never another site ("//evil.example", "/\evil.example").
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.HasPrefix(next, `/\`) || u.Host != "" || u.Scheme != "" || strings.HasPrefix(next, "/login") {
		return "/reports"
	}
	return next
}

// scoped is the report service as the viewer of each request may use it:
// lists, statistics and exports are filtered by the viewer's scope in the
// store's query; a single report, its file and its years are checked
// against the scope; uploads are checked and logged. It embeds nothing, so
// that a method added to nianbao.ReportService must be scoped here before
// the application compiles.
type scoped struct {
	svc nianbao.ReportService
	log nianbao.AuditLog // nil: no audit log
	srv *Server
}

var _ nianbao.ReportService = scoped{}

func (sc scoped) FindReports(ctx context.Context, f nianbao.ReportFilter) ([]*nianbao.StoredReport, int, error) {
	f.Scope = viewerFrom(ctx).scope
	return sc.svc.FindReports(ctx, f)
}

func (sc scoped) Stats(ctx context.Context, f nianbao.ReportFilter) (*nianbao.Stats, error) {
	f.Scope = viewerFrom(ctx).scope
	return sc.svc.Stats(ctx, f)
}

func (sc scoped) ExportReports(ctx context.Context, f nianbao.ReportFilter, fn func(*nianbao.StoredReport) error) error {
	f.Scope = viewerFrom(ctx).scope
	return sc.svc.ExportReports(ctx, f, fn)
}

// sees reports whether the viewer may see sr.
func (v *viewer) sees(sr *nianbao.StoredReport) bool {
	return v.scope.Allows(nianbao.AgencyKey(sr.Report.Agency), sr.PlaceKey)
}

func (sc scoped) FindReport(ctx context.Context, id int64) (*nianbao.StoredReport, error) {
	sr, err := sc.svc.FindReport(ctx, id)
	if err != nil {
		return nil, err
	}
	v := viewerFrom(ctx)
	if !v.sees(sr) {
		return nil, errNotYours
	}
	if sr.DeletedAt != nil && !v.seesDeleted() {
		return nil, nianbao.Errorf(nianbao.ENOTFOUND, "报告 %d 已删除", id)
	}
	return sr, nil
}

// seesDeleted reports whether the viewer may see deleted reports: an
// administrator (who may restore them), or whoever uses the instance on
// its own machine without accounts.
func (v *viewer) seesDeleted() bool {
	return v.local || (v.user != nil && v.user.Role == nianbao.RoleAdmin)
}

// Source checks the report as FindReport does: the viewer's scope, and
// deletion.
func (sc scoped) Source(ctx context.Context, id int64) (string, []byte, error) {
	if _, err := sc.FindReport(ctx, id); err != nil {
		return "", nil, err
	}
	return sc.svc.Source(ctx, id)
}

func (sc scoped) AgencyReports(ctx context.Context, id int64) ([]*nianbao.StoredReport, error) {
	all, err := sc.svc.AgencyReports(ctx, id)
	if err != nil {
		return nil, err
	}
	v := viewerFrom(ctx)
	var out []*nianbao.StoredReport
	seen := false
	for _, sr := range all {
		if v.sees(sr) && (sr.DeletedAt == nil || v.seesDeleted()) {
			out = append(out, sr)
			seen = seen || sr.ID == id
		}
	}
	if !seen {
		return nil, errNotYours
	}
	return out, nil
}

// AddReport stores an upload. An editor may upload only its own body's
// reports: the file is read first to see whose it is, so that no one
// makes another body's report, or the newest version of it, in its name.
// A stored upload is logged.
func (sc scoped) AddReport(ctx context.Context, name string, data []byte) (*nianbao.StoredReport, bool, error) {
	return sc.add(ctx, name, data)
}

// CheckReport audits a draft and stores nothing: anyone who may upload may
// check, and nothing is logged, since nothing changes.
func (sc scoped) CheckReport(ctx context.Context, name string, data []byte) (*nianbao.StoredReport, error) {
	return sc.svc.CheckReport(ctx, name, data)
}

// ownBody returns ctx with, for an editor, the check that a report is its
// own body's: what it uploads or saves as a draft.
func ownBody(ctx context.Context) context.Context {
	v := viewerFrom(ctx)
	if v.user == nil || v.user.Role != nianbao.RoleEditor {
		return ctx
	}
	return nianbao.WithAccept(ctx, func(rep *nianbao.Report) error {
		if !v.own.Allows(nianbao.AgencyKey(rep.Agency), 0) {
			return nianbao.Errorf(nianbao.EFORBIDDEN, "这份报告的机关是“%s”，不是本机关“%s”：填报机关账号只能上传、保存本机关的报告",
				cmp.Or(rep.Agency, "（未能读出）"), v.user.Body)
		}
		return nil
	})
}

// SaveDraft stores the entry form's draft, an editor's only for its own
// body, and logs it as an upload.
func (sc scoped) SaveDraft(ctx context.Context, rep *nianbao.Report) (*nianbao.StoredReport, error) {
	sr, err := sc.svc.SaveDraft(ownBody(ctx), rep)
	if err != nil {
		return nil, err
	}
	sc.logUpload(ctx, sr, sr.Report.Source.Name)
	return sr, nil
}

func (sc scoped) add(ctx context.Context, name string, data []byte) (*nianbao.StoredReport, bool, error) {
	sr, created, err := sc.svc.AddReport(ownBody(ctx), name, data)
	if err != nil || !created {
		return sr, created, err
	}
	sc.logUpload(ctx, sr, name)
	return sr, created, nil
}

// logUpload records a stored upload (or draft) in the audit log.
func (sc scoped) logUpload(ctx context.Context, sr *nianbao.StoredReport, name string) {
	if sc.log == nil {
		return
	}
	detail := fmt.Sprintf("上传“%s”：%s", name, cmp.Or(sr.Report.Agency, "机关不明"))
	if sr.Report.Year > 0 {
		detail += fmt.Sprintf(" %d年度", sr.Report.Year)
	}
	if err := sc.log.Record(ctx, &nianbao.AuditEntry{Action: nianbao.ActionUpload, Report: sr.ID, Detail: detail}); err != nil {
		// The report is stored: the upload succeeded, and saying
		// otherwise would have it uploaded again. The log's failure is
		// the server's to report.
		sc.srv.log.Error("audit log: upload not recorded", "report", sr.ID, "err", err)
	}
}
