package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"nianbao"
	"nianbao/match"
	"nianbao/reader"
)

// runParse reads each file and prints its report: one indented JSON object
// for one file, one compact object per line (JSON Lines) for several. A file
// that cannot be read gets one line on stderr naming it and the reason, and
// the others are still read; the exit status is then 2.
//
// A batch reads every file into one buffer and writes every report
// through one buffer into one buffered stdout, rather than allocating and
// writing once per file.
func (m *Main) runParse(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	maxMB := fs.Int64("max-size", reader.DefaultLimits.Size>>20, "大于此大小（MB）的文件不读取")
	var with fileList
	fs.Var(&with, "with", "同一机关相邻年度的报告，用于拆分表二中连写的数字（可重复；不输出）")
	if err := fs.Parse(args); err != nil {
		return exitFailed
	}
	lim := reader.Limits{Size: *maxMB << 20}
	if lim.Size <= 0 {
		fmt.Fprintln(m.Stderr, "nianbao parse: --max-size 至少为 1")
		return exitFailed
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintln(m.Stderr, "nianbao parse: 请给出要读取的文件（- 表示标准输入）")
		return exitFailed
	}
	// A batch keeps one report alive at a time, so the heap stays near
	// Go's minimum goal of 4 MB and the collector runs every few files: a
	// goal four times higher costs some tens of MB and saves about a sixth
	// of the CPU time. GOGC, when set, still decides.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	stdout := bufio.NewWriterSize(m.Stdout, 256<<10)
	var file bytes.Buffer     // one file's bytes
	var js []byte             // its report's JSON
	var indented bytes.Buffer // the report, indented when it is the only one
	status := exitOK
	// The neighbouring years given with --with settle digits run together
	// in table 二 (match.Settle). Each is read into a buffer of its own,
	// since its report stays in use.
	var neighbours []*nianbao.Report
	for _, name := range with {
		rep, err := m.readReportInto(name, lim, new(bytes.Buffer))
		if err != nil {
			fmt.Fprintf(m.Stderr, "nianbao: %s: %s\n", displayName(name), nianbao.ErrorMessage(err))
			status = exitFailed
			continue
		}
		neighbours = append(neighbours, rep)
	}
	for _, name := range files {
		if ctx.Err() != nil {
			stdout.Flush()
			return exitFailed
		}
		rep, err := m.readReportInto(name, lim, &file)
		if err == nil {
			settleAmong(rep, neighbours)
			js, err = rep.AppendJSON(js[:0])
		}
		if err != nil {
			// What was written so far comes first, as without the buffer.
			if stdout.Flush() != nil {
				return exitFailed
			}
			fmt.Fprintf(m.Stderr, "nianbao: %s: %s\n", displayName(name), nianbao.ErrorMessage(err))
			status = exitFailed
			continue
		}
		out := js
		if len(files) == 1 {
			json.Indent(&indented, js, "", "  ") // cannot fail: js is valid JSON
			out = indented.Bytes()
		}
		if _, err := stdout.Write(append(out, '\n')); err != nil {
			return exitFailed
		}
	}
	if stdout.Flush() != nil {
		return exitFailed
	}
	return status
}

// settleAmong settles rep's table 二 by its body's neighbouring years
// among others (the last of each year in others, as nianbao.PreviousYear
// takes it): see match.Settle.
func settleAmong(rep *nianbao.Report, others []*nianbao.Report) {
	if len(others) == 0 {
		return
	}
	prev, next, ok := rep.BodyYear().Neighbours()
	if !ok {
		return
	}
	var opts match.Options
	for _, o := range others {
		switch o.BodyYear() {
		case prev:
			opts.Previous = o
		case next:
			opts.Next = o
		}
	}
	match.Settle(rep, opts)
}

// readReport reads the file name ("-" for standard input) and parses it.
func (m *Main) readReport(name string) (*nianbao.Report, error) {
	return m.readReportInto(name, reader.Limits{}, new(bytes.Buffer))
}

// readReportInto is readReport under the limits lim, reading the file into
// buf, so that a batch reads every file into one buffer. The report may
// refer to the file's bytes: buf can be read into again only once the
// report is done with. A file larger than lim.Size is refused before it is
// read, and standard input is read no further than that.
func (m *Main) readReportInto(name string, lim reader.Limits, buf *bytes.Buffer) (*nianbao.Report, error) {
	max := lim.Size
	if max <= 0 {
		max = reader.DefaultLimits.Size
	}
	data, err := readCapped(name, m.Stdin, max, buf)
	if err != nil {
		return nil, err
	}
	return reader.ReadLimits(reader.NewFile(displayName(name), data), lim)
}

// readCapped reads the file name ("-" for stdin) into buf (nil: a new
// one) unless it is larger than max bytes, which is ETOOLARGE: the size is
// looked at first, and what is read stops one byte past max, so that a
// file growing meanwhile or a pipe cannot be read whole either.
func readCapped(name string, stdin io.Reader, max int64, buf *bytes.Buffer) ([]byte, error) {
	tooLarge := nianbao.Errorf(nianbao.ETOOLARGE, "文件超过 %d MB，未读取", max>>20)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, nianbao.Errorf(nianbao.EINVALID, "无法读取文件: %s", osReason(err))
		}
		defer f.Close()
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > max {
			return nil, tooLarge
		}
		r = f
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "无法读取文件: %s", osReason(err))
	}
	if int64(buf.Len()) > max {
		return nil, tooLarge
	}
	return buf.Bytes(), nil
}

func displayName(name string) string {
	if name == "-" {
		return "标准输入"
	}
	return name
}

// osReason says in Chinese why a file could not be opened.
func osReason(err error) string {
	switch {
	case os.IsNotExist(err):
		return "文件不存在"
	case os.IsPermission(err):
		return "没有读取权限"
	}
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
