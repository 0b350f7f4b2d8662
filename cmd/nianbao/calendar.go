package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"

	"nianbao"
	"nianbao/calendar"
)

const calendarUsage = `用法:
  nianbao calendar due [--place 地方] DATE N
      从 DATE 的次日起算 N 个工作日，给出期限及理由（跳过的周末和节假日、计入的调休上班日、日历状态）
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
	}
	fmt.Fprintf(m.Stderr, "nianbao calendar: 未知命令 %q\n\n%s", args[0], calendarUsage)
	return exitFailed
}

// runCalendarDue prints the due date of a period of working days with its
// reasoning, on the embedded calendar.
func (m *Main) runCalendarDue(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("calendar due", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	place := fs.String("place", "", "地方（计入该地的地方假日）")
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
	printReckoning(m.Stdout, calendar.Default().Reckon(from, n, *place))
	return exitOK
}

// printReckoning writes a due date, its status and its reasons.
func printReckoning(w io.Writer, r *nianbao.Reckoning) {
	fmt.Fprintf(w, "期限：%s（%s）\n", r.Due.Label(), r.Status.Label())
	for _, line := range r.Reasons {
		fmt.Fprintln(w, "  "+line)
	}
}
