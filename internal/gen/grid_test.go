package gen

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// numberCell is a cell stored as a number: no t="…" before its value.
var numberCell = regexp.MustCompile(`<c r="[A-Z]+[0-9]+"><v>`)

var gridRenderers = map[string]func(*Sample) []byte{"html": RenderHTML, "docx": RenderDOCX, "xlsx": RenderXLSX}

func TestGridDeterministic(t *testing.T) {
	for seed := range uint64(40) {
		a, b := sample(seed, options(seed)), sample(seed, options(seed))
		for name, render := range gridRenderers {
			if !bytes.Equal(render(a), render(b)) || !bytes.Equal(render(a), render(a)) {
				t.Fatalf("seed %d, %s: renderings differ", seed, name)
			}
		}
	}
}

// wellFormed checks that every XML part of a zip parses.
func wellFormed(t *testing.T, name string, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(b)
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := dec.Token(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: %s: %v", name, f.Name, err)
			}
		}
	}
	return parts
}

// TestGridFeatures checks that the renderers are valid files and that,
// over a few dozen samples, every quirk they promise shows up.
func TestGridFeatures(t *testing.T) {
	seen := map[string]bool{}
	note := func(feature string, ok bool) { seen[feature] = seen[feature] || ok }
	for seed := range uint64(60) {
		s := sample(seed, options(seed))
		page := RenderHTML(s)
		utf := utf8.Valid(page)
		p := string(page)
		note("html gbk", !utf)
		note("html utf-8", utf)
		note("html layout table", strings.Contains(p, `<tr><td class="content">`))
		note("html digits split", strings.Contains(p, "</span><span lang=EN-US style='font-size:10.5pt'>"))
		note("html nbsp", strings.Contains(p, "<o:p>&nbsp;</o:p>"))
		note("html rowspan", strings.Contains(p, " rowspan="))
		note("html colspan", strings.Contains(p, " colspan="))
		for name, data := range map[string][]byte{"docx": RenderDOCX(s), "xlsx": RenderXLSX(s)} {
			parts := wellFormed(t, name, data)
			if name == "docx" {
				d := parts["word/document.xml"]
				for _, f := range []string{"<w:gridSpan", "<w:vMerge w:val=\"restart\"/>", "<w:vMerge/>", "<w:sdt>", "<w:ins ", "<w:delText>", "<w:showingPlcHdr/>", "<w:vanish/>"} {
					note("docx "+f, strings.Contains(d, f))
				}
				continue
			}
			sheets := ""
			for n, c := range parts {
				if strings.HasPrefix(n, "xl/worksheets/") {
					sheets += c
				}
			}
			note("xlsx several sheets", parts["xl/worksheets/sheet2.xml"] != "")
			note("xlsx mergeCells", strings.Contains(sheets, "<mergeCell "))
			note("xlsx numbers", numberCell.MatchString(sheets))
			note("xlsx inline strings", strings.Contains(sheets, "inlineStr"))
			note("xlsx shared strings", parts["xl/sharedStrings.xml"] != "")
		}
	}
	for _, f := range []string{"html gbk", "html utf-8", "html layout table", "html digits split", "html nbsp", "html rowspan", "html colspan",
		"docx <w:gridSpan", "docx <w:vMerge w:val=\"restart\"/>", "docx <w:vMerge/>", "docx <w:sdt>", "docx <w:ins ", "docx <w:delText>", "docx <w:showingPlcHdr/>", "docx <w:vanish/>",
		"xlsx several sheets", "xlsx mergeCells", "xlsx numbers", "xlsx inline strings", "xlsx shared strings"} {
		if !seen[f] {
			t.Errorf("no sample shows %s", f)
		}
	}
}
