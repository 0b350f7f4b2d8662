package legacy

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/soffice"
)

// ole returns a compound file header followed by a stream name.
func ole(stream string) []byte {
	b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	return append(b, utf16(stream)...)
}

func TestKind(t *testing.T) {
	for stream, want := range map[string]nianbao.FileFormat{"WordDocument": nianbao.FileDOC, "Workbook": nianbao.FileXLS, "Book\x00": nianbao.FileXLS, "PowerPoint Document": ""} {
		if got := Kind(ole(stream)); got != want {
			t.Errorf("%q: %q; want %q", stream, got, want)
		}
	}
}

func TestWithoutLibreOffice(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Read(ole("WordDocument"))
	var e *nianbao.Error
	if !errors.As(err, &e) || e.Code != nianbao.EUNSUPPORTED || !strings.Contains(e.Message, "apt-get install libreoffice-writer") {
		t.Fatalf("error %v", err)
	}
	_, err = Read(ole("Workbook"))
	if !errors.As(err, &e) || e.Code != nianbao.EUNSUPPORTED || !strings.Contains(e.Message, "apt-get install libreoffice-calc") {
		t.Fatalf("error %v", err)
	}
	_, err = Read(ole("PowerPoint Document"))
	if !errors.As(err, &e) || e.Code != nianbao.EUNSUPPORTED {
		t.Fatalf("error %v", err)
	}
}

// TestConvert converts a .doc made by LibreOffice from the blank template
// and reads it back; it runs only where LibreOffice is installed.
func TestConvert(t *testing.T) {
	cmd := soffice.Path()
	if cmd == "" {
		t.Skip("LibreOffice is not installed")
	}
	dir := t.TempDir()
	tpl, err := os.ReadFile("../../testdata/real/template-2021-blank.docx")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/t.docx", tpl, 0o644); err != nil {
		t.Fatal(err)
	}
	c := exec.Command(cmd, "--headless", "-env:UserInstallation=file://"+dir+"/p", "--convert-to", "doc", "--outdir", dir, dir+"/t.docx")
	c.Env = append(os.Environ(), "HOME="+dir)
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("making a .doc: %v %s", err, out)
	}
	data, err := os.ReadFile(dir + "/t.doc")
	if err != nil {
		t.Fatal(err)
	}
	if Kind(data) != nianbao.FileDOC {
		t.Fatalf("kind %q", Kind(data))
	}
	doc, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.Text, "一、本年新收政府信息公开申请数量 |") {
		t.Errorf("converted text:\n%s", doc.Text)
	}
}

// FuzzRead: any bytes fail with a reason, never a panic (LibreOffice is
// hidden, so that the fuzzer does not start it for every input).
func FuzzRead(f *testing.F) {
	f.Add(ole("WordDocument"))
	f.Add(ole("Workbook"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		t.Setenv("PATH", "")
		Kind(data)
		_, err := Read(data)
		var e *nianbao.Error
		if !errors.As(err, &e) || e.Message == "" {
			t.Fatalf("error without a reason: %v", err)
		}
	})
}
