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

// differences lists every way got, read back from a rendering of want,
// differs from it: metadata, numbers, blanks and marks, and the text of
// the sections (compared without white space, which a PDF's line breaks
// and page breaks add).
func differences(want, got *nianbao.Report, sections, agency bool) []string {
	var out []string
	if agency && got.Agency != want.Agency || got.Year != want.Year || got.Template != want.Template || got.PublishedOn != want.PublishedOn {
		out = append(out, fmt.Sprintf("metadata %q %d %s %q; want %q %d %s %q", got.Agency, got.Year, got.Template, got.PublishedOn,
			want.Agency, want.Year, want.Template, want.PublishedOn))
	}
	gi, wi := got.CellIndex(), want.CellIndex()
	for c := range want.Template.Cells() {
		g, w := got.Printed(gi, c.Key), want.Printed(wi, c.Key)
		if !truth.Same(g.Num, w.Num) {
			out = append(out, fmt.Sprintf("%s = %q; rendered %q", c.Label, g.Num, w.Num))
		}
		if (w.Kind == nianbao.KindMark || w.Kind == nianbao.KindBlank) && (g.Kind != w.Kind || g.Text != w.Text) {
			out = append(out, fmt.Sprintf("%s read as %s %q; rendered %s %q", c.Label, g.Kind, g.Text, w.Kind, w.Text))
		}
	}
	if sections {
		wd, gd := newDocument(want), newDocument(got)
		for i := range wd.Sections {
			w, g := squeeze(wd.Sections[i].Paragraphs), squeeze(gd.Sections[i].Paragraphs)
			if w != g {
				out = append(out, fmt.Sprintf("section %d reads %q; rendered %q", i+1, g, w))
			}
		}
	}
	return out
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
			diffs := differences(want, got, true, true)
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

// TestPDF prints a few generated reports to PDF with each program that is
// installed (LibreOffice converting the DOCX, which also shows that
// LibreOffice opens the DOCX without errors; Chromium printing the HTML)
// and reads them back. LibreOffice starts in seconds: a few files, not
// hundreds.
func TestPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("PDF round trips skipped in -short mode")
	}
	type printer struct {
		name  string
		ok    bool
		print func(*nianbao.Report) ([]byte, error)
		// agency: whether the agency reads back from the PDF's text.
		// Chromium's text layer writes CJK radicals for some characters
		// (人⺠政府, see RenderPDF), which the PDF reader keeps.
		agency bool
	}
	printers := []printer{
		{"LibreOffice", soffice.Path() != "", func(r *nianbao.Report) ([]byte, error) {
			return LibreOfficePDF(t.Context(), RenderDOCX(r))
		}, true},
		{"Chromium", Chromium() != "", func(r *nianbao.Report) ([]byte, error) {
			return ChromiumPDF(t.Context(), Chromium(), RenderHTML(r))
		}, false},
	}
	ran := false
	for _, p := range printers {
		if !p.ok {
			t.Logf("%s not installed: skipped", p.name)
			continue
		}
		ran = true
		exact, n := 0, 0
		for i, s := range samples(3) {
			if i == 1 {
				continue // one sample of each format, both with blanks and marks
			}
			n++
			want := sampleReport(t, s)
			out, err := p.print(want)
			if err != nil {
				t.Fatalf("%s sample %d: %v", p.name, i, err)
			}
			got, err := reader.Read("report.pdf", out)
			if err != nil {
				t.Fatalf("%s sample %d: %v", p.name, i, err)
			}
			if !p.agency && got.Agency != want.Agency {
				t.Logf("%s sample %d: agency read as %q from %q", p.name, i, got.Agency, want.Agency)
			}
			diffs := differences(want, got, false, p.agency)
			for _, d := range diffs[:min(len(diffs), 5)] {
				t.Errorf("%s sample %d: %s", p.name, i, d)
			}
			if len(diffs) == 0 {
				exact++
			}
		}
		t.Logf("PDF by %s: %d/%d read back exactly", p.name, exact, n)
		if exact < n {
			t.Errorf("PDF by %s: %d/%d read back exactly; want all", p.name, exact, n)
		}
	}
	if !ran {
		t.Skip("neither LibreOffice nor Chromium installed (Debian: apt-get install libreoffice-writer-nogui chromium)")
	}
}
