package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nianbao/audit"
)

const (
	seedCopied = "../../testdata/seeds/003_4a4f3564ba85f8ba.txt"
	seedClean  = "../../testdata/seeds/004_d5e9c381233c1b80.txt"
)

// result is one file's result in the JSON output.
type result struct {
	File     string `json:"file"`
	Agency   string `json:"agency"`
	Year     int    `json:"year"`
	Findings []struct {
		Rule     string            `json:"rule"`
		Severity string            `json:"severity"`
		Message  string            `json:"message"`
		Basis    string            `json:"basis"`
		Stated   *json.RawMessage  `json:"stated"`
		Cells    []json.RawMessage `json:"cells"`
	} `json:"findings"`
	Counts map[string]int `json:"counts"`
}

func (r result) rules() []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Rule)
	}
	return out
}

func TestCheckText(t *testing.T) {
	code, out, errOut := run(t, "", "check", seedCopied)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"曲靖市麒麟区珠街街道", "警告（3）", "逾期 16 天", "[time.late]", "2019年未发布",
		"第85行第12列", "依据：国办公开办函〔2021〕30号"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour written to a pipe")
	}
	if code, out, _ := run(t, "", "check", seedClean); code != 0 || !strings.Contains(out, "未发现问题") {
		t.Errorf("clean seed: exit %d\n%s", code, out)
	}
}

func TestCheckJSON(t *testing.T) {
	code, out, _ := run(t, "", "check", "--format", "json", seedCopied)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var r result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	if r.Year != 2020 || r.Counts["warning"] != 3 || r.Counts["error"] != 0 || len(r.Findings) == 0 {
		t.Errorf("result %+v", r)
	}
	for _, f := range r.Findings {
		if f.Rule == "" || f.Message == "" || f.Basis == "" || f.Severity == "" {
			t.Errorf("incomplete finding %+v", f)
		}
	}
}

// TestCheckErrors: a report whose own numbers contradict each other exits
// 1 and points at the cell; an unreadable file exits 2, and the others
// are still checked.
func TestCheckErrors(t *testing.T) {
	data, err := os.ReadFile(seed)
	must(t, err)
	row := "(一)予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |"
	if !bytes.Contains(data, []byte(row)) {
		t.Fatal("seed 000 changed")
	}
	broken := filepath.Join(t.TempDir(), "broken.txt")
	must(t, os.WriteFile(broken, bytes.Replace(data, []byte(row), []byte("(一)予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 4 |"), 1), 0o644))

	code, out, _ := run(t, "", "check", "--format", "json", broken)
	if code != 1 {
		t.Errorf("exit %d; want 1", code)
	}
	var r result
	must(t, json.Unmarshal([]byte(out), &r))
	if r.Counts["error"] == 0 || r.Findings[0].Rule != "requests.row_total" || string(*r.Findings[0].Stated) != "4" {
		t.Errorf("findings %v", r.rules())
	}

	missing := filepath.Join(t.TempDir(), "missing.txt")
	code, out, errOut := run(t, "", "check", missing, seedClean)
	if code != 2 || !strings.Contains(errOut, missing) || !strings.Contains(out, "平武县人民政府办公室") {
		t.Errorf("exit %d, stderr %q, stdout %.100q", code, errOut, out)
	}
}

// TestCheckAcrossYears: last year's report of the same body, given in the
// same call or with --previous, is compared with this year's.
func TestCheckAcrossYears(t *testing.T) {
	data, err := os.ReadFile(seed)
	must(t, err)
	// Last year's report: the same text one year earlier, section 五 included.
	last := strings.NewReplacer("2024", "2023", "2025", "2024").Replace(string(data))
	dir := t.TempDir()
	lastFile := filepath.Join(dir, "2023.txt")
	must(t, os.WriteFile(lastFile, []byte(last), 0o644))

	code, out, _ := run(t, "", "check", "--format", "json", seed, lastFile)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d JSON lines; want 2", len(lines))
	}
	var this, prev result
	must(t, json.Unmarshal([]byte(lines[0]), &this))
	must(t, json.Unmarshal([]byte(lines[1]), &prev))
	if !slices.Contains(this.rules(), "cross.copied_problems") || slices.Contains(prev.rules(), "cross.copied_problems") {
		t.Errorf("2024: %v; 2023: %v", this.rules(), prev.rules())
	}

	code, out, _ = run(t, "", "check", "--previous", lastFile, seed)
	if code != 0 || !strings.Contains(out, "[cross.copied_problems]") || strings.Contains(out, "2023.txt") {
		t.Errorf("--previous: exit %d\n%s", code, out)
	}
}

func TestCheckUsage(t *testing.T) {
	if code, _, _ := run(t, "", "check"); code != 2 {
		t.Errorf("check without files: exit %d", code)
	}
	if code, _, errOut := run(t, "", "check", "--format", "xml", seed); code != 2 || !strings.Contains(errOut, "xml") {
		t.Errorf("unknown format: exit %d, %q", code, errOut)
	}
}

func TestColour(t *testing.T) {
	if colorful(&bytes.Buffer{}) {
		t.Error("a buffer is not a terminal")
	}
	rep, err := NewMain().readReport(seedCopied)
	must(t, err)
	var b bytes.Buffer
	must(t, writeText(&b, []checked{{name: "003", rep: rep, findings: audit.Check(rep, audit.Options{})}}, true))
	if !strings.Contains(b.String(), "\x1b[1m003") || !strings.Contains(b.String(), styles["warning"]+"警告") {
		t.Errorf("no colour on a terminal: %q", b.String())
	}
}
