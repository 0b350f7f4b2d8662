package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao"
	"nianbao/reader"
)

// TestRender renders a seed report (and its JSON) in every format written
// without external programs and reads each file back: the same numbers.
func TestRender(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(seed)
	must(t, err)
	want, err := reader.Read("seed.txt", data)
	must(t, err)
	code, js, _ := run(t, "", "parse", seed)
	if code != 0 {
		t.Fatalf("parse: exit %d", code)
	}
	jsonFile := filepath.Join(dir, "seed.json")
	must(t, os.WriteFile(jsonFile, []byte(js), 0o644))
	for _, input := range []string{seed, jsonFile} {
		for _, to := range []string{"docx", "html", "xlsx", "md"} {
			out := filepath.Join(dir, "out."+to)
			code, _, errOut := run(t, "", "render", input, "--to", to, "-o", out)
			if code != 0 {
				t.Fatalf("render %s --to %s: exit %d: %s", input, to, code, errOut)
			}
			data, err := os.ReadFile(out)
			must(t, err)
			got, err := reader.Read(out, data)
			if err != nil {
				t.Fatalf("%s: %v", out, err)
			}
			for c := range want.Template.Cells() {
				if g, w := got.At(c), want.At(c); g.Valid() != w.Valid() || g.Valid() && g.Cmp(w) != 0 {
					t.Errorf("%s → %s: %s = %q; want %q", filepath.Base(input), to, c.Label, g, w)
				}
			}
		}
	}
}

func TestRenderErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	must(t, os.WriteFile(bad, []byte(`{"agency": "某局", "template": "1999"}`), 0o644))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"render", "--to", "odt", seed}, "不支持的输出格式"},
		{[]string{"render", bad}, "template 应为"},
		{[]string{"render", filepath.Join(dir, "none.txt")}, "文件不存在"},
		{[]string{"render"}, "请给出"},
	} {
		code, _, errOut := run(t, "", tc.args...)
		if code != exitFailed || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestAggregate sums two seeds of 2024 and leaves out one of 2023.
func TestAggregate(t *testing.T) {
	seeds := []string{seed, "../../testdata/seeds/004_d5e9c381233c1b80.txt", "../../testdata/seeds/001_c025cc2a86179cc0.txt"}
	var in []*nianbao.Report
	for _, s := range seeds[:2] {
		data, err := os.ReadFile(s)
		must(t, err)
		r, err := reader.Read(s, data)
		must(t, err)
		in = append(in, r)
	}
	roster := filepath.Join(t.TempDir(), "roster.txt")
	must(t, os.WriteFile(roster, []byte("# 应报机关\n路北街道办事处\n未报送的局\n"), 0o644))
	code, out, errOut := run(t, "", append([]string{"aggregate", "--year", "2024", "--place", "某区人民政府", "--roster", roster}, seeds...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var draft nianbao.Report
	if err := json.Unmarshal([]byte(out), &draft); err != nil {
		t.Fatal(err)
	}
	if draft.Agency != "某区人民政府" || draft.Year != 2024 {
		t.Errorf("draft %q %d", draft.Agency, draft.Year)
	}
	c := nianbao.RequestCell(nianbao.NewReceived, nianbao.ColumnTotal)
	if want := in[0].At(c).Add(in[1].At(c)); draft.At(c).Cmp(want) != 0 {
		t.Errorf("%s = %s; want %s", c.Label, draft.At(c), want)
	}
	for _, want := range []string{"汇总 2 份", "路北街道", "平武县人民政府办公室", "未纳入：东山区", "2023 年度", "未报送：未报送的局"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("summary lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "未报送：路北街道办事处") {
		t.Errorf("路北街道 reported, yet listed as missing:\n%s", errOut)
	}

	// The same roster as nianbao roster import reads it: a CSV with a
	// name column; a bad one is refused, naming the file.
	csv := filepath.Join(t.TempDir(), "名单.csv")
	must(t, os.WriteFile(csv, []byte("序号,单位名称,类别\n1,路北街道办事处,乡镇、街道\n2,未报送的局,政府部门\n"), 0o644))
	if code, _, errOut := run(t, "", append([]string{"aggregate", "--year", "2024", "--roster", csv}, seeds...)...); code != 0 ||
		!strings.Contains(errOut, "未报送：未报送的局") || strings.Contains(errOut, "未报送：路北街道办事处") || strings.Contains(errOut, "未报送：1") {
		t.Errorf("a CSV roster: exit %d\n%s", code, errOut)
	}
	must(t, os.WriteFile(csv, []byte("单位名称\n未报送的局\n未报送的局\n"), 0o644))
	if code, _, errOut := run(t, "", append([]string{"aggregate", "--year", "2024", "--roster", csv}, seeds...)...); code != 2 ||
		!strings.Contains(errOut, "名单.csv") || !strings.Contains(errOut, "同一机关") {
		t.Errorf("a roster listing a body twice: exit %d\n%s", code, errOut)
	}
}
