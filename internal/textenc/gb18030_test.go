package textenc

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// xtextGB18030 is the reference AppendGB18030 must match.
func xtextGB18030(t testing.TB, data []byte) string {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		t.Fatalf("x/text failed on % X: %v", data, err)
	}
	return string(b)
}

func checkGB18030(t testing.TB, data []byte) {
	t.Helper()
	in := bytes.Clone(data)
	got := string(AppendGB18030(nil, data))
	if !bytes.Equal(in, data) {
		t.Fatalf("AppendGB18030 modified its input % X", in)
	}
	if want := xtextGB18030(t, data); got != want {
		t.Fatalf("AppendGB18030(% X)\n got %+q\nwant %+q", data, got, want)
	}
}

// TestAppendGB18030Exhaustive compares every one- and two-byte input with
// x/text, alone, before ASCII, before a two-byte character, after ASCII,
// and as the cut-off end of longer input.
func TestAppendGB18030Exhaustive(t *testing.T) {
	checkGB18030(t, nil)
	checkGB18030(t, []byte{})
	for c := range 256 {
		checkGB18030(t, []byte{byte(c)})
		checkGB18030(t, []byte{'a', byte(c)})
		checkGB18030(t, []byte{0xB0, 0xA1, byte(c)})
	}
	for c0 := range 256 {
		for c1 := range 256 {
			two := []byte{byte(c0), byte(c1)}
			checkGB18030(t, two)
			checkGB18030(t, append(bytes.Clone(two), 'x'))
			checkGB18030(t, append(bytes.Clone(two), 'x', 'y', 'z', 0xB0, 0xA1))
			checkGB18030(t, append(bytes.Clone(two), 0xB0, 0xA1))
			checkGB18030(t, append([]byte("0123456789abcdef"), two...))
			checkGB18030(t, append([]byte{0xB0, 0xA1, 'a', 0x81, 0x30}, two...))
		}
	}
}

// TestAppendGB18030ThreeBytes covers every lead byte and digit followed by
// any byte: the beginnings of four-byte sequences, cut off or gone wrong.
func TestAppendGB18030ThreeBytes(t *testing.T) {
	for c0 := 0x80; c0 <= 0xFF; c0++ {
		for c1 := 0x30; c1 <= 0x39; c1++ {
			for c2 := range 256 {
				checkGB18030(t, []byte{byte(c0), byte(c1), byte(c2)})
				checkGB18030(t, []byte{byte(c0), byte(c1), byte(c2), 'x'})
				checkGB18030(t, []byte{byte(c0), byte(c1), byte(c2), 0x30, 0xB0, 0xA1})
			}
		}
	}
}

// TestAppendGB18030FourBytes covers every well-formed four-byte sequence;
// they delimit themselves, so one input per lead byte holds them all.
func TestAppendGB18030FourBytes(t *testing.T) {
	for c0 := 0x81; c0 <= 0xFE; c0++ {
		var data []byte
		for c1 := 0x30; c1 <= 0x39; c1++ {
			for c2 := 0x81; c2 <= 0xFE; c2++ {
				for c3 := 0x30; c3 <= 0x39; c3++ {
					data = append(data, byte(c0), byte(c1), byte(c2), byte(c3))
				}
			}
			data = append(data, 0xB0, 0xA1, 'a') // between runs: two-byte, ASCII
		}
		checkGB18030(t, data)
	}
}

