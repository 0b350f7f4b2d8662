package reader

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"nianbao"
)

var peakSizes = flag.String("peak-sizes", "1,10", "input sizes in MB that TestPeakMemory reads (the upload cap is 50)")

// peakBound is the most heap that reading any one file may hold: the 1 GB
// of the target, less what the test itself holds.
const peakBound = 900 << 20

// sized makes a file of about size bytes in a format: a report's lines
// over and over, numbered, paragraphs and table rows. DOCX and XLSX parts
// are stored, not compressed, so the file is as large as its XML.
var sized = []struct {
	format string
	make   func(lines []string, size int) []byte
}{
	{"text", func(lines []string, size int) []byte {
		var b bytes.Buffer
		for i := 0; b.Len() < size; i++ {
			fmt.Fprintf(&b, "%s %d\n", lines[i%len(lines)], i)
		}
		return b.Bytes()
	}},
	{"html", func(lines []string, size int) []byte {
		var b bytes.Buffer
		b.WriteString("<html><body>")
		for i := 0; b.Len() < size; i++ {
			if i%20 == 0 {
				fmt.Fprintf(&b, "<table><tr><td>%s</td><td>%d</td><td>%d</td></tr></table>", lines[i%len(lines)], i, i+1)
				continue
			}
			fmt.Fprintf(&b, "<p>%s %d</p>", lines[i%len(lines)], i)
		}
		return b.Bytes()
	}},
	{"docx", func(lines []string, size int) []byte {
		return stored("word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`, `</w:body></w:document>`, size, func(b *bytes.Buffer, i int) {
			if i%20 == 0 {
				fmt.Fprintf(b, "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>%d</w:t></w:r></w:p></w:tc></w:tr></w:tbl>", lines[i%len(lines)], i)
				return
			}
			fmt.Fprintf(b, "<w:p><w:r><w:t>%s %d</w:t></w:r></w:p>", lines[i%len(lines)], i)
		}, map[string]string{})
	}},
	{"xlsx", func(lines []string, size int) []byte {
		return stored("xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`, `</sheetData></worksheet>`, size, func(b *bytes.Buffer, i int) {
			fmt.Fprintf(b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c><c r="B%d"><v>%d</v></c></row>`, i+1, i+1, lines[i%len(lines)], i+1, i)
		}, map[string]string{
			"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		})
	}},
	{"pdf", func(_ []string, size int) []byte {
		// Pages of 50 lines of text and a ruled box, Helvetica (ASCII).
		var objs []string
		add := func(s string) int { objs = append(objs, s); return len(objs) }
		font := add("<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>")
		kids := add("")
		var refs strings.Builder
		n, total := 0, 0
		for ; total < size*19/20; n++ {
			var c strings.Builder
			c.WriteString("0.5 w 50 50 495 742 re S\nBT /F1 10 Tf 60 780 Td 14 TL\n")
			for l := range 50 {
				fmt.Fprintf(&c, "(Line %d of page %d: 12345 67890 total %d) '\n", l, n, n*50+l)
			}
			c.WriteString("ET\n")
			cs := add(fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", c.Len(), c.String()))
			p := add(fmt.Sprintf("<</Type/Page/Parent %d 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 %d 0 R>>>>/Contents %d 0 R>>", kids, font, cs))
			fmt.Fprintf(&refs, "%d 0 R ", p)
			total += c.Len() + 200
		}
		objs[kids-1] = fmt.Sprintf("<</Type/Pages/Kids[%s]/Count %d>>", refs.String(), n)
		root := add(fmt.Sprintf("<</Type/Catalog/Pages %d 0 R>>", kids))
		var out bytes.Buffer
		out.WriteString("%PDF-1.7\n")
		offs := make([]int, len(objs))
		for i, o := range objs {
			offs[i] = out.Len()
			fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", i+1, o)
		}
		x := out.Len()
		fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
		for _, o := range offs {
			fmt.Fprintf(&out, "%010d 00000 n \n", o)
		}
		fmt.Fprintf(&out, "trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, root, x)
		return out.Bytes()
	}},
}

// stored packs a zip of one part grown to size by item, between head and
// tail, and the other parts, all stored without compression.
func stored(name, head, tail string, size int, item func(*bytes.Buffer, int), others map[string]string) []byte {
	var part bytes.Buffer
	part.WriteString(head)
	for i := 0; part.Len() < size; i++ {
		item(&part, i)
	}
	part.WriteString(tail)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	others[name] = part.String()
	for n, s := range others {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
		w.Write([]byte(s))
	}
	zw.Close()
	return buf.Bytes()
}

// peak runs read and returns the most heap in use while it ran, sampled
// every few milliseconds, and the bytes it allocated.
func peak(read func()) (inuse, alloc uint64) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			inuse = max(inuse, m.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	read()
	close(done)
	wg.Wait()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return max(inuse, after.HeapInuse) - min(before.HeapInuse, inuse), after.TotalAlloc - before.TotalAlloc
}

// TestPeakMemory reads generated files of each format at each size in
// -peak-sizes and checks that the heap reading one holds stays under
// peakBound, and that each is answered (a report or an error) within the
// time limit. It logs the figures: go test -run PeakMemory -v -peak-sizes 1,10,50.
func TestPeakMemory(t *testing.T) {
	seed, err := os.ReadFile("../testdata/seeds/000_e75d9df8b36af8be.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(seed)), "\n")
	for _, s := range strings.Split(*peakSizes, ",") {
		mb, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range sized {
			data := f.make(lines, mb<<20-256<<10) // under the cap, which is refused unread
			var rerr error
			start := time.Now()
			inuse, alloc := peak(func() { _, rerr = Read("peak."+f.format, data) })
			took := time.Since(start)
			outcome := "read"
			if rerr != nil {
				outcome = nianbao.ErrorMessage(rerr)
			}
			t.Logf("%-5s %5.1f MB: peak heap %4d MB, allocated %5d MB, %6v: %s", f.format, float64(len(data))/(1<<20), inuse>>20, alloc>>20, took.Round(time.Millisecond), outcome)
			if inuse > peakBound {
				t.Errorf("%s of %d MB: peak heap %d MB, over %d MB", f.format, len(data)>>20, inuse>>20, peakBound>>20)
			}
			if took > DefaultLimits.Time+2*time.Second {
				t.Errorf("%s of %d MB: %v, over the time limit", f.format, len(data)>>20, took)
			}
		}
	}
}
