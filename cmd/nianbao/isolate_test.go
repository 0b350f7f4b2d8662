package main

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"nianbao/isolate"
)

// TestMain lets the test binary be the program itself: serve's reading
// child (main calls isolate.Serve first), and nianbao as a whole process
// for BenchmarkParseProcess (NIANBAO_RUN_MAIN=1).
func TestMain(m *testing.M) {
	if os.Getenv("NIANBAO_RUN_MAIN") == "1" {
		main()
	}
	isolate.Serve()
	os.Exit(m.Run())
}

// TestServeUploadIsolated: serve reads an upload in its child process and
// stores the report; a file that is not a report is that file's error.
func TestServeUploadIsolated(t *testing.T) {
	url, stop := startServe(t, "--db", filepath.Join(t.TempDir(), "n.db"))
	defer stop()
	seed, err := os.ReadFile("../../testdata/seeds/000_e75d9df8b36af8be.txt")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, data := range map[string][]byte{"a.txt": seed, "b.txt": []byte("不是年报")} {
		w, _ := mw.CreateFormFile("file", name)
		w.Write(data)
	}
	mw.Close()
	res, err := http.Post(url+"api/reports", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var results []struct{ Name, Error, Code string }
	if err := json.NewDecoder(res.Body).Decode(&results); err != nil || res.StatusCode != 200 {
		t.Fatalf("status %d, %v", res.StatusCode, err)
	}
	for _, r := range results {
		if (r.Name == "a.txt") != (r.Error == "") || (r.Name == "b.txt" && r.Code != "not_report") {
			t.Errorf("%+v", r)
		}
	}
	if n := reportTotal(t, url); n != 1 {
		t.Errorf("%d reports stored; want 1", n)
	}
}
