package web_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"nianbao"
	"nianbao/ingest"
	"nianbao/password"
	"nianbao/store"
	"nianbao/web"
)

// The account tests run the application over the real store (SQLite in
// a temporary directory), whose UserService and AuditLog they exercise
// and whose queries apply the scope of what each role sees.

func init() {
	// Default's cost belongs to the password package's benchmark.
	password.Default = password.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}

const testPassword = "测试用的密码-2025"

// The accounts of an accountFixture: name → role and what it sees.
var testUsers = []*nianbao.User{
	{Name: "admin", Role: nianbao.RoleAdmin},
	{Name: "淮安", Role: nianbao.RoleSupervisor, Places: []string{"3208"}},
	{Name: "路北", Role: nianbao.RoleEditor, Body: "路北街道办事处"},
}

type accountFixture struct {
	t       *testing.T
	st      *store.Store
	h       http.Handler
	ids     map[string]int64 // seed file name → report id
	users   map[string]*nianbao.User
	cookies map[string]*http.Cookie // user name → its session cookie
}

// reportService is the store as the application's ReportService: reports added through ingest.
func reportService(st *store.Store) nianbao.ReportService { return ingest.NewService(st) }

// newAccountFixture stores the seeds, creates testUsers (unless noUsers)
// and serves the application with opt over the store.
func newAccountFixture(t *testing.T, opt web.Options, noUsers bool) *accountFixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a := &accountFixture{t: t, st: st, ids: map[string]int64{}, users: map[string]*nianbao.User{}, cookies: map[string]*http.Cookie{}}
	svc := reportService(st)
	for _, n := range seedNames(t) {
		sr, _, err := svc.AddReport(ctx, n, readSeed(t, n))
		if err != nil {
			t.Fatal(err)
		}
		a.ids[n] = sr.ID
	}
	if !noUsers {
		for _, u := range testUsers {
			a.addUser(*u)
		}
	}
	opt.Users, opt.Audit = st, st
	a.h = web.NewServer(svc, opt)
	return a
}

func (a *accountFixture) addUser(u nianbao.User) *nianbao.User {
	a.t.Helper()
	if err := a.st.CreateUser(context.Background(), &u, testPassword); err != nil {
		a.t.Fatal(err)
	}
	a.users[u.Name] = &u
	return &u
}

// login signs in through the login form and returns the response.
func (a *accountFixture) login(name, pw, next string) *http.Response {
	a.t.Helper()
	form := url.Values{"name": {name}, "password": {pw}, "next": {next}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return rec.Result()
}

func sessionOf(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == "nianbao_session" {
			return c
		}
	}
	return nil
}

