// Package legacy reads the binary Office formats that predate Office Open
// XML — Word's .doc and WPS Writer's .wps (the same binary format), Excel's
// .xls and WPS Spreadsheets' .et — by converting them with LibreOffice
// (soffice --headless --convert-to docx|xlsx) and reading the result.
// Without LibreOffice it fails with a message that says what to install.
package legacy

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"nianbao"
	"nianbao/document"
	"nianbao/reader/docx"
	"nianbao/reader/xlsx"
)

// timeout bounds one conversion; LibreOffice starts in a few seconds and
// converts a report in less.
var timeout = 2 * time.Minute

// utf16 spells a stream name as the compound file's directory stores it.
func utf16(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

var (
	wordStream = utf16("WordDocument")
	xlsStreams = [][]byte{utf16("Workbook"), utf16("Book\x00")}
)

// Kind tells what a compound (OLE) file holds from its streams' names:
// nianbao.FileDOC, nianbao.FileXLS, or "" for anything else (PowerPoint, Outlook …).
func Kind(data []byte) nianbao.FileFormat {
	if bytes.Contains(data, wordStream) {
		return nianbao.FileDOC
	}
	for _, s := range xlsStreams {
		if bytes.Contains(data, s) {
			return nianbao.FileXLS
		}
	}
	return ""
}

// installHint says what to install when LibreOffice is missing, for each kind.
var installHint = map[nianbao.FileFormat]string{
	nianbao.FileDOC: "旧版 Word/WPS 文件（.doc/.wps）需要用 LibreOffice 转换后读取，本机未安装：请安装 LibreOffice（Debian: apt-get install libreoffice-writer）后重试，或先将文件另存为 .docx",
	nianbao.FileXLS: "旧版 Excel 文件（.xls/.et）需要用 LibreOffice 转换后读取，本机未安装：请安装 LibreOffice（Debian: apt-get install libreoffice-calc）后重试，或先将文件另存为 .xlsx",
}

// component names the LibreOffice package that converts each kind.
var component = map[nianbao.FileFormat]string{nianbao.FileDOC: "libreoffice-writer", nianbao.FileXLS: "libreoffice-calc"}

// soffice returns the LibreOffice command on PATH, or "".
func soffice() string {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Available reports whether LibreOffice is installed.
func Available() bool { return soffice() != "" }

// Read converts a .doc/.wps (to DOCX) or .xls/.et (to XLSX) file and
// reads the result.
func Read(data []byte) (*document.Document, error) {
	kind := Kind(data)
	if kind == "" {
		return nil, nianbao.Errorf(nianbao.EUNSUPPORTED, "旧版 Office 文件中既没有 Word 文档也没有 Excel 工作簿（可能是 PowerPoint 或邮件）：不是年度报告可用的格式")
	}
	cmd := soffice()
	if cmd == "" {
		return nil, nianbao.Errorf(nianbao.EUNSUPPORTED, "%s", installHint[kind])
	}
	out, err := convert(cmd, data, kind)
	if err != nil {
		return nil, err
	}
	if kind == nianbao.FileXLS {
		return xlsx.Read(out)
	}
	return docx.Read(out)
}

// convert runs LibreOffice on data in a private directory, with a profile
// of its own so that conversions never wait on each other's lock.
func convert(cmd string, data []byte, kind nianbao.FileFormat) ([]byte, error) {
	dir, err := os.MkdirTemp("", "nianbao-legacy-")
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINTERNAL, "无法创建临时目录: %v", err)
	}
	defer os.RemoveAll(dir)
	to := "docx"
	if kind == nianbao.FileXLS {
		to = "xlsx"
	}
	in := filepath.Join(dir, "input."+string(kind))
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, nianbao.Errorf(nianbao.EINTERNAL, "无法写入临时文件: %v", err)
	}
	outDir := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	c := exec.CommandContext(ctx, cmd, "--headless", "--norestore", "--nologo",
		"-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--convert-to", to, "--outdir", outDir, in)
	c.Dir = dir
	c.Env = append(os.Environ(), "HOME="+dir)
	msg, runErr := c.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, nianbao.Errorf(nianbao.EINTERNAL, "LibreOffice 转换超时（超过 %s）", timeout)
	}
	out, err := os.ReadFile(filepath.Join(outDir, "input."+to))
	if err != nil {
		if runErr != nil {
			return nil, nianbao.Errorf(nianbao.EINVALID, "LibreOffice 无法转换此文件（文件可能已损坏）：%s", bytes.TrimSpace(msg))
		}
		// LibreOffice ran and wrote nothing: the file is damaged, or the
		// installation lacks the component for this kind.
		return nil, nianbao.Errorf(nianbao.EINVALID, "LibreOffice 未能转换此文件：文件可能已损坏，或 LibreOffice 缺少相应组件（Debian: apt-get install %s）", component[kind])
	}
	return out, nil
}
