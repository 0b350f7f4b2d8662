package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"nianbao"
	"nianbao/audit"
	"nianbao/place"
	"nianbao/render"
	"nianbao/roster"
	"nianbao/store"
)

// runAggregate sums subordinate reports into a 本级 aggregated draft: the
// draft as JSON (or rendered with --to), and on standard error which
// bodies are included, which reports were left out, which expected bodies
// have no report, which included reports have errors, and which cells are
// incomplete.
//
// The reports come from files, or with --db from the store: the reports
// of the bodies under the place --place names (package roster's
// AggregatePlace), the expected bodies from its roster or last year's set,
// and the place's own 本级 report set against the sum.
func (m *Main) runAggregate(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("aggregate", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	year := fs.Int("year", 0, "报告年度（必填）")
	place := fs.String("place", "", "本级汇总报告的机关名称，如“某某区人民政府”")
	to := fs.String("to", "json", "输出格式：json、docx、pdf、html、xlsx 或 md")
	out := fs.String("o", "-", "输出文件（- 为标准输出）")
	rosterFile := fs.String("roster", "", "应报机关名单文件（与 nianbao roster import 相同：Excel 或 CSV，有“单位名称”一列，或每行一个名称），用于列出未报送的机关")
	db := fs.String("db", "", "从数据库汇总（SQLite 文件路径或 postgres:// 地址）：--place 为地区，汇总其下各机关已存的报告")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return exitFailed
	}
	if *year <= 0 {
		fmt.Fprintln(m.Stderr, "nianbao aggregate: 请用 --year 给出报告年度")
		return exitFailed
	}
	var format render.Format
	if *to != "json" {
		f, err := render.ParseFormat(*to)
		if err != nil {
			fmt.Fprintf(m.Stderr, "nianbao aggregate: %s\n", nianbao.ErrorMessage(err))
			return exitFailed
		}
		format = f
	}
	if *db != "" {
		if len(files) > 0 || *rosterFile != "" {
			fmt.Fprintln(m.Stderr, "nianbao aggregate: 用 --db 时报告和名单都取自数据库，不再给出文件")
			return exitFailed
		}
		return m.aggregateStore(ctx, *db, *place, *year, format, *out)
	}
	if len(files) == 0 {
		fmt.Fprintln(m.Stderr, "nianbao aggregate: 请给出下级机关的报告文件（报告 JSON 或任何可读取的报告文件）")
		return exitFailed
	}
	opt := nianbao.AggregateOptions{Year: *year, Place: *place, Key: nianbao.AgencyKey}
	if *rosterFile != "" {
		names, err := readRoster(*rosterFile)
		if err != nil {
			fmt.Fprintf(m.Stderr, "nianbao aggregate: %s\n", nianbao.ErrorMessage(err))
			return exitFailed
		}
		opt.Expected = names
	}
	status := exitOK
	var reports []*nianbao.Report
	from := map[*nianbao.Report]string{}
	seen := map[string]string{} // agency key → the file its report came from
	for _, name := range files {
		if ctx.Err() != nil {
			return exitFailed
		}
		reps, err := m.loadReports(name)
		if err != nil {
			fmt.Fprintf(m.Stderr, "nianbao: %s: %s\n", displayName(name), nianbao.ErrorMessage(err))
			status = exitFailed
			continue
		}
		for _, r := range reps {
			key := fmt.Sprintf("%s/%d", nianbao.AgencyKey(r.Agency), r.Year)
			if first, dup := seen[key]; dup && r.Agency != "" {
				fmt.Fprintf(m.Stderr, "nianbao: %s: %s %d 年度的报告已由 %s 给出，不重复汇总\n", displayName(name), r.Agency, r.Year, first)
				continue
			}
			seen[key] = displayName(name)
			from[r] = displayName(name)
			reports = append(reports, r)
		}
	}
	a, err := nianbao.Aggregate(reports, opt)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao aggregate: %s\n", nianbao.ErrorMessage(err))
		return exitFailed
	}
	if !m.writeDraft(ctx, a.Report, format, *out) {
		return exitFailed
	}
	writeAggregateSummary(m.Stderr, a, from, func(r *nianbao.Report) int {
		return nianbao.Summarize(audit.Check(r, audit.Options{})).Errors
	})
	return status
}