// do serves req as the account named as ("" for no one), signing it in
// the first time.
func (a *accountFixture) do(req *http.Request, as string) *http.Response {
	a.t.Helper()
	if as != "" {
		c, ok := a.cookies[as]
		if !ok {
			res := a.login(as, testPassword, "/reports")
			if c = sessionOf(res); res.StatusCode != http.StatusSeeOther || c == nil {
				a.t.Fatalf("login %s: status %d, no session cookie", as, res.StatusCode)
			}
			a.cookies[as] = c
		}
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return rec.Result()
}

func (a *accountFixture) get(path, as string) (*http.Response, []byte) {
	a.t.Helper()
	res := a.do(httptest.NewRequest("GET", path, nil), as)
	body, _ := io.ReadAll(res.Body)
	return res, body
}

func (a *accountFixture) post(path, as string, form url.Values) (*http.Response, []byte) {
	a.t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res := a.do(req, as)
	body, _ := io.ReadAll(res.Body)
	return res, body
}

func (a *accountFixture) upload(as string, files ...fileField) (int, []uploadResult) {
	a.t.Helper()
	body, ctype := multipartBody(a.t, "file", files...)
	req := httptest.NewRequest("POST", "/api/reports", body)
	req.Header.Set("Content-Type", ctype)
	res := a.do(req, as)
	var out []uploadResult
	data, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(data, &out); err != nil {
		return res.StatusCode, nil
	}
	return res.StatusCode, out
}

// TestRoleTable: every role, and no one, against the routes of each
// kind: 401 for no one (Chinese JSON under /api/, the login page
// otherwise), 403 for a role that may not, in Chinese.
func TestRoleTable(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	id := strconv.FormatInt(a.ids[seedLubei], 10)
	const login = 1 // a page that sends no one to the login page
	type want struct{ anon, admin, sup, editor int }
	for _, c := range []struct {
		method, path string
		want
	}{
		{"GET", "/reports", want{login, 200, 200, 200}},
		{"GET", "/reports.csv", want{login, 200, 200, 200}},
		{"GET", "/dashboard", want{login, 200, 200, 200}},
		{"GET", "/reports/" + id, want{login, 200, 403, 200}},
		{"GET", "/upload", want{login, 200, 200, 200}},
		{"GET", "/entry", want{login, 200, 200, 200}},
		{"GET", "/account", want{login, 200, 200, 200}},
		{"GET", "/users", want{login, 200, 403, 403}},
		{"GET", "/audit", want{login, 200, 403, 403}},
		{"GET", "/audit.csv", want{login, 200, 403, 403}},
		{"GET", "/login", want{200, 303, 303, 303}},
		{"GET", "/static/app.css", want{200, 200, 200, 200}},
		{"GET", "/api/reports", want{401, 200, 200, 200}},
		{"GET", "/api/reports/" + id, want{401, 200, 403, 200}},
		{"GET", "/api/stats", want{401, 200, 200, 200}},
		{"GET", "/api/me", want{401, 200, 200, 200}},
		{"GET", "/api/audit", want{401, 200, 403, 403}},
		{"POST", "/api/reports", want{401, 422, 422, 422}}, // signed in: no file, so 422
		{"POST", "/users", want{401, 422, 403, 403}},       // signed in as admin: an empty form, so 422
	} {
		for _, as := range []struct {
			name   string
			status int
		}{{"", c.anon}, {"admin", c.admin}, {"淮安", c.sup}, {"路北", c.editor}} {
			req := httptest.NewRequest(c.method, c.path, nil)
			if c.method == "POST" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			res := a.do(req, as.name)
			who := cmp.Or(as.name, "no one")
			switch {
			case as.status == login:
				if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/login?next="+url.QueryEscape(c.path) {
					t.Errorf("%s %s as %s: %d to %q; want 303 to the login page and back", c.method, c.path, who, res.StatusCode, loc)
				}
			case strings.HasPrefix(c.path, "/api/") && (as.status == 401 || as.status == 403):
				code := map[int]string{401: nianbao.EUNAUTHORIZED, 403: nianbao.EFORBIDDEN}[as.status]
				msg := apiErr(t, res, as.status, code)
				if as.status == 403 && c.path == "/api/audit" && !strings.Contains(msg, "管理员") {
					t.Errorf("%s %s as %s: %q does not say who may", c.method, c.path, who, msg)
				}
			case res.StatusCode != as.status:
				body, _ := io.ReadAll(res.Body)
				t.Errorf("%s %s as %s: status %d; want %d\n%.300s", c.method, c.path, who, res.StatusCode, as.status, body)
			case as.status == 403:
				body, _ := io.ReadAll(res.Body)
				if !strings.Contains(string(body), "拒绝访问") {
					t.Errorf("%s %s as %s: the 403 page does not say so in Chinese", c.method, c.path, who)
				}
			}
		}
	}
}

