package main

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/internal/gen"
)

// TestParseFormatsBatch: a batch mixing web pages, Word and Excel files
// with damaged ones of each format reads every good file (the format told
// from the content, whatever the file is called) and names each bad one
// with its reason on stderr.
func TestParseFormatsBatch(t *testing.T) {
	dir := t.TempDir()
	s := gen.New(rand.New(rand.NewPCG(11, 7)), gen.Options{})
	page, docx, xlsx := gen.RenderHTML(s), gen.RenderDOCX(s), gen.RenderXLSX(s)
	files := map[string][]byte{
		"good-page.html":  page,
		"good-report.doc": docx, // a .docx under a misleading name
		"good-tables.bin": xlsx,
		"cut.docx":        docx[:len(docx)/2],
		"cut.xlsx":        xlsx[:len(xlsx)-30],
		"empty-page.html": []byte("<html><body><script>x()</script></body></html>"),
	}
	var args []string
	for _, name := range []string{"good-page.html", "cut.docx", "good-report.doc", "cut.xlsx", "empty-page.html", "good-tables.bin"} {
		p := filepath.Join(dir, name)
		must(t, os.WriteFile(p, files[name], 0o644))
		args = append(args, p)
	}
	real := "../../testdata/real/shuyang-fgj-2023.html"
	args = append(args, real)
	code, out, errOut := run(t, "", append([]string{"parse"}, args...)...)
	if code != 2 {
		t.Errorf("exit %d; want 2", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var formats []string
	for _, l := range lines {
		var rep struct {
			Source struct{ Format string } `json:"source"`
		}
		if err := json.Unmarshal([]byte(l), &rep); err != nil {
			t.Fatalf("not a JSON line: %.80s", l)
		}
		formats = append(formats, rep.Source.Format)
	}
	if got := strings.Join(formats, " "); got != "html docx xlsx html" {
		t.Errorf("read %q; want the four good files: html docx xlsx html", got)
	}
	errLines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(errLines) != 3 {
		t.Fatalf("stderr has %d lines; want 3:\n%s", len(errLines), errOut)
	}
	for i, name := range []string{"cut.docx", "cut.xlsx", "empty-page.html"} {
		if !strings.Contains(errLines[i], name) || !strings.ContainsAny(errLines[i], "损坏没有") {
			t.Errorf("stderr line %q does not name %s with a reason", errLines[i], name)
		}
	}
}
