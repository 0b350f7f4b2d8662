// Package reader turns the bytes of a report file, whatever its format,
// into a Report: it detects the format from the content, decodes it into a
// document and hands that to the template matcher.
package reader

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"

	"nianbao"
	"nianbao/match"
)

// Read reads one report file. name is used only to name the file in the
// report's source and in errors. Errors are *nianbao.Error with a Chinese
// message that says why the file is not a report.
func Read(name string, data []byte) (*nianbao.Report, error) {
	text := string(data)
	if len(text) >= 3 && text[:3] == "\xef\xbb\xbf" {
		text = text[3:]
	}
	rep, err := match.Text(text)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	rep.Source.Name = filepath.Base(name)
	rep.Source.SHA256 = hex.EncodeToString(sum[:])
	rep.Source.Size = len(data)
	rep.Source.Format = "text"
	rep.Source.Encoding = "utf-8"
	return rep, nil
}
