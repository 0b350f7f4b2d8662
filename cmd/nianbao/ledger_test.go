package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao"
	"nianbao/register"
)

// TestLedgerCommands: a register imported (refused whole for its bad
// row, then its good rows), table 三 counted from it and checked against
// the body's published report, the register exported; the calendar
// loaded into the database and counted on.
func TestLedgerCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	csv := filepath.Join(dir, "台账.csv")
	must(t, os.WriteFile(csv, []byte("登记编号,收到日期,申请人类别,申请方式,办理结果,答复日期\n"+
		"1,2024-03-01,自然人,网上,予以公开,2024-03-15\n2,2024-03-05,自然人,网上,予以公开,2024-03-20\n"+
		"3,2024-13-01,自然人,网上,,\n4,2024-12-20,自然人,当面,,\n"), 0o644))
	code, out, _ := run(t, "", "ledger", "import", "--db", db, "--body", "路北街道", csv)
	if code != 2 || !strings.Contains(out, "可导入 3 行，有误 1 行") || !strings.Contains(out, "第4行：收到申请日期“2024-13-01”不是日期") || !strings.Contains(out, "未导入任何一行") {
		t.Fatalf("import with a bad row: exit %d\n%s", code, out)
	}
	code, out, errOut := run(t, "", "ledger", "import", "--db", db, "--body", "路北街道", "--good-rows", csv)
	if code != 0 || !strings.Contains(out, "已导入 3 件申请到“路北街道”的台账") {
		t.Fatalf("import good rows: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = run(t, "", "ledger", "table", "--db", db, "--body", "路北街道", "--year", "2024")
	var rep nianbao.Report
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Cell(nianbao.NewReceived, nianbao.ColumnTotal).String() != "3" ||
		rep.Cell(nianbao.Granted, nianbao.ColumnTotal).String() != "2" || rep.Cell(nianbao.CarriedForward, nianbao.ColumnTotal).String() != "1" {
		t.Fatalf("table: exit %d\n%.500s%s", code, out, errOut)
	}
	code, out, _ = run(t, "", "ledger", "table", "--db", db, "--body", "路北街道", "--year", "2024", "--check", seed)
	if code != 1 || !strings.Contains(out, "格与台账不符") || !strings.Contains(out, "本机关台账计得 2 件") {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	xlsx := filepath.Join(dir, "out.xlsx")
	code, out, _ = run(t, "", "ledger", "export", "--db", db, "--body", "路北街道", "-o", xlsx)
	data, err := os.ReadFile(xlsx)
	if code != 0 || err != nil || !strings.Contains(out, "已导出 3 件") {
		t.Fatalf("export: exit %d %v\n%s", code, err, out)
	}
	if s, err := register.Read("out.xlsx", data); err != nil || len(s.Rows) != 3 {
		t.Errorf("the export reads back: %v", err)
	}
	for _, args := range [][]string{{"ledger"}, {"ledger", "x"}, {"ledger", "table", "--db", db, "--year", "2024"},
		{"ledger", "table", "--db", db, "--body", "无此机关", "--year", "2024"}, {"ledger", "import", "--db", db, "--body", "甲", filepath.Join(dir, "none.csv")}} {
		if code, _, errOut := run(t, "", args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}

	code, out, _ = run(t, "", "calendar", "due", "--db", db, "2026-12-31", "20")
	if code != 0 || !strings.Contains(out, "（暂定）") {
		t.Errorf("due before 2027 is loaded: %d\n%s", code, out)
	}
	code, out, errOut = run(t, "", "calendar", "load", "--db", db, "../../calendar/testdata/2027.json")
	if code != 0 || !strings.Contains(out, "已载入") {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = run(t, "", "calendar", "due", "--db", db, "2026-12-31", "20")
	if code != 0 || !strings.Contains(out, "期限：2027年1月29日（星期五）（正式）") {
		t.Errorf("due after 2027 is loaded: %d\n%s", code, out)
	}
	if code, _, errOut := run(t, "", "calendar", "load", "--db", db, csv); code != 2 || !strings.Contains(errOut, "不是放假安排文件") {
		t.Errorf("load a CSV: exit %d %s", code, errOut)
	}
}
