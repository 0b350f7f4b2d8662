package reader

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"nianbao"
	"nianbao/internal/gen"
)

// gridFormats are the formats with real cell boundaries, rendered from
// generated samples.
var gridFormats = []struct {
	name   string
	format nianbao.FileFormat
	layout nianbao.Layout
	render func(*gen.Sample) []byte
}{
	{"page.html", nianbao.FileHTML, nianbao.LayoutTable, gen.RenderHTML},
	{"content.txt", nianbao.FileHTML, nianbao.LayoutTable, gen.RenderFragment}, // sniffed as markup, not by name
	{"report.docx", nianbao.FileDOCX, nianbao.LayoutTable, gen.RenderDOCX},
	{"printed.docx", nianbao.FileDOCX, nianbao.LayoutTable, gen.RenderPrintDOCX}, // read as Word, before printing
	{"printed.html", nianbao.FileHTML, nianbao.LayoutTable, gen.RenderPrintHTML},
	{"tables.xlsx", nianbao.FileXLSX, nianbao.LayoutSheet, gen.RenderXLSX},
}

// TestRoundTripFormats renders random reports — both formats, consistent
// and inconsistent, with blank and marked cells, merged cells as the
// template merges them — as HTML, DOCX and XLSX, reads them back and
// compares. These layouts have real cell boundaries, so every number and
// every metadata field must come back exactly. Seeds are fixed.
func TestRoundTripFormats(t *testing.T) {
	const samples = 150
	for _, f := range gridFormats {
		exact := 0
		for i := range samples {
			opt := gen.Options{Blanks: i%3 == 0, Inconsistent: i%4 == 1}
			s := gen.New(rand.New(rand.NewPCG(uint64(i), 7)), opt)
			name := fmt.Sprintf("sample %d %s", i, f.format)
			rep, err := Read(f.name, f.render(s))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if rep.Source.Format != f.format || rep.Source.Layout != f.layout {
				t.Errorf("%s: source format %q, layout %q; want %q, %q", name, rep.Source.Format, rep.Source.Layout, f.format, f.layout)
			}
			if compareSample(t, name, s, rep, false) {
				exact++
			}
		}
		if exact < samples {
			t.Errorf("%s: %d/%d read exactly; every sample must", f.format, exact, samples)
		}
	}
}
