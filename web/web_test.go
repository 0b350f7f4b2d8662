package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"nianbao"
	"nianbao/ingest"
	"nianbao/web"
)

// seed files, with what the tests know about them.
const (
	seedLubei   = "000_e75d9df8b36af8be.txt" // 路北街道 2024, 2021 format, pipe rows
	seedQujing  = "003_4a4f3564ba85f8ba.txt" // 曲靖市麒麟区珠街街道 2020, 2019 format, three blank cells
	seedsDir    = "../testdata/seeds"
	grantedLine = "予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |"
)

func readSeed(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(seedsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func seedNames(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	return names
}

// brokenLubei is seed 000 with one number of table 三 changed so that the
// row and column totals no longer add up: （一）予以公开·总计 3 → 4.
func brokenLubei(t testing.TB) []byte {
	t.Helper()
	data := readSeed(t, seedLubei)
	if !bytes.Contains(data, []byte(grantedLine)) {
		t.Fatalf("seed %s changed: no %q", seedLubei, grantedLine)
	}
	return bytes.Replace(data, []byte(grantedLine), []byte("予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 4 |"), 1)
}

type fixture struct {
	t   *testing.T
	st  *fakeStore
	svc nianbao.ReportService // st, with reports added through ingest
	h   http.Handler
	ids map[string]int64 // file name → report ID
}

// newFixture returns a server over a fake holding the given files.
func newFixture(t *testing.T, files map[string][]byte) *fixture {
	t.Helper()
	st := newFake()
	f := &fixture{t: t, st: st, svc: ingest.NewService(st), ids: map[string]int64{}}
	f.h = web.NewServer(f.svc, web.Options{PageSize: 3})
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		sr, _, err := f.svc.AddReport(t.Context(), n, files[n])
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		f.ids[n] = sr.ID
	}
	return f
}

// seedFixture holds the five seeds and the broken one.
func seedFixture(t *testing.T) *fixture {
	files := map[string][]byte{}
	for _, n := range seedNames(t) {
		files[n] = readSeed(t, n)
	}
	files["zz-broken.txt"] = brokenLubei(t)
	return newFixture(t, files)
}

func (f *fixture) do(req *http.Request) *http.Response {
	f.t.Helper()
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec.Result()
}

func (f *fixture) get(path string) (*http.Response, []byte) {
	f.t.Helper()
	res := f.do(httptest.NewRequest("GET", path, nil))
	body, _ := io.ReadAll(res.Body)
	return res, body
}

// page fetches an HTML page and checks its status.
func (f *fixture) page(path string, status int) *html.Node {
	f.t.Helper()
	res, body := f.get(path)
	if res.StatusCode != status {
		f.t.Fatalf("GET %s: status %d; want %d\n%.500s", path, res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		f.t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	return parseHTML(f.t, string(body))
}

// getJSON fetches path, checks the status and decodes the body into v.
func (f *fixture) getJSON(path string, status int, v any) {
	f.t.Helper()
	res, body := f.get(path)
	if res.StatusCode != status {
		f.t.Fatalf("GET %s: status %d; want %d\n%.500s", path, res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		f.t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	if err := json.Unmarshal(body, v); err != nil {
		f.t.Fatalf("GET %s: %v\n%.500s", path, err, body)
	}
}

type fileField struct {
	name string
	data []byte
}

func multipartBody(t testing.TB, field string, files ...fileField) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, f := range files {
		w, err := mw.CreateFormFile(field, f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

type uploadResult struct {
	Name    string `json:"name"`
	ID      int64  `json:"id"`
	Created bool   `json:"created"`
	Error   string `json:"error"`
	Code    string `json:"code"`
	URL     string `json:"url"`
	Report  *struct {
		Agency   string `json:"agency"`
		Year     int    `json:"year"`
		Errors   int    `json:"errors"`
		Replaces int    `json:"replaces"`
	} `json:"report"`
}

func (f *fixture) upload(files ...fileField) (int, []uploadResult) {
	f.t.Helper()
	body, ctype := multipartBody(f.t, "file", files...)
	req := httptest.NewRequest("POST", "/api/reports", body)
	req.Header.Set("Content-Type", ctype)
	res := f.do(req)
	var out []uploadResult
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		f.t.Fatalf("upload: status %d, body is not a JSON array: %v", res.StatusCode, err)
	}
	return res.StatusCode, out
}

type apiError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// ---- JSON API ----

func TestAPIList(t *testing.T) {
	f := seedFixture(t)
	var list struct {
		Total   int `json:"total"`
		Page    int `json:"page"`
		PerPage int `json:"per_page"`
		Pages   int `json:"pages"`
		Reports []struct {
			ID       int64   `json:"id"`
			Agency   string  `json:"agency"`
			Year     *int    `json:"year"`
			Template string  `json:"template"`
			Format   string  `json:"format"`
			Errors   int     `json:"errors"`
			Late     bool    `json:"late"`
			Received *int64  `json:"received"`
			Pub      *string `json:"published_on"`
		} `json:"reports"`
	}
	f.getJSON("/api/reports?per_page=100", 200, &list)
	if list.Total != 6 || len(list.Reports) != 6 || list.Pages != 1 {
		t.Fatalf("total %d, %d reports, %d pages; want 6, 6, 1", list.Total, len(list.Reports), list.Pages)
	}
	for _, r := range list.Reports {
		if r.ID == 0 || r.Agency == "" || r.Year == nil || r.Template == "" || r.Format != "text" {
			t.Errorf("incomplete summary: %+v", r)
		}
	}

	f.getJSON("/api/reports?year=2024&has_errors=1", 200, &list)
	if list.Total != 1 || list.Reports[0].ID != f.ids["zz-broken.txt"] || list.Reports[0].Errors == 0 {
		t.Errorf("year=2024&has_errors=1: %+v; want the broken report alone", list)
	}
	f.getJSON("/api/reports?q=路北", 200, &list)
	if list.Total != 2 {
		t.Errorf("q=路北: %d reports; want 2", list.Total)
	}
	f.getJSON("/api/reports?template=2019", 200, &list)
	if list.Total != 1 || *list.Reports[0].Year != 2020 {
		t.Errorf("template=2019: %+v", list.Reports)
	}
	f.getJSON("/api/reports?sort=year&per_page=2&page=2", 200, &list)
	if list.Total != 6 || list.Page != 2 || list.PerPage != 2 || len(list.Reports) != 2 || list.Pages != 3 {
		t.Errorf("paging: total %d page %d per_page %d, %d reports", list.Total, list.Page, list.PerPage, len(list.Reports))
	}
	f.getJSON("/api/reports?sort=-received&per_page=100", 200, &list)
	var last int64 = 1 << 62
	for _, r := range list.Reports {
		if r.Received == nil { // not stated (seed 002 prints no 总计)
			continue
		}
		if *r.Received > last {
			t.Errorf("sort=-received: %d after %d", *r.Received, last)
		}
		last = *r.Received
	}

	for _, bad := range []string{"year=abc", "has_errors=maybe", "sort=colour", "page=0", "per_page=9999", "template=2020"} {
		var e apiError
		f.getJSON("/api/reports?"+bad, 422, &e)
		if e.Error != nianbao.EINVALID || e.Message == "" {
			t.Errorf("%s: %+v", bad, e)
		}
	}
}

func TestAPIReport(t *testing.T) {
	f := seedFixture(t)
	id := f.ids["zz-broken.txt"]
	var sr struct {
		ID     int64 `json:"id"`
		Report struct {
			Agency   string               `json:"agency"`
			Year     int                  `json:"year"`
			Requests map[string][]*int    `json:"requests"`
			Cells    []nianbao.Provenance `json:"cells"`
			Source   nianbao.Source       `json:"source"`
			Active   map[string]any       `json:"active"`
			Review   map[string][]*int    `json:"review"`
			Sections []nianbao.Section    `json:"sections"`
			Notes    []nianbao.Note       `json:"notes"`
		} `json:"report"`
		Findings []nianbao.Finding `json:"findings"`
		Errors   int               `json:"errors"`
		Warnings int               `json:"warnings"`
	}
	f.getJSON(fmt.Sprintf("/api/reports/%d", id), 200, &sr)
	if sr.ID != id || sr.Report.Agency != "路北街道" || sr.Report.Year != 2024 || *sr.Report.Requests["granted"][6] != 4 {
		t.Errorf("report %d: %+v", id, sr)
	}
	if sr.Errors == 0 || len(sr.Findings) == 0 || sr.Findings[0].Severity != nianbao.SeverityError || len(sr.Findings[0].Cells) == 0 {
		t.Errorf("findings: %+v", sr.Findings)
	}
	if len(sr.Report.Cells) == 0 || sr.Report.Source.SHA256 == "" {
		t.Errorf("cells or source missing")
	}

	for _, path := range []string{"/api/reports/999", "/api/reports/abc", "/api/reports/999/source", "/api/reports/999/compare", "/api/nothing"} {
		var e apiError
		f.getJSON(path, 404, &e)
		if e.Error != nianbao.ENOTFOUND || e.Message == "" {
			t.Errorf("%s: %+v", path, e)
		}
	}
}

func TestAPISource(t *testing.T) {
	f := seedFixture(t)
	for _, path := range []string{"/api/reports/%d/source", "/reports/%d/source"} {
		res, body := f.get(fmt.Sprintf(path, f.ids[seedQujing]))
		if res.StatusCode != 200 || !bytes.Equal(body, readSeed(t, seedQujing)) {
			t.Fatalf("%s: status %d, %d bytes; want the seed's bytes", path, res.StatusCode, len(body))
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, seedQujing) {
			t.Errorf("Content-Disposition %q", cd)
		}
	}
}

func TestAPIUpload(t *testing.T) {
	f := newFixture(t, nil)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
	status, res := f.upload(
		fileField{seedLubei, readSeed(t, seedLubei)},
		fileField{"图片.txt", png},
		fileField{"散文.txt", []byte("2024年政府信息公开工作年度报告\n一、总体情况\n本年度没有表格。\n")},
		fileField{seedQujing, readSeed(t, seedQujing)},
	)
	if status != 200 || len(res) != 4 {
		t.Fatalf("status %d, %d results; want 200, 4", status, len(res))
	}
	if r := res[0]; r.ID == 0 || !r.Created || r.Error != "" || r.Name != seedLubei || r.URL != fmt.Sprintf("/reports/%d", r.ID) || r.Report == nil || r.Report.Agency != "路北街道" {
		t.Errorf("good file: %+v", r)
	}
	for _, r := range res[1:3] {
		if r.ID != 0 || r.Error == "" || r.Code == "" {
			t.Errorf("bad file %s: %+v; want an error", r.Name, r)
		}
	}
	if res[3].ID == 0 || res[3].Error != "" {
		t.Errorf("the file after the bad ones: %+v", res[3])
	}

	// The same file again is not stored twice.
	status, again := f.upload(fileField{"copy.txt", readSeed(t, seedLubei)})
	if status != 200 || again[0].ID != res[0].ID || again[0].Created {
		t.Errorf("re-upload: %d %+v; want 200, id %d, created false", status, again, res[0].ID)
	}

	// Every file bad: 422 with the per-file errors.
	status, bad := f.upload(fileField{"a.png", png}, fileField{"empty.txt", nil})
	if status != 422 || len(bad) != 2 || bad[0].Error == "" || bad[1].Error == "" {
		t.Errorf("all bad: %d %+v; want 422 and two errors", status, bad)
	}

	// No file field, or not multipart at all: a JSON error.
	for _, req := range []*http.Request{
		func() *http.Request {
			body, ctype := multipartBody(t, "other", fileField{"x.txt", []byte("x")})
			r := httptest.NewRequest("POST", "/api/reports", body)
			r.Header.Set("Content-Type", ctype)
			return r
		}(),
		httptest.NewRequest("POST", "/api/reports", strings.NewReader("{}")),
	} {
		res := f.do(req)
		var e apiError
		json.NewDecoder(res.Body).Decode(&e)
		if res.StatusCode != 422 || e.Error != nianbao.EINVALID {
			t.Errorf("no file: %d %+v; want 422 invalid", res.StatusCode, e)
		}
	}

	// Browsers may not upload here from another site.
	body, ctype := multipartBody(t, "file", fileField{"x.txt", readSeed(t, seedQujing)})
	req := httptest.NewRequest("POST", "/api/reports", body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := f.do(req); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site upload: status %d; want 403", res.StatusCode)
	}
}

func TestUploadFormWithoutScript(t *testing.T) {
	f := newFixture(t, nil)
	doc := f.page("/upload", 200)
	query(t, doc, `form#upload-form[enctype="multipart/form-data"] input#file-input[type=file][multiple][name=file]`)
	query(t, doc, "#dropzone")

	body, ctype := multipartBody(t, "file", fileField{seedLubei, readSeed(t, seedLubei)}, fileField{"bad.txt", []byte("nothing")})
	req := httptest.NewRequest("POST", "/upload", body)
	req.Header.Set("Content-Type", ctype)
	res := f.do(req)
	page, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc = parseHTML(t, string(page))
	if n := len(queryAll(t, doc, "#upload-list li.upload-item")); n != 2 {
		t.Fatalf("%d result items; want 2", n)
	}
	query(t, doc, `#upload-list li.done a[href="/reports/1"]`)
	query(t, doc, "#upload-list li.failed .result.error")
}

func TestAPIStats(t *testing.T) {
	f := seedFixture(t)
	var st struct {
		nianbao.Stats
		Years []struct {
			Year       int   `json:"year"`
			Reports    int   `json:"reports"`
			WithErrors int   `json:"with_errors"`
			Received   int64 `json:"received"`
		} `json:"years"`
		Mix []struct {
			Key   string `json:"key"`
			Label string `json:"label"`
			Count int64  `json:"count"`
		} `json:"outcome_mix"`
	}
	f.getJSON("/api/stats", 200, &st)
	if st.Reports != 6 || st.WithErrors != 1 || st.ByYear[2024] != 4 || len(st.Years) != 3 || len(st.Mix) != 6 {
		t.Fatalf("stats: %+v", st)
	}
	for _, y := range st.Years {
		if y.Year == 2024 && (y.Reports != 4 || y.WithErrors != 1) {
			t.Errorf("2024: %+v", y)
		}
		if y.Year == 2023 && y.WithErrors != 0 {
			t.Errorf("2023: %+v", y)
		}
	}
	if st.Mix[0].Key != "granted" || st.Mix[0].Label != "予以公开" || st.Mix[0].Count == 0 {
		t.Errorf("outcome mix: %+v", st.Mix)
	}
	f.getJSON("/api/stats?year=2020", 200, &st)
	if st.Reports != 1 || len(st.Years) != 1 {
		t.Errorf("year=2020: %+v", st)
	}
}

func TestAPICompare(t *testing.T) {
	f := newFixture(t, agencyYears(t))
	var cmp struct {
		Agency  string `json:"agency"`
		Reports []struct {
			ID   int64 `json:"id"`
			Year int   `json:"year"`
		} `json:"reports"`
		Rows []struct {
			Label   string `json:"label"`
			Changed bool   `json:"changed"`
			Values  []struct {
				Text    string `json:"text"`
				Changed bool   `json:"changed"`
				Delta   string `json:"delta"`
			} `json:"values"`
		} `json:"rows"`
		Findings []struct {
			Year int    `json:"year"`
			Rule string `json:"rule"`
		} `json:"findings"`
	}
	f.getJSON(fmt.Sprintf("/api/reports/%d/compare", f.ids["2024.txt"]), 200, &cmp)
	if cmp.Agency != "路北街道" || len(cmp.Reports) != 2 || cmp.Reports[0].Year != 2023 || cmp.Reports[1].Year != 2024 {
		t.Fatalf("compare: agency %q, reports %+v", cmp.Agency, cmp.Reports)
	}
	var found bool
	for _, r := range cmp.Rows {
		if r.Label == "表三·一、本年新收·总计" {
			found = true
			if !r.Changed || r.Values[0].Text != "7" || r.Values[1].Text != "5" || r.Values[1].Delta != "-2" {
				t.Errorf("row %s: %+v", r.Label, r)
			}
		}
	}
	if !found {
		t.Error("no row 表三·一、本年新收·总计")
	}
	if len(cmp.Findings) == 0 {
		t.Error("no cross-year findings")
	}
}

// agencyYears is 路北街道's 2024 report and a made-up 2023 one: the year
// moved back and 一、本年新收 5 → 7 (so that this year's 上年结转 0 no
// longer matches last year's 结转下年度 2 — a cross-year finding).
func agencyYears(t testing.TB) map[string][]byte {
	cur := readSeed(t, seedLubei)
	prev := bytes.ReplaceAll(cur, []byte("2024"), []byte("2023"))
	prev = bytes.ReplaceAll(prev, []byte("2025"), []byte("2024"))
	for _, r := range [][2]string{
		{"一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |", "一、本年新收政府信息公开申请数量 | 7 | 0 | 0 | 0 | 0 | 0 | 7 |"},
		{"四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |"},
	} {
		if !bytes.Contains(prev, []byte(r[0])) {
			t.Fatalf("seed %s changed: no %q", seedLubei, r[0])
		}
		prev = bytes.Replace(prev, []byte(r[0]), []byte(r[1]), 1)
	}
	return map[string][]byte{"2023.txt": prev, "2024.txt": cur}
}

func TestServiceFailure(t *testing.T) {
	f := newFixture(t, nil)
	f.st.fail = errors.New("database is down")
	var e apiError
	f.getJSON("/api/reports", 500, &e)
	if e.Error != nianbao.EINTERNAL || strings.Contains(e.Message, "database") {
		t.Errorf("internal error: %+v (the cause belongs in the log, not the answer)", e)
	}
	doc := f.page("/reports", 500)
	query(t, doc, ".error-page .error-message")
	f.page("/dashboard", 500)
	f.page("/reports.csv", 500)

	f.st.fail = nianbao.Errorf(nianbao.EUNSUPPORTED, "PDF 格式暂不支持")
	status, res := f.upload(fileField{"a.pdf", []byte("%PDF-1.4")})
	if status != 422 || res[0].Code != nianbao.EUNSUPPORTED || res[0].Error != "PDF 格式暂不支持" {
		t.Errorf("unsupported: %d %+v", status, res)
	}
}

// ---- Pages ----

func TestListPage(t *testing.T) {
	f := seedFixture(t) // page size 3
	doc := f.page("/reports", 200)
	if rows := queryAll(t, doc, "table.reports tbody tr"); len(rows) != 3 {
		t.Fatalf("%d rows on the first page; want 3", len(rows))
	}
	if got := textOf(query(t, doc, "#total")); got != "6" {
		t.Errorf("total %q; want 6", got)
	}
	query(t, doc, `nav.pager a[rel=next][href="?page=2"]`)
	query(t, doc, `a.export-csv[href="/reports.csv"]`)
	query(t, doc, `a.export-xlsx[href="/reports.xlsx"]`)
	query(t, doc, `a.export-json[href="/reports.json"]`)
	query(t, doc, `header.site nav a[aria-current=page][href="/reports"]`)

	doc = f.page("/reports?year=2024&has_errors=1&sort=-errors", 200)
	rows := queryAll(t, doc, "table.reports tbody tr")
	if len(rows) != 1 || attr(rows[0], "data-id") != strconv.FormatInt(f.ids["zz-broken.txt"], 10) {
		t.Fatalf("filtered rows: %d", len(rows))
	}
	query(t, doc, "table.reports tbody tr td.has-errors")
	query(t, doc, `form.filters select[name=year] option[value="2024"][selected]`)
	query(t, doc, `form.filters select[name=has_errors] option[value="1"][selected]`)
	query(t, doc, `a.export-csv[href="/reports.csv?has_errors=1&sort=-errors&year=2024"]`)
	if !strings.Contains(textOf(query(t, doc, "table.reports thead")), "错误▼") {
		t.Error("the sorted column is not marked")
	}

	doc = f.page("/reports?q=没有这个机关", 200)
	query(t, doc, "p.empty")

	doc = f.page("/reports?year=abc", 422)
	if msg := textOf(query(t, doc, ".error-message")); !strings.Contains(msg, "年度") {
		t.Errorf("error message %q", msg)
	}
}

func TestReportPage(t *testing.T) {
	f := seedFixture(t)
	doc := f.page(fmt.Sprintf("/reports/%d", f.ids["zz-broken.txt"]), 200)

	// The arithmetic error is highlighted in table 三 with its message.
	bad := queryAll(t, doc, "table.table3 td.finding-error")
	if len(bad) == 0 {
		t.Fatal("no table.table3 td.finding-error")
	}
	cell := query(t, doc, "table.table3 td#cell-requests-granted-total")
	if !strings.Contains(attr(cell, "class"), "finding-error") || textOf(query(t, cell, ".flag")) == "" {
		t.Fatalf("（一）予以公开·总计: class %q", attr(cell, "class"))
	}
	if title := attr(cell, "title"); !strings.Contains(title, "错误：") {
		t.Errorf("title %q does not carry the finding's message", title)
	}
	flag := query(t, cell, `span.flag[tabindex="0"]`)
	tip := query(t, flag, `span.tip[role=tooltip]`)
	if attr(flag, "aria-describedby") != attr(tip, "id") || textOf(tip) == "" {
		t.Errorf("tooltip not wired: %q vs %q", attr(flag, "aria-describedby"), attr(tip, "id"))
	}
	if !strings.HasPrefix(textOf(cell), "4") {
		t.Errorf("the cell shows %q; want the printed 4", textOf(cell))
	}

	// Findings, grouped by severity, link to the cells.
	query(t, doc, ".findings .finding-group.severity-error li.finding-item[data-rule]")
	query(t, doc, `.findings a[href="#cell-requests-granted-total"]`)

	// Sections, metadata, download.
	if n := len(queryAll(t, doc, ".sections article.section")); n != 6 {
		t.Errorf("%d sections; want 6", n)
	}
	query(t, doc, fmt.Sprintf(`a.download[href="/reports/%d/source"]`, f.ids["zz-broken.txt"]))
	if got := textOf(query(t, doc, ".meta dd.agency")); got != "路北街道" {
		t.Errorf("agency %q", got)
	}

	// A consistent report has no error cells.
	doc = f.page(fmt.Sprintf("/reports/%d", f.ids[seedLubei]), 200)
	if n := len(queryAll(t, doc, "td.finding-error")); n != 0 {
		t.Errorf("%d error cells in a consistent report", n)
	}
	// Sections 二–四 are the tables above, not their raw text again.
	for n := 2; n <= 4; n++ {
		sec := query(t, doc, fmt.Sprintf("article#section-%d", n))
		if got := textOf(sec); strings.Contains(got, "|") || strings.Contains(got, "信息内容") || len(queryAll(t, sec, "p.section-table")) != 1 {
			t.Errorf("section %d shows %q; want only the pointer to its table", n, got)
		}
	}
	// The file's layout is named in Chinese, not by its code.
	meta := textOf(query(t, doc, ".meta"))
	if want := "纯文本（" + nianbao.LayoutPipeRows.Label() + "）"; !strings.Contains(meta, want) || strings.Contains(meta, string(nianbao.LayoutPipeRows)) {
		t.Errorf("report information %q; want the format shown as %q", meta, want)
	}

	doc = f.page("/reports/999", 404)
	query(t, doc, ".error-page")
	f.page("/reports/x", 404)
}

// TestReportTables checks the official layout: merged headers and labels.
func TestReportTables(t *testing.T) {
	f := seedFixture(t)
	doc := f.page(fmt.Sprintf("/reports/%d", f.ids[seedLubei]), 200)

	// Table 三, 2021 format: three header rows under the 3×3 stub, 25 data
	// rows, 三、本年度办理结果 over 22 rows, （三）不予公开 over 8.
	if n := len(queryAll(t, doc, "table.table3 thead tr")); n != 3 {
		t.Errorf("table 三: %d header rows; want 3", n)
	}
	stub := query(t, doc, "table.table3 thead th.stub")
	if attr(stub, "colspan") != "3" || attr(stub, "rowspan") != "3" || !strings.Contains(textOf(stub), "勾稽关系") {
		t.Errorf("stub: colspan %q rowspan %q", attr(stub, "colspan"), attr(stub, "rowspan"))
	}
	query(t, doc, `table.table3 thead th[colspan="7"]`)
	query(t, doc, `table.table3 thead th[colspan="5"]`)
	if n := len(queryAll(t, doc, "table.table3 thead th.col")); n != 7 {
		t.Errorf("table 三: %d column headers; want 7", n)
	}
	if n := len(queryAll(t, doc, "table.table3 tbody tr")); n != 25 {
		t.Errorf("table 三: %d rows; want 25", n)
	}
	spans := map[string]string{}
	for _, th := range queryAll(t, doc, "table.table3 tbody th.group") {
		spans[textOf(th)] = attr(th, "rowspan")
	}
	want := map[string]string{"三、本年度办理结果": "22", "（三）不予公开": "8", "（四）无法提供": "3", "（五）不予处理": "5", "（六）其他处理": "3"}
	for k, v := range want {
		if spans[k] != v {
			t.Errorf("table 三 %s rowspan %q; want %q", k, spans[k], v)
		}
	}
	if n := len(queryAll(t, doc, "table.table3 tbody td.num")); n != 25*7 {
		t.Errorf("table 三: %d number cells; want %d", n, 25*7)
	}

	// Table 四: 行政复议 over 5, 行政诉讼 over 10, the two litigation groups, 15 cells.
	query(t, doc, `table.table4 thead th[colspan="5"]`)
	query(t, doc, `table.table4 thead th[colspan="10"]`)
	if n := len(queryAll(t, doc, `table.table4 thead th[rowspan="2"]`)); n != 5 {
		t.Errorf("table 四: %d result headers over two rows; want 5", n)
	}
	if n := len(queryAll(t, doc, "table.table4 tbody td")); n != 15 {
		t.Errorf("table 四: %d cells; want 15", n)
	}

	// Table 二, 2021: four blocks, 6 items, single-number items span 3 columns.
	if n := len(queryAll(t, doc, "table.table2 th.block")); n != 4 {
		t.Errorf("table 二: %d blocks; want 4", n)
	}
	query(t, doc, `table.table2 td#cell-active-fees-amount[colspan="3"]`)

	// A 2019-format report: 23 rows, one （六）其他处理 row, blank cells shown blank.
	doc = f.page(fmt.Sprintf("/reports/%d", f.ids[seedQujing]), 200)
	if n := len(queryAll(t, doc, "table.table3 tbody tr")); n != 23 {
		t.Errorf("2019 table 三: %d rows; want 23", n)
	}
	query(t, doc, "table.table3 td#cell-requests-other-total")
	if n := len(queryAll(t, doc, "table.table2 th.block")); n != 5 {
		t.Errorf("2019 table 二: %d blocks; want 5", n)
	}
	blanks := queryAll(t, doc, "td.blank")
	if len(blanks) != 3 {
		t.Errorf("%d blank cells; want the seed's 3", len(blanks))
	}
	for _, b := range blanks {
		if s := textOf(b); s != "" && !strings.HasPrefix(s, "警告") && !strings.HasPrefix(s, "提示") {
			t.Errorf("a blank cell shows %q", s)
		}
	}
	// Zeros show as 0.
	if got := textOf(query(t, doc, "td#cell-review-reconsideration-upheld")); got != "0" {
		t.Errorf("table 四 first cell %q; want 0", got)
	}
}

// TestMarkCell: a mark is shown as printed, not as 0 or blank.
func TestMarkCell(t *testing.T) {
	data := readSeed(t, seedLubei)
	data = bytes.Replace(data, []byte("行政强制 | 0 |"), []byte("行政强制 | / |"), 1)
	f := newFixture(t, map[string][]byte{"mark.txt": data})
	doc := f.page("/reports/1", 200)
	cell := query(t, doc, "td#cell-active-coercion-decisions")
	if !strings.Contains(attr(cell, "class"), "mark") || !strings.HasPrefix(textOf(cell), "/") {
		t.Errorf("mark cell: class %q text %q", attr(cell, "class"), textOf(cell))
	}
}

func TestComparePage(t *testing.T) {
	f := newFixture(t, agencyYears(t))
	id := f.ids["2024.txt"]
	doc := f.page(fmt.Sprintf("/reports/%d/compare", id), 200)
	if n := len(queryAll(t, doc, "table.compare thead th")); n != 3 {
		t.Errorf("%d header cells; want 3 (label, 2023, 2024)", n)
	}
	row := query(t, doc, `table.compare tr.row-changed[data-cell="requests.new_received.total"]`)
	if n := len(queryAll(t, row, "td.changed")); n != 1 {
		t.Errorf("%d changed cells in 一、本年新收·总计; want 1", n)
	}
	query(t, doc, ".cross-findings li.finding-item")
	query(t, doc, "table.compare td.finding")

	all := len(queryAll(t, doc, "table.compare tbody tr"))
	doc = f.page(fmt.Sprintf("/reports/%d/compare?changed=1", id), 200)
	changed := len(queryAll(t, doc, "table.compare tbody tr"))
	if changed == 0 || changed >= all || len(queryAll(t, doc, "table.compare tbody tr.row-changed")) != changed {
		t.Errorf("changed=1 shows %d of %d rows", changed, all)
	}
}

func TestDashboardPage(t *testing.T) {
	f := seedFixture(t)
	doc := f.page("/dashboard?template=2021", 200)
	for _, id := range []string{"chart-years", "chart-received", "chart-outcomes", "chart-errors", "chart-late"} {
		query(t, doc, "section.charts div.chart#"+id)
	}
	query(t, doc, `script[src^="/static/echarts/echarts.min.js?v="]`)
	if got := textOf(query(t, doc, "#stat-reports")); got != "5" {
		t.Errorf("reports %q; want 5 (2021 format)", got)
	}
	var data struct {
		Reports int `json:"reports"`
		Years   []struct {
			Year int `json:"year"`
		} `json:"years"`
	}
	if err := json.Unmarshal([]byte(textOf(query(t, doc, "script#dashboard-data[type=application/json]"))), &data); err != nil {
		t.Fatalf("chart data: %v", err)
	}
	if data.Reports != 5 || len(data.Years) != 2 {
		t.Errorf("chart data: %+v", data)
	}
	if n := len(queryAll(t, doc, "table.stats-years tbody tr")); n != 2 {
		t.Errorf("%d year rows; want 2", n)
	}
	query(t, doc, `form.filters[action="/dashboard"] select[name=template] option[value="2021"][selected]`)
}

func TestStaticAndRoutes(t *testing.T) {
	f := newFixture(t, nil)
	for path, ctype := range map[string]string{
		"/static/echarts/echarts.min.js": "javascript",
		"/static/app.js":                 "javascript",
		"/static/app.css":                "text/css",
		"/static/echarts/LICENSE":        "text/plain",
	} {
		res, body := f.get(path)
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), ctype) || len(body) == 0 {
			t.Errorf("%s: %d %q", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	f.page("/static/", 404)
	f.page("/nothing/here", 404)
	res, _ := f.get("/")
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/reports" {
		t.Errorf("/: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = f.get("/reports")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
}

// ---- Exports ----

func TestExportCSV(t *testing.T) {
	f := seedFixture(t)
	res, body := f.get("/reports.csv?template=2021&sort=year")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("status %d, headers %v", res.StatusCode, res.Header)
	}
	if !bytes.HasPrefix(body, []byte("\uFEFF")) {
		t.Error("no byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 {
		t.Fatalf("%d records; want a header and 5 reports", len(recs))
	}
	head := recs[0]
	col := slices.Index(head, "表三·一、本年新收·自然人")
	total := slices.Index(head, "表三·（一）予以公开·总计")
	if col < 0 || total < 0 || head[0] != "编号" || head[1] != "机关" || !slices.Contains(head, "表四·行政诉讼·复议后起诉·总计") || !slices.Contains(head, "表二·行政事业性收费·本年收费金额（单位：万元）") {
		t.Fatalf("header: %v", head[:14])
	}
	for _, rec := range recs[1:] {
		if len(rec) != len(head) {
			t.Fatalf("record of %d fields; header has %d", len(rec), len(head))
		}
		if rec[1] == "路北街道" && rec[total] != "3" && rec[total] != "4" {
			t.Errorf("路北街道 （一）予以公开·总计 = %q", rec[total])
		}
		if rec[1] == "路北街道" && rec[col] != "5" {
			t.Errorf("路北街道 一、本年新收·自然人 = %q; want 5", rec[col])
		}
		// Labels and the time in China's zone, as the pages show them.
		// (The fake store imports from 2025-03-01 09:00 UTC, 17:00 in Beijing.)
		tmpl, format, at := rec[slices.Index(head, "格式版本")], rec[slices.Index(head, "文件格式")], rec[slices.Index(head, "导入时间")]
		if tmpl != "2021年版" || format != "纯文本" || !strings.HasPrefix(at, "2025-03-01 17:0") || len(at) != len("2025-03-01 17:00:00") {
			t.Errorf("%s: 格式版本 %q, 文件格式 %q, 导入时间 %q", rec[1], tmpl, format, at)
		}
	}
}

func TestExportXLSX(t *testing.T) {
	f := seedFixture(t)
	res, body := f.get("/reports.xlsx?q=曲靖")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		parts[zf.Name] = string(b)
	}
	for _, p := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"} {
		if _, ok := parts[p]; !ok {
			t.Errorf("no part %s", p)
		}
	}
	rows := sheetRows(t, parts["xl/worksheets/sheet1.xml"])
	if len(rows) != 2 {
		t.Fatalf("%d rows; want a header and 1 report", len(rows))
	}
	col := slices.Index(rows[0], "表三·一、本年新收·总计")
	if col < 0 || rows[1][1] != "曲靖市麒麟区珠街街道" {
		t.Fatalf("header %v…, row %v…", rows[0][:5], rows[1][:5])
	}
	if _, err := strconv.Atoi(rows[1][col]); err != nil {
		t.Errorf("一、本年新收·总计 = %q; want a number", rows[1][col])
	}
}

// sheetRows reads a worksheet's cells by column letter into rows.
func sheetRows(t *testing.T, sheet string) [][]string {
	t.Helper()
	var ws struct {
		Rows []struct {
			Cells []struct {
				Ref    string `xml:"r,attr"`
				Type   string `xml:"t,attr"`
				Value  string `xml:"v"`
				Inline string `xml:"is>t"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.Unmarshal([]byte(sheet), &ws); err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, r := range ws.Rows {
		var row []string
		for _, c := range r.Cells {
			col := 0
			for _, ch := range c.Ref {
				if ch >= 'A' && ch <= 'Z' {
					col = col*26 + int(ch-'A'+1)
				}
			}
			for len(row) < col {
				row = append(row, "")
			}
			if c.Type == "inlineStr" {
				row[col-1] = c.Inline
			} else {
				row[col-1] = c.Value
			}
		}
		out = append(out, row)
	}
	return out
}

func TestExportJSON(t *testing.T) {
	f := seedFixture(t)
	res, body := f.get("/reports.json?has_errors=0")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var rows []map[string]any
	if err := json.Unmarshal(body, &rows); err != nil {
		t.Fatalf("%v\n%.300s", err, body)
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows; want 5", len(rows))
	}
	for _, r := range rows {
		if v := r["表三·一、本年新收·总计"]; r["机关"] == "路北街道" && v != 5.0 {
			t.Errorf("%v: 表三·一、本年新收·总计 = %v; want the number 5", r["机关"], v)
		}
		if r["机关"] == "曲靖市麒麟区珠街街道" && r["表二·规章·本年制发件数"] != nil {
			t.Errorf("a 2019 report has a 2021-only cell: %v", r["表二·规章·本年制发件数"])
		}
	}
	// Keys keep the CSV's order.
	if i, j := bytes.Index(body, []byte(`"编号"`)), bytes.Index(body, []byte(`"表四·行政复议·结果维持"`)); i < 0 || j < i {
		t.Error("keys out of order")
	}
}
