// Package render writes a report in the official layout of its template
// (国办公开办函〔2021〕30号 or the 2019 trial format): the title, the six
// sections, tables 二, 三 and 四 with the template's merged cells, labels
// and column order, and the signature — as HTML, Word (DOCX), Excel (XLSX),
// Markdown or PDF. Numbers are printed exactly as the report states them
// (Num.String()), a mark as it was printed ("/", "—"), a blank stays blank.
//
// HTML, DOCX, XLSX and Markdown are written in Go with nothing installed;
// PDF is printed from the HTML by headless Chromium or converted from the
// DOCX by LibreOffice, whichever the machine has.
package render

import (
	"context"
	"strings"

	"nianbao"
)

// Format is a format the renderer writes.
type Format string

// The formats.
const (
	HTML     Format = "html"
	DOCX     Format = "docx"
	XLSX     Format = "xlsx"
	Markdown Format = "md"
	PDF      Format = "pdf"
)

// Formats lists every format, in the order menus offer them.
var Formats = []Format{DOCX, PDF, HTML, XLSX, Markdown}

// ParseFormat reads a format's name as a person types it (docx, .docx, markdown).
func ParseFormat(s string) (Format, error) {
	s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), ".")
	switch s {
	case "htm":
		s = "html"
	case "markdown":
		s = "md"
	}
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", nianbao.Errorf(nianbao.EINVALID, "不支持的输出格式 %q（可用 docx、pdf、html、xlsx、md）", s)
}

// Ext is the file name extension of the format, with its dot.
func (f Format) Ext() string { return "." + string(f) }

// Label names the format in Chinese.
func (f Format) Label() string {
	switch f {
	case HTML:
		return "网页（HTML）"
	case DOCX:
		return "Word（DOCX）"
	case XLSX:
		return "Excel（XLSX）"
	case Markdown:
		return "Markdown"
	case PDF:
		return "PDF"
	}
	return string(f)
}

// ContentType is the format's MIME type.
func (f Format) ContentType() string {
	switch f {
	case HTML:
		return "text/html; charset=utf-8"
	case DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case Markdown:
		return "text/markdown; charset=utf-8"
	case PDF:
		return "application/pdf"
	}
	return "application/octet-stream"
}

// Render writes the report in format f. Only PDF uses ctx (and an
// external program); the other formats cannot fail on a valid format.
func Render(ctx context.Context, rep *nianbao.Report, f Format) ([]byte, error) {
	switch f {
	case HTML:
		return RenderHTML(rep), nil
	case DOCX:
		return RenderDOCX(rep), nil
	case XLSX:
		return RenderXLSX(rep)
	case Markdown:
		return RenderMarkdown(rep), nil
	case PDF:
		return RenderPDF(ctx, rep)
	}
	return nil, nianbao.Errorf(nianbao.EINVALID, "不支持的输出格式 %q", f)
}
