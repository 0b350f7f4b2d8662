// Package ooxml opens Office Open XML packages (DOCX, XLSX): zip archives of
// XML parts tied together by relationship files.
package ooxml

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"

	"nianbao"
	"nianbao/reader/internal/limit"
)

// Package is an opened archive.
type Package struct {
	Kind   string        // "DOCX" or "XLSX", for messages
	Budget *limit.Budget // what reading the package may still use: every part read is charged to it
	files  map[string]*zip.File
}

// Open opens data as a zip archive; kind names the format in the error.
func Open(data []byte, kind string) (*Package, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "%s 文件已损坏（不是有效的 zip，可能下载不完整）", kind)
	}
	p := &Package{Kind: kind, Budget: limit.New(limit.Limits{}), files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		p.files[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	return p, nil
}

// Has reports whether the package holds the part.
func (p *Package) Has(name string) bool {
	_, ok := p.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	return ok
}

// HasUnder reports whether the package holds any part in the folder dir
// ("word/", "xl/").
func (p *Package) HasUnder(dir string) bool {
	dir = strings.ToLower(dir)
	for name := range p.files {
		if strings.HasPrefix(name, dir) {
			return true
		}
	}
	return false
}

// Read returns a part's bytes.
func (p *Package) Read(name string) ([]byte, error) {
	f, ok := p.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if !ok {
		return nil, nianbao.Errorf(nianbao.EINVALID, "%s 文件不完整（缺少 %s）", p.Kind, name)
	}
	// A part that says it is larger than a part may be is refused before
	// it is inflated; one that lies is stopped as it inflates.
	if f.UncompressedSize64 > uint64(p.Budget.Limits.Stream) {
		p.Budget.Stream(int(min(f.UncompressedSize64, 1<<40)))
	}
	max := p.Budget.StreamLeft()
	rc, err := f.Open()
	if err != nil {
		return nil, p.damaged(name)
	}
	defer rc.Close()
	// Charged as it inflates: a part listed many times (one sheet named
	// by every entry of a workbook) is inflated, and charged, each time.
	b, err := io.ReadAll(io.LimitReader(charged{rc, p.Budget}, int64(max)+1))
	if len(b) > max {
		p.Budget.Stream(len(b)) // past a limit: stops the reading
	}
	if err != nil {
		return nil, p.damaged(name)
	}
	return b, nil
}

// charged is a reader that charges what it reads to a budget.
type charged struct {
	r io.Reader
	b *limit.Budget
}

func (c charged) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.b.Decoded(n)
	return n, err
}

func (p *Package) damaged(name string) error {
	return nianbao.Errorf(nianbao.EINVALID, "%s 文件已损坏（%s 无法解压）", p.Kind, name)
}

// BadXML is the error for a part that is not well-formed XML.
func (p *Package) BadXML(name string, err error) error {
	msg := ""
	if se, ok := err.(*xml.SyntaxError); ok {
		msg = fmt.Sprintf("，第 %d 行", se.Line)
	}
	return nianbao.Errorf(nianbao.EINVALID, "%s 文件已损坏（%s 不是有效的 XML%s）", p.Kind, name, msg)
}

// Rel is one relationship of a part.
type Rel struct {
	ID, Type, Target string // Target resolved to a part name
}

// Rels reads the relationships of the part named source ("" for the
// package itself). A missing relationship file is no relationship.
func (p *Package) Rels(source string) ([]Rel, error) {
	dir, file := path.Split(source)
	name := dir + "_rels/" + file + ".rels"
	if !p.Has(name) {
		return nil, nil
	}
	data, err := p.Read(name)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Rels []struct {
			ID         string `xml:"Id,attr"`
			Type       string `xml:"Type,attr"`
			Target     string `xml:"Target,attr"`
			TargetMode string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, p.BadXML(name, err)
	}
	var out []Rel
	for _, r := range doc.Rels {
		if strings.EqualFold(r.TargetMode, "External") {
			continue
		}
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		out = append(out, Rel{ID: r.ID, Type: r.Type, Target: t})
	}
	return out, nil
}

// Main returns the package's main part: the target of its officeDocument
// relationship, or fallback when the package does not say.
func (p *Package) Main(fallback string) string {
	rels, err := p.Rels("")
	if err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.Type, "/officeDocument") && p.Has(r.Target) {
				return r.Target
			}
		}
	}
	return fallback
}
