package reader

import (
	"archive/zip"
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"nianbao/internal/gen"
	"nianbao/reader/legacy"
)

// TestRoundTripLegacy renders generated reports as DOCX and XLSX, has
// LibreOffice save them as .doc and .xls, and reads those back: every
// number must survive. It runs only where LibreOffice is installed.
func TestRoundTripLegacy(t *testing.T) {
	if !legacy.Available() || testing.Short() {
		t.Skip("LibreOffice is not installed")
	}
	cmd, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice is not on PATH")
	}
	dir := t.TempDir()
	for i, c := range []struct {
		render   func(*gen.Sample) []byte
		from, to string
	}{{gen.RenderDOCX, "docx", "doc"}, {gen.RenderXLSX, "xlsx", "xls"}} {
		s := gen.New(rand.New(rand.NewPCG(uint64(20+i), 7)), gen.Options{Blanks: true})
		data := c.render(s)
		if c.from == "docx" {
			data = forLibreOffice(t, data)
		}
		in := filepath.Join(dir, "r."+c.from)
		if err := os.WriteFile(in, data, 0o644); err != nil {
			t.Fatal(err)
		}
		conv := exec.Command(cmd, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", c.to, "--outdir", dir, in)
		conv.Env = append(os.Environ(), "HOME="+dir)
		if out, err := conv.CombinedOutput(); err != nil {
			t.Fatalf("converting to .%s: %v %s", c.to, err, out)
		}
		data, err := os.ReadFile(filepath.Join(dir, "r."+c.to))
		if err != nil {
			t.Logf("LibreOffice wrote no .%s (its %s component is not installed?): %v", c.to, map[string]string{"doc": "Writer", "xls": "Calc"}[c.to], err)
			continue
		}
		rep, err := Read("r."+c.to, data)
		if err != nil {
			t.Fatalf(".%s: %v", c.to, err)
		}
		if string(rep.Source.Format) != c.to {
			t.Errorf(".%s read as %q", c.to, rep.Source.Format)
		}
		compareSample(t, "."+c.to, s, rep, false)
	}
}

// LibreOffice saves a content control around a whole table cell as a
// form field that repeats the cell's text, and shows hidden text inside
// one: its faults, not the reader's. forLibreOffice takes both out of a
// generated .docx before it is converted.
var (
	cellControl = regexp.MustCompile(`<w:sdt><w:sdtPr><w:id w:val="7"/></w:sdtPr><w:sdtContent>(<w:tc>.*?</w:tc>)</w:sdtContent></w:sdt>`)
	hiddenRun   = regexp.MustCompile(`<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">[^<]*</w:t></w:r>`)
)

func forLibreOffice(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "word/document.xml" {
			b = hiddenRun.ReplaceAll(cellControl.ReplaceAll(b, []byte("$1")), nil)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