// TestEditorScope: an editor sees its own body's reports and no other,
// in lists, statistics, exports, report pages, files and comparisons.
func TestEditorScope(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	var list struct {
		Total   int `json:"total"`
		Reports []struct {
			ID     int64  `json:"id"`
			Agency string `json:"agency"`
		} `json:"reports"`
	}
	res, body := a.get("/api/reports", "路北")
	if err := json.Unmarshal(body, &list); err != nil || res.StatusCode != 200 {
		t.Fatalf("%d %v %s", res.StatusCode, err, body)
	}
	if list.Total != 1 || len(list.Reports) != 1 || list.Reports[0].ID != a.ids[seedLubei] {
		t.Fatalf("the editor of 路北街道办事处 sees %+v; want only 路北街道's report", list)
	}
	if _, body := a.get("/api/reports", "admin"); !strings.Contains(string(body), `"total":5`) {
		t.Errorf("the administrator does not see the five seeds: %.200s", body)
	}
	var st struct {
		Reports int `json:"reports"`
	}
	_, body = a.get("/api/stats", "路北")
	if json.Unmarshal(body, &st); st.Reports != 1 {
		t.Errorf("the editor's statistics count %d reports, want 1", st.Reports)
	}
	_, body = a.get("/reports.csv", "路北")
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Errorf("the editor's export has %d rows (%v), want the header and one report", len(rows), err)
	}
	other := strconv.FormatInt(a.ids[seedQujing], 10)
	for _, p := range []string{"/api/reports/" + other, "/api/reports/" + other + "/source", "/api/reports/" + other + "/compare"} {
		apiErr(t, a.do(httptest.NewRequest("GET", p, nil), "路北"), 403, nianbao.EFORBIDDEN)
	}
	for _, p := range []string{"/reports/" + other, "/reports/" + other + "/source", "/reports/" + other + "/compare"} {
		if res, _ := a.get(p, "路北"); res.StatusCode != 403 {
			t.Errorf("GET %s as the editor: %d, want 403", p, res.StatusCode)
		}
	}
	own := strconv.FormatInt(a.ids[seedLubei], 10)
	for _, p := range []string{"/reports/" + own, "/api/reports/" + own + "/source", "/reports/" + own + "/compare"} {
		if res, _ := a.get(p, "路北"); res.StatusCode != 200 {
			t.Errorf("GET %s as the editor: %d, want 200", p, res.StatusCode)
		}
	}
}

// TestSupervisorScope: a supervisor of 淮安市 cannot see another
// region's report.
func TestSupervisorScope(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	qujing := strconv.FormatInt(a.ids[seedQujing], 10)
	apiErr(t, a.do(httptest.NewRequest("GET", "/api/reports/"+qujing, nil), "淮安"), 403, nianbao.EFORBIDDEN)
	if res, _ := a.get("/reports/"+qujing, "淮安"); res.StatusCode != 403 {
		t.Errorf("曲靖's report page for the supervisor of 淮安市: %d, want 403", res.StatusCode)
	}
	_, body := a.get("/api/reports", "淮安")
	if strings.Contains(string(body), "曲靖") {
		t.Errorf("the supervisor of 淮安市 sees 曲靖's report: %.300s", body)
	}
}

// TestSupervisorRegion: a supervisor of 淮安市 sees 洪泽区's report.
func TestSupervisorRegion(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	sr := addHongze(t, a)
	if sr, _ := a.st.FindReport(context.Background(), sr.ID); sr.PlaceKey == 0 {
		t.Fatalf("洪泽区's report is not placed: %s", sr.PlaceNote)
	}
	var list struct {
		Reports []struct{ ID int64 } `json:"reports"`
	}
	_, body := a.get("/api/reports", "淮安")
	if json.Unmarshal(body, &list); len(list.Reports) != 1 || list.Reports[0].ID != sr.ID {
		t.Errorf("the supervisor of 淮安市 sees %s; want 洪泽区's report only", body)
	}
	if res, _ := a.get("/reports/"+strconv.FormatInt(sr.ID, 10), "淮安"); res.StatusCode != 200 {
		t.Errorf("洪泽区's report page for the supervisor of 淮安市: %d", res.StatusCode)
	}
}

// qujingCopy is seed 曲靖 as another file (its first line ends in CRLF):
// the same report, not yet stored.
func qujingCopy(t *testing.T) []byte {
	return []byte(strings.Replace(string(readSeed(t, seedQujing)), "\n", "\r\n", 1))
}

// TestEditorUpload: an editor uploads its own body's report and no
// other; the upload is in the audit log under its name.
func TestEditorUpload(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	status, res := a.upload("路北", fileField{"曲靖.txt", qujingCopy(t)})
	if status != 422 || len(res) != 1 || res[0].Code != nianbao.EFORBIDDEN || !strings.Contains(res[0].Error, "不是本机关") {
		t.Fatalf("the editor uploading 曲靖's report: %d %+v", status, res)
	}
	status, res = a.upload("路北", fileField{"路北2024修订.txt", brokenLubei(t)})
	if status != 200 || len(res) != 1 || !res[0].Created {
		t.Fatalf("the editor uploading its own report: %d %+v", status, res)
	}
	entries, _, err := a.st.AuditEntries(context.Background(), nianbao.AuditFilter{Action: nianbao.ActionUpload})
	if err != nil || len(entries) != 1 {
		t.Fatalf("upload entries %+v, %v", entries, err)
	}
	if e := entries[0]; e.Actor != "路北" || e.Report != res[0].ID || !strings.Contains(e.Detail, "路北2024修订.txt") {
		t.Errorf("upload entry %+v", e)
	}
	// The supervisor may upload any report it collects.
	if status, _ := a.upload("淮安", fileField{"曲靖.txt", qujingCopy(t)}); status != 200 {
		t.Errorf("the supervisor's upload: %d", status)
	}
}

