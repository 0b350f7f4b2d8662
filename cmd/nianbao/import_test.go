package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/gen"
	"nianbao/store"
)

// importTree lays out a folder as a person collects reports: the seeds,
// one of them twice under another name, a file that is not a report, and
// what import skips (hidden files and folders, ground truth, notes).
func importTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	seeds, err := filepath.Glob("../../testdata/seeds/*")
	if err != nil || len(seeds) != 10 {
		t.Fatalf("seeds: %v, %v", seeds, err)
	}
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		must(t, err)
		must(t, os.WriteFile(filepath.Join(dir, filepath.Base(s)), data, 0o644))
	}
	first, err := os.ReadFile(seeds[1]) // 000_….txt
	must(t, err)
	must(t, os.MkdirAll(filepath.Join(dir, "2024", "副本"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "2024", "副本", "copy.txt"), first, 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "2024", "bad.txt"), []byte("2024年政府信息公开工作年度报告\n一、总体情况\n本年度没有表格。\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("# 说明\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, ".hidden.txt"), []byte("not a report"), 0o644))
	must(t, os.MkdirAll(filepath.Join(dir, ".cache"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, ".cache", "x.txt"), []byte("not a report"), 0o644))
	return dir
}

func TestImport(t *testing.T) {
	dir := importTree(t)
	db := filepath.Join(t.TempDir(), "test.db")

	code, out, errOut := run(t, "", "import", "--db", db, "--jobs", "3", dir)
	if code != 2 {
		t.Errorf("first import: exit %d; want 2 (a file failed)\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "导入 5 份，已存在 1 份，失败 1 份" || len(lines) != 2 {
		t.Fatalf("first import printed:\n%s", out)
	}
	bad := filepath.Join(dir, "2024", "bad.txt")
	if !strings.HasPrefix(lines[1], "  "+bad+"：") || len(lines[1]) < len(bad)+10 {
		t.Errorf("failure line %q does not name %s and why", lines[1], bad)
	}
	if errOut != "" {
		t.Errorf("stderr is not a terminal, yet: %q", errOut)
	}

	// Again: everything is already there.
	code, out, _ = run(t, "", "import", "--db", db, dir)
	if code != 2 || !strings.HasPrefix(out, "导入 0 份，已存在 6 份，失败 1 份\n") {
		t.Errorf("second import: exit %d\n%s", code, out)
	}

	// Only good files: exit 0.
	code, out, _ = run(t, "", "import", "--db", db, filepath.Join(dir, "2024", "副本", "copy.txt"))
	if code != 0 || out != "导入 0 份，已存在 1 份，失败 0 份\n" {
		t.Errorf("third import: exit %d\n%s", code, out)
	}

	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	reports, total, err := st.FindReports(context.Background(), nianbao.ReportFilter{})
	if err != nil || total != 5 {
		t.Fatalf("%d reports stored, %v; want 5", total, err)
	}
	for _, r := range reports {
		if name := r.Report.Source.Name; strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".txt") {
			t.Errorf("stored %s", name)
		}
	}
}

func TestImportUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "test.db")
	if code, _, errOut := run(t, "", "import", "--db", db); code != 2 || !strings.Contains(errOut, "请给出") {
		t.Errorf("no paths: exit %d, %q", code, errOut)
	}
	if code, _, _ := run(t, "", "import", "--db", db, "--jobs", "0", "x"); code != 2 {
		t.Errorf("--jobs 0: exit %d", code)
	}
	missing := filepath.Join(t.TempDir(), "missing.txt")
	code, out, _ := run(t, "", "import", "--db", db, missing)
	if code != 2 || out != "导入 0 份，已存在 0 份，失败 1 份\n  "+missing+"：文件不存在\n" {
		t.Errorf("missing file: exit %d\n%s", code, out)
	}
	if code, _, errOut := run(t, "", "import", "--db", filepath.Join(missing, "x.db"), seed); code != 2 || !strings.Contains(errOut, "无法打开数据库") {
		t.Errorf("bad --db: exit %d, %q", code, errOut)
	}
}

// TestImportInterrupted: a batch stopped half-way keeps what it stored,
// and run again stores the rest.
func TestImportInterrupted(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 1))
	const n = 300
	for i := range n {
		data := gen.Render(gen.New(rng, gen.Options{}), gen.PipeRows)
		must(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d.txt", i)), data, 0o644))
	}
	db := filepath.Join(t.TempDir(), "test.db")
	ctx, cancel := context.WithCancel(context.Background())
	importedHook = cancel // stop after the first file's outcome
	defer func() { importedHook = nil }()
	var out strings.Builder
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out}
	if code := m.Run(ctx, []string{"import", "--db", db, "--jobs", "1", dir}); code != 2 {
		t.Errorf("interrupted import: exit %d", code)
	}
	importedHook = nil
	var first, again struct{ imported, existing, failed int }
	if _, err := fmt.Sscanf(out.String(), "导入 %d 份，已存在 %d 份，失败 %d 份", &first.imported, &first.existing, &first.failed); err != nil {
		t.Fatalf("interrupted import printed:\n%s", out.String())
	}
	if first.imported == 0 || first.imported == n || !strings.Contains(out.String(), fmt.Sprintf("已中断：%d 份未处理", n-first.imported)) {
		t.Errorf("interrupted import printed:\n%s", out.String())
	}
	t.Logf("interrupted: %s", strings.SplitN(out.String(), "\n", 3)[:2])
	code, stdout, _ := run(t, "", "import", "--db", db, dir)
	fmt.Sscanf(stdout, "导入 %d 份，已存在 %d 份，失败 %d 份", &again.imported, &again.existing, &again.failed)
	if code != 0 || again.existing != first.imported || again.imported != n-first.imported {
		t.Errorf("after %+v, the import again: exit %d\n%s", first, code, stdout)
	}
}

func TestProgress(t *testing.T) {
	var b strings.Builder
	p := &progress{w: &b, total: 300, on: true, stop: make(chan struct{})}
	p.set(120)
	p.finish()
	want := "\r[############                  ] 120/300\n"
	if b.String() != want {
		t.Errorf("progress drew %q; want %q", b.String(), want)
	}
	var off strings.Builder
	p = newProgress(&off, 300) // not a terminal
	p.set(120)
	p.finish()
	if off.String() != "" {
		t.Errorf("progress drew %q off a terminal", off.String())
	}
}
