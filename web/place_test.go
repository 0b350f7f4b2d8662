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
// everything under it; a name several places share is a Chinese error
// naming them; the report page shows the placement.
func TestPlaceFilter(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	sr := addHongze(t, a)
	for _, q := range []string{"淮安市", "3208", "洪泽区", "江苏省"} {
		var list struct {
			Reports []struct{ ID int64 } `json:"reports"`
		}
		_, body := a.get("/api/reports?place="+url.QueryEscape(q), "admin")
		if json.Unmarshal(body, &list); len(list.Reports) != 1 || list.Reports[0].ID != sr.ID {
			t.Errorf("place=%s selects %s; want 洪泽区's report only", q, body)
		}
	}
	res := a.do(httptest.NewRequest("GET", "/api/reports?place="+url.QueryEscape("淮安"), nil), "admin")
	apiErr(t, res, 422, nianbao.EINVALID)
	if res, body := a.get("/reports?place="+url.QueryEscape("淮安"), "admin"); res.StatusCode != 422 || !strings.Contains(string(body), "请给出区划代码") {
		t.Errorf("the list with an ambiguous place: %d %.300s", res.StatusCode, body)
	}
	res, body := a.get("/reports/"+strconv.FormatInt(sr.ID, 10), "admin")
	if res.StatusCode != 200 || !strings.Contains(string(body), "江苏省淮安市洪泽区（320813）") || !strings.Contains(string(body), "本级人民政府") {
		t.Errorf("洪泽区's report page does not show its placement: %d", res.StatusCode)
	}
}
