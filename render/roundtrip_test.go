package render

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"nianbao"
	"nianbao/internal/gen"
	"nianbao/internal/soffice"
	"nianbao/internal/truth"
	"nianbao/reader"
)

// sampleReport turns a generated sample into the report a reader would
// have made of it: its numbers, a provenance for every printed cell (a
// blank or the mark printed), and the sections of its text as the reader
// finds them (tables, chrome and signature included, as in real reports).
func sampleReport(t testing.TB, s *gen.Sample) *nianbao.Report {
	t.Helper()
	read, err := reader.Read("sample.txt", gen.Render(s, gen.PipeRows))
	if err != nil {
		t.Fatal(err)
	}
	rep := s.Read()
	rep.Sections = read.Sections
	return rep
}

// samples are the generated reports the round trips render: both
// formats, every other one with blank and marked cells, some whose
// arithmetic does not hold. Seeds are fixed, so a failure names the
// sample that reproduces it.
func samples(n int) []*gen.Sample {
	var out []*gen.Sample
	for i := range n {
		opt := gen.Options{Blanks: i%2 == 0, Inconsistent: i%3 == 1, Template: nianbao.Format2021}
		if i%4 >= 2 {
			opt.Template = nianbao.Format2019
		}
		out = append(out, gen.New(rand.New(rand.NewPCG(uint64(i), 11)), opt))
	}
	return out
}

// comparison is how a report read back from a rendering of want differs
// from it: every difference in words, and the cells counted — read the
// same, wrong (a number want does not state), unread (nothing where want
// states a number) and, of those, silent (no note on the cell's table and
// row; table 四 is noted as a whole).
type comparison struct {
	diffs                              []string
	cells, same, wrong, unread, silent int
}

// compare compares got, read back from a rendering of want, with it:
// metadata, numbers, blanks and marks, and the text of the sections
// (compared without white space, which a PDF's line breaks and page
// breaks add).
func compare(want, got *nianbao.Report, sections bool) comparison {
	var cmp comparison
	if got.Agency != want.Agency || got.Year != want.Year || got.Template != want.Template || got.PublishedOn != want.PublishedOn {
		cmp.diffs = append(cmp.diffs, fmt.Sprintf("metadata %q %d %s %q; want %q %d %s %q", got.Agency, got.Year, got.Template, got.PublishedOn,
			want.Agency, want.Year, want.Template, want.PublishedOn))
	}
	noted := map[string]bool{}
	for _, n := range got.Notes {
		noted[string(n.Table)+"/"+n.Row] = true
	}
	gi, wi := got.CellIndex(), want.CellIndex()
	for c := range want.Template.Cells() {
		cmp.cells++
		g, w := got.Printed(gi, c.Key), want.Printed(wi, c.Key)
		switch row := c.Key.Row; {
		case truth.Same(g.Num, w.Num):
			cmp.same++
		case g.Num.Valid():
			cmp.wrong++
			cmp.diffs = append(cmp.diffs, fmt.Sprintf("%s = %q; rendered %q (wrong)", c.Label, g.Num, w.Num))
		default:
			cmp.unread++
			if c.Key.Table == nianbao.TableReview {
				row = ""
			}
			silent := !noted[string(c.Key.Table)+"/"+row] && !noted[string(c.Key.Table)+"/"]
			if silent {
				cmp.silent++
			}
			cmp.diffs = append(cmp.diffs, fmt.Sprintf("%s unread (silent %v); rendered %q", c.Label, silent, w.Num))
		}
		if (w.Kind == nianbao.KindMark || w.Kind == nianbao.KindBlank) && (g.Kind != w.Kind || g.Text != w.Text) {
			cmp.diffs = append(cmp.diffs, fmt.Sprintf("%s read as %s %q; rendered %s %q", c.Label, g.Kind, g.Text, w.Kind, w.Text))
		}
	}
	if sections {
		wd, gd := newDocument(want), newDocument(got)
		for i := range wd.Sections {
			w, g := squeeze(wd.Sections[i].Paragraphs), squeeze(gd.Sections[i].Paragraphs)
			if w != g {
				cmp.diffs = append(cmp.diffs, fmt.Sprintf("section %d reads %q; rendered %q", i+1, g, w))
			}
		}
	}
	return cmp
}

func squeeze(ps []string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, strings.Join(ps, ""))
}

