package web_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"nianbao"
	"nianbao/ingest"
	"nianbao/web"
)

// addHongze stores 洪泽区's 2024 report, which places under 淮安市 (3208).
func addHongze(t *testing.T, a *accountFixture) *nianbao.StoredReport {
	t.Helper()
	data, err := fs.ReadFile(nianbao.SampleReports, "testdata/real/hongze-2024.pdf")
	if err != nil {
		t.Fatal(err)
	}
	sr, _, err := reportService(a.st).AddReport(context.Background(), "hongze-2024.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	return sr
}

// TestPlaceFilter: the list takes a place by name or code and selects
// everything under it (淮安, which also names 淮安市's 淮安区, is 淮安市; a
// full name as people type it is read as a chain); a name places apart
// share is a Chinese error
// naming them; the report page shows the placement.
func TestPlaceFilter(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	sr := addHongze(t, a)
	for _, q := range []string{"淮安市", "3208", "洪泽区", "江苏省", "淮安", "淮安市洪泽区"} {
		var list struct {
			Reports []struct{ ID int64 } `json:"reports"`
		}
		_, body := a.get("/api/reports?place="+url.QueryEscape(q), "admin")
		if json.Unmarshal(body, &list); len(list.Reports) != 1 || list.Reports[0].ID != sr.ID {
			t.Errorf("place=%s selects %s; want 洪泽区's report only", q, body)
		}
	}
	res := a.do(httptest.NewRequest("GET", "/api/reports?place="+url.QueryEscape("鼓楼区"), nil), "admin")
	apiErr(t, res, 422, nianbao.EINVALID)
	if res, body := a.get("/reports?place="+url.QueryEscape("鼓楼区"), "admin"); res.StatusCode != 422 || !strings.Contains(string(body), "请给出区划代码") {
		t.Errorf("the list with an ambiguous place: %d %.300s", res.StatusCode, body)
	}
	var one struct {
		Place     string `json:"place"`
		PlaceKind string `json:"place_kind"`
	}
	if _, body := a.get("/api/reports/"+strconv.FormatInt(sr.ID, 10), "admin"); json.Unmarshal(body, &one) != nil || one.Place != "320813" || one.PlaceKind != "government" {
		t.Errorf("洪泽区's report in the API: %+v", one)
	}
	res, body := a.get("/reports/"+strconv.FormatInt(sr.ID, 10), "admin")
	if res.StatusCode != 200 || !strings.Contains(string(body), "江苏省淮安市洪泽区（320813）") || !strings.Contains(string(body), "本级人民政府") {
		t.Errorf("洪泽区's report page does not show its placement: %d", res.StatusCode)
	}
}

// TestPlaceByHand: an administrator places 路北街道办事处 (a name many
// places share) by hand; its report moves there, the change is logged; a
// supervisor places only within its region, an editor not at all.
func TestPlaceByHand(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	svc := ingest.NewService(a.st)
	a.h = web.NewServer(svc, web.Options{Users: a.st, Audit: a.st, Places: svc})
	id := strconv.FormatInt(a.ids[seedLubei], 10)
	if _, body := a.get("/reports/"+id, "admin"); !strings.Contains(string(body), `action="/reports/`+id+`/place"`) {
		t.Error("the report page offers the administrator no placement form")
	}
	if _, body := a.get("/reports/"+id, "路北"); strings.Contains(string(body), "/place\"") {
		t.Error("the report page offers the editor the placement form")
	}
	form := url.Values{"place": {"洪泽区"}, "kind": {"township"}, "note": {"经核实"}}
	if res, _ := a.post("/reports/"+id+"/place", "路北", form); res.StatusCode != 403 {
		t.Errorf("the editor placing its body: %d, want 403", res.StatusCode)
	}
	res, body := a.post("/reports/"+id+"/place", "admin", form)
	if res.StatusCode != 303 {
		t.Fatalf("the administrator placing: %d %.300s", res.StatusCode, body)
	}
	sr, err := a.st.FindReport(context.Background(), a.ids[seedLubei])
	if err != nil {
		t.Fatal(err)
	}
	if sr.PlaceKey != 320813000 || sr.PlaceKind != "township" || sr.PlaceNote != "经核实" || !sr.PlaceManual {
		t.Errorf("placed: %d %s %s %v", sr.PlaceKey, sr.PlaceKind, sr.PlaceNote, sr.PlaceManual)
	}
	entries, _, err := a.st.AuditEntries(context.Background(), nianbao.AuditFilter{Action: nianbao.ActionPlace})
	if err != nil || len(entries) != 1 || entries[0].Actor != "admin" || !strings.Contains(entries[0].Detail, "洪泽区") {
		t.Errorf("audit log of the placement: %+v, %v", entries, err)
	}
	// Now under 淮安市, the supervisor sees it, but cannot place it outside.
	if res, _ := a.get("/reports/"+id, "淮安"); res.StatusCode != 200 {
		t.Errorf("the supervisor of 淮安市 on the report placed there: %d", res.StatusCode)
	}
	res, body = a.post("/reports/"+id+"/place", "淮安", url.Values{"place": {"3201"}})
	if res.StatusCode != 403 || !strings.Contains(string(body), "所辖地区") {
		t.Errorf("the supervisor placing outside its region: %d", res.StatusCode)
	}
	if res, _ := a.post("/reports/"+id+"/place", "淮安", url.Values{"place": {"320803"}}); res.StatusCode != 303 {
		t.Errorf("the supervisor placing within its region: %d", res.StatusCode)
	}
}
