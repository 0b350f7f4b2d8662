package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"nianbao"
	"nianbao/web"
)

// draftForm is the entry form as 路北街道's clerk posts it for 2025: one
// number, one mark, the rest blank.
func draftForm(agency string, granted string) url.Values {
	f := url.Values{"template": {"2021"}, "agency": {agency}, "year": {"2025"}, "section1": {"2025年，我街道继续推进政务公开。"}}
	for c := range nianbao.Format2021.Cells() {
		f.Set("cell."+string(c.Key.Table)+"."+c.Key.Row+"."+c.Key.Column, "")
	}
	f.Set("cell.requests.granted.natural_person", granted)
	f.Set("cell.requests.withheld_state_secret.natural_person", "/")
	return f
}

// entryValues reads the values the entry page fills the form with.
func entryValues(t *testing.T, page []byte) map[string]string {
	t.Helper()
	s := string(page)
	i := strings.Index(s, `id="entry-values">`)
	j := strings.Index(s[i:], "</script>")
	if i < 0 || j < 0 {
		t.Fatalf("no entry-values in the page")
	}
	var v map[string]string
	if err := json.Unmarshal([]byte(s[i+len(`id="entry-values">`):i+j]), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestEntryDraft: an editor saves its body's draft, opens it again, saves
// it again (the new version replaces it), may not save another body's;
// drafts are listed and filtered but count in no statistics.
func TestEntryDraft(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	var before nianbao.Stats
	_, body := a.get("/api/stats", "admin")
	if err := json.Unmarshal(body, &before); err != nil {
		t.Fatal(err)
	}

	res, body := a.post("/entry/draft", "路北", draftForm("曲靖市麒麟区人民政府", "3"))
	if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "不是本机关") {
		t.Fatalf("another body's draft: %d", res.StatusCode)
	}
	res, _ = a.post("/entry/draft", "路北", draftForm("路北街道", "3"))
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/entry?id=") {
		t.Fatalf("saving: %d %q", res.StatusCode, loc)
	}
	first := strings.TrimSuffix(strings.TrimPrefix(loc, "/entry?id="), "&saved=1")

	_, body = a.get("/api/reports/"+first, "路北")
	var sr nianbao.StoredReport
	if err := json.Unmarshal(body, &sr); err != nil || !sr.Draft || sr.Report.Source.Format != nianbao.FileJSON || sr.Report.Agency != "路北街道" {
		t.Fatalf("the stored draft: %v %s", err, body)
	}
	_, page := a.get("/entry?id="+first, "路北")
	v := entryValues(t, page)
	if v["cell.requests.granted.natural_person"] != "3" || v["cell.requests.withheld_state_secret.natural_person"] != "/" || v["agency"] != "路北街道" || v["year"] != "2025" {
		t.Errorf("reopened values: %v", v)
	}
	if _, blank := v["cell.requests.granted.total"]; blank {
		t.Errorf("a blank cell comes back as %q", v["cell.requests.granted.total"])
	}

	res, _ = a.post("/entry/draft", "路北", draftForm("路北街道", "5"))
	second := strings.TrimSuffix(strings.TrimPrefix(res.Header.Get("Location"), "/entry?id="), "&saved=1")
	// SQLite may give the new version the id it replaces; PostgreSQL a new one.
	if res, _ := a.get("/api/reports/"+first, "admin"); second != first && res.StatusCode != http.StatusNotFound {
		t.Errorf("the replaced draft: %d", res.StatusCode)
	}
	if _, page := a.get("/entry?id="+second, "路北"); entryValues(t, page)["cell.requests.granted.natural_person"] != "5" {
		t.Errorf("the new version is not what was saved")
	}
	var list struct {
		Total   int `json:"total"`
		Reports []struct {
			ID    int64 `json:"id"`
			Draft bool  `json:"draft"`
		} `json:"reports"`
	}
	_, body = a.get("/api/reports?draft=1", "admin")
	if err := json.Unmarshal(body, &list); err != nil || list.Total != 1 || strconv.FormatInt(list.Reports[0].ID, 10) != second || !list.Reports[0].Draft {
		t.Fatalf("drafts only: %v %s", err, body)
	}
	_, body = a.get("/api/reports?draft=0", "admin")
	if err := json.Unmarshal(body, &list); err != nil || list.Total != len(a.ids) {
		t.Fatalf("published only: %d of %d", list.Total, len(a.ids))
	}
	_, page = a.get("/reports?draft=1", "admin")
	if !strings.Contains(string(page), `<span class="badge draft">草稿</span>`) {
		t.Errorf("the list does not mark the draft")
	}
	// The exports send out what is published: the draft only when asked
	// for.
	for _, c := range []struct {
		path  string
		draft bool
	}{{"/reports.csv", false}, {"/reports.csv?draft=0", false}, {"/reports.csv?draft=all", true}, {"/reports.csv?draft=1", true},
		{"/reports.json", false}, {"/reports.json?draft=all", true}} {
		res, body := a.get(c.path, "admin")
		if got := strings.Contains(string(body), `{"编号":`+second+`,`) || strings.Contains(string(body), "\n"+second+","); res.StatusCode != 200 || got != c.draft {
			t.Errorf("%s: %d, the draft in it %v; want %v", c.path, res.StatusCode, got, c.draft)
		}
	}
	if res, body := a.get("/reports.csv?draft=maybe", "admin"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "all（含草稿）") {
		t.Errorf("draft=maybe: %d %.200s", res.StatusCode, body)
	}
	var after nianbao.Stats
	_, body = a.get("/api/stats", "admin")
	if err := json.Unmarshal(body, &after); err != nil || after.Reports != before.Reports || after.ByYear[2025] != 0 {
		t.Errorf("stats count the draft: %d → %d, 2025: %d", before.Reports, after.Reports, after.ByYear[2025])
	}
}

