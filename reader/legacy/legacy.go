// Package legacy reads the binary Office formats that predate Office Open
// XML — Word's .doc and WPS Writer's .wps (the same binary format), Excel's
// .xls and WPS Spreadsheets' .et — by converting them with LibreOffice
// (soffice --headless --convert-to docx|xlsx) and reading the result.
// Without LibreOffice it fails with a message that says what to install.
package legacy

import (
	"bytes"
	"context"

	"nianbao"
	"nianbao/document"
	"nianbao/internal/soffice"
	"nianbao/reader/docx"
	"nianbao/reader/xlsx"
)

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

// Available reports whether LibreOffice is installed.
func Available() bool { return soffice.Path() != "" }

// Read converts a .doc/.wps (to DOCX) or .xls/.et (to XLSX) file and
// reads the result.
func Read(data []byte) (*document.Document, error) {
	kind := Kind(data)
	if kind == "" {
		return nil, nianbao.Errorf(nianbao.EUNSUPPORTED, "旧版 Office 文件中既没有 Word 文档也没有 Excel 工作簿（可能是 PowerPoint 或邮件）：不是年度报告可用的格式")
	}
	if !Available() {
		return nil, nianbao.Errorf(nianbao.EUNSUPPORTED, "%s", installHint[kind])
	}
	to := "docx"
	if kind == nianbao.FileXLS {
		to = "xlsx"
	}
	out, err := soffice.Convert(context.Background(), data, string(kind), to, component[kind])
	if err != nil {
		return nil, err
	}
	if kind == nianbao.FileXLS {
		return xlsx.Read(out)
	}
	return docx.Read(out)
}