// TestLogin: the way in and out, the cookie's flags, the way back to the
// page asked for, and the throttle.
func TestLogin(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	res := a.login("路北", "wrong-password", "/reports")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 401 || !strings.Contains(string(body), "账号或密码不正确") || sessionOf(res) != nil {
		t.Fatalf("wrong password: %d, cookie %v\n%.300s", res.StatusCode, sessionOf(res), body)
	}
	res = a.login("路北", testPassword, "/reports/1?x=1")
	c := sessionOf(res)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/reports/1?x=1" || c == nil {
		t.Fatalf("login: %d to %q, cookie %v", res.StatusCode, res.Header.Get("Location"), c)
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" || c.Expires.IsZero() {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure over HTTP, with an expiry", c)
	}
	for _, next := range []string{"//evil.example/", `/\evil.example`, "https://evil.example/", "/login?next=/x"} {
		if loc := a.login("路北", testPassword, next).Header.Get("Location"); loc != "/reports" {
			t.Errorf("next %q: redirected to %q, want /reports", next, loc)
		}
	}
	// Signing out ends the session on the server.
	a.cookies["路北"] = c
	if res, _ := a.get("/api/me", "路北"); res.StatusCode != 200 {
		t.Fatalf("/api/me with the session: %d", res.StatusCode)
	}
	res, _ = a.post("/logout", "路北", nil)
	if res.StatusCode != 303 || sessionOf(res) == nil || sessionOf(res).MaxAge >= 0 {
		t.Errorf("logout: %d, cookie %v; want the cookie cleared", res.StatusCode, sessionOf(res))
	}
	apiErr(t, a.do(httptest.NewRequest("GET", "/api/me", nil), "路北"), 401, nianbao.EUNAUTHORIZED)

	// Behind a proxy that says the browser came over HTTPS, the cookie is Secure.
	p := newAccountFixture(t, web.Options{TrustProxy: true}, false)
	form := url.Values{"name": {"admin"}, "password": {testPassword}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Forwarded-For", "203.0.113.9, 198.51.100.7")
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	if c := sessionOf(rec.Result()); c == nil || !c.Secure {
		t.Errorf("behind an HTTPS proxy: cookie %+v, want Secure", c)
	}
	entries, _, _ := p.st.AuditEntries(context.Background(), nianbao.AuditFilter{Action: nianbao.ActionLogin})
	if len(entries) != 1 || entries[0].Addr != "198.51.100.7" {
		t.Errorf("login entries %+v: want the address the proxy saw", entries)
	}

	// The throttle answers 429 in Chinese, on the login page.
	for range store.AccountFailures {
		a.login("admin", "wrong-password", "")
	}
	res = a.login("admin", testPassword, "")
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode != 429 || !strings.Contains(string(body), "登录失败次数过多") {
		t.Errorf("after %d failures: %d\n%.300s", store.AccountFailures, res.StatusCode, body)
	}
}

