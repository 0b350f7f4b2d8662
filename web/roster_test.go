package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"nianbao"
	"nianbao/store/storetest"
	"nianbao/web"
)

// importRoster posts a roster file with the form's fields as the account.
func (a *accountFixture) importRoster(as string, fields map[string]string, file string) (*http.Response, []byte) {
	a.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != "" {
		w, _ := mw.CreateFormFile("file", "名单.csv")
		io.WriteString(w, file)
	}
	mw.Close()
	req := httptest.NewRequest("POST", "/roster/import", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res := a.do(req, as)
	body, _ := io.ReadAll(res.Body)
	return res, body
}

// TestRosterRoles: an administrator imports 洪泽区's roster; 淮安市's
// supervisor sees it with each body's status, on the page, the dashboard,
// the exports and the aggregate, and takes a body off it; another
// region's supervisor sees none of it and may change none of it; an
// editor may not import; a visitor must sign in.
func TestRosterRoles(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	svc := reportService(a.st)
	a.h = web.NewServer(svc, web.Options{Users: a.st, Audit: a.st, Roster: a.st})
	a.addUser(nianbao.User{Name: "宿迁", Role: nianbao.RoleSupervisor, Places: []string{"3213"}})
	for i, r := range [][2]string{{"淮安市洪泽区财政局", "2025-01-20"}, {"淮安市洪泽区教育局", "2025-02-15"}} {
		if _, _, err := svc.AddReport(context.Background(), r[0]+".txt", storetest.BodyReport(uint64(i), r[0], 2024, r[1], false)); err != nil {
			t.Fatal(err)
		}
	}
	list := "单位名称,类别\n淮安市洪泽区财政局,政府部门\n淮安市洪泽区教育局,\n淮安市洪泽区商务局,\n"
	form := map[string]string{"place": "320813", "year": "2024"}
	if res, body := a.importRoster("admin", form, list); res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), url.QueryEscape("新增 3 个")) {
		t.Fatalf("admin's import: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	for _, c := range []struct {
		as     string
		status int
	}{{"宿迁", 403}, {"路北", 403}} {
		if res, body := a.importRoster(c.as, form, list); res.StatusCode != c.status || !strings.Contains(string(body), "<html") {
			t.Errorf("%s imports: %d, want %d", c.as, res.StatusCode, c.status)
		}
	}
	res, body := a.get("/roster?year=2024", "淮安")
	page := string(body)
	if res.StatusCode != 200 || !strings.Contains(page, `id="roster-expected">3<`) || !strings.Contains(page, `id="roster-missing">1<`) ||
		!strings.Contains(page, `id="roster-late">1<`) || !strings.Contains(page, "淮安市洪泽区商务局") || !strings.Contains(page, `action="/roster/import"`) {
		t.Errorf("淮安's roster page (%d):\n%s", res.StatusCode, page)
	}
	if _, body := a.get("/roster?year=2024&status=missing", "淮安"); strings.Contains(string(body), `data-agency="淮安市洪泽区财政局"`) || !strings.Contains(string(body), `data-agency="淮安市洪泽区商务局"`) {
		t.Errorf("the filter by 未报:\n%s", body)
	}
	if _, body := a.get("/roster?year=2024", "宿迁"); strings.Contains(string(body), "洪泽区") && strings.Contains(string(body), "data-agency") {
		t.Errorf("宿迁 sees 洪泽区's roster:\n%s", body)
	}
	if _, body := a.get("/roster?year=2024", "路北"); strings.Contains(string(body), "data-agency") || strings.Contains(string(body), `action="/roster/import"`) {
		t.Errorf("an editor sees another body's entries or the import form:\n%s", body)
	}
	if res, _ := a.get("/roster?year=2024", ""); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a visitor: status %d", res.StatusCode)
	}
	if res, _ := a.get("/roster?year=x", "淮安"); res.StatusCode != 422 {
		t.Errorf("a bad year: status %d", res.StatusCode)
	}
	// The exports, one function with the problem list's.
	if res, body := a.get("/roster.csv?year=2024&status=missing", "淮安"); res.StatusCode != 200 || !strings.Contains(string(body), "淮安市洪泽区商务局") || !strings.Contains(string(body), "未报") || strings.Contains(string(body), "财政局") {
		t.Errorf("CSV (%d):\n%s", res.StatusCode, body)
	}
	if res, body := a.get("/roster.xlsx?year=2024", "淮安"); res.StatusCode != 200 || !bytes.HasPrefix(body, []byte("PK")) {
		t.Errorf("XLSX: %d", res.StatusCode)
	}
	if _, body := a.get("/roster.csv?year=2024", "宿迁"); strings.Contains(string(body), "洪泽区") {
		t.Errorf("宿迁's CSV has 洪泽区's bodies:\n%s", body)
	}
	// The JSON API: the same, and 401 in Chinese for no one.
	var api struct {
		Counts  nianbao.RosterCounts `json:"counts"`
		Entries []struct {
			Agency   string                 `json:"agency"`
			Statuses []nianbao.RosterStatus `json:"statuses"`
		} `json:"entries"`
	}
	if _, body := a.get("/api/roster?year=2024&status=late", "淮安"); json.Unmarshal(body, &api) != nil || api.Counts.Expected != 3 ||
		len(api.Entries) != 1 || api.Entries[0].Agency != "淮安市洪泽区教育局" || len(api.Entries[0].Statuses) != 2 {
		t.Errorf("/api/roster: %s", body)
	}
	if res, body := a.get("/api/roster?year=2024", ""); res.StatusCode != 401 || !strings.Contains(string(body), "请先登录") {
		t.Errorf("/api/roster for no one: %d %s", res.StatusCode, body)
	}
	// The dashboard's counts.
	if _, body := a.get("/dashboard?year=2024", "淮安"); !strings.Contains(string(body), `id="roster-expected">3<`) || !strings.Contains(string(body), `id="roster-reported">2<`) {
		t.Errorf("dashboard:\n%s", body)
	}
	// The aggregate lists the missing body and exports the draft.
	if _, body := a.get("/aggregate?place=320813&year=2024", "淮安"); !strings.Contains(string(body), "<li>淮安市洪泽区商务局</li>") || !strings.Contains(string(body), "逐格来源") {
		t.Errorf("aggregate:\n%s", body)
	}
	if res, body := a.get("/aggregate?place=320813&year=2024", "宿迁"); res.StatusCode != 422 || strings.Contains(string(body), "商务局") {
		t.Errorf("宿迁's aggregate of 洪泽区: %d", res.StatusCode)
	}
	if res, body := a.get("/aggregate/export?place=320813&year=2024&format=md", "淮安"); res.StatusCode != 200 || !strings.Contains(string(body), "政府信息公开工作年度报告") {
		t.Errorf("aggregate export: %d\n%.300s", res.StatusCode, body)
	}
	// A public instance shows visitors the reports, never the rosters.
	pub := web.NewServer(svc, web.Options{Users: a.st, Audit: a.st, Roster: a.st, Public: true})
	for _, path := range []string{"/aggregate?place=320813&year=2024", "/dashboard?year=2024"} {
		rec := httptest.NewRecorder()
		pub.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 || strings.Contains(rec.Body.String(), "商务局") || strings.Contains(rec.Body.String(), "roster-expected") {
			t.Errorf("a visitor of a public instance, %s: %d\n%s", path, rec.Code, rec.Body)
		}
	}
	// Taking a body off: not another region's supervisor.
	del := url.Values{"year": {"2024"}, "agency": {"淮安市洪泽区商务局"}}
	if res, _ := a.post("/roster/delete", "宿迁", del); res.StatusCode != 404 {
		t.Errorf("宿迁 deletes: %d", res.StatusCode)
	}
	if res, _ := a.post("/roster/delete", "淮安", del); res.StatusCode != http.StatusSeeOther {
		t.Errorf("淮安 deletes: %d", res.StatusCode)
	}
	if _, body := a.get("/roster?year=2024", "淮安"); !strings.Contains(string(body), `id="roster-expected">2<`) {
		t.Errorf("after the deletion:\n%s", body)
	}
	if n := storetest.Count(t, a.st, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'roster.%'"); n != 2 {
		t.Errorf("%d roster entries in the audit log, want 2", n)
	}
}
