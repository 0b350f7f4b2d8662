package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"nianbao"
	"nianbao/ledger"
	"nianbao/register"
	"nianbao/store"
)

const ledgerUsage = `用法:
  nianbao ledger import [--db nianbao.db] --body 机关 [--map 字段=列,…] [--channel 方式] [--applicant 类别] [--good-rows] FILE
      导入 Excel/CSV 台账：逐行核对，有误的行写明行号和原因；有误时不导入，除非给出 --good-rows（只导入无误的行）
  nianbao ledger export [--db nianbao.db] --body 机关 -o FILE.xlsx
      把台账导出为 Excel
  nianbao ledger table [--db nianbao.db] --body 机关 --year 年度 [--check 报告文件]
      由台账计得该年度的表三，输出报告 JSON；--check 给出已发布的报告时，逐格核对其表三与台账
`

// runLedger runs the ledger's subcommands.
func (m *Main) runLedger(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, ledgerUsage)
		return exitFailed
	}
	switch args[0] {
	case "import":
		return m.runLedgerImport(ctx, args[1:])
	case "export":
		return m.runLedgerExport(ctx, args[1:])
	case "table":
		return m.runLedgerTable(ctx, args[1:])
	}
	fmt.Fprintf(m.Stderr, "nianbao ledger: 未知命令 %q\n\n%s", args[0], ledgerUsage)
	return exitFailed
}

// ledgerFlags are the flags every ledger command takes.
type ledgerFlags struct {
	fs   *flag.FlagSet
	db   *string
	body *string
}

func (m *Main) ledgerFlags(name string) *ledgerFlags {
	fs := flag.NewFlagSet("ledger "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	return &ledgerFlags{fs: fs,
		db:   fs.String("db", store.DefaultPath, "数据库：SQLite 文件路径，或 postgres:// 开头的 PostgreSQL 地址"),
		body: fs.String("body", "", "机关名称（台账属于哪一机关）")}
}

// open parses the flags and opens the store; the body must be given.
func (m *Main) openLedger(ctx context.Context, lf *ledgerFlags, args []string, files int) (*store.Store, bool) {
	if err := lf.fs.Parse(args); err != nil {
		return nil, false
	}
	if *lf.body == "" || lf.fs.NArg() != files {
		fmt.Fprintf(m.Stderr, "nianbao %s: 请给出 --body 机关名称%s\n\n%s", lf.fs.Name(), map[bool]string{true: "和一个文件", false: ""}[files > 0], ledgerUsage)
		return nil, false
	}
	st, err := store.Open(ctx, *lf.db)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao %s: 无法打开数据库 %s: %s\n", lf.fs.Name(), store.Redact(*lf.db), nianbao.ErrorMessage(err))
		return nil, false
	}
	return st, true
}

func (m *Main) fail(cmd string, err error) int {
	fmt.Fprintf(m.Stderr, "nianbao %s: %s\n", cmd, nianbao.ErrorMessage(err))
	return exitFailed
}

// runLedgerImport imports a register file: a preview of every row first,
// then all of it, or its good rows when asked.
func (m *Main) runLedgerImport(ctx context.Context, args []string) int {
	lf := m.ledgerFlags("import")
	mapping := lf.fs.String("map", "", "列的对应，如 received=2,outcome=H（不给则按表头猜）")
	channel := lf.fs.String("channel", "", "文件没有写明申请方式时按此（当面、邮寄、平常信函、互联网、电子邮箱、传真）")
	applicant := lf.fs.String("applicant", "", "文件没有写明申请人类别时按此（自然人、商业企业……）")
	good := lf.fs.Bool("good-rows", false, "文件有误时只导入无误的行")
	st, ok := m.openLedger(ctx, lf, args, 1)
	if !ok {
		return exitFailed
	}
	defer st.Close()
	name := lf.fs.Arg(0)
	data, err := os.ReadFile(name)
	if err != nil {
		return m.fail("ledger import", nianbao.Errorf(nianbao.EINVALID, "%s: 无法读取文件: %s", name, osReason(err)))
	}
	sheet, err := register.Read(name, data)
	if err != nil {
		return m.fail("ledger import", err)
	}
	mp := register.Guess(sheet.Headers)
	if *mapping != "" {
		if mp, err = register.ParseMapping(*mapping); err != nil {
			return m.fail("ledger import", err)
		}
	}
	var d register.Defaults
	if *channel != "" {
		if d.Channel = register.ChannelOf(*channel); d.Channel == "" {
			return m.fail("ledger import", nianbao.Errorf(nianbao.EINVALID, "--channel %q 不是申请方式", *channel))
		}
	}
	if *applicant != "" {
		c, ok := register.ApplicantOf(*applicant)
		if !ok {
			return m.fail("ledger import", nianbao.Errorf(nianbao.EINVALID, "--applicant %q 不是申请人类别", *applicant))
		}
		d.Applicant = &c
	}
	b, err := bodyNamed(ctx, st, *lf.body)
	if err != nil {
		return m.fail("ledger import", err)
	}
	rows := register.Convert(sheet, mp, d)
	reqs := register.Requests(rows)
	errs, err := st.VerifyRequests(ctx, b.Key, reqs)
	if err != nil {
		return m.fail("ledger import", err)
	}
	register.Refuse(rows, errs)
	ok2 := register.Requests(rows)
	nGood, nBad, nSkip := register.Counts(rows)
	fmt.Fprintf(m.Stdout, "%s：可导入 %d 行，有误 %d 行，跳过 %d 行\n", name, nGood, nBad, nSkip)
	for _, r := range rows {
		if r.Err != "" {
			fmt.Fprintf(m.Stdout, "  第%d行：%s\n", r.Line, r.Err)
		}
	}
	if nBad > 0 && !*good {
		fmt.Fprintln(m.Stdout, "未导入任何一行：请改正文件，或加 --good-rows 只导入无误的行")
		return exitFailed
	}
	if len(ok2) == 0 {
		fmt.Fprintln(m.Stdout, "没有可以导入的行")
		return exitFailed
	}
	if err := st.ImportRequests(ctx, b.Key, ok2); err != nil {
		return m.fail("ledger import", err)
	}
	fmt.Fprintf(m.Stdout, "已导入 %d 件申请到“%s”的台账\n", len(ok2), b.Name)
	return exitOK
}

