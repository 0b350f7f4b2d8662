package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/truth"
	"nianbao/match"
)

// onePage writes a one-page PDF with the given content stream, an image
// XObject /Im1 available to it.
func onePage(content string) []byte {
	var b pdfBuilder
	img := b.stream("/Type/XObject/Subtype/Image/Width 2/Height 2/ColorSpace/DeviceGray/BitsPerComponent 8/Filter/DCTDecode", []byte("not really a jpeg"), false)
	c := b.stream("", []byte(content), true)
	page := b.add(fmt.Sprintf("<</Type/Page/Parent 3 0 R/MediaBox[0 0 595 842]/Resources<</XObject<</Im1 %d 0 R>>>>/Contents %d 0 R>>", img, c))
	pages := b.add(fmt.Sprintf("<</Type/Pages/Kids[%d 0 R]/Count 1>>", page))
	root := b.add(fmt.Sprintf("<</Type/Catalog/Pages %d 0 R>>", pages))
	return b.bytes(root)
}

// wantError checks that err is a *nianbao.Error with the code and a
// message containing each of the words.
func wantError(t *testing.T, err error, code string, words ...string) {
	t.Helper()
	var e *nianbao.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v; want a *nianbao.Error", err)
	}
	if e.Code != code {
		t.Errorf("code = %s (%s); want %s", e.Code, e.Message, code)
	}
	for _, w := range words {
		if !strings.Contains(e.Message, w) {
			t.Errorf("message %q does not say %q", e.Message, w)
		}
	}
}

// TestScanned: a PDF whose pages are images with no text is reported as a
// scan that needs OCR, not read as an empty report.
func TestScanned(t *testing.T) {
	_, err := Read(onePage("q 595 0 0 842 0 0 cm /Im1 Do Q"))
	wantError(t, err, nianbao.ENOTREPORT, "没有文字层", "扫描", "OCR")
	// An inline image too.
	_, err = Read(onePage("q 100 0 0 100 0 0 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xffEI\x00 EI Q"))
	wantError(t, err, nianbao.ENOTREPORT, "没有文字层", "OCR")
	// Nothing at all on the page.
	_, err = Read(onePage("0 0 m 100 100 l S"))
	wantError(t, err, nianbao.ENOTREPORT, "没有文字层")
}

// TestBadFiles: files that are not PDFs, truncated, or damaged get a clear
// error or, where the damage can be repaired, a correct reading; never a
// panic.
func TestBadFiles(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":       nil,
		"header only": []byte("%PDF-1.7\n"),
		"html":        []byte("<html><body>PDF</body></html>"),
		"no objects":  []byte("%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer\n<</Size 1>>\nstartxref\n9\n%%EOF"),
		"no pages":    []byte("%PDF-1.4\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Read(data)
			wantError(t, err, nianbao.EINVALID)
		})
	}
	real := readFile(t, realPath("hongze-2023"))
	_, want := real, readTruth(t, "hongze-2023")

	// Truncated: a download cut short.
	for _, frac := range []float64{0.01, 0.1, 0.3, 0.5, 0.7, 0.9} {
		t.Run(fmt.Sprintf("truncated at %.0f%%", frac*100), func(t *testing.T) {
			_, err := Read(real[:int(float64(len(real))*frac)])
			wantError(t, err, nianbao.EINVALID, "PDF")
		})
	}
	// A broken cross-reference table is rebuilt from the objects.
	broken := map[string][]byte{}
	i := bytes.LastIndex(real, []byte("startxref"))
	broken["startxref points nowhere"] = append(append([]byte(nil), real[:i]...), []byte("startxref\n123\n%%EOF\n")...)
	broken["no startxref"] = real[:i]
	x := bytes.LastIndex(real, []byte("/Type /XRef"))
	if x < 0 {
		t.Fatal("no xref stream in the test file")
	}
	damaged := append([]byte(nil), real...)
	s := bytes.Index(damaged[x:], []byte("stream")) + x + len("stream\r\n")
	for k := s; k < s+40 && k < len(damaged); k++ {
		damaged[k] = 'X'
	}
	broken["xref stream garbled"] = damaged
	// Offsets all wrong: every object moved by a prefix of junk.
	broken["objects moved"] = append([]byte("%PDF-1.7\n% junk junk junk junk junk\n"), real...)
	for name, data := range broken {
		t.Run(name, func(t *testing.T) {
			doc, err := Read(data)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := match.Read(doc)
			if err != nil {
				t.Fatal(err)
			}
			truth.Compare(t, rep, want)
		})
	}
}

// TestDamaged flips bytes all over a real report: no panic, and every
// failure is a *nianbao.Error with a message.
func TestDamaged(t *testing.T) {
	real := readFile(t, realPath("huaian-2024"))
	rng := rand.New(rand.NewPCG(1, 2))
	for k := range 40 {
		data := append([]byte(nil), real...)
		for range 1 + k%20 {
			data[rng.IntN(len(data))] = byte(rng.IntN(256))
		}
		checkNoPanic(t, data)
	}
}

func checkNoPanic(t *testing.T, data []byte) {
	t.Helper()
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
	if _, err := match.Read(doc); err != nil {
		var e *nianbao.Error
		if !errors.As(err, &e) || e.Message == "" {
			t.Fatalf("error without a reason: %v", err)
		}
	}
}

// TestSimpleFonts reads text in single-byte fonts: a standard font without
// widths, a TrueType font with /Widths and a /Differences encoding, TJ
// kerning and word spacing.
func TestSimpleFonts(t *testing.T) {
	var b pdfBuilder
	helv := b.add("<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>")
	widths := strings.TrimSpace(strings.Repeat("500 ", 95))
	tt := b.add("<</Type/Font/Subtype/TrueType/BaseFont/Arial/FirstChar 32/LastChar 126/Widths[" + widths + "]/Encoding<</BaseEncoding/WinAnsiEncoding/Differences[65/uni4E00/uni4E8C 90/three]>>>>")
	content := "BT /F1 12 Tf 72 700 Td (Total: 3,119) Tj ET\n" +
		"BT /F2 12 Tf 72 650 Td [(AB) -400 (Z) -500 (x)] TJ ET\n" +
		"BT /F1 12 Tf 5 Tw 72 600 Td (a b) Tj ET\n"
	c := b.stream("", []byte(content), false)
	page := b.add(fmt.Sprintf("<</Type/Page/Parent 5 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 %d 0 R/F2 %d 0 R>>>>/Contents %d 0 R>>", helv, tt, c))
	pages := b.add(fmt.Sprintf("<</Type/Pages/Kids[%d 0 R]/Count 1>>", page))
	doc, err := Read(b.bytes(b.add(fmt.Sprintf("<</Type/Catalog/Pages %d 0 R>>", pages))))
	if err != nil {
		t.Fatal(err)
	}
	want := "Total: 3,119\n一二 3 x\na b\n"
	if doc.Text != want {
		t.Errorf("text = %q; want %q", doc.Text, want)
	}
}