// TestTokens: a token made on the account page works as a Bearer token
// until it is revoked; a bad token is 401 even where no one may read.
func TestTokens(t *testing.T) {
	a := newAccountFixture(t, web.Options{Public: true}, false)
	res, body := a.post("/account/tokens", "淮安", url.Values{"label": {"每晚导出"}})
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create token: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	secret := textOf(query(t, parseHTML(t, string(body)), "#new-token"))
	bearer := func(path, tok string) *http.Response {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		return a.do(req, "")
	}
	res = bearer("/api/me", secret)
	var me struct{ Name, Role string }
	if json.NewDecoder(res.Body).Decode(&me); res.StatusCode != 200 || me.Name != "淮安" || me.Role != "supervisor" {
		t.Fatalf("/api/me with the token: %d %+v", res.StatusCode, me)
	}
	apiErr(t, bearer("/api/reports", secret+"x"), 401, nianbao.EUNAUTHORIZED)
	apiErr(t, bearer("/api/reports", "nbt_made-up"), 401, nianbao.EUNAUTHORIZED)
	toks, _ := a.st.Tokens(context.Background(), a.users["淮安"].ID)
	if len(toks) != 1 {
		t.Fatalf("tokens %+v", toks)
	}
	res, _ = a.post("/account/tokens/"+strconv.FormatInt(toks[0].ID, 10)+"/delete", "淮安", nil)
	if res.StatusCode != 303 {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	apiErr(t, bearer("/api/me", secret), 401, nianbao.EUNAUTHORIZED)
	if res, _ := a.post("/account/tokens/"+strconv.FormatInt(toks[0].ID, 10)+"/delete", "路北", nil); res.StatusCode != 404 {
		t.Errorf("revoking another account's token: %d, want 404", res.StatusCode)
	}
}

// TestPublic: an instance that lets visitors read lets them read and
// nothing more.
func TestPublic(t *testing.T) {
	a := newAccountFixture(t, web.Options{Public: true}, false)
	if res, body := a.get("/api/reports", ""); res.StatusCode != 200 || !strings.Contains(string(body), `"total":5`) {
		t.Errorf("a visitor's list: %d %.200s", res.StatusCode, body)
	}
	if res, _ := a.get("/reports/"+strconv.FormatInt(a.ids[seedQujing], 10), ""); res.StatusCode != 200 {
		t.Errorf("a visitor's report page: %d", res.StatusCode)
	}
	page := parseHTML(t, string(must200(t, a, "/reports")))
	if len(queryAll(t, page, `a[href="/upload"]`)) != 0 || len(queryAll(t, page, `a[href="/login"]`)) != 1 {
		t.Error("a visitor's page offers uploading, or no login")
	}
	status, _ := a.upload("", fileField{"x.txt", brokenLubei(t)})
	if status != 401 {
		t.Errorf("a visitor's upload: %d, want 401", status)
	}
	if res, _ := a.get("/upload", ""); res.StatusCode != 303 {
		t.Errorf("a visitor's upload page: %d, want the login page", res.StatusCode)
	}
	// Signed in, an editor reads what visitors read, and still uploads
	// only its own body's reports.
	if _, body := a.get("/api/reports", "路北"); !strings.Contains(string(body), `"total":5`) {
		t.Errorf("the editor on a public instance: %.200s", body)
	}
	status, res := a.upload("路北", fileField{"曲靖.txt", qujingCopy(t)})
	if status != 422 || len(res) != 1 || res[0].Code != nianbao.EFORBIDDEN {
		t.Errorf("the editor uploading 曲靖's report on a public instance: %d %+v", status, res)
	}
}

func must200(t *testing.T, a *accountFixture, path string) []byte {
	t.Helper()
	res, body := a.get(path, "")
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	return body
}

// TestLocal: without accounts on the machine itself the application is
// open as it always was, and says so; the first account closes it.
func TestLocal(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, true)
	body := must200(t, a, "/reports")
	if !strings.Contains(string(body), "本机模式，未启用账号") {
		t.Error("no 本机模式 banner")
	}
	if status, res := a.upload("", fileField{"x.txt", brokenLubei(t)}); status != 200 || len(res) != 1 || !res[0].Created {
		t.Errorf("upload without accounts on the machine: %d %+v", status, res)
	}
	if res, body := a.get("/users", ""); res.StatusCode != 403 || !strings.Contains(string(body), "nianbao user add") {
		t.Errorf("the accounts page without accounts: %d; want 403 saying how to make one", res.StatusCode)
	}
	must200(t, a, "/audit")
	a.addUser(nianbao.User{Name: "admin", Role: nianbao.RoleAdmin})
	apiErr(t, a.do(httptest.NewRequest("GET", "/api/reports", nil), ""), 401, nianbao.EUNAUTHORIZED)
	if res, _ := a.get("/reports", "admin"); res.StatusCode != 200 {
		t.Errorf("after the first account, signed in: %d", res.StatusCode)
	}
}

