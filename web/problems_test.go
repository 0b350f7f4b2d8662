package web_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"nianbao"
	"nianbao/web"
)

// TestReviewFinding: a supervisor marks a finding of a report in its
// region as a false alarm; an editor and another region's supervisor
// cannot; the review survives the re-audit when the year before arrives,
// and the problem list, its CSV and XLSX carry it.
func TestReviewFinding(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	svc := reportService(a.st)
	a.h = web.NewServer(svc, web.Options{Users: a.st, Audit: a.st, Reviews: a.st})
	a.addUser(nianbao.User{Name: "南京", Role: nianbao.RoleSupervisor, Places: []string{"3201"}})
	sr := addHongze(t, a)
	var f *nianbao.Finding
	for i := range sr.Findings {
		if !sr.Findings[i].Rule.CrossYear() {
			f = &sr.Findings[i]
			break
		}
	}
	if f == nil {
		t.Fatalf("洪泽区 2024 has no finding of its own year: %+v", sr.Findings)
	}
	id := strconv.FormatInt(sr.ID, 10)
	if _, body := a.get("/reports/"+id, "淮安"); !strings.Contains(string(body), `action="/reports/`+id+`/findings"`) {
		t.Error("the report page offers the supervisor no review form")
	}
	if _, body := a.get("/reports/"+id, "admin"); !strings.Contains(string(body), "核实状态：<strong>待核实</strong>") {
		t.Error("the report page does not show the finding open")
	}
	form := url.Values{"key": {f.Key()}, "state": {"false"}, "comment": {"经核对原文，数字无误"}}
	if res, _ := a.post("/reports/"+id+"/findings", "路北", form); res.StatusCode != 403 {
		t.Errorf("an editor reviewing: %d, want 403", res.StatusCode)
	}
	if res, _ := a.post("/reports/"+id+"/findings", "南京", form); res.StatusCode < 400 {
		t.Errorf("another region's supervisor reviewing: %d", res.StatusCode)
	}
	if res, body := a.post("/reports/"+id+"/findings", "淮安", url.Values{"key": {f.Key()}, "state": {"maybe"}}); res.StatusCode != 422 || !strings.Contains(string(body), "核实状态") {
		t.Errorf("an unknown state: %d", res.StatusCode)
	}
	if res, body := a.post("/reports/"+id+"/findings", "淮安", form); res.StatusCode != 303 {
		t.Fatalf("the supervisor reviewing: %d %.300s", res.StatusCode, body)
	}

	// The year before arrives: 2024 is audited again.
	data, err := fs.ReadFile(nianbao.SampleReports, "testdata/real/hongze-2023.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.AddReport(context.Background(), "hongze-2023.pdf", data); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Findings []nianbao.Finding `json:"findings"`
	}
	_, body := a.get("/api/reports/"+id, "淮安")
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	reviewed := 0
	for _, g := range got.Findings {
		if g.Review != nil {
			reviewed++
			if g.Key() != f.Key() || g.Review.State != nianbao.FindingFalse || g.Review.By != "淮安" || g.Review.Comment != "经核对原文，数字无误" {
				t.Errorf("after the re-audit: %+v %+v", g, g.Review)
			}
		}
	}
	if reviewed != 1 {
		t.Errorf("after the re-audit %d findings reviewed, want 1", reviewed)
	}
	if entries, _, err := a.st.AuditEntries(context.Background(), nianbao.AuditFilter{Action: nianbao.ActionFindingState}); err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, "误报") {
		t.Errorf("audit log: %+v %v", entries, err)
	}

	q := "?state=false&q=" + url.QueryEscape("洪泽")
	res, body := a.get("/problems"+q, "淮安")
	page := string(body)
	if res.StatusCode != 200 || !strings.Contains(page, f.Rule.Title()) || !strings.Contains(page, "经核对原文，数字无误") || strings.Count(page, "<tr data-report") != 1 {
		t.Errorf("the problem list: %d %.500s", res.StatusCode, body)
	}
	if _, body := a.get("/problems?state=verified", "淮安"); strings.Contains(string(body), "<tr data-report") {
		t.Error("the problem list of verified findings is not empty")
	}
	if _, body := a.get("/problems?state=open&q="+url.QueryEscape("洪泽"), "路北"); strings.Contains(string(body), "<tr data-report") {
		t.Error("an editor sees another body's problems")
	}
	if res, body := a.get("/problems?severity=fatal", "淮安"); res.StatusCode != 422 || !strings.Contains(string(body), "严重程度") {
		t.Errorf("an unknown severity: %d", res.StatusCode)
	}
	var list struct {
		Reports []struct{ ID int64 } `json:"reports"`
	}
	if _, body := a.get("/api/reports?state=false", "admin"); json.Unmarshal(body, &list) != nil || len(list.Reports) != 1 || list.Reports[0].ID != sr.ID {
		t.Errorf("the reports with a false alarm: %s", body)
	}
	if _, body := a.get("/reports?rule="+url.QueryEscape(string(f.Rule))+"&state=open", "admin"); strings.Contains(string(body), `data-id="`+id+`"`) && len(sr.Findings) == 1 {
		t.Error("the list keeps a report whose one finding is reviewed among those with open findings")
	}
	res, body = a.get("/problems.csv"+q, "淮安")
	if csv := string(body); res.StatusCode != 200 || !strings.Contains(csv, "核实状态") || !strings.Contains(csv, "误报") || !strings.Contains(csv, f.Severity.Label()) {
		t.Errorf("the problem list's CSV: %d %.500s", res.StatusCode, body)
	}
	if res, body := a.get("/problems.xlsx"+q, "淮安"); res.StatusCode != 200 || !strings.HasPrefix(string(body), "PK") {
		t.Errorf("the problem list's XLSX: %d", res.StatusCode)
	}
}
