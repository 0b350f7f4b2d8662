package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is an output stream the server writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var servingAt = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)

// startServe runs `nianbao serve` as a person would and returns its URL and
// a func that stops it (as Ctrl+C does) and returns its exit status.
func startServe(t *testing.T, args ...string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var out, errOut syncBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if url := servingAt.FindString(out.String()); url != "" {
			return url, func() int {
				cancel()
				select {
				case code := <-done:
					return code
				case <-time.After(15 * time.Second):
					t.Fatal("serve did not stop after the interrupt")
					return -1
				}
			}
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited with %d\nstdout: %s\nstderr: %s", code, out.String(), errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start\nstdout: %s\nstderr: %s", out.String(), errOut.String())
		}
	}
}

func reportTotal(t *testing.T, url string) int {
	t.Helper()
	res, err := http.Get(url + "api/reports")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list struct {
		Total int `json:"total"`
	}
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /api/reports: %d %v", res.StatusCode, err)
	}
	return list.Total
}

// TestServeDemo: serve --demo creates and migrates the SQLite file, loads
// the bundled samples once (a second start adds nothing), serves the pages
// and stops cleanly on an interrupt.
func TestServeDemo(t *testing.T) {
	const samples = 16 // 5 seeds, 7 平潭 years, 3 PDFs, 1 web page
	db := filepath.Join(t.TempDir(), "nianbao.db")
	url, stop := startServe(t, "--db", db, "--demo")
	if n := reportTotal(t, url); n != samples {
		t.Errorf("%d reports after --demo; want the %d samples", n, samples)
	}
	// What the demo is for: one body's years, real errors, a PDF, a web page.
	res, err := http.Get(url + "api/reports?limit=100")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Reports []struct {
			Agency string `json:"agency"`
			Format string `json:"format"`
			Errors int    `json:"errors"`
		} `json:"reports"`
	}
	err = json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	pingtan, formats, withErrors := 0, map[string]int{}, 0
	for _, r := range list.Reports {
		if r.Agency == "平潭综合实验区" {
			pingtan++
		}
		formats[r.Format]++
		if r.Errors > 0 {
			withErrors++
		}
	}
	if pingtan != 7 || formats["pdf"] != 3 || formats["html"] != 1 || withErrors < 2 {
		t.Errorf("the demo: %d years of 平潭, formats %v, %d reports with errors; want 7, 3 PDFs and a web page, errors", pingtan, formats, withErrors)
	}
	for _, path := range []string{"reports", "reports/1", "dashboard", "upload", "reports/1/compare"} {
		res, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET /%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("exit status %d after the interrupt; want 0", code)
	}

	url, stop = startServe(t, "--db", db, "--demo")
	if n := reportTotal(t, url); n != samples {
		t.Errorf("%d reports after a second --demo; want still %d", n, samples)
	}
	stop()
}

func TestServeBadArgs(t *testing.T) {
	if code, _, errOut := run(t, "", "serve", "--addr", "127.0.0.1:0", "extra"); code != exitFailed || errOut == "" {
		t.Errorf("extra argument: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := run(t, "", "serve", "--nope"); code != exitFailed {
		t.Errorf("unknown flag: exit %d", code)
	}
}
