package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"nianbao"
	"nianbao/ingest"
	"nianbao/web"
)

// apiErr decodes a JSON error answer and checks its status, code and that
// its message is Chinese and says nothing of the program's insides.
func apiErr(t *testing.T, res *http.Response, status int, code string) string {
	t.Helper()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		t.Fatalf("status %d; want %d\n%s", res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q; want JSON\n%s", ct, body)
	}
	var e struct{ Error, Message string }
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	if e.Error != code {
		t.Errorf("error %q; want %q (%s)", e.Error, code, e.Message)
	}
	if !hasHan(e.Message) || strings.ContainsAny(e.Message, "{}") || strings.Contains(e.Message, "multipart") {
		t.Errorf("message %q: want plain Chinese", e.Message)
	}
	return e.Message
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// TestHostHeader: a page served under another name (DNS rebinding) gets
// nothing; the listening address and, on loopback, localhost are served.
func TestHostHeader(t *testing.T) {
	h := web.NewServer(ingest.NewService(newFake()), web.Options{Addr: "127.0.0.1:8080", Hosts: []string{"nianbao.example.cn"}})
	for host, want := range map[string]int{
		"127.0.0.1:8080": 200, "localhost:8080": 200, "[::1]:8080": 200, "nianbao.example.cn": 200, "NIANBAO.example.cn.": 200,
		"attacker.example.com:8080": 403, "10.0.0.5:8080": 403,
	} {
		req := httptest.NewRequest("GET", "/api/reports", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if want == 403 {
			apiErr(t, rec.Result(), 403, nianbao.EFORBIDDEN)
		} else if rec.Code != want {
			t.Errorf("Host %s: status %d; want %d", host, rec.Code, want)
		}
	}
	// Listening on every address, IP literals are served, unknown names not.
	h = web.NewServer(ingest.NewService(newFake()), web.Options{Addr: "0.0.0.0:8080"})
	for host, want := range map[string]int{"192.168.1.20:8080": 200, "localhost:8080": 200, "evil.example.com": 403} {
		req := httptest.NewRequest("GET", "/reports", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("0.0.0.0, Host %s: status %d; want %d", host, rec.Code, want)
		}
	}
}

// TestRouteErrors: unknown paths are 404 and known paths with another
// method 405 with Allow, in the documented Chinese JSON under /api/.
func TestRouteErrors(t *testing.T) {
	f := newFixture(t, nil)
	apiErr(t, f.do(httptest.NewRequest("GET", "/api/nothing", nil)), 404, nianbao.ENOTFOUND)
	res := f.do(httptest.NewRequest("DELETE", "/api/reports/1", nil))
	if allow := res.Header.Get("Allow"); allow != "GET, HEAD" {
		t.Errorf("DELETE /api/reports/1: Allow %q", allow)
	}
	apiErr(t, res, 405, "method_not_allowed")
	res = f.do(httptest.NewRequest("PUT", "/api/reports", nil))
	if allow := res.Header.Get("Allow"); allow != "GET, POST, HEAD" {
		t.Errorf("PUT /api/reports: Allow %q", allow)
	}
	apiErr(t, res, 405, "method_not_allowed")
	if res := f.do(httptest.NewRequest("DELETE", "/reports", nil)); res.StatusCode != 405 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("DELETE /reports: %d %s; want a 405 page", res.StatusCode, res.Header.Get("Content-Type"))
	}
	// A 50 KB search is refused, not run.
	apiErr(t, f.do(httptest.NewRequest("GET", "/api/reports?q="+strings.Repeat("洪泽", 25000), nil)), 422, nianbao.EINVALID)
}

// TestCrossSite: a browser posting from another site's page is refused in
// Chinese JSON; scripts (no Sec-Fetch-Site) are not affected.
func TestCrossSite(t *testing.T) {
	f := newFixture(t, nil)
	body, ctype := multipartBody(t, "file", fileField{"a.txt", readSeed(t, seedLubei)})
	req := httptest.NewRequest("POST", "/api/reports", body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	apiErr(t, f.do(req), 403, nianbao.EFORBIDDEN)
}

// TestSecurityHeaders: every answer carries them, error pages included.
func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t, nil)
	for _, path := range []string{"/reports", "/api/reports", "/nothing", "/static/app.css"} {
		res := f.do(httptest.NewRequest("GET", path, nil))
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"} {
			if res.Header.Get(h) == "" {
				t.Errorf("GET %s: no %s", path, h)
			}
		}
	}
}