// TestReadOnly: without accounts on another address the application only
// reads, whatever its flag; with ReadOnly it refuses uploads to anyone.
func TestReadOnly(t *testing.T) {
	a := newAccountFixture(t, web.Options{Addr: "0.0.0.0:8080"}, true)
	req := httptest.NewRequest("GET", "/reports", nil)
	req.Host = "192.0.2.1:8080"
	res := a.do(req, "")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.Contains(string(body), "只读模式") || strings.Contains(string(body), "本机模式") {
		t.Errorf("no accounts on 0.0.0.0: %d, want the list with the 只读模式 banner", res.StatusCode)
	}
	body2, ctype := multipartBody(t, "file", fileField{"x.txt", brokenLubei(t)})
	req = httptest.NewRequest("POST", "/api/reports", body2)
	req.Host = "192.0.2.1:8080"
	req.Header.Set("Content-Type", ctype)
	apiErr(t, a.do(req, ""), 403, nianbao.EFORBIDDEN)

	r := newAccountFixture(t, web.Options{ReadOnly: true}, false)
	status, _ := r.upload("admin", fileField{"x.txt", brokenLubei(t)})
	if status != 403 {
		t.Errorf("upload to a read-only instance as admin: %d, want 403", status)
	}
}

// TestAccountsPages: an administrator makes, changes and resets accounts
// on the page; refusals are shown on it in Chinese.
func TestAccountsPages(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	res, body := a.post("/users", "admin", url.Values{"name": {"洪泽"}, "role": {"supervisor"}, "places": {"洪泽区、 3208"},
		"password": {testPassword}, "confirm": {testPassword}})
	if res.StatusCode != 303 {
		t.Fatalf("create: %d %.300s", res.StatusCode, body)
	}
	u, err := a.st.FindUser(context.Background(), "洪泽")
	if err != nil || strings.Join(u.Places, ",") != "320813,3208" {
		t.Fatalf("created %+v, %v", u, err)
	}
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"name": {"x"}, "role": {"supervisor"}, "places": {"鼓楼区"}, "password": {testPassword}, "confirm": {testPassword}}, "可指 4 个地区"},
		{url.Values{"name": {"x"}, "role": {"editor"}, "password": {testPassword}, "confirm": {testPassword}}, "本机关的名称"},
		{url.Values{"name": {"x"}, "role": {"admin"}, "password": {testPassword}, "confirm": {"other"}}, "不一致"},
		{url.Values{"name": {"洪泽"}, "role": {"admin"}, "password": {testPassword}, "confirm": {testPassword}}, "已被使用"},
	} {
		res, body := a.post("/users", "admin", c.form)
		if res.StatusCode != 422 || !strings.Contains(string(body), c.want) {
			t.Errorf("%v: %d; want 422 saying %q", c.form, res.StatusCode, c.want)
		}
	}
	res, _ = a.post("/users/"+url.PathEscape("洪泽"), "admin", url.Values{"role": {"editor"}, "places": {"3208"}, "body": {"洪泽区人民政府办公室"}})
	if u, _ := a.st.FindUser(context.Background(), "洪泽"); res.StatusCode != 303 || u.Role != nianbao.RoleEditor || u.Places != nil || u.Body != "洪泽区人民政府办公室" {
		t.Errorf("update: %d %+v", res.StatusCode, u)
	}
	if res, body := a.post("/users/admin", "admin", url.Values{"role": {"admin"}, "disabled": {"1"}}); res.StatusCode != 422 || !strings.Contains(string(body), "至少要保留一个") {
		t.Errorf("disabling the last administrator: %d", res.StatusCode)
	}
	res, _ = a.post("/users/"+url.PathEscape("路北")+"/password", "admin", url.Values{"password": {"新的密码-2026"}, "confirm": {"新的密码-2026"}})
	if res.StatusCode != 303 {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if res := a.login("路北", "新的密码-2026", ""); res.StatusCode != 303 {
		t.Errorf("login with the reset password: %d", res.StatusCode)
	}
	page := parseHTML(t, string(must200As(t, a, "/users", "admin")))
	if rows := queryAll(t, page, "table.users tbody tr"); len(rows) != 4 {
		t.Errorf("%d accounts listed, want 4", len(rows))
	}

	// Changing one's own password ends the other sessions and keeps this one.
	other := sessionOf(a.login("淮安", testPassword, ""))
	res, body = a.post("/account/password", "淮安", url.Values{"old": {testPassword}, "new": {"换一个密码-2026"}, "confirm": {"换一个密码-2026"}})
	if res.StatusCode != 200 || !strings.Contains(string(body), "密码已更改") || sessionOf(res) == nil {
		t.Fatalf("change password: %d", res.StatusCode)
	}
	a.cookies["淮安"] = sessionOf(res)
	if res, _ := a.get("/api/me", "淮安"); res.StatusCode != 200 {
		t.Errorf("this browser after the change: %d", res.StatusCode)
	}
	req := httptest.NewRequest("GET", "/api/me", nil)
	req.AddCookie(other)
	apiErr(t, a.do(req, ""), 401, nianbao.EUNAUTHORIZED)
	if res, body := a.post("/account/password", "淮安", url.Values{"old": {"wrong-password"}, "new": {"另一个密码-2027"}, "confirm": {"另一个密码-2027"}}); res.StatusCode != 401 || !strings.Contains(string(body), "原密码不正确") {
		t.Errorf("wrong old password: %d", res.StatusCode)
	}
}

