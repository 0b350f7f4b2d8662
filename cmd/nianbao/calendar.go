package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"nianbao"
	"nianbao/calendar"
	"nianbao/store"
)

const calendarUsage = `用法:
  nianbao calendar due [--db nianbao.db] [--place 地方] DATE N
      从 DATE 的次日起算 N 个工作日，给出期限及理由（跳过的周末和节假日、计入的调休上班日、日历状态）；
      给出 --db 时用数据库中的日历（含管理员载入和更正的），否则用随附的放假安排
  nianbao calendar load [--db nianbao.db] FILE
      载入某年的放假安排（holiday-cn 格式的 JSON），重新计算未办结申请的答复期限，列出改变的期限
`

// runCalendar runs the calendar's subcommands.
func (m *Main) runCalendar(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, calendarUsage)
		return exitFailed
	}
	switch args[0] {
	case "due":
		return m.runCalendarDue(ctx, args[1:])
	case "load":
		return m.runCalendarLoad(ctx, args[1:])
	}
	fmt.Fprintf(m.Stderr, "nianbao calendar: 未知命令 %q\n\n%s", args[0], calendarUsage)
	return exitFailed
}

// runCalendarDue prints the due date of a period of working days with its
// reasoning, on the embedded calendar or the one a database holds.
func (m *Main) runCalendarDue(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("calendar due", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	place := fs.String("place", "", "地方（计入该地的地方假日）")
	db := fs.String("db", "", "数据库：用其中的日历（SQLite 文件路径，或 postgres:// 开头的地址）")
	if err := fs.Parse(args); err != nil {
		return exitFailed
	}
	if fs.NArg() != 2 {
		fmt.Fprint(m.Stderr, "nianbao calendar due: 请给出起算日期和工作日数，如 2026-09-18 20\n")
		return exitFailed
	}
	from, err := nianbao.ParseDate(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao calendar due: %s\n", nianbao.ErrorMessage(err))
		return exitFailed
	}
	n, err := strconv.Atoi(fs.Arg(1))
	if err != nil || n < 0 || n > 1000 {
		fmt.Fprintf(m.Stderr, "nianbao calendar due: 工作日数应为 0 到 1000 之间的整数，收到 %q\n", fs.Arg(1))
		return exitFailed
	}
	r := calendar.Default().Reckon(from, n, *place)
	if *db != "" {
		st, err := store.Open(ctx, *db)
		if err != nil {
			fmt.Fprintf(m.Stderr, "nianbao calendar due: 无法打开数据库 %s: %s\n", store.Redact(*db), nianbao.ErrorMessage(err))
			return exitFailed
		}
		defer st.Close()
		if r, err = st.Reckon(ctx, *place, from, n); err != nil {
			return m.fail("calendar due", err)
		}
	}
	printReckoning(m.Stdout, r)
	return exitOK
}

// runCalendarLoad loads a year's holiday file into the database's
// calendar and lists the due dates it moved.
func (m *Main) runCalendarLoad(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("calendar load", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := fs.String("db", store.DefaultPath, "数据库：SQLite 文件路径，或 postgres:// 开头的 PostgreSQL 地址")
	if err := fs.Parse(args); err != nil {
		return exitFailed
	}
	if fs.NArg() != 1 {
		fmt.Fprint(m.Stderr, "nianbao calendar load: 请给出一个放假安排文件\n")
		return exitFailed
	}
	name := fs.Arg(0)
	data, err := os.ReadFile(name)
	if err != nil {
		return m.fail("calendar load", nianbao.Errorf(nianbao.EINVALID, "%s: 无法读取文件: %s", name, osReason(err)))
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao calendar load: 无法打开数据库 %s: %s\n", store.Redact(*db), nianbao.ErrorMessage(err))
		return exitFailed
	}
	defer st.Close()
	moved, err := st.LoadCalendarYear(ctx, filepath.Base(name), data)
	if err != nil {
		return m.fail("calendar load", err)
	}
	fmt.Fprintf(m.Stdout, "已载入 %s：%d 件申请的答复期限改变\n", name, len(moved))
	for _, c := range moved {
		fmt.Fprintf(m.Stdout, "  %s %s：%s（%s）→ %s（%s）\n", c.Body, c.Number, dateOrDash(c.Old), c.OldStatus.Label(), dateOrDash(c.New), c.NewStatus.Label())
	}
	return exitOK
}

func dateOrDash(d nianbao.Date) string {
	if d == 0 {
		return "—"
	}
	return d.String()
}

// printReckoning writes a due date, its status and its reasons.
func printReckoning(w io.Writer, r *nianbao.Reckoning) {
	fmt.Fprintf(w, "期限：%s（%s）\n", r.Due.Label(), r.Status.Label())
	for _, line := range r.Reasons {
		fmt.Fprintln(w, "  "+line)
	}
}