// TestBrokenUpload: a cut multipart body is a Chinese 422 without Go's
// error text.
func TestBrokenUpload(t *testing.T) {
	f := newFixture(t, nil)
	body, ctype := multipartBody(t, "file", fileField{"a.txt", readSeed(t, seedLubei)})
	all, _ := io.ReadAll(body)
	req := httptest.NewRequest("POST", "/api/reports", bytes.NewReader(all[:len(all)/2]))
	req.Header.Set("Content-Type", ctype)
	res := f.do(req)
	raw, _ := io.ReadAll(res.Body)
	var results []struct{ Error, Code string }
	if err := json.Unmarshal(raw, &results); err != nil || res.StatusCode != 422 || len(results) == 0 {
		t.Fatalf("status %d, %s (%v)", res.StatusCode, raw, err)
	}
	for _, r := range results {
		if r.Code != nianbao.EINVALID || !hasHan(r.Error) || strings.Contains(r.Error, "EOF") || strings.Contains(r.Error, "multipart") {
			t.Errorf("result %+v: want a plain Chinese error", r)
		}
	}
}

// TestUploadFileCap: files past MaxFiles are not read, and say so.
func TestUploadFileCap(t *testing.T) {
	h := web.NewServer(ingest.NewService(newFake()), web.Options{Limits: web.Limits{MaxFiles: 2}})
	var files []fileField
	for i, n := range seedNames(t)[:3] {
		files = append(files, fileField{fmt.Sprintf("%d.txt", i), readSeed(t, n)})
	}
	body, ctype := multipartBody(t, "file", files...)
	req := httptest.NewRequest("POST", "/api/reports", body)
	req.Header.Set("Content-Type", ctype)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var results []struct{ Name, Error, Code string }
	if err := json.Unmarshal(rec.Body.Bytes(), &results); err != nil {
		t.Fatal(err, rec.Body.String())
	}
	if len(results) != 3 || results[0].Error != "" || results[1].Error != "" || results[2].Code != nianbao.ETOOLARGE {
		t.Errorf("results %+v", results)
	}
}

// blockingService holds every AddReport until released, to fill the
// server's reading slots.
type blockingService struct {
	nianbao.ReportService
	entered chan struct{}
	release chan struct{}
}

func (b *blockingService) AddReport(ctx context.Context, name string, data []byte) (*nianbao.StoredReport, bool, error) {
	b.entered <- struct{}{}
	<-b.release
	return nil, false, nianbao.Errorf(nianbao.ENOTREPORT, "不是年报")
}

// TestBusy: with every reading slot taken and no room in the queue, an
// upload is refused with 503 at once instead of piling up; the one being
// read finishes normally.
func TestBusy(t *testing.T) {
	svc := &blockingService{entered: make(chan struct{}, 1), release: make(chan struct{})}
	h := web.NewServer(svc, web.Options{Limits: web.Limits{MaxReadings: 1, MaxQueued: -1}})
	post := func() *httptest.ResponseRecorder {
		body, ctype := multipartBody(t, "file", fileField{"a.txt", []byte("x")})
		req := httptest.NewRequest("POST", "/api/reports", body)
		req.Header.Set("Content-Type", ctype)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	first := make(chan int)
	go func() { first <- post().Code }()
	<-svc.entered
	rec := post()
	if rec.Code != 503 {
		t.Errorf("status %d; want 503", rec.Code)
	}
	apiErrRec(t, rec)
	close(svc.release)
	if c := <-first; c != 422 {
		t.Errorf("the upload being read: status %d; want 422 (the file is not a report)", c)
	}
}

func apiErrRec(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	var results []struct{ Code, Error string }
	if err := json.Unmarshal(rec.Body.Bytes(), &results); err != nil || len(results) != 1 || results[0].Code != nianbao.EUNAVAILABLE || !hasHan(results[0].Error) {
		t.Errorf("busy answer %s (%v)", rec.Body.String(), err)
	}
}

// TestSlowClient: a connection that sends half a header, or nothing after
// its request, is closed by the server's timeouts instead of held open.
func TestSlowClient(t *testing.T) {
	srv := web.NewServer(ingest.NewService(newFake()), web.Options{Limits: web.Limits{ReadHeaderTimeout: 200 * time.Millisecond, IdleTimeout: 200 * time.Millisecond}}).HTTPServer()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	for _, send := range []string{"GET /reports HTTP/1.1\r\nHost: x", "GET /api/reports HTTP/1.1\r\nHost: x\r\n\r\n"} {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte(send))
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		start := time.Now()
		io.Copy(io.Discard, c) // until the server closes the connection
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%q: connection held %v", send, d)
		}
		c.Close()
	}
}

