package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"nianbao"
	"nianbao/audit"
	"nianbao/ingest"
	"nianbao/place"
	"nianbao/store"
)

const deadlineUsage = `用法:
  nianbao deadline set [--db nianbao.db] --place P --year Y [--kind K] [--basis 文号] DATE
        设置某地区某年度的地方期限（早于法定期限，如 2025-01-26），适用于该地区及其下级；
        --kind department|township|government 只约束一类机关，默认约束部门和乡镇街道。
        该地区该年度的报告随即重新审核，逾期问题随之出现或消失。
  nianbao deadline list [--db nianbao.db]
        列出已设置的地方期限
  nianbao deadline remove [--db nianbao.db] --place P --year Y [--kind K]
        移除一项地方期限，并重新审核该地区该年度的报告
`

// runDeadline keeps the local deadlines of the store at --db, as the
// person at the machine: no login, logged as done from the command line.
func (m *Main) runDeadline(ctx context.Context, args []string) int {
	cmd, args, fs, db, ok := m.subcommand("deadline", deadlineUsage, args)
	if !ok {
		return exitFailed
	}
	var where, kind, basis *string
	var year *int
	switch cmd {
	case "set", "remove":
		where = fs.String("place", "", "地区：区划代码或唯一的名称")
		year = fs.Int("year", 0, "报告年度")
		kind = fs.String("kind", "", "只约束一类机关：department、township 或 government")
		if cmd == "set" {
			basis = fs.String("basis", "", "规定期限的文件文号，审核意见中引用")
		}
	case "list":
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, deadlineUsage)
		return exitOK
	default:
		fmt.Fprintf(m.Stderr, "nianbao deadline: 未知的子命令 %q\n\n%s", cmd, deadlineUsage)
		return exitFailed
	}
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return exitFailed
	}
	if want := map[string]int{"set": 1}[cmd]; len(rest) != want {
		fmt.Fprintf(m.Stderr, "nianbao deadline %s: 参数有误\n\n%s", cmd, deadlineUsage)
		return exitFailed
	}
	fail := func(err error) int {
		fmt.Fprintf(m.Stderr, "nianbao deadline %s: %s\n", cmd, nianbao.ErrorMessage(err))
		return exitFailed
	}
	var d audit.LocalDeadline
	if cmd != "list" {
		pl, err := place.Resolve(*where)
		if err != nil {
			return fail(err)
		}
		if *year <= 0 {
			return fail(nianbao.Errorf(nianbao.EINVALID, "请用 --year 给出报告年度"))
		}
		d = audit.LocalDeadline{Region: pl.Code, Year: *year, Kind: place.Kind(*kind)}
		if cmd == "set" {
			d.Date, d.Basis = strings.TrimSpace(rest[0]), strings.TrimSpace(*basis)
		}
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao deadline: 无法打开数据库 %s: %s\n", store.Redact(*db), nianbao.ErrorMessage(err))
		return exitFailed
	}
	defer st.Close()
	svc := ingest.NewService(st)
	switch cmd {
	case "list":
		err = m.listDeadlines(ctx, st)
	case "set":
		var n int
		if n, err = svc.SetDeadline(ctx, d, ""); err == nil {
			fmt.Fprintf(m.Stdout, "%s %d年度%s的地方期限：%s；重新审核 %d 份报告\n", place.Label(d.Region), d.Year, d.KindLabel(), d.Date, n)
		}
	case "remove":
		var n int
		if n, err = svc.RemoveDeadline(ctx, d); err == nil {
			fmt.Fprintf(m.Stdout, "已移除%s %d年度%s的地方期限；重新审核 %d 份报告\n", place.Label(d.Region), d.Year, d.KindLabel(), n)
		}
	}
	if err != nil {
		return fail(err)
	}
	return exitOK
}

// listDeadlines prints one line a local deadline: year, region, kind,
// date, basis, who set it and when.
func (m *Main) listDeadlines(ctx context.Context, st *store.Store) error {
	list, err := st.DeadlineList(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(m.Stdout, "没有设置地方期限")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	for _, d := range list {
		fmt.Fprintf(tw, "%d年度\t%s\t%s\t%s\t%s\t%s\n", d.Year, place.Label(d.Region), d.KindLabel(), d.Date,
			d.Basis, setBy(d.By))
	}
	return tw.Flush()
}

// setBy names who set a deadline: an account, or the command line.
func setBy(name string) string {
	if name == "" {
		return "命令行"
	}
	return name
}
