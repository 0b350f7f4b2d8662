package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"nianbao"
	"nianbao/audit"
	"nianbao/place"
)

// fileList is a flag that may be given several times.
type fileList []string

func (l *fileList) String() string     { return strings.Join(*l, ",") }
func (l *fileList) Set(v string) error { *l = append(*l, v); return nil }

// checked is one report read and audited.
type checked struct {
	name     string
	rep      *nianbao.Report
	by       nianbao.BodyYear // where rep stands among its body's reports, the body placed
	findings []nianbao.Finding
}

// runCheck reads each file, audits it and prints its findings: a grouped
// listing in Chinese, or JSON (one indented object for one file, one line
// per file for several). Reports of one body for consecutive years, given
// together or with --previous, are also checked against each other. The
// exit status is 1 when a finding is an error, 2 when a file could not be
// read (the others are still checked).
func (m *Main) runCheck(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	format := fs.String("format", "text", "输出格式：text（分组列表）或 json")
	var previous fileList
	fs.Var(&previous, "previous", "同一机关往年的报告，用于跨年度核对（可重复）")
	if err := fs.Parse(args); err != nil {
		return exitFailed
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(m.Stderr, "nianbao check: 未知输出格式 %q（可用 text 或 json）\n", *format)
		return exitFailed
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintln(m.Stderr, "nianbao check: 请给出要核查的文件（- 表示标准输入）")
		return exitFailed
	}
	status := exitOK
	read := func(names []string) []checked {
		var out []checked
		for _, name := range names {
			if ctx.Err() != nil {
				break
			}
			rep, err := m.readReport(name)
			if err != nil {
				fmt.Fprintf(m.Stderr, "nianbao: %s: %s\n", displayName(name), nianbao.ErrorMessage(err))
				status = exitFailed
				continue
			}
			out = append(out, checked{name: displayName(name), rep: rep, by: place.BodyYear(rep, place.Key(place.Locate(rep).Code))})
		}
		return out
	}
	reports, earlier := read(files), read(previous)
	if ctx.Err() != nil {
		return exitFailed
	}
	// Neighbouring years settle table 二's digits run together, from the
	// readings each report's own text left (so in any order).
	var all []*nianbao.Report
	for _, c := range slices.Concat(earlier, reports) {
		all = append(all, c.rep)
	}
	for _, c := range reports {
		settleAmong(c.rep, all)
	}
	for i := range reports {
		reports[i].findings = audit.Check(reports[i].rep, audit.Options{Previous: previousOf(reports[i], reports, earlier)})
		if nianbao.Summarize(reports[i].findings).Errors > 0 && status == exitOK {
			status = exitFindings
		}
	}
	var err error
	if *format == "json" {
		err = writeJSON(m.Stdout, reports, len(files) > 1)
	} else {
		err = writeText(m.Stdout, reports, colorful(m.Stdout))
	}
	if err != nil {
		return exitFailed
	}
	return status
}

// previousOf lists the reports c is checked against: the same body's
// report for the year before among those checked and given with
// --previous (nianbao.BodyYear.PreviousIn, a checked one first), then the
// others given with --previous, which the person named for that purpose.
func previousOf(c checked, reports, earlier []checked) []*nianbao.Report {
	all := slices.Concat(earlier, reports)
	bys := make([]nianbao.BodyYear, len(all))
	for i, o := range all {
		bys[i] = o.by
	}
	var out []*nianbao.Report
	if i := c.by.PreviousIn(bys); i >= 0 {
		out = append(out, all[i].rep)
	}
	for _, e := range earlier {
		if e.rep != c.rep && !slices.Contains(out, e.rep) {
			out = append(out, e.rep)
		}
	}
	return out
}

// bySeverity gives the counts of a summary by severity.
func bySeverity(s nianbao.Summary) map[nianbao.Severity]int {
	return map[nianbao.Severity]int{nianbao.SeverityError: s.Errors, nianbao.SeverityWarning: s.Warnings, nianbao.SeverityInfo: s.Infos}
}

// checkJSON is one file's result in the JSON output.
type checkJSON struct {
	File     string            `json:"file"`
	Agency   string            `json:"agency"`
	Year     int               `json:"year,omitempty"`
	Template nianbao.Template  `json:"template"`
	Findings []nianbao.Finding `json:"findings"`
	Counts   map[string]int    `json:"counts"`
}

