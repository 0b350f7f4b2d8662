package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run starts the program as a person would and returns its exit status and output.
func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}
	code = m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

const seed = "../../testdata/seeds/000_e75d9df8b36af8be.txt"

func TestParseOneFile(t *testing.T) {
	code, out, errOut := run(t, "", "parse", seed)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("stdout is not one JSON object: %v", err)
	}
	for _, k := range []string{"agency", "year", "template", "published_on", "active", "requests", "review", "cells", "notes", "source"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
}

// TestParseWith: the same body's neighbouring year given with --with
// settles digits run together in table 二 (as inferred, with a note naming
// that year) and is not printed itself.
func TestParseWith(t *testing.T) {
	const y2019, y2020 = "../../testdata/real/pingtan-2019.txt", "../../testdata/real/pingtan-2020.txt"
	licensing := func(out string) any {
		var rep struct {
			Active map[string]map[string]any `json:"active"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("stdout is not one JSON object: %v", err)
		}
		return rep.Active["licensing"]["decisions"]
	}
	_, out, _ := run(t, "", "parse", y2019)
	if got := licensing(out); got != nil {
		t.Fatalf("行政许可 read as %v alone; its digits run together", got)
	}
	code, out, errOut := run(t, "", "parse", "--with", y2020, y2019)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if got := licensing(out); got != 181.0 || !strings.Contains(out, "2020年度报告表二“行政许可”") {
		t.Errorf("行政许可 处理决定数量 %v with 2020 given; want 181, noted", got)
	}
}

func TestParseStdin(t *testing.T) {
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := run(t, string(data), "parse", "-")
	if code != 0 || !strings.Contains(out, `"template": "2021"`) {
		t.Fatalf("exit %d, stdout %.200s", code, out)
	}
}

// TestParseBatch: several files give JSON Lines; a file that is not a report
// gets one stderr line naming it and exit status 2, and the others still parse.
func TestParseBatch(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	binary := filepath.Join(dir, "image.txt")
	prose := filepath.Join(dir, "prose.txt")
	must(t, os.WriteFile(empty, nil, 0o644))
	must(t, os.WriteFile(binary, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), 0o644))
	must(t, os.WriteFile(prose, []byte("2024年政府信息公开工作年度报告\n一、总体情况\n本年度没有表格。\n"), 0o644))
	missing := filepath.Join(dir, "missing.txt")

	code, out, errOut := run(t, "", "parse", seed, empty, binary, prose, missing, seed)
	if code != 2 {
		t.Errorf("exit %d; want 2", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d JSON lines; want 2 (the two good files)", len(lines))
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("not a JSON line: %.80s", l)
		}
	}
	errLines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(errLines) != 4 {
		t.Fatalf("stderr has %d lines; want 4:\n%s", len(errLines), errOut)
	}
	for i, f := range []string{empty, binary, prose, missing} {
		if !strings.Contains(errLines[i], f) {
			t.Errorf("stderr line %q does not name %s", errLines[i], f)
		}
	}
}

func TestUsage(t *testing.T) {
	if code, _, errOut := run(t, ""); code != 2 || !strings.Contains(errOut, "用法") {
		t.Errorf("no args: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := run(t, "", "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	if code, _, _ := run(t, "", "parse"); code != 2 {
		t.Errorf("parse without files: exit %d", code)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestVersion: `nianbao version` names the program and the Go release.
func TestVersion(t *testing.T) {
	code, out, _ := run(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "nianbao ") || !strings.Contains(out, "go1.") {
		t.Errorf("exit %d, %q", code, out)
	}
}

// TestBackupCommand: backup, then restore into a new file, through the
// command line.
func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if code, _, errOut := run(t, "", "import", "--db", db, "../../testdata/seeds"); code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	backup := filepath.Join(dir, "b.db")
	if code, out, errOut := run(t, "", "backup", "--db", db, backup); code != 0 || !strings.Contains(out, "已备份") {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	restored := filepath.Join(dir, "c.db")
	if code, out, errOut := run(t, "", "restore", "--db", restored, backup); code != 0 || !strings.Contains(out, "已从") {
		t.Fatalf("restore: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, "", "backup", "--db", "postgres://x@127.0.0.1:1/none", filepath.Join(dir, "d.db")); code != 2 || !strings.Contains(errOut, "数据库") {
		t.Errorf("backup of an unreachable PostgreSQL: %d %s", code, errOut)
	}
}
