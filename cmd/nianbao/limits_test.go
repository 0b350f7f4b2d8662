package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseSizeCap: a file over --max-size is refused without being read
// and named with the reason, the others are still read, and the exit
// status is 2; standard input over the cap is refused too.
func TestParseSizeCap(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(big, make([]byte, 2<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "parse", "--max-size", "1", big, seed)
	if code != exitFailed || !strings.Contains(errOut, "big.txt: 文件超过 1 MB，未读取") || strings.Count(out, "\n") != 1 {
		t.Fatalf("exit %d, stdout %d lines, stderr %q", code, strings.Count(out, "\n"), errOut)
	}
	code, _, errOut = run(t, strings.Repeat("x", 1<<20+1), "parse", "--max-size", "1", "-")
	if code != exitFailed || !strings.Contains(errOut, "标准输入: 文件超过 1 MB") {
		t.Fatalf("stdin: exit %d, stderr %q", code, errOut)
	}
}

// TestImportSizeCap: import refuses a file over --max-size and stores the
// rest, with the refused file in its summary.
func TestImportSizeCap(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, make([]byte, 2<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "seed.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "import", "--db", filepath.Join(t.TempDir(), "db.sqlite"), "--max-size", "1", dir)
	if code != exitFailed || !strings.Contains(out, "导入 1 份") || !strings.Contains(out, "big.txt：文件超过 1 MB，未读取") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
