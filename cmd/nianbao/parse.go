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
	if err := fs.Parse(args); err != nil {
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
		rep, err := m.readReport(name)
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
	return reader.Read(displayName(name), data)
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
