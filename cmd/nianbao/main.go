// Command nianbao reads, audits, stores and writes China's government
// information disclosure annual reports (政府信息公开工作年度报告).
//
// Usage:
//
//	nianbao parse FILE...   read reports and print them as JSON
//	nianbao check FILE...   audit reports and print the findings
//	nianbao serve           the web application and its JSON API
//	nianbao import PATH...  store reports (files and folders) in the database
//	nianbao place [--all]   place the bodies of stored reports stored unplaced
//	nianbao render INPUT... write reports in the official layout (DOCX, PDF, HTML, XLSX, Markdown)
//	nianbao aggregate FILE... sum subordinate reports into a 本级 draft
//	nianbao roster import|list  the bodies an office expects reports from
//	nianbao deadline set|list|remove  an office's local deadlines, earlier than the law's
//	nianbao user add|list|disable|enable|passwd|token  the accounts of the web application
//	nianbao version         the build's version
//	nianbao calendar due DATE N  a due date in working days, with its reasoning
//	nianbao ledger import|export|table  a body's request register
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"nianbao/isolate"
	"nianbao/store"
)

func main() {
	isolate.Serve() // a reading child of serve's (see package isolate) runs here and exits
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Exit statuses shared by every command.
const (
	exitOK       = 0
	exitFindings = 1 // check: a finding of severity error
	exitFailed   = 2 // a file could not be read, or the command line is wrong
)

// Main is the whole program with its streams, so that tests run it exactly
// as a person does.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// NewMain returns a Main on the process's standard streams.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
}

const usage = `nianbao: 政府信息公开工作年度报告的读取与核查

用法:
  nianbao parse FILE...    读取报告，输出 JSON（一个文件一个对象，多个文件每行一个）；FILE 为 - 时读标准输入
  nianbao check [--format text|json] [--previous FILE]... FILE...
                           核查报告：勾稽关系、格式、正文与表格、发布期限、与上年报告的衔接；
                           同一机关相邻年度的报告一并给出时相互核对
  nianbao serve [--addr 127.0.0.1:8080] [--db nianbao.db|postgres://…] [--demo] [--read-only] [--public] [--proxy]
                           网页应用与 JSON 接口（上传、列表、报告、历年对比、统计）；--demo 载入样本报告
  nianbao import [--db nianbao.db|postgres://…] [--jobs N] PATH...
                           把报告文件和文件夹（含子文件夹）存入数据库；同一文件只存一次
  nianbao place [--db nianbao.db|postgres://…] [--all]
                           按已存报告的文字为其机关定位（旧版本存入、尚未定位的报告）并重新核查；
                           --all 重新定位全部报告（人工定位的除外）
  nianbao render [--to docx|pdf|html|xlsx|md] [-o FILE|DIR|-] INPUT...
                           按官方格式排版报告（INPUT 为报告 JSON 或任何可读取的报告文件）；
                           PDF 需要 LibreOffice 或 Chromium
  nianbao aggregate --year Y [--place P] [--to json|docx|pdf|html|xlsx|md] [-o FILE] FILE...
                           把下级机关的报告逐格相加为本级汇总稿，列出纳入的机关、有错误的报告和不完整的格
  nianbao aggregate --db nianbao.db --place 地区 --year Y [--to …] [-o FILE]
                           汇总数据库中该地区以下各机关的报告，列出应报未报的机关（名单或上年已报的机关），
                           并逐格核对该地区已存的本级报告与下级之和
  nianbao roster import|list [--db nianbao.db] --year Y [--place P] …
                           应报机关名单：导入 Excel/CSV 或以上年已报的机关为名单，列出已报、未报、逾期、未写日期、有错误；
                           见 nianbao roster help
  nianbao deadline set|list|remove [--db nianbao.db] --place P --year Y [DATE]
                           地方期限（如某市要求1月26日前公布部门年报）：设置后重新审核该地区该年度的报告；
                           见 nianbao deadline help
  nianbao backup [--db nianbao.db] FILE
                           在使用中备份 SQLite 数据库（一致的副本）；PostgreSQL 请用 pg_dump
  nianbao restore [--db nianbao.db] FILE
                           用备份恢复 SQLite 数据库（请先停止服务和导入）
  nianbao user add|list|disable|enable|passwd|token [--db nianbao.db] …
                           网页应用的账号：新建（--role admin|supervisor|editor）、列出、停用、启用、重设密码、接口令牌；
                           见 nianbao user help
  nianbao version          程序版本
  nianbao calendar due [--db nianbao.db] [--place 地方] DATE N
                           从 DATE 的次日起算 N 个工作日的期限及理由（节假日、调休、日历状态）
  nianbao calendar load [--db nianbao.db] FILE
                           载入某年的放假安排，重新计算未办结申请的答复期限
  nianbao ledger import|export|table --body 机关 [--db nianbao.db] …
                           依申请公开台账：导入 Excel/CSV（逐行核对）、导出 Excel、由台账计得表三

退出状态: 0 成功；1 check 发现错误（报告自身数字矛盾或不可能）；2 有文件无法读取或参数错误。
`

// Run runs the command line args and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return exitFailed
	}
	switch args[0] {
	case "parse":
		return m.runParse(ctx, args[1:])
	case "check":
		return m.runCheck(ctx, args[1:])
	case "serve":
		return m.runServe(ctx, args[1:])
	case "import":
		return m.runImport(ctx, args[1:])
	case "place":
		return m.runPlace(ctx, args[1:])
	case "render":
		return m.runRender(ctx, args[1:])
	case "aggregate":
		return m.runAggregate(ctx, args[1:])
	case "backup":
		return m.runBackup(ctx, args[1:])
	case "restore":
		return m.runRestore(ctx, args[1:])
	case "user":
		return m.runUser(ctx, args[1:])
	case "roster":
		return m.runRoster(ctx, args[1:])
	case "deadline":
		return m.runDeadline(ctx, args[1:])
	case "version", "-version", "--version":
		return m.runVersion()
	case "calendar":
		return m.runCalendar(ctx, args[1:])
	case "ledger":
		return m.runLedger(ctx, args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Fprint(m.Stdout, usage)
		return exitOK
	}
	fmt.Fprintf(m.Stderr, "nianbao: 未知命令 %q\n\n%s", args[0], usage)
	return exitFailed
}

// subcommand starts a command of subcommands on the database (nianbao
// user, nianbao roster): the subcommand, its arguments, and its flag set
// ("group cmd", on standard error, -h printing usage) with the --db flag.
// ok is false, usage printed, when args name no subcommand.
func (m *Main) subcommand(group, usage string, args []string) (cmd string, rest []string, fs *flag.FlagSet, db *string, ok bool) {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return "", nil, nil, nil, false
	}
	fs = flag.NewFlagSet(group+" "+args[0], flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprint(m.Stderr, usage) }
	db = fs.String("db", store.DefaultPath, "数据库：SQLite 文件路径，或 postgres:// 开头的 PostgreSQL 地址")
	return args[0], args[1:], fs, db, true
}
