package web

import (
	"encoding/csv"
	"io"
	"strings"

	"nianbao"
)

// csvWriter writes the CSV exports: UTF-8 with a byte-order mark, so that
// spreadsheet programs read the Chinese headers, and every field that a
// spreadsheet would take for a formula made inert.
type csvWriter struct {
	w   *csv.Writer
	rec []string
}

func newCSV(w io.Writer) *csvWriter {
	io.WriteString(w, "\uFEFF")
	return &csvWriter{w: csv.NewWriter(w)}
}

// Write writes one record.
func (c *csvWriter) Write(fields []string) error {
	c.rec = c.rec[:0]
	for _, f := range fields {
		c.rec = append(c.rec, inertField(f))
	}
	return c.w.Write(c.rec)
}

// Flush writes what is buffered and returns the first error.
func (c *csvWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// inertField keeps a spreadsheet from running a field as a formula (CSV
// injection): a report's agency name or file name is anyone's text, and
// "=HYPERLINK(…)" opened in Excel or WPS would run. A field starting with
// = + - @, a tab or a carriage return gets a leading apostrophe, which the
// programs show as text; a number ("-3", a 2019 本年增/减) stays a number.
func inertField(f string) string {
	if f == "" || !strings.ContainsRune("=+-@\t\r", rune(f[0])) {
		return f
	}
	if _, ok := nianbao.ParseNum(f); ok && f[0] != '=' && f[0] != '@' {
		return f
	}
	return "'" + f
}