// TestRoundTrip renders generated reports in every format written in Go,
// reads each rendering back with nianbao's own readers and requires the
// same report: every number, blank and mark, the metadata and the text.
func TestRoundTrip(t *testing.T) {
	const n = 48
	for _, f := range []Format{HTML, DOCX, XLSX, Markdown} {
		exact := 0
		for i, s := range samples(n) {
			want := sampleReport(t, s)
			out, err := Render(t.Context(), want, f)
			if err != nil {
				t.Fatalf("%s sample %d: %v", f, i, err)
			}
			got, err := reader.Read("report"+f.Ext(), out)
			if err != nil {
				t.Fatalf("%s sample %d: %v", f, i, err)
			}
			diffs := compare(want, got, true).diffs
			for _, d := range diffs[:min(len(diffs), 5)] {
				t.Errorf("%s sample %d: %s", f, i, d)
			}
			if len(diffs) == 0 {
				exact++
			}
		}
		t.Logf("%-4s %d/%d read back exactly", f, exact, n)
		if exact < n { // the floor: every sample, for the formats nianbao writes itself
			t.Errorf("%s: %d/%d read back exactly; want all", f, exact, n)
		}
	}
}

// TestPDF prints generated reports to PDF the ways offices print them and
// reads them back: with LibreOffice, nianbao's own DOCX and the generator's
// Word document made for printing (gen.RenderPrintDOCX: narrow label
// columns, tall rows, repeated headers); with headless Chromium, nianbao's
// own HTML and the generator's page made for printing
// (gen.RenderPrintHTML). The generator's tables break rows across pages,
// the label's rest at the top of the next page. Every report printed by a
// program is converted in one run of it (starting one takes seconds).
//
// The floors, per program: at least 99.9% of cells and 98% of reports
// read back exactly, no number that the report does not state, and every
// cell left unread with a note on its row.
func TestPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("PDF round trips skipped in -short mode")
	}
	const own, printed = 10, 20 // samples rendered by nianbao, by the generator for printing
	all := samples(own + printed)
	wants := make([]*nianbao.Report, len(all))
	for i, s := range all {
		if i < own {
			wants[i] = sampleReport(t, s)
		} else {
			wants[i] = s.Read()
		}
	}
	type printer struct {
		name    string
		ok      bool
		program string // the Debian package, for the skip message
		input   func(i int) []byte
		print   func(inputs [][]byte) ([][]byte, error)
	}
	printers := []printer{
		{"LibreOffice", soffice.Path() != "", "libreoffice-writer-nogui", func(i int) []byte {
			if i < own {
				return RenderDOCX(wants[i])
			}
			return gen.RenderPrintDOCX(all[i])
		}, func(in [][]byte) ([][]byte, error) {
			return soffice.ConvertAll(t.Context(), in, "docx", "pdf", "libreoffice-writer-nogui")
		}},
		{"Chromium", Chromium() != "", "chromium", func(i int) []byte {
			if i < own {
				return RenderHTML(wants[i])
			}
			return gen.RenderPrintHTML(all[i])
		}, func(in [][]byte) ([][]byte, error) {
			return ChromiumPDFs(t.Context(), Chromium(), in)
		}},
	}
	for _, p := range printers {
		t.Run(p.name, func(t *testing.T) {
			if !p.ok {
				t.Skipf("%s not installed (Debian: apt-get install %s)", p.name, p.program)
			}
			t.Parallel() // the two programs print side by side
			inputs := make([][]byte, len(all))
			for i := range all {
				inputs[i] = p.input(i)
			}
			pdfs, err := p.print(inputs)
			if err != nil {
				t.Fatal(err)
			}
			var sum comparison
			exact := 0
			for i, pdf := range pdfs {
				got, err := reader.Read("report.pdf", pdf)
				if err != nil {
					t.Errorf("sample %d: %v", i, err)
					continue
				}
				cmp := compare(wants[i], got, false)
				for _, d := range cmp.diffs[:min(len(cmp.diffs), 5)] {
					t.Logf("sample %d: %s", i, d)
				}
				if len(cmp.diffs) == 0 {
					exact++
				}
				sum.cells += cmp.cells
				sum.same += cmp.same
				sum.wrong += cmp.wrong
				sum.unread += cmp.unread
				sum.silent += cmp.silent
			}
			n := len(pdfs)
			t.Logf("PDF by %s: %d/%d reports, %d/%d cells read back exactly; %d wrong, %d unread, %d of them silent",
				p.name, exact, n, sum.same, sum.cells, sum.wrong, sum.unread, sum.silent)
			if exact*100 < 98*n {
				t.Errorf("PDF by %s: %d/%d reports read back exactly; want at least 98%%", p.name, exact, n)
			}
			if sum.same*1000 < 999*sum.cells {
				t.Errorf("PDF by %s: %d/%d cells read back exactly; want at least 99.9%%", p.name, sum.same, sum.cells)
			}
			if sum.wrong > 0 || sum.silent > 0 {
				t.Errorf("PDF by %s: %d cells read wrong, %d left unread without a note; want none", p.name, sum.wrong, sum.silent)
			}
		})
	}
}
