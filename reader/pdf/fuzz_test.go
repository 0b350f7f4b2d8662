package pdf

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"nianbao"
	"nianbao/match"
)

// FuzzRead feeds arbitrary bytes to the PDF reader, starting from small
// generated PDFs, the encrypted test files and a real report: it must never
// panic, must fail only with a *nianbao.Error that says why, and what it
// reads must go through the matcher and marshal to JSON.
func FuzzRead(f *testing.F) {
	synth, _ := synthReport(true)
	f.Add(synth)
	split, _ := synthReportOpts(synthOpts{rules: true, split: true}) // tables run on across pages
	f.Add(split)
	f.Add(onePage("BT /F1 12 Tf 100 700 Td (Hello) Tj ET 0 0 m 100 0 l S"))
	f.Add(onePage("q 595 0 0 842 0 0 cm /Im1 Do Q"))
	files, _ := filepath.Glob("testdata/*.pdf")
	files = append(files, realPath("hongze-2023"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer func(old bool) { recoverPanics = old }(recoverPanics)
		recoverPanics = false
		doc, err := Read(data)
		if err != nil {
			var e *nianbao.Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Fatalf("error without a reason: %v", err)
			}
			return
		}
		if err := doc.Check(); err != nil {
			t.Fatal(err)
		}
		rep, err := match.Read(doc)
		if err != nil {
			return
		}
		if _, err := json.Marshal(rep); err != nil {
			t.Fatal(err)
		}
	})
}
