package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"nianbao"
	"nianbao/reader"
)

// runParse reads each file and prints its report: one indented JSON object
// for one file, one compact object per line (JSON Lines) for several. A file
// that cannot be read gets one line on stderr naming it and the reason, and
// the others are still read; the exit status is then 2.
func (m *Main) runParse(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	maxMB := fs.Int64("max-size", reader.DefaultLimits.Size>>20, "大于此大小（MB）的文件不读取")
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
	status := exitOK
	for _, name := range files {
		if ctx.Err() != nil {
			return exitFailed
		}
		rep, err := m.readReportLimits(name, lim)
		if err != nil {
			fmt.Fprintf(m.Stderr, "nianbao: %s: %s\n", displayName(name), nianbao.ErrorMessage(err))
			status = exitFailed
			continue
		}
		var out []byte
		if len(files) == 1 {
			out, err = json.MarshalIndent(rep, "", "  ")
		} else {
			out, err = json.Marshal(rep)
		}
		if err != nil {
			fmt.Fprintf(m.Stderr, "nianbao: %s: %v\n", displayName(name), err)
			return exitFailed
		}
		out = append(out, '\n')
		if _, err := m.Stdout.Write(out); err != nil {
			return exitFailed
		}
	}
	return status
}

// readReport reads the file name ("-" for standard input) and parses it.
func (m *Main) readReport(name string) (*nianbao.Report, error) {
	return m.readReportLimits(name, reader.Limits{})
}

// readReportLimits is readReport under the limits lim: a file larger than
// lim.Size is refused before it is read, and standard input is read no
// further than that.
func (m *Main) readReportLimits(name string, lim reader.Limits) (*nianbao.Report, error) {
	max := lim.Size
	if max <= 0 {
		max = reader.DefaultLimits.Size
	}
	data, err := readCapped(name, m.Stdin, max)
	if err != nil {
		return nil, err
	}
	return reader.ReadLimits(reader.NewFile(displayName(name), data), lim)
}

// readCapped reads the file name ("-" for stdin) unless it is larger than
// max bytes, which is ETOOLARGE: the size is looked at first, and what is
// read stops one byte past max, so that a file growing meanwhile or a
// pipe cannot be read whole either.
func readCapped(name string, stdin io.Reader, max int64) ([]byte, error) {
	tooLarge := nianbao.Errorf(nianbao.ETOOLARGE, "文件超过 %d MB，未读取", max>>20)
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
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "无法读取文件: %s", osReason(err))
	}
	if int64(len(data)) > max {
		return nil, tooLarge
	}
	return data, nil
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