// writeDraft writes the draft as JSON, or rendered in format, to out ("-"
// for standard output), and says on standard error why not.
func (m *Main) writeDraft(ctx context.Context, draft *nianbao.Report, format render.Format, out string) bool {
	var data []byte
	var err error
	if format == "" {
		data, err = json.MarshalIndent(draft, "", "  ")
		data = append(data, '\n')
	} else {
		data, err = render.Render(ctx, draft, format)
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao aggregate: %s\n", nianbao.ErrorMessage(err))
		return false
	}
	if out == "-" {
		_, err = m.Stdout.Write(data)
	} else {
		err = os.WriteFile(out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao aggregate: 无法写入 %s: %v\n", out, err)
		return false
	}
	return true
}

// aggregateStore sums the stored reports of the bodies under the place
// for year (roster.AggregatePlace): the draft as runAggregate writes it,
// then what it is made of, which expected bodies have no report, and the
// place's own 本级 report against the sum.
func (m *Main) aggregateStore(ctx context.Context, dsn, where string, year int, format render.Format, out string) int {
	pl, err := place.Resolve(where)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao aggregate: %s\n", nianbao.ErrorMessage(err))
		return exitFailed
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao aggregate: 无法打开数据库 %s: %s\n", store.Redact(dsn), nianbao.ErrorMessage(err))
		return exitFailed
	}
	defer st.Close()
	a, err := roster.AggregatePlace(ctx, st, st, pl, year, roster.MaxInputs, nil)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao aggregate: %s\n", nianbao.ErrorMessage(err))
		return exitFailed
	}
	if !m.writeDraft(ctx, a.Aggregation.Report, format, out) {
		return exitFailed
	}
	from := map[*nianbao.Report]string{}
	errs := map[*nianbao.Report]int{} // as stored: audited with the years beside them
	for _, sr := range a.Inputs {
		from[sr.Report] = fmt.Sprintf("报告 %d", sr.ID)
		errs[sr.Report] = sr.Errors
	}
	writeAggregateSummary(m.Stderr, a.Aggregation, from, func(r *nianbao.Report) int { return errs[r] })
	for _, c := range a.Covered {
		fmt.Fprintf(m.Stderr, "由%s代表：%s  报告 %d\n", c.By.Report.Agency, c.Report.Report.Agency, c.Report.ID)
	}
	fmt.Fprintf(m.Stderr, "应报机关依据：%s\n", a.Basis.Label())
	if a.Own == nil {
		fmt.Fprintf(m.Stderr, "%s %d年度的本级报告尚未存入，未作核对\n", pl.FullName(), year)
		return exitOK
	}
	state := "下级报告齐全"
	if !a.Complete() {
		state = "下级报告不全或名单未知，差额仅供参考"
	}
	fmt.Fprintf(m.Stderr, "本级报告 %s（报告 %d）与下级之和：%d 格不一致（%s）\n", a.Own.Report.Agency, a.Own.ID, a.Differences(), state)
	for _, d := range a.Levels {
		if d.Diff.Valid() && !d.Equal {
			fmt.Fprintf(m.Stderr, "  %s：本级 %s，下级之和 %s，差 %s\n", d.Cell.Heading, d.Stated.Text, d.Sum, d.Diff)
		}
	}
	return exitOK
}

// writeAggregateSummary tells the person what the draft is made of: each
// input with where it came from and how many errors it has.
func writeAggregateSummary(w io.Writer, a *nianbao.Aggregation, from map[*nianbao.Report]string, errors func(*nianbao.Report) int) {
	fmt.Fprintf(w, "汇总 %d 份 %d 年度报告：\n", len(a.Inputs), a.Report.Year)
	for _, r := range a.Inputs {
		errs := errors(r)
		mark := ""
		if errs > 0 {
			mark = fmt.Sprintf("（有 %d 个错误，汇总前请核实）", errs)
		}
		fmt.Fprintf(w, "  %s  %s%s\n", r.AgencyName(), from[r], mark)
	}
	for _, e := range a.Excluded {
		fmt.Fprintf(w, "未纳入：%s  %s（%s）\n", e.Report.AgencyName(), from[e.Report], e.Reason)
	}
	for _, name := range a.Missing {
		fmt.Fprintf(w, "未报送：%s\n", name)
	}
	incomplete := 0
	for _, ac := range a.Cells {
		if !ac.Complete || !ac.Additive {
			incomplete++
		}
	}
	if incomplete > 0 {
		fmt.Fprintf(w, "不完整的格 %d 个（有报告未填数或不能相加，汇总稿中留空，见 notes）\n", incomplete)
	}
}

// readRoster reads the expected bodies from a roster file as nianbao
// roster import reads it (an XLSX or CSV with a 单位名称 column, or one
// name a line; package roster), their names only.
func readRoster(name string) ([]string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "%s: 无法读取文件: %s", displayName(name), osReason(err))
	}
	return roster.Names(displayName(name), data)
}