// bodyNamed is the body of that name, its register created if it has none.
func bodyNamed(ctx context.Context, st *store.Store, name string) (*nianbao.Body, error) {
	b, err := st.FindBody(ctx, nianbao.AgencyKey(name))
	if nianbao.ErrorCode(err) == nianbao.ENOTFOUND {
		return st.SaveBody(ctx, nianbao.Body{Name: name, Settings: nianbao.DefaultLedgerSettings()})
	}
	return b, err
}

// runLedgerExport writes a register to an XLSX file.
func (m *Main) runLedgerExport(ctx context.Context, args []string) int {
	lf := m.ledgerFlags("export")
	out := lf.fs.String("o", "", "输出的 Excel 文件")
	st, ok := m.openLedger(ctx, lf, args, 0)
	if !ok {
		return exitFailed
	}
	defer st.Close()
	if *out == "" {
		return m.fail("ledger export", nianbao.Errorf(nianbao.EINVALID, "请用 -o 给出输出文件"))
	}
	b, err := st.FindBody(ctx, nianbao.AgencyKey(*lf.body))
	if err != nil {
		return m.fail("ledger export", err)
	}
	offset, n := 0, 0
	var buf bytes.Buffer
	err = register.WriteXLSX(&buf, b, func() ([]*nianbao.Request, error) {
		rs, _, err := st.FindRequests(ctx, nianbao.RequestFilter{Body: b.Key, Sort: "received", Full: true, Limit: store.MaxLimit, Offset: offset})
		offset += len(rs)
		n += len(rs)
		return rs, err
	})
	if err == nil {
		err = os.WriteFile(*out, buf.Bytes(), 0o644)
	}
	if err != nil {
		return m.fail("ledger export", err)
	}
	fmt.Fprintf(m.Stdout, "已导出 %d 件申请到 %s\n", n, *out)
	return exitOK
}

// runLedgerTable prints table 三 of a year counted from a register as a
// report's JSON, or compares it with a published report.
func (m *Main) runLedgerTable(ctx context.Context, args []string) int {
	lf := m.ledgerFlags("table")
	year := lf.fs.Int("year", 0, "报告年度")
	check := lf.fs.String("check", "", "已发布的该年度报告，逐格核对其表三与台账")
	st, ok := m.openLedger(ctx, lf, args, 0)
	if !ok {
		return exitFailed
	}
	defer st.Close()
	if *year < 2000 {
		return m.fail("ledger table", nianbao.Errorf(nianbao.EINVALID, "请用 --year 给出报告年度"))
	}
	b, err := st.FindBody(ctx, nianbao.AgencyKey(*lf.body))
	if err != nil {
		return m.fail("ledger table", err)
	}
	rs, err := st.Summaries(ctx, b.Key)
	if err != nil {
		return m.fail("ledger table", err)
	}
	tab := ledger.Count(*b, rs, *year)
	if *check == "" {
		out, err := json.MarshalIndent(tab.Report, "", "  ")
		if err != nil {
			return m.fail("ledger table", err)
		}
		m.Stdout.Write(append(out, '\n'))
		return exitOK
	}
	rep, err := m.readReport(*check)
	if err != nil {
		return m.fail("ledger table", err)
	}
	fs := ledger.Compare(rep, tab)
	if len(fs) == 0 {
		fmt.Fprintf(m.Stdout, "%s：表三与台账一致\n", *check)
		return exitOK
	}
	fmt.Fprintf(m.Stdout, "%s：表三有 %d 格与台账不符\n", *check, len(fs))
	for _, f := range fs {
		fmt.Fprintf(m.Stdout, "  %s\n", f.Message)
	}
	return exitFindings
}