// TestCSVInjection: a field a spreadsheet would run as a formula is made
// text; numbers, negative ones included, stay numbers.
func TestCSVInjection(t *testing.T) {
	f := newFixture(t, map[string][]byte{"=HYPERLINK(1,2).txt": readSeed(t, seedLubei)})
	_, body := f.get("/reports.csv")
	if bytes.Contains(body, []byte(",=HYPERLINK")) || !bytes.Contains(body, []byte("'=HYPERLINK")) {
		t.Errorf("the file name is not made inert:\n%.600s", body)
	}
}

func TestInertField(t *testing.T) {
	for in, want := range map[string]string{"-3": "-3", "+5": "+5", "7730.28": "7730.28", "=1+1": "'=1+1", "@SUM(A1)": "'@SUM(A1)", "-1+cmd": "'-1+cmd", "\tx": "'\tx", "路北街道": "路北街道", "": ""} {
		if got := web.InertField(in); got != want {
			t.Errorf("%q → %q; want %q", in, got, want)
		}
	}
}

// TestCheckWithoutSaving: a draft posted to /check gets its report page
// with its findings, and nothing is stored.
func TestCheckWithoutSaving(t *testing.T) {
	f := newFixture(t, nil)
	if res, _ := f.get("/check"); res.StatusCode != 200 {
		t.Fatalf("GET /check: %d", res.StatusCode)
	}
	body, ctype := multipartBody(t, "file", fileField{"draft.txt", brokenLubei(t)})
	req := httptest.NewRequest("POST", "/check", body)
	req.Header.Set("Content-Type", ctype)
	res := f.do(req)
	page, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !bytes.Contains(page, []byte("草稿核查：未保存")) || !bytes.Contains(page, []byte("finding-error")) {
		t.Fatalf("status %d\n%.800s", res.StatusCode, page)
	}
	if bytes.Contains(page, []byte("/reports/0/")) {
		t.Error("the draft's page links to a stored report")
	}
	var list struct{ Total int }
	f.getJSON("/api/reports", 200, &list)
	if list.Total != 0 {
		t.Errorf("%d reports stored after a check; want 0", list.Total)
	}
}

// TestHostileText: a file name and report text that carry markup are
// escaped on every page that shows them.
func TestHostileText(t *testing.T) {
	const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>`
	data := bytes.Replace(readSeed(t, seedLubei), []byte("一、总体情况"), []byte("一、总体情况\n"+evil), 1)
	f := newFixture(t, map[string][]byte{evil + ".txt": data})
	id := f.ids[evil+".txt"]
	pages := []string{"/reports", "/reports?q=" + url.QueryEscape(evil), fmt.Sprintf("/reports/%d", id), fmt.Sprintf("/reports/%d/compare", id), "/dashboard", "/upload", "/check", "/entry"}
	for _, path := range pages {
		res, body := f.get(path)
		if res.StatusCode >= 500 {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
		if bytes.Contains(body, []byte("<script>alert")) || bytes.Contains(body, []byte("<img src=x")) {
			t.Errorf("GET %s: markup from the report or its name is not escaped", path)
		}
	}
	// The upload form's answer page names the file.
	body, ctype := multipartBody(t, "file", fileField{evil + "2.txt", data})
	req := httptest.NewRequest("POST", "/upload", body)
	req.Header.Set("Content-Type", ctype)
	page, _ := io.ReadAll(f.do(req).Body)
	if bytes.Contains(page, []byte("<script>alert")) {
		t.Error("POST /upload: the file name is not escaped")
	}
}
