package web_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"nianbao"
	"nianbao/web"
)

// newReviseFixture is the account fixture with versions, deletion and
// corrections on, a supervisor of 南京 besides, and 洪泽区's report (in
// 淮安市, the supervisor 淮安's region).
func newReviseFixture(t *testing.T) (*accountFixture, *nianbao.StoredReport) {
	t.Helper()
	a := newAccountFixture(t, web.Options{}, false)
	svc := reportService(a.st)
	a.h = web.NewServer(svc, web.Options{Users: a.st, Audit: a.st, Reviews: a.st, Reviser: svc.(nianbao.Reviser)})
	a.addUser(nianbao.User{Name: "南京", Role: nianbao.RoleSupervisor, Places: []string{"3201"}})
	return a, addHongze(t, a)
}

// logged returns the actions the audit log holds about report id.
func logged(t *testing.T, a *accountFixture, id int64) map[nianbao.AuditAction]int {
	t.Helper()
	es, _, err := a.st.AuditEntries(context.Background(), nianbao.AuditFilter{Report: id})
	if err != nil {
		t.Fatal(err)
	}
	out := map[nianbao.AuditAction]int{}
	for _, e := range es {
		out[e.Action]++
	}
	return out
}

// TestRevisionRoles: no one signed in gets 401 and an editor 403, in
// Chinese JSON, for corrections, deletion and restoring; a supervisor of
// another region cannot touch the report; only an administrator restores.
func TestRevisionRoles(t *testing.T) {
	a, sr := newReviseFixture(t)
	id := strconv.FormatInt(sr.ID, 10)
	correct := url.Values{"cell": {"requests/new_received/natural_person"}, "text": {"7"}, "reason": {"原文件为 7"}}
	for _, c := range []struct {
		path, as string
		status   int
		code     string
	}{
		{"/api/reports/" + id + "/corrections", "", 401, nianbao.EUNAUTHORIZED},
		{"/api/reports/" + id + "/corrections", "路北", 403, nianbao.EFORBIDDEN},
		{"/api/reports/" + id + "/corrections", "南京", 403, nianbao.EFORBIDDEN},
		{"/api/reports/" + id + "/delete", "", 401, nianbao.EUNAUTHORIZED},
		{"/api/reports/" + id + "/delete", "路北", 403, nianbao.EFORBIDDEN},
		{"/api/reports/" + id + "/delete", "南京", 403, nianbao.EFORBIDDEN},
		{"/api/reports/" + id + "/restore", "", 401, nianbao.EUNAUTHORIZED},
		{"/api/reports/" + id + "/restore", "淮安", 403, nianbao.EFORBIDDEN},
		{"/api/reports/" + id + "/restore", "路北", 403, nianbao.EFORBIDDEN},
	} {
		req := httptest.NewRequest("POST", c.path, strings.NewReader(correct.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		msg := apiErr(t, a.do(req, c.as), c.status, c.code)
		if c.as == "路北" && !strings.Contains(msg, "管理员") {
			t.Errorf("POST %s as the editor: %q does not say who may", c.path, msg)
		}
	}
	for _, path := range []string{"/reports/" + id + "/corrections", "/reports/" + id + "/delete"} {
		if res, _ := a.post(path, "路北", correct); res.StatusCode != 403 {
			t.Errorf("the editor posting %s: %d, want 403", path, res.StatusCode)
		}
	}
	if _, body := a.get("/reports/"+id, "淮安"); !strings.Contains(string(body), `action="/reports/`+id+`/corrections"`) ||
		!strings.Contains(string(body), `action="/reports/`+id+`/delete"`) || strings.Contains(string(body), "/restore") {
		t.Error("the supervisor's report page lacks the correction or delete form, or offers to restore")
	}
	if len(logged(t, a, sr.ID)) != 0 {
		t.Errorf("refused requests logged: %v", logged(t, a, sr.ID))
	}
}

// TestCorrectCell: the supervisor corrects a cell through the page; the
// page marks it with what was read and who corrected it, the JSON carries
// the correction, the audit ran again, and it is logged; a correction
// without a reason is a Chinese error.
func TestCorrectCell(t *testing.T) {
	a, sr := newReviseFixture(t)
	id := strconv.FormatInt(sr.ID, 10)
	cell := nianbao.CellKey{Table: nianbao.TableRequests, Row: "new_received", Column: "natural_person"}
	read := sr.Report.Value(cell)
	text := read.Add(nianbao.Int(3)).String()
	if res, body := a.post("/reports/"+id+"/corrections", "淮安", url.Values{"cell": {"requests/new_received/natural_person"}, "text": {text}}); res.StatusCode != 422 || !strings.Contains(string(body), "理由") {
		t.Errorf("a correction without a reason: %d", res.StatusCode)
	}
	res, _ := a.post("/reports/"+id+"/corrections", "淮安", url.Values{"cell": {"requests/new_received/natural_person"}, "text": {text}, "reason": {"原文件第2页为 " + text}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/reports/"+id+"#cell-requests-new_received-natural_person" {
		t.Fatalf("the correction: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := a.get("/reports/"+id, "admin")
	page := string(body)
	for _, want := range []string{"num corrected", "已更正：读取为“" + read.String() + "”", "经核对原文件为“" + text + "”（淮安，", "不能用来改动机关发布的数字"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report page lacks %q", want)
		}
	}
	var got struct {
		Report      *nianbao.Report      `json:"report"`
		Corrections []nianbao.Correction `json:"corrections"`
		Errors      int                  `json:"errors"`
	}
	_, body = a.get("/api/reports/"+id, "淮安")
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Corrections) != 1 || got.Corrections[0].Read != read.String() || got.Report.Value(cell).String() != text {
		t.Errorf("the JSON after the correction: %+v, %v", got.Corrections, got.Report.Value(cell))
	}
	if got.Errors <= sr.Errors {
		t.Errorf("the audit did not run on the corrected report: %d errors, %d before", got.Errors, sr.Errors)
	}
	if logged(t, a, sr.ID)[nianbao.ActionCorrect] != 1 {
		t.Errorf("the correction not logged: %v", logged(t, a, sr.ID))
	}
}

// TestDeleteRestore: the supervisor deletes a report for a reason; it
// leaves the supervisor's list and pages, the administrator sees it on
// /deleted and restores it; both are logged.
func TestDeleteRestore(t *testing.T) {
	a, sr := newReviseFixture(t)
	id := strconv.FormatInt(sr.ID, 10)
	req := httptest.NewRequest("POST", "/api/reports/"+id+"/delete", strings.NewReader("reason="+url.QueryEscape("误传")))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res := a.do(req, "淮安"); res.StatusCode != 200 {
		t.Fatalf("the deletion: %d", res.StatusCode)
	}
	if _, body := a.get("/api/reports", "淮安"); strings.Contains(string(body), "洪泽") {
		t.Error("the deleted report is still listed")
	}
	if res, _ := a.get("/reports/"+id, "淮安"); res.StatusCode != 404 {
		t.Errorf("the deleted report's page for the supervisor: %d, want 404", res.StatusCode)
	}
	if _, body := a.get("/reports/"+id, "admin"); !strings.Contains(string(body), "此报告已于") || !strings.Contains(string(body), "理由：误传") ||
		!strings.Contains(string(body), `action="/reports/`+id+`/restore"`) {
		t.Error("the administrator's page of the deleted report does not say so or offer to restore")
	}
	if _, body := a.get("/deleted", "admin"); !strings.Contains(string(body), `href="/reports/`+id+`"`) {
		t.Error("/deleted does not list the report")
	}
	if res, _ := a.post("/reports/"+id+"/restore", "admin", nil); res.StatusCode != 303 {
		t.Fatalf("the restore: %d", res.StatusCode)
	}
	if _, body := a.get("/api/reports", "淮安"); !strings.Contains(string(body), "洪泽") {
		t.Error("the restored report is not listed")
	}
	if got := logged(t, a, sr.ID); got[nianbao.ActionDelete] != 1 || got[nianbao.ActionRestore] != 1 {
		t.Errorf("logged: %v", got)
	}
}

// TestVersionsPage: a second file of 曲靖's year replaces the first; the
// first's page says when and links to the new version, the list shows
// the new one only, and the versions API lists both.
func TestVersionsPage(t *testing.T) {
	a, _ := newReviseFixture(t)
	old := a.ids[seedQujing]
	status, res := a.upload("admin", fileField{"qujing-v2.txt", qujingCopy(t)})
	if status != 200 || len(res) != 1 || !res[0].Created || res[0].Report == nil || res[0].Report.Replaces != 1 {
		t.Fatalf("uploading the second version: %d %+v; want it created, replacing one", status, res)
	}
	oldID := strconv.FormatInt(old, 10)
	_, body := a.get("/reports/"+oldID, "admin")
	if page := string(body); !strings.Contains(page, "此版本已被") || !strings.Contains(page, `href="/reports/`+strconv.FormatInt(res[0].ID, 10)+`"`) ||
		!strings.Contains(page, "现行版本") {
		t.Error("the old version's page does not say it was replaced, or link to the new one")
	}
	var vs struct {
		Versions []nianbao.Version `json:"versions"`
	}
	_, body = a.get("/api/reports/"+oldID+"/versions", "admin")
	if err := json.Unmarshal(body, &vs); err != nil || len(vs.Versions) != 2 || vs.Versions[0].Current || !vs.Versions[1].Current {
		t.Errorf("versions: %s", body)
	}
	_, body = a.get("/api/reports?q="+url.QueryEscape("曲靖"), "admin")
	if strings.Count(string(body), `"agency"`) != 1 || !strings.Contains(string(body), `"replaces":1`) {
		t.Errorf("the list of 曲靖 shows %d reports, want the current version only, which replaces one: %s", strings.Count(string(body), `"agency"`), body)
	}
	_, body = a.get("/reports?q="+url.QueryEscape("曲靖"), "admin")
	if !strings.Contains(string(body), `href="/reports/`+strconv.FormatInt(res[0].ID, 10)+`#versions"`) || !strings.Contains(string(body), "新版本") {
		t.Error("the list page does not say the report replaced a version")
	}
	if logged(t, a, res[0].ID)[nianbao.ActionVersion] != 1 {
		t.Errorf("the new version not logged")
	}
}
