package reader

import (
	"math/rand/v2"
	"os"
	"testing"

	"nianbao/document"
	"nianbao/internal/gen"
	"nianbao/match"
	"nianbao/reader/htmldoc"
)

// htmlPages returns the real page and generated ones.
func htmlPages(b *testing.B) (real []byte, generated [][]byte) {
	real, err := os.ReadFile("../testdata/real/shuyang-fgj-2023.html")
	if err != nil {
		b.Fatal(err)
	}
	for i := range 20 {
		s := gen.New(rand.New(rand.NewPCG(uint64(i), 9)), gen.Options{Blanks: i%3 == 0})
		generated = append(generated, gen.RenderHTML(s))
	}
	return real, generated
}

// BenchmarkReadHTML reads web pages into reports, matching and hashing
// included, one report per iteration.
func BenchmarkReadHTML(b *testing.B) {
	real, generated := htmlPages(b)
	b.Run("shuyang", func(b *testing.B) {
		b.SetBytes(int64(len(real)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Read("page.html", real); err != nil {
				b.Fatal(err)
			}
		}
		reportRate(b)
	})
	b.Run("generated", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := Read("page.html", generated[i%len(generated)]); err != nil {
				b.Fatal(err)
			}
		}
		reportRate(b)
	})
}

// BenchmarkHTMLDocument reads web pages into documents only: the reader's
// share of BenchmarkReadHTML.
func BenchmarkHTMLDocument(b *testing.B) {
	real, generated := htmlPages(b)
	b.Run("shuyang", func(b *testing.B) {
		b.SetBytes(int64(len(real)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := htmldoc.Read(real); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("generated", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := htmldoc.Read(generated[i%len(generated)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkMatchHTML matches web pages already read into documents: the
// matcher's share of BenchmarkReadHTML.
func BenchmarkMatchHTML(b *testing.B) {
	real, generated := htmlPages(b)
	var docs []*document.Document
	for _, page := range append([][]byte{real}, generated...) {
		doc, err := htmldoc.Read(page)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, doc)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := match.Read(docs[i%len(docs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadDOCX and BenchmarkReadXLSX read generated files, matching included.
func BenchmarkReadDOCX(b *testing.B) { benchGrid(b, gen.RenderDOCX) }
func BenchmarkReadXLSX(b *testing.B) { benchGrid(b, gen.RenderXLSX) }

func benchGrid(b *testing.B, render func(*gen.Sample) []byte) {
	var files [][]byte
	for i := range 20 {
		files = append(files, render(gen.New(rand.New(rand.NewPCG(uint64(i), 9)), gen.Options{})))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Read("file", files[i%len(files)]); err != nil {
			b.Fatal(err)
		}
	}
}
