package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
	"time"

	"nianbao/reader/internal/limit"
	"nianbao/reader/internal/limit/limittest"
)

func deflate(data []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(data)
	w.Close()
	return z.Bytes()
}

// filterChain is a one-page PDF whose content is n RunLength runs of 128
// bytes each, Flate-compressed: each filter multiplies what the one before
// made, RunLength by 64.
func filterChain(n int, filter string) []byte {
	rl := bytes.Repeat([]byte{129, 'x'}, n)
	var b pdfBuilder
	c := b.add(fmt.Sprintf("<</Filter[/FlateDecode/%s]/Length %d>>\nstream\n%s\nendstream", filter, 0, deflate(rl)))
	page := b.add(fmt.Sprintf("<</Type/Page/Parent 3 0 R/MediaBox[0 0 595 842]/Contents %d 0 R>>", c))
	pages := b.add(fmt.Sprintf("<</Type/Pages/Kids[%d 0 R]/Count 1>>", page))
	return b.bytes(b.add(fmt.Sprintf("<</Type/Catalog/Pages %d 0 R>>", pages)))
}

// xrefStream is a PDF whose cross-reference stream declares n entries
// (W [1 0 0]: one byte each), Flate-compressed to almost nothing.
func xrefStream(n int) []byte {
	var out bytes.Buffer
	out.WriteString("%PDF-1.7\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n")
	x := out.Len()
	data := deflate(bytes.Repeat([]byte{1}, n))
	fmt.Fprintf(&out, "3 0 obj\n<</Type/XRef/W[1 0 0]/Size %d/Root 1 0 R/Filter/FlateDecode/Length %d>>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", n, len(data), data, x)
	return out.Bytes()
}

// sharedRules is a PDF of pages pages all drawing one content stream of
// rules ruling lines (a grid of them) and a line of text.
func sharedRules(pages, rules int) []byte {
	var c strings.Builder
	c.WriteString("BT /F1 12 Tf 72 800 Td (x) Tj ET\n")
	for i := range rules {
		if i%2 == 0 {
			fmt.Fprintf(&c, "0 %d m 500 %d l S\n", i%800, i%800)
		} else {
			fmt.Fprintf(&c, "%d 0 m %d 800 l S\n", i%500, i%500)
		}
	}
	var b pdfBuilder
	font := b.add("<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>")
	content := b.stream("", []byte(c.String()), true)
	kids := b.reserve()
	var refs strings.Builder
	for range pages {
		p := b.add(fmt.Sprintf("<</Type/Page/Parent %d 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 %d 0 R>>>>/Contents %d 0 R>>", kids, font, content))
		fmt.Fprintf(&refs, "%d 0 R ", p)
	}
	b.set(kids, fmt.Sprintf("<</Type/Pages/Kids[%s]/Count %d>>", refs.String(), pages))
	return b.bytes(b.add(fmt.Sprintf("<</Type/Catalog/Pages %d 0 R>>", kids)))
}

// sharedCMap is a one-page PDF selecting fonts fonts, each with the same
// ToUnicode CMap of ranges ranges of 512 codes each.
func sharedCMap(fonts, ranges int) []byte {
	var cm strings.Builder
	fmt.Fprintf(&cm, "begincmap %d beginbfrange\n", ranges)
	for i := range ranges {
		fmt.Fprintf(&cm, "<%04x> <%04x> <4e00>\n", i*512%65536, i*512%65536+511)
	}
	cm.WriteString("endbfrange endcmap\n")
	var b pdfBuilder
	tu := b.stream("", []byte(cm.String()), true)
	var res, content strings.Builder
	content.WriteString("BT 72 800 Td\n")
	for i := range fonts {
		f := b.add(fmt.Sprintf("<</Type/Font/Subtype/Type1/BaseFont/Helvetica/ToUnicode %d 0 R>>", tu))
		fmt.Fprintf(&res, "/F%d %d 0 R", i, f)
		fmt.Fprintf(&content, "/F%d 10 Tf (a) Tj\n", i)
	}
	content.WriteString("ET\n")
	c := b.stream("", []byte(content.String()), true)
	page := b.add(fmt.Sprintf("<</Type/Page/Parent %d 0 R/MediaBox[0 0 595 842]/Resources<</Font<<%s>>>>/Contents %d 0 R>>", len(b.objs)+2, res.String(), c))
	pages := b.add(fmt.Sprintf("<</Type/Pages/Kids[%d 0 R]/Count 1>>", page))
	return b.bytes(b.add(fmt.Sprintf("<</Type/Catalog/Pages %d 0 R>>", pages)))
}

// TestHostile: PDFs of a few KB that once asked for gigabytes stop at the
// limit they reach, with ETOOLARGE naming it.
func TestHostile(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		want string
		lim  limit.Limits // the defaults, or less to keep the test fast
	}{
		{"RunLength after Flate", filterChain(8<<20, "RunLengthDecode"), "解压", limit.Limits{}},
		{"ASCII85 after Flate", filterChain(64<<20, "ASCII85Decode"), "解压", limit.Limits{}},
		{"xref stream of 8 million entries", xrefStream(8 << 20), "PDF 对象", limit.Limits{}},
		{"rules shared by many pages", sharedRules(3000, 20000), "表格线", limit.Limits{}},
		{"one CMap for many fonts", sharedCMap(2000, 256), "解压后的数据不超过 32 MB", limit.Limits{Decoded: 32 << 20}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			limittest.Read(t, len(tt.data), tt.want, func() error {
				_, err := ReadBudget(tt.data, limit.New(tt.lim))
				return err
			})
		})
	}
}

// FuzzHostile: PDFs of the shapes above, of any size, read under tight
// limits, stop with a reason or read.
func FuzzHostile(f *testing.F) {
	f.Add(uint8(0), uint32(1000), uint16(0))
	f.Add(uint8(1), uint32(100000), uint16(0))
	f.Add(uint8(2), uint32(100000), uint16(0))
	f.Add(uint8(3), uint32(2000), uint16(50))
	f.Add(uint8(4), uint32(100), uint16(300))
	f.Fuzz(func(t *testing.T, shape uint8, n uint32, pages uint16) {
		var data []byte
		switch shape % 5 {
		case 0:
			data = filterChain(int(n%(4<<20)), "RunLengthDecode")
		case 1:
			data = filterChain(int(n%(4<<20)), "ASCII85Decode")
		case 2:
			data = xrefStream(int(n % (4 << 20)))
		case 3:
			data = sharedRules(int(pages%500)+1, int(n%20000))
		case 4:
			data = sharedCMap(int(pages%2000), int(n%256))
		}
		_, err := ReadBudget(data, limit.New(limit.Limits{Decoded: 32 << 20, Objects: 100_000, Rules: 100_000, Operators: 1_000_000, Time: 2 * time.Second}))
		limittest.Reason(t, err)
	})
}
