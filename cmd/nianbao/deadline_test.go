package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/store/storetest"
)

// TestDeadlineCommands: 淮安市财政局 published its 2024 report on
// 2025-01-27; 淮安市 sets 1月26日 and the roster shows it late, then
// removes it; bad settings are refused in Chinese.
func TestDeadlineCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "nianbao.db")
	file := filepath.Join(dir, "淮安市财政局.txt")
	if err := os.WriteFile(file, storetest.BodyReport(1, "淮安市财政局", 2024, "2025-01-27", false), 0o644); err != nil {
		t.Fatal(err)
	}
	list := filepath.Join(dir, "名单.csv")
	if err := os.WriteFile(list, []byte("单位名称,类别\n淮安市财政局,政府部门\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, "", "import", "--db", db, file); code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	for _, c := range []struct {
		args []string
		code int
		out  string // in stdout (code 0) or stderr
	}{
		{[]string{"deadline", "list", "--db", db}, 0, "没有设置地方期限"},
		{[]string{"roster", "import", "--db", db, "--place", "淮安市", "--year", "2024", list}, 0, "新增 1 个"},
		{[]string{"roster", "list", "--db", db, "--year", "2024", "--status", "late"}, 0, "逾期 0"},
		{[]string{"deadline", "set", "--db", db, "--place", "淮安市", "--year", "2024", "--basis", "淮政办发〔2025〕1号", "2025-01-26"}, 0, "重新审核 1 份报告"},
		{[]string{"deadline", "list", "--db", db}, 0, "2024年度  江苏省淮安市（3208）  部门和乡镇街道  2025-01-26  淮政办发〔2025〕1号  命令行"},
		{[]string{"roster", "list", "--db", db, "--year", "2024", "--status", "late"}, 0, "逾期 1"},
		{[]string{"deadline", "set", "--db", db, "--place", "淮安市", "--year", "2024", "2025-02-10"}, 2, "晚于政府部门的法定期限1月31日"},
		{[]string{"deadline", "set", "--db", db, "--place", "淮安市", "--year", "2024", "--kind", "other", "2025-01-20"}, 2, "不能约束“其他单位”"},
		{[]string{"deadline", "set", "--db", db, "--place", "无此地名", "--year", "2024", "2025-01-20"}, 2, "无此地名"},
		{[]string{"deadline", "set", "--db", db, "--place", "淮安市", "2025-01-20"}, 2, "--year"},
		{[]string{"deadline", "set", "--db", db, "--place", "淮安市", "--year", "2024"}, 2, "参数有误"},
		{[]string{"deadline", "remove", "--db", db, "--place", "3208", "--year", "2024"}, 0, "已移除"},
		{[]string{"roster", "list", "--db", db, "--year", "2024", "--status", "late"}, 0, "逾期 0"},
		{[]string{"deadline", "remove", "--db", db, "--place", "3208", "--year", "2024"}, 2, "没有部门和乡镇街道的地方期限"},
		{[]string{"deadline", "frob"}, 2, "未知的子命令"},
	} {
		code, out, errOut := run(t, "", c.args...)
		got := out
		if c.code != 0 {
			got = errOut
		}
		if code != c.code || !strings.Contains(got, c.out) {
			t.Errorf("%s: exit %d; want %d with %q\nstdout: %s\nstderr: %s", strings.Join(c.args, " "), code, c.code, c.out, out, errOut)
		}
	}
}
