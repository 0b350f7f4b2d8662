package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/store/storetest"
)

// TestRosterCommands: import reports, start 洪泽区's 2024 roster from the
// bodies that reported for 2023, add the office's list, list it with its
// statuses, and aggregate from the database with the missing bodies and
// the 本级 report's differences.
func TestRosterCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "nianbao.db")
	var files []string
	for i, r := range []struct {
		agency string
		year   int
		date   string
	}{
		{"淮安市洪泽区人民政府", 2024, "2025-03-20"},
		{"淮安市洪泽区财政局", 2024, "2025-01-20"},
		{"淮安市洪泽区教育局", 2024, "2025-02-15"},
		{"淮安市洪泽区教育局", 2023, "2024-01-15"},
		{"淮安市洪泽区民政局", 2023, "2024-01-15"},
	} {
		name := filepath.Join(dir, r.agency+strings.Repeat("I", i)+".txt")
		if err := os.WriteFile(name, storetest.BodyReport(uint64(i), r.agency, r.year, r.date, false), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	list := filepath.Join(dir, "名单.csv")
	os.WriteFile(list, []byte("单位名称,类别\n淮安市洪泽区财政局,政府部门\n淮安市洪泽区商务局,\n"), 0o644)
	if code, _, errOut := run(t, "", append([]string{"import", "--db", db}, files...)...); code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	for _, c := range []struct {
		args []string
		code int
		out  string // in stdout (code 0) or stderr
	}{
		{[]string{"roster", "import", "--db", db, "--place", "洪泽区", "--year", "2024", "--last-year"}, 0, "新增 2 个，更新 0 个，移除 0 个"},
		{[]string{"roster", "import", "--db", db, "--place", "320813", "--year", "2024", list}, 0, "新增 2 个"},
		{[]string{"roster", "list", "--db", db, "--year", "2024", "--place", "3208"}, 0, "应报 4，已报 2，未报 2，逾期 1，未写日期 0，有错误 0"},
		{[]string{"roster", "list", "--db", db, "--year", "2024", "--status", "missing"}, 0, "未报  淮安市洪泽区民政局"},
		{[]string{"roster", "list", "--db", db, "--year", "2024", "--status", "nope"}, 2, "没有“nope”这种报送状态"},
		{[]string{"roster", "import", "--db", db, "--place", "320812", "--year", "2024", list}, 2, "不在江苏省淮安市清江浦区之下"},
		{[]string{"roster", "import", "--db", db, "--year", "2024", list}, 2, "没有给出地区"},
		{[]string{"roster", "list", "--db", db}, 2, "--year"},
		{[]string{"roster", "frob"}, 2, "未知的子命令"},
		{[]string{"aggregate", "--db", db, "--place", "320813", "--year", "2024", "-o", filepath.Join(dir, "agg.json")}, 0, "未报送：淮安市洪泽区民政局"},
		{[]string{"aggregate", "--db", db, "--place", "320813", "--year", "2024", "-o", filepath.Join(dir, "agg.md"), "--to", "md"}, 0, "本级报告 淮安市洪泽区人民政府"},
		{[]string{"aggregate", "--db", db, "--place", "320813", "--year", "2024", files[0]}, 2, "不再给出文件"},
	} {
		code, out, errOut := run(t, "", c.args...)
		got := out
		if c.code != 0 || c.args[0] == "aggregate" {
			got = errOut
		}
		if code != c.code || !strings.Contains(got, c.out) {
			t.Errorf("%s: exit %d; want %d with %q\nstdout: %s\nstderr: %s", strings.Join(c.args, " "), code, c.code, c.out, out, errOut)
		}
	}
}