// writeJSON writes one indented object, or with lines one compact object
// a line (JSON Lines), as parse does.
func writeJSON(w io.Writer, reports []checked, lines bool) error {
	for _, c := range reports {
		out := checkJSON{File: c.name, Agency: c.rep.Agency, Year: c.rep.Year, Template: c.rep.Template,
			Findings: c.findings, Counts: map[string]int{}}
		if out.Findings == nil {
			out.Findings = []nianbao.Finding{}
		}
		for sev, n := range bySeverity(nianbao.Summarize(c.findings)) {
			out.Counts[string(sev)] = n
		}
		var b []byte
		var err error
		if lines {
			b, err = json.Marshal(out)
		} else {
			b, err = json.MarshalIndent(out, "", "  ")
		}
		if err != nil {
			return err
		}
		if _, err := w.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	return nil
}

// ANSI styles, used only on a terminal.
var styles = map[string]string{
	string(nianbao.SeverityError):   "\x1b[1;31m",
	string(nianbao.SeverityWarning): "\x1b[33m",
	string(nianbao.SeverityInfo):    "\x1b[36m",
	"title":                         "\x1b[1m",
	"dim":                           "\x1b[2m",
}

// colorful reports whether w is a terminal that may be coloured: a
// character device, and no NO_COLOR in the environment (no-color.org).
func colorful(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// maxCells is how many cells a finding lists in the text output; the JSON
// has them all.
const maxCells = 6

// writeText prints each file's findings grouped by severity.
func writeText(w io.Writer, reports []checked, color bool) error {
	paint := func(style, s string) string {
		if !color {
			return s
		}
		return styles[style] + s + "\x1b[0m"
	}
	var b strings.Builder
	var total nianbao.Summary
	for i, c := range reports {
		if i > 0 {
			b.WriteByte('\n')
		}
		rep := c.rep
		b.WriteString(paint("title", c.name) + "\n")
		about := []string{rep.Agency}
		if rep.Year > 0 {
			about = append(about, fmt.Sprintf("%d年度", rep.Year))
		}
		about = append(about, string(rep.Template)+"年版格式")
		if rep.PublishedOn != "" {
			about = append(about, "发布于 "+rep.PublishedOn)
		}
		b.WriteString("  " + strings.Join(about, " · ") + "\n")
		if len(c.findings) == 0 {
			b.WriteString("  未发现问题\n")
			continue
		}
		sum := nianbao.Summarize(c.findings)
		total.Errors, total.Warnings, total.Infos = total.Errors+sum.Errors, total.Warnings+sum.Warnings, total.Infos+sum.Infos
		var last nianbao.Severity
		for _, f := range c.findings {
			if f.Severity != last {
				last = f.Severity
				fmt.Fprintf(&b, "\n  %s（%d）\n", paint(string(f.Severity), f.Severity.Label()), bySeverity(sum)[f.Severity])
			}
			fmt.Fprintf(&b, "  %s %s %s\n", paint(string(f.Severity), "●"), f.Message, paint("dim", "["+string(f.Rule)+"]"))
			if len(f.Cells) > 0 {
				var cells []string
				for _, cell := range f.Cells[:min(maxCells, len(f.Cells))] {
					cells = append(cells, cell.Label+"（"+where(cell.Pos)+"）")
				}
				if len(f.Cells) > maxCells {
					cells = append(cells, fmt.Sprintf("等共 %d 格", len(f.Cells)))
				}
				b.WriteString("      单元格：" + strings.Join(cells, "；") + "\n")
			}
			if f.Section > 0 {
				fmt.Fprintf(&b, "      原文（第%s部分）：“%s”\n", nianbao.Numerals[f.Section-1], f.Quote)
			}
			b.WriteString(paint("dim", "      依据："+f.Basis) + "\n")
		}
	}
	if len(reports) > 1 {
		fmt.Fprintf(&b, "\n共 %d 份报告：错误 %d 条，警告 %d 条，提示 %d 条\n", len(reports), total.Errors, total.Warnings, total.Infos)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// where says in Chinese where a cell was printed.
func where(p *nianbao.Pos) string {
	switch {
	case p == nil:
		return "未印"
	case p.Page > 0:
		return fmt.Sprintf("第%d页", p.Page)
	case p.Line > 0:
		return fmt.Sprintf("第%d行第%d列", p.Line, p.Col)
	}
	return fmt.Sprintf("第%d字节", p.Offset)
}