// TestEntryStartFromLastYear: last year's 四、结转下年度 becomes this
// year's 二、上年结转, column by column, marks and blanks as they are; the
// sections' text is offered; 现行有效 comes as a note.
func TestEntryStartFromLastYear(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	last, err := a.st.FindReport(t.Context(), a.ids[seedLubei])
	if err != nil {
		t.Fatal(err)
	}
	res, body := a.get("/api/entry/previous?agency="+url.QueryEscape("路北街道")+"&year=2025&template=2021", "路北")
	var got struct {
		Report int64             `json:"report"`
		Values map[string]string `json:"values"`
		Notes  []string          `json:"notes"`
	}
	if err := json.Unmarshal(body, &got); err != nil || res.StatusCode != 200 || got.Report != last.ID {
		t.Fatalf("%d %v %s", res.StatusCode, err, body)
	}
	n := 0
	for c := range nianbao.Format2021.Cells() {
		if c.Key.Table != nianbao.TableRequests || c.Key.Row != nianbao.CarriedOver.Key() {
			continue
		}
		from := last.Report.Value(nianbao.CellKey{Table: c.Key.Table, Row: nianbao.CarriedForward.Key(), Column: c.Key.Column})
		want := ""
		if from.Valid() {
			want = from.String()
		}
		if g := got.Values["cell."+string(c.Key.Table)+"."+c.Key.Row+"."+c.Key.Column]; g != want {
			t.Errorf("%s: %q, last year's 结转下年度 %q", c.Label, g, want)
		}
		n++
	}
	if n != 7 || got.Values["section1"] != last.Report.Sections[0].Text {
		t.Errorf("%d carried cells; section 1 %q", n, got.Values["section1"])
	}
	if len(got.Notes) == 0 || !strings.Contains(got.Notes[0], "上年现行有效") {
		t.Errorf("notes %q", got.Notes)
	}
	if res, _ := a.get("/api/entry/previous?agency="+url.QueryEscape("路北街道")+"&year=2030&template=2021", "路北"); res.StatusCode != 404 {
		t.Errorf("no report of 2029: %d", res.StatusCode)
	}
}

// TestEntryProseCheck: the live check runs the prose rules on the form:
// a section 一 stating another number than table 三 is found.
func TestEntryProseCheck(t *testing.T) {
	a := newAccountFixture(t, web.Options{}, false)
	f := draftForm("路北街道", "3")
	f.Set("cell.requests.new_received.total", "12")
	f.Set("section1", "2025年，我街道共收到政府信息公开申请30件。")
	res, body := a.post("/api/entry/check", "路北", f)
	var fs []struct {
		Rule    string `json:"rule"`
		Title   string `json:"title"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(body, &fs); err != nil || res.StatusCode != 200 {
		t.Fatalf("%d %v %s", res.StatusCode, err, body)
	}
	found := false
	for _, f := range fs {
		found = found || f.Rule == string(nianbao.RuleTextReceived)
		if !strings.HasPrefix(f.Rule, "text.") && f.Rule != string(nianbao.RuleCopiedProblems) {
			t.Errorf("not a prose rule: %+v", f)
		}
	}
	if !found {
		t.Errorf("no text.received in %s", body)
	}
}
