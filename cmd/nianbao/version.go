package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// runVersion prints the build's version: the module version when
// installed with `go install nianbao/cmd/nianbao@VERSION`, else the
// commit it was built from, and the Go release that built it.
func (m *Main) runVersion() int {
	fmt.Fprintln(m.Stdout, versionLine())
	return exitOK
}

func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "nianbao（版本不明）"
	}
	version := info.Main.Version
	var rev, at string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	var b strings.Builder
	b.WriteString("nianbao ")
	switch {
	case version != "" && version != "(devel)":
		b.WriteString(version)
	case rev != "":
		b.WriteString("提交 " + rev[:min(12, len(rev))])
		if at != "" {
			b.WriteString("（" + at + "）")
		}
		if modified {
			b.WriteString("，含未提交的修改")
		}
	default:
		b.WriteString("开发版")
	}
	b.WriteString("，" + info.GoVersion + " 编译")
	return b.String()
}
