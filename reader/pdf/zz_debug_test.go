package pdf

import (
	"fmt"
	"os"
	"strconv"
	"testing"
)

// Debugging aids, skipped unless their variable is set:
//
//	DUMP=file.pdf go test ./reader/pdf -run ZZDump -v          the document's text
//	GLYPHS=file.pdf PAGE=3 [RULES=1] go test ./reader/pdf -run ZZGlyphs -v
//	SYNTH=out.pdf go test ./reader/pdf -run ZZWriteSynth       the synthetic report (testdata/README.md)

func TestZZDump(t *testing.T) {
	f := os.Getenv("DUMP")
	if f == "" {
		t.Skip("set DUMP=file.pdf")
	}
	doc, err := Read(readFile(t, f))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Print(doc.Text)
}

func TestZZGlyphs(t *testing.T) {
	f := os.Getenv("GLYPHS")
	if f == "" {
		t.Skip("set GLYPHS=file.pdf PAGE=n")
	}
	page, _ := strconv.Atoi(os.Getenv("PAGE"))
	pages, err := readPages(readFile(t, f))
	if err != nil {
		t.Fatal(err)
	}
	if page < 1 || page > len(pages) {
		t.Fatalf("PAGE must be 1 to %d", len(pages))
	}
	pc := pages[page-1]
	for _, g := range pc.glyphs {
		fmt.Printf("%q %.2f %.2f %.2f %.2f size=%.2f v=%v r=%v\n", g.s, g.x0, g.y0, g.x1, g.y1, g.size, g.vertical, g.rotated)
	}
	if os.Getenv("RULES") != "" {
		for _, r := range pc.rules {
			fmt.Printf("rule %.2f %.2f %.2f %.2f\n", r.x0, r.y0, r.x1, r.y1)
		}
	}
}

func TestZZWriteSynth(t *testing.T) {
	out := os.Getenv("SYNTH")
	if out == "" {
		t.Skip("set SYNTH=out.pdf")
	}
	data, _ := synthReport(true)
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
