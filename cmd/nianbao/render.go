package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"nianbao"
	"nianbao/reader"
	"nianbao/render"
)

// runRender writes each input's report in the official layout. An input
// is a report JSON (what nianbao parse prints, one object or JSON Lines,
// or an /api/reports/{id} answer) or any file nianbao reads. One report
// goes to -o FILE (- for standard output); several go into -o DIR, or
// beside each other in the current directory, each named after its input.
func (m *Main) runRender(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	to := fs.String("to", "docx", "输出格式：docx、pdf、html、xlsx 或 md")
	out := fs.String("o", "", "输出文件（- 为标准输出）；多份报告时为文件夹")
	inputs, err := parseInterspersed(fs, args)
	if err != nil {
		return exitFailed
	}
	format, err := render.ParseFormat(*to)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao render: %s\n", nianbao.ErrorMessage(err))
		return exitFailed
	}
	if len(inputs) == 0 {
		fmt.Fprintln(m.Stderr, "nianbao render: 请给出要排版的报告（JSON 或报告文件；- 表示标准输入）")
		return exitFailed
	}
	type job struct {
		name string
		rep  *nianbao.Report
	}
	var jobs []job
	status := exitOK
	for _, name := range inputs {
		reps, err := m.loadReports(name)
		if err != nil {
			fmt.Fprintf(m.Stderr, "nianbao: %s: %s\n", displayName(name), nianbao.ErrorMessage(err))
			status = exitFailed
			continue
		}
		for i, rep := range reps {
			n := name
			if len(reps) > 1 {
				n = fmt.Sprintf("%s-%d", strings.TrimSuffix(name, filepath.Ext(name)), i+1)
			}
			jobs = append(jobs, job{n, rep})
		}
	}
	dir := ""
	if len(jobs) > 1 || isDir(*out) {
		if *out == "-" {
			fmt.Fprintln(m.Stderr, "nianbao render: 多份报告不能都写到标准输出：请用 -o 给出文件夹")
			return exitFailed
		}
		dir = *out
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			return exitFailed
		}
		data, err := render.Render(ctx, j.rep, format)
		if err != nil {
			fmt.Fprintf(m.Stderr, "nianbao: %s: %s\n", displayName(j.name), nianbao.ErrorMessage(err))
			status = exitFailed
			if nianbao.ErrorCode(err) == nianbao.EUNSUPPORTED {
				return exitFailed // the same for every report
			}
			continue
		}
		path := *out
		if dir != "" || path == "" {
			path = outputName(dir, j.name, format)
		}
		if path == "-" {
			if _, err := m.Stdout.Write(data); err != nil {
				return exitFailed
			}
			continue
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			fmt.Fprintf(m.Stderr, "nianbao: %s: 无法写入: %s\n", path, osReason(err))
			status = exitFailed
			continue
		}
		fmt.Fprintf(m.Stderr, "%s → %s\n", displayName(j.name), path)
	}
	return status
}

// parseInterspersed parses flags given before, between or after the
// file names (nianbao render a.txt -o a.docx) and returns the names.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var names []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return names, nil
		}
		names = append(names, args[0])
		args = args[1:]
	}
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return path != "" && path != "-" && err == nil && st.IsDir()
}

// outputName names the rendering of input in dir (the current directory
// when ""): the input's name with the format's extension, and ".nianbao"
// before it when that would be the input itself.
func outputName(dir, input string, f render.Format) string {
	base := "报告"
	if input != "-" {
		base = strings.TrimSuffix(filepath.Base(input), filepath.Ext(input))
	}
	name := filepath.Join(dir, base+f.Ext())
	if abs, err := filepath.Abs(name); err == nil {
		if in, err := filepath.Abs(input); err == nil && in == abs {
			name = filepath.Join(dir, base+".nianbao"+f.Ext())
		}
	}
	return name
}

// loadReports reads the reports of one input: a report JSON — one object,
// JSON Lines, or an API answer holding the report under "report" — or any
// file the readers read.
func (m *Main) loadReports(name string) ([]*nianbao.Report, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = io.ReadAll(m.Stdin)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "无法读取文件: %s", osReason(err))
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		rep, err := reader.Read(displayName(name), data)
		if err != nil {
			return nil, err
		}
		return []*nianbao.Report{rep}, nil
	}
	var reps []*nianbao.Report
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, nianbao.Errorf(nianbao.EINVALID, "不是有效的 JSON（第 %d 个对象）: %v", len(reps)+1, err)
		}
		var wrapped struct {
			Template *nianbao.Template `json:"template"`
			Report   json.RawMessage   `json:"report"`
		}
		if err := json.Unmarshal(raw, &wrapped); err == nil && wrapped.Template == nil && len(wrapped.Report) > 0 {
			raw = wrapped.Report
		}
		rep := new(nianbao.Report)
		if err := json.Unmarshal(raw, rep); err != nil {
			msg := err.Error()
			if e := (*nianbao.Error)(nil); errors.As(err, &e) {
				msg = e.Message
			}
			return nil, nianbao.Errorf(nianbao.EINVALID, "不是年报 JSON（第 %d 个对象）: %s", len(reps)+1, msg)
		}
		if !rep.Template.Valid() {
			return nil, nianbao.Errorf(nianbao.EINVALID, "不是年报 JSON（第 %d 个对象）：template 应为 \"2019\" 或 \"2021\"", len(reps)+1)
		}
		reps = append(reps, rep)
	}
	if len(reps) == 0 {
		return nil, nianbao.Errorf(nianbao.EINVALID, "JSON 中没有报告")
	}
	return reps, nil
}