func TestAppendGB18030Cases(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"ascii", []byte("<html><body>Hello, world!</body></html>\r\n")},
		{"long ascii", bytes.Repeat([]byte("0123456789"), 100)},
		{"gbk", gbk(t, sample)},
		{"gbk between ascii", append(append([]byte("<p>"), gbk(t, "政府信息公开"+"〇")...), "</p>"...)},
		{"four-byte supplementary", mustGB18030(t, "𠀀字𪚥与𝄞")},
		{"four-byte bmp", mustGB18030(t, "€\u0080\u00A5\uE5E5\uFFFF\u3000·")},
		{"four-byte first and last", []byte{0x81, 0x30, 0x81, 0x30, 0xE3, 0x32, 0x9A, 0x35}},
		{"four-byte past U+10FFFF", []byte{0xE3, 0x32, 0x9A, 0x36, 'a'}},
		{"four-byte in the gap", []byte{0x84, 0x31, 0xA5, 0x30, 0x90, 0x30, 0x81, 0x2F, 'b'}},
		{"four-byte bad third", []byte{0x81, 0x30, 0x7F, 0x30, 0x81, 0x30, 0xFF, 0x30}},
		{"four-byte bad fourth", []byte{0x81, 0x30, 0x81, 0x3A, 0x81, 0x30, 0x81, 0x2F}},
		{"four-byte cut", []byte{'a', 0x81, 0x30, 0x81}},
		{"four-byte cut twice", []byte{0x81, 0x30, 0x81, 0x81, 0x30}},
		{"euro 0x80", []byte{'a', 0x80, 0xB0, 0xA1, 0x80}},
		{"0xFF", []byte{0xFF, 0xB0, 0xA1, 0xFF, 0xFF, 'a'}},
		{"bad trail", []byte{0xB0, 0x7F, 0xB0, 0xFF, 0xB0, 0x20, 0xB0, 0x00, 0xB0}},
		{"undefined code", []byte{0xA2, 0xA0, 0xA6, 0xD9, 0xD7, 0xFA, 'z'}},
		{"user-defined area", []byte{0xAA, 0xA1, 0xF8, 0xFE, 0xA1, 0x40, 0xA7, 0xFE}},
		{"cut at end", append(gbk(t, "年度报告"), 0xB1)},
		{"lead before digit at end", []byte{0xB0, 0xA1, 0xB0, '5'}},
		{"run of leads", bytes.Repeat([]byte{0x81}, 33)},
		{"high bytes every eighth", []byte("abcdefg\x80abcdefg\xB0\xA1bcdef\xFF")},
	} {
		t.Run(tc.name, func(t *testing.T) { checkGB18030(t, tc.data) })
	}
}

// TestAppendGB18030Random compares random byte soups and random sequences
// of well- and ill-formed characters of every kind.
func TestAppendGB18030Random(t *testing.T) {
	for seed := range uint64(200) {
		n := int(seed * 7 % 300)
		checkGB18030(t, randomBytes(n, seed))
		checkGB18030(t, randomHigh(n, seed))
	}
	pieces := [][]byte{
		[]byte("a"), []byte("<p class=\"x\">"), {'\r', '\n'},
		{0xB0, 0xA1}, {0xD6, 0xD0}, {0xA1, 0xA4}, {0x81, 0x40}, {0xA9, 0x96}, {0xA2, 0xA0},
		{0x80}, {0xFF}, {0x81}, {0xFE}, {0x7F}, {0x00},
		{0x81, 0x30, 0x81, 0x30}, {0x95, 0x32, 0x82, 0x36}, {0x84, 0x31, 0xA4, 0x39},
		{0x81, 0x30}, {0x81, 0x30, 0x81}, {0xE3, 0x32, 0x9A, 0x36},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var data []byte
		for range r.IntN(12) {
			data = append(data, pieces[r.IntN(len(pieces))]...)
		}
		checkGB18030(t, data)
	}
}

func FuzzAppendGB18030(f *testing.F) {
	f.Add([]byte("plain ascii"))
	f.Add(gbk(f, sample))
	f.Add(mustGB18030(f, "𠀀字与€"))
	f.Add([]byte{0x81, 0x30, 0x81, 0xB0, 0xA1, 0x80, 0xFF, 0xB0})
	f.Fuzz(func(t *testing.T, data []byte) { checkGB18030(t, data) })
}

// gbPage is a real report page, about 100 KB once encoded in GB18030:
// mostly ASCII markup with runs of Chinese.
func gbPage(b *testing.B) []byte {
	data, err := os.ReadFile("../../testdata/real/shuyang-fgj-2023.html")
	if err != nil {
		b.Fatal(err)
	}
	return mustGB18030(b, string(data))
}

func BenchmarkAppendGB18030(b *testing.B) {
	page := gbPage(b)
	if string(AppendGB18030(nil, page)) != xtextGB18030(b, page) {
		b.Fatal("AppendGB18030 differs from x/text")
	}
	for _, bm := range []struct {
		name   string
		decode func([]byte) string
	}{
		{"x-text", func(data []byte) string { return xtextGB18030(b, data) }},
		{"fast", func(data []byte) string { return string(AppendGB18030(nil, data)) }},
	} {
		b.Run(fmt.Sprintf("%s/%dKB", bm.name, len(page)>>10), func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			for b.Loop() {
				bm.decode(page)
			}
		})
	}
}
