package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"nianbao"
	"nianbao/place"
	"nianbao/roster"
	"nianbao/store"
)

const rosterUsage = `用法:
  nianbao roster import [--db nianbao.db] --place P --year Y [--replace] FILE
        导入某地区某年度的应报机关名单：Excel 或 CSV（列如 单位名称、地区/区划代码、类别），或每行一个机关名称。
        --replace 先移除该地区该年度名单中文件未列的机关。
  nianbao roster import [--db nianbao.db] --place P --year Y --last-year
        以上一年度已报送报告的机关为本年度名单
  nianbao roster list [--db nianbao.db] --year Y [--place P] [--status reported|missing|late|undated|errors]
        列出应报机关及其报送状态：已报、未报、逾期、未写日期、有错误
`

// runRoster keeps the rosters of the store at --db, as the person at the
// machine: no login, logged as done from the command line.
func (m *Main) runRoster(ctx context.Context, args []string) int {
	cmd, args, fs, db, ok := m.subcommand("roster", rosterUsage, args)
	if !ok {
		return exitFailed
	}
	where := fs.String("place", "", "地区：区划代码或唯一的名称")
	year := fs.Int("year", 0, "报告年度")
	var replace, lastYear *bool
	var status *string
	switch cmd {
	case "import":
		replace = fs.Bool("replace", false, "先移除该地区该年度名单中文件未列的机关")
		lastYear = fs.Bool("last-year", false, "以上一年度已报送的机关为名单")
	case "list":
		status = fs.String("status", "", "只列出此状态：reported、missing、late、undated 或 errors")
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, rosterUsage)
		return exitOK
	default:
		fmt.Fprintf(m.Stderr, "nianbao roster: 未知的子命令 %q\n\n%s", cmd, rosterUsage)
		return exitFailed
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return exitFailed
	}
	fail := func(err error) int {
		fmt.Fprintf(m.Stderr, "nianbao roster %s: %s\n", cmd, nianbao.ErrorMessage(err))
		return exitFailed
	}
	if *year <= 0 {
		return fail(nianbao.Errorf(nianbao.EINVALID, "请用 --year 给出报告年度"))
	}
	var pl place.Place
	if *where != "" || cmd == "import" {
		if pl, err = place.Resolve(*where); err != nil {
			return fail(err)
		}
	}
	if cmd == "import" && len(files) != 1 && !*lastYear || cmd == "import" && *lastYear && len(files) != 0 || cmd == "list" && len(files) != 0 {
		fmt.Fprintf(m.Stderr, "nianbao roster %s: 参数有误\n\n%s", cmd, rosterUsage)
		return exitFailed
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao roster: 无法打开数据库 %s: %s\n", store.Redact(*db), nianbao.ErrorMessage(err))
		return exitFailed
	}
	defer st.Close()
	if cmd == "list" {
		if err := m.listRoster(ctx, st, nianbao.RosterFilter{Year: *year, Place: pl.Code, Status: nianbao.RosterStatus(*status)}); err != nil {
			return fail(err)
		}
		return exitOK
	}
	var entries []nianbao.RosterEntry
	if *lastYear {
		entries, err = st.LastYearSet(ctx, nianbao.RosterFilter{Year: *year, Place: pl.Code})
		if err == nil && len(entries) == 0 {
			err = nianbao.Errorf(nianbao.EINVALID, "%s %d年度没有已存的报告，无法据以生成名单", pl.FullName(), *year-1)
		}
	} else {
		var data []byte
		if data, err = os.ReadFile(files[0]); err != nil {
			err = nianbao.Errorf(nianbao.EINVALID, "%s: 无法读取文件: %s", files[0], osReason(err))
		} else {
			entries, err = roster.Read(displayName(files[0]), data, pl, *year)
		}
	}
	if err != nil {
		return fail(err)
	}
	res, err := st.ImportRoster(ctx, pl.Code, *year, entries, *replace)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(m.Stdout, "%s %d年度应报名单：新增 %d 个，更新 %d 个，移除 %d 个\n", pl.FullName(), *year, res.Added, res.Updated, res.Removed)
	return exitOK
}

// listRoster prints the counts, then one line an entry: its statuses, the
// body, its place and kind, the report's id.
func (m *Main) listRoster(ctx context.Context, st *store.Store, f nianbao.RosterFilter) error {
	rows, err := st.Roster(ctx, f)
	if err != nil {
		return err
	}
	all := rows
	if f.Status != "" {
		f.Status = ""
		if all, err = st.Roster(ctx, f); err != nil {
			return err
		}
	}
	c := nianbao.CountRoster(all)
	counts := []string{fmt.Sprintf("应报 %d", c.Expected)}
	for _, s := range nianbao.RosterStatuses {
		counts = append(counts, fmt.Sprintf("%s %d", s.Label(), c.ByStatus[s]))
	}
	where := "全部地区"
	if f.Place != "" {
		where = place.Label(f.Place)
	}
	fmt.Fprintf(m.Stdout, "%s %d年度：%s\n", where, f.Year, strings.Join(counts, "，"))
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		var labels []string
		for _, s := range r.Statuses() {
			labels = append(labels, s.Label())
		}
		id := "—"
		if r.Report != nil {
			id = fmt.Sprintf("报告 %d", r.Report.ID)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", strings.Join(labels, "、"), r.Agency, place.Label(r.Code), place.Kind(r.Kind).Label(), id)
	}
	return tw.Flush()
}
