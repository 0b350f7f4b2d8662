package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"nianbao"
	"nianbao/audit"
	"nianbao/render"
)

// runAggregate sums subordinate reports into a 本级 aggregated draft: the
// draft as JSON (or rendered with --to), and on standard error which
// bodies are included, which reports were left out, which expected bodies
// have no report, which included reports have errors, and which cells are
// incomplete.
//
// The reports come from files today. A --db source (the store's reports
// of a place and year, the roster of its bodies) will gather the same
// inputs and Expected list and call nianbao.Aggregate the same way.
func (m *Main) runAggregate(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("aggregate", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	year := fs.Int("year", 0, "报告年度（必填）")
	place := fs.String("place", "", "本级汇总报告的机关名称，如“某某区人民政府”")
	to := fs.String("to", "json", "输出格式：json、docx、pdf、html、xlsx 或 md")
	out := fs.String("o", "-", "输出文件（- 为标准输出）")
	roster := fs.String("roster", "", "应报机关名单文件（每行一个机关），用于列出未报送的机关")
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
	if len(files) == 0 {
		fmt.Fprintln(m.Stderr, "nianbao aggregate: 请给出下级机关的报告文件（报告 JSON 或任何可读取的报告文件）")
		return exitFailed
	}
	opt := nianbao.AggregateOptions{Year: *year, Place: *place, Key: nianbao.AgencyKey}
	if *roster != "" {
		names, err := readRoster(*roster)
		if err != nil {
			fmt.Fprintf(m.Stderr, "nianbao: %s: %s\n", *roster, nianbao.ErrorMessage(err))
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
	var data []byte
	if format == "" {
		data, err = json.MarshalIndent(a.Report, "", "  ")
		data = append(data, '\n')
	} else {
		data, err = render.Render(ctx, a.Report, format)
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao aggregate: %s\n", nianbao.ErrorMessage(err))
		return exitFailed
	}
	if *out == "-" {
		_, err = m.Stdout.Write(data)
	} else {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao aggregate: 无法写入 %s: %v\n", *out, err)
		return exitFailed
	}
	writeAggregateSummary(m.Stderr, a, from)
	return status
}

// writeAggregateSummary tells the person what the draft is made of.
func writeAggregateSummary(w io.Writer, a *nianbao.Aggregation, from map[*nianbao.Report]string) {
	fmt.Fprintf(w, "汇总 %d 份 %d 年度报告：\n", len(a.Inputs), a.Report.Year)
	for _, r := range a.Inputs {
		errs := nianbao.Summarize(audit.Check(r, audit.Options{})).Errors
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

// readRoster reads the expected bodies, one a line; blank lines and lines
// starting with # are skipped.
func readRoster(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "无法读取文件: %s", osReason(err))
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff")); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}
