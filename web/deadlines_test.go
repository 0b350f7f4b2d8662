package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"nianbao"
	"nianbao/ingest"
	"nianbao/store/storetest"
	"nianbao/web"
)

// TestDeadlineRoles: 淮安市's supervisor sets 1月26日 for its departments'
// 2024 reports and 淮安市财政局's report of 2025-01-27 turns late; another
// region's supervisor may not set one for 淮安市; an editor is refused in
// Chinese JSON; a visitor must sign in; the change is in the audit log,
// and removing it clears the finding.
func TestDeadlineRoles(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	svc := ingest.NewService(a.st)
	a.h = web.NewServer(svc, web.Options{Users: a.st, Audit: a.st, Roster: a.st, Deadlines: svc})
	a.addUser(nianbao.User{Name: "宿迁", Role: nianbao.RoleSupervisor, Places: []string{"3213"}})
	ctx := context.Background()
	sr, _, err := svc.AddReport(ctx, "财政局.txt", storetest.BodyReport(7, "淮安市财政局", 2024, "2025-01-27", false))
	if err != nil || sr.Late {
		t.Fatalf("as added: late %v, %v", sr != nil && sr.Late, err)
	}
	form := url.Values{"place": {"淮安市"}, "year": {"2024"}, "date": {"2025-01-26"}, "basis": {"淮政办发〔2025〕1号"}}
	for _, c := range []struct {
		as, path string
		status   int
		body     string
	}{
		{"路北", "/api/deadlines", 403, "仅限管理员、监督机构使用"},
		{"", "/api/deadlines", 401, "请先登录"},
		{"宿迁", "/api/deadlines", 403, "不在您负责的地区内"},
		{"宿迁", "/deadlines", 403, "<html"},
	} {
		res, body := a.post(c.path, c.as, form)
		if res.StatusCode != c.status || !strings.Contains(string(body), c.body) {
			t.Errorf("%q posts %s: %d %s; want %d with %q", c.as, c.path, res.StatusCode, body, c.status, c.body)
		}
	}
	if res, body := a.get("/deadlines", "路北"); res.StatusCode != 403 {
		t.Errorf("an editor's page: %d %.200s", res.StatusCode, body)
	}
	res, body := a.post("/deadlines", "淮安", form)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), url.QueryEscape("重新审核 1 份报告")) {
		t.Fatalf("淮安 sets: %d %s %s", res.StatusCode, res.Header.Get("Location"), body)
	}
	if got, err := a.st.FindReport(ctx, sr.ID); err != nil || !got.Late {
		t.Errorf("not late under 1月26日: %v", err)
	}
	if res, body := a.get("/deadlines", "淮安"); res.StatusCode != 200 || !strings.Contains(string(body), "2025-01-26") || !strings.Contains(string(body), "淮政办发〔2025〕1号") {
		t.Errorf("淮安's page (%d):\n%s", res.StatusCode, body)
	}
	if _, body := a.get("/deadlines", "宿迁"); strings.Contains(string(body), "2025-01-26") {
		t.Errorf("宿迁 sees 淮安市's deadline")
	}
	var api struct {
		Deadlines []struct {
			Region string `json:"region"`
			By     string `json:"set_by"`
		} `json:"deadlines"`
	}
	if _, body := a.get("/api/deadlines", "admin"); json.Unmarshal(body, &api) != nil || len(api.Deadlines) != 1 || api.Deadlines[0].Region != "3208" || api.Deadlines[0].By != "淮安" {
		t.Errorf("/api/deadlines: %s", body)
	}
	if _, n, err := a.st.AuditEntries(ctx, nianbao.AuditFilter{Action: nianbao.ActionDeadlineSet, Name: "淮安"}); err != nil || n != 1 {
		t.Errorf("audit log: %d entries, %v", n, err)
	}
	bad := url.Values{"place": {"3208"}, "year": {"2024"}, "date": {"2025-02-10"}}
	if res, body := a.post("/api/deadlines", "淮安", bad); res.StatusCode != 422 || !strings.Contains(string(body), "法定期限") {
		t.Errorf("a date after the law's: %d %s", res.StatusCode, body)
	}
	if res, body := a.post("/api/deadlines/delete", "淮安", url.Values{"place": {"3208"}, "year": {"2024"}}); res.StatusCode != 200 || !strings.Contains(string(body), "已移除") {
		t.Errorf("淮安 removes: %d %s", res.StatusCode, body)
	}
	if got, err := a.st.FindReport(ctx, sr.ID); err != nil || got.Late {
		t.Errorf("late after the removal: %v", err)
	}
}
