// Package reader turns the bytes of a report file, whatever its format,
// into a Report: it detects the format from the content (never from the
// file name), has the format's reader read it into a document of blocks
// and hands that to the template matcher.
package reader

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"

	"nianbao"
	"nianbao/internal/textenc"
	"nianbao/match"
	"nianbao/reader/internal/limit"
)

// Limits are the most that reading one file may use (see DefaultLimits);
// a zero field takes its default. A file past one is refused with
// ETOOLARGE naming the limit.
type Limits = limit.Limits

// DefaultLimits are the limits ReadFile reads under.
var DefaultLimits = limit.Default

// format is the kind of file a report came as: it says which reader reads it.
type format string

// The formats sniff tells apart.
const (
	formatText format = "text"
	formatHTML format = "html"
	formatPDF  format = "pdf"
	formatZip  format = "zip" // DOCX, XLSX and other Office Open XML files
	formatOLE  format = "ole" // legacy .doc, .wps, .xls
	// formatScript: a web page's markup escaped in a script string
	// (see script.go), read as the page once unescaped.
	formatScript format = "script"
)

// sniff tells a file's format from its first bytes.
func sniff(data []byte) format {
	head := data[:min(len(data), 1024)]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return formatPDF
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return formatZip
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return formatOLE
	}
	if hasScriptTableMarkup(data) {
		return formatScript
	}
	start := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(start) == 0 || start[0] != '<' {
		// A fragment copied out of a CMS may open with text and carry its
		// tables as markup: that is a web page too.
		if hasTableMarkup(data) {
			return formatHTML
		}
		return formatText
	}
	lower := textenc.AppendLowerASCII(make([]byte, 0, len(start)), start)
	for _, p := range [][]byte{[]byte("<!doctype html"), []byte("<html"), []byte("<?xml"), []byte("<head"), []byte("<body"), []byte("<meta"), []byte("<div"), []byte("<table")} {
		if bytes.HasPrefix(lower, p) {
			return formatHTML
		}
	}
	// A fragment without the document shell opens with any element.
	if opensElement(lower) {
		return formatHTML
	}
	// A page that opens with a comment (a saved page's "saved from url"
	// line, a CMS banner) shows its markup soon after.
	if bytes.HasPrefix(lower, []byte("<!--")) || bytes.HasPrefix(lower, []byte("<!doctype")) {
		for _, p := range [][]byte{[]byte("<html"), []byte("<head"), []byte("<body"), []byte("<meta")} {
			if bytes.Contains(lower, p) {
				return formatHTML
			}
		}
	}
	return formatText
}

// fragmentTags are elements a report's fragment opens with, as a CMS's
// content area or a script string holds it.
var fragmentTags = []string{"p", "span", "font", "strong", "b", "h1", "h2", "h3", "h4", "section", "article", "center", "style", "title", "link", "script", "tr", "tbody", "br", "img", "a"}

// opensElement reports whether lower (lower-cased) starts with the opening
// tag of one of fragmentTags: "<p>", "<span style=…>".
func opensElement(lower []byte) bool {
	if len(lower) < 2 || lower[0] != '<' {
		return false
	}
	for _, t := range fragmentTags {
		if rest, ok := bytes.CutPrefix(lower[1:], []byte(t)); ok && len(rest) > 0 {
			switch rest[0] {
			case '>', ' ', '\t', '\r', '\n', '/':
				return true
			}
		}
	}
	return false
}

// maxSniffMarkup bounds how much of a text file is searched for a table's
// markup.
const maxSniffMarkup = 64 << 10

// hasTableMarkup reports whether data, within its first maxSniffMarkup
// bytes, holds a table as markup: a <table> opened, and rows and cells
// closed in it. Text that merely mentions a tag does not have all three.
func hasTableMarkup(data []byte) bool { return tableMarkup(data, "</") }

// tableMarkup reports whether data, within its first maxSniffMarkup
// bytes, opens a <table> and closes rows and cells in it with closing
// ("</", or "<\/" in a script string) before "tr>" and "td>".
func tableMarkup(data []byte, closing string) bool {
	head := data[:min(len(data), maxSniffMarkup)]
	if !bytes.Contains(head, []byte(closing)) {
		return false // most text: one fast scan
	}
	i := bytes.IndexByte(head, '<')
	lower := textenc.AppendLowerASCII(make([]byte, 0, len(head)-i), head[i:])
	t := bytes.Index(lower, []byte("<table"))
	if t < 0 {
		return false
	}
	return bytes.Contains(lower[t:], []byte(closing+"td>")) && bytes.Contains(lower[t:], []byte(closing+"tr>"))
}

// File is a report file as read: its name, its bytes and their SHA-256,
// which identifies the file in a report's source. A store hashes a file to
// skip it when it holds it already; NewFile lets it hash the file once.
type File struct {
	Name   string // used only to name the file in the report's source
	Data   []byte
	SHA256 string // hex
}

// NewFile returns the file named name holding data, hashed.
func NewFile(name string, data []byte) File {
	sum := sha256.Sum256(data)
	return File{Name: name, Data: data, SHA256: hex.EncodeToString(sum[:])}
}

// Read reads one report file: ReadFile(NewFile(name, data)).
func Read(name string, data []byte) (*nianbao.Report, error) {
	return ReadFile(NewFile(name, data))
}

// ReadFile reads one report file. Errors are *nianbao.Error with a Chinese
// message that says why the file is not a report; the caller adds the
// file's name.
func ReadFile(f File) (*nianbao.Report, error) {
	return readFile(f, Limits{})
}

// ReadLimits is ReadFile under the limits l.
func ReadLimits(f File, l Limits) (*nianbao.Report, error) {
	return readFile(f, l)
}

// readFile reads f under the limits l. A panic
// in reading (a bug a hostile file found) is an EINTERNAL error for this
// file, never the caller's end: a batch goes on to the next file.
func readFile(f File, l Limits) (rep *nianbao.Report, err error) {
	defer func() {
		if r := recover(); r != nil {
			// The panic's own text is Go's English, for no reader of
			// the message: the file reproduces it.
			rep, err = nil, nianbao.Errorf(nianbao.EINTERNAL, "读取此文件时出现内部错误，请将文件报告给维护者")
		}
	}()
	bud := limit.New(l)
	data := f.Data
	if int64(len(data)) > bud.Size {
		return nil, nianbao.Errorf(nianbao.ETOOLARGE, "文件超过 %d MB，未读取", bud.Size>>20)
	}
	kind := sniff(data)
	doc, src, err := readDocument(kind, data, bud)
	if err != nil {
		return nil, err
	}
	rep, err = match.Read(doc)
	if err != nil {
		return nil, err
	}
	if kind == formatScript {
		rep.AddNote(nianbao.Note{Code: nianbao.NoteScriptString,
			Message: `文件是网页脚本字符串中的报告（标记写作“<\/td>”，换行写作“\n”）：已还原转义后按网页读取`})
	}
	noteEmpty(rep)
	rep.Source.Name = filepath.Base(f.Name)
	rep.Source.SHA256 = f.SHA256
	rep.Source.Size = len(data)
	rep.Source.Format = src.Format
	rep.Source.Encoding = src.Encoding
	return rep, nil
}