func must200As(t *testing.T, a *accountFixture, path, as string) []byte {
	t.Helper()
	res, body := a.get(path, as)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s as %s: %d", path, as, res.StatusCode)
	}
	return body
}

// TestAuditPages: the administrator's page, its filters and exports show
// who did what, in the server's time zone.
func TestAuditPages(t *testing.T) {
	a := newAccountFixture(t, web.Options{Location: time.FixedZone("UTC+8", 8*3600)}, false)
	a.login("路北", "wrong-password", "")
	a.upload("路北", fileField{"路北2024修订.txt", brokenLubei(t)})
	page := parseHTML(t, string(must200As(t, a, "/audit?action=login.failed", "admin")))
	rows := queryAll(t, page, "table.audit tbody tr")
	if len(rows) != 1 || !strings.Contains(textOf(rows[0]), "未登录访客") || !strings.Contains(textOf(rows[0]), "密码不正确") {
		t.Fatalf("failed logins: %d rows %q", len(rows), textOf(page))
	}
	res, _ := a.get("/audit?action=bogus", "admin")
	if res.StatusCode != 422 {
		t.Errorf("an unknown action: %d", res.StatusCode)
	}

	_, body := a.get("/audit.csv", "admin")
	if !bytes.HasPrefix(body, []byte("\uFEFF")) {
		t.Error("the CSV has no byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(recs) < 2 || strings.Join(recs[0], ",") != "编号,时间,操作人,地址,操作,报告编号,涉及账号,说明" {
		t.Fatalf("CSV %v: %q", err, recs)
	}
	entries, _, _ := a.st.AuditEntries(context.Background(), nianbao.AuditFilter{})
	if len(recs) != len(entries)+1 {
		t.Errorf("CSV rows %d, entries %d", len(recs)-1, len(entries))
	}
	for i, e := range entries {
		if e.Action != nianbao.ActionUpload {
			continue
		}
		if row := recs[i+1]; row[4] != "上传报告" || row[2] != "路北" || row[5] != strconv.FormatInt(e.Report, 10) ||
			row[1] != e.At.In(time.FixedZone("", 8*3600)).Format("2006-01-02 15:04:05") {
			t.Errorf("upload row %q; want the upload of report %d, by 路北, at UTC+8", row, e.Report)
		}
	}
	res, body = a.get("/audit.xlsx?name="+url.QueryEscape("路北"), "admin")
	if res.StatusCode != 200 || !bytes.HasPrefix(body, []byte("PK")) {
		t.Errorf("XLSX: %d", res.StatusCode)
	}
	var api struct {
		Total   int `json:"total"`
		Entries []struct {
			Action      string `json:"action"`
			ActionLabel string `json:"action_label"`
		} `json:"entries"`
	}
	_, body = a.get("/api/audit?action=report.upload", "admin")
	if json.Unmarshal(body, &api); api.Total != 1 || api.Entries[0].ActionLabel != "上传报告" {
		t.Errorf("/api/audit: %s", body)
	}
}

func TestLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "[::1]:8080": true, "127.0.0.2": true, "LOCALHOST": true,
		":8080": false, "0.0.0.0:8080": false, "[::]:8080": false, "192.168.1.5:8080": false, "nianbao.example.cn:80": false,
	} {
		if got := web.Loopback(addr); got != want {
			t.Errorf("Loopback(%q) = %v; want %v", addr, got, want)
		}
	}
}
