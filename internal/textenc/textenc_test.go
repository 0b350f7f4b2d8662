package textenc

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"nianbao"
)

const sample = "曲靖市麒麟区珠街街道2020年政府信息公开工作年度报告\n一、总体情况\n2020年，珠街街道……\n"

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var b []byte
	if bom {
		s = "\uFEFF" + s
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// randomHigh is random data without NUL bytes or ASCII, the hardest binary
// input for the GB18030 check (every byte could start a character).
func randomHigh(n int, seed uint64) []byte {
	b := randomBytes(n, seed)
	for i := range b {
		b[i] |= 0x80
	}
	return b
}

func TestDecode(t *testing.T) {
	crlf := strings.ReplaceAll(sample, "\n", "\r\n")
	tests := []struct {
		name    string
		in      []byte
		want    string
		enc     string
		wantErr string // the error message, "" for success
	}{
		{"utf-8", []byte(sample), sample, UTF8, ""},
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, sample...), sample, UTF8, ""},
		{"utf-8 crlf", []byte(crlf), sample, UTF8, ""},
		{"utf-8 lone cr", []byte("甲\r乙\r\r丙"), "甲\n乙\n\n丙", UTF8, ""},
		{"utf-8 cr at end", []byte("甲\r"), "甲\n", UTF8, ""},
		{"utf-8 mixed endings", []byte("a\r\nb\rc\nd\n\re"), "a\nb\nc\nd\n\ne", UTF8, ""},
		{"ascii", []byte("2024 annual report\n"), "2024 annual report\n", UTF8, ""},
		{"utf-8 truncated last char", []byte(sample + "年度报"[:7]), sample + "年度\uFFFD", UTF8, ""},
		{"utf-8 bom with damage", append([]byte{0xEF, 0xBB, 0xBF}, sample+"\xff"+sample...), sample + "\uFFFD" + sample, UTF8, ""},
		{"utf-8 stray byte", []byte(sample + "\xa0" + sample), sample + "\uFFFD" + sample, UTF8, ""},
		{"gbk", gbk(t, sample), sample, GB18030, ""},
		{"gbk crlf", gbk(t, crlf), sample, GB18030, ""},
		{"gbk with 〇 date", gbk(t, "二〇二五年一月二十一日\n平武县人民政府办公室\n"), "二〇二五年一月二十一日\n平武县人民政府办公室\n", GB18030, ""},
		{"gb18030 four-byte", mustGB18030(t, "𠀀字与€\n"), "𠀀字与€\n", GB18030, ""},
		{"utf-16le bom", utf16Bytes(sample, false, true), sample, UTF16LE, ""},
		{"utf-16be bom", utf16Bytes(sample, true, true), sample, UTF16BE, ""},
		{"utf-16le crlf", utf16Bytes(crlf, false, true), sample, UTF16LE, ""},
		{"utf-16le surrogate pair", utf16Bytes("𠀀年报\n", false, true), "𠀀年报\n", UTF16LE, ""},
		{"utf-16le odd length", append(utf16Bytes(sample, false, true), 'x'), sample + "\uFFFD", UTF16LE, ""},
		{"utf-16le unpaired surrogate", append(utf16Bytes(sample, false, true), 0x00, 0xD8), sample + "\uFFFD", UTF16LE, ""},
		{"empty", nil, "", "", msgEmpty},
		{"whitespace", []byte(" \r\n\t\u3000\n"), "", "", msgEmpty},
		{"bom only", []byte{0xEF, 0xBB, 0xBF}, "", "", msgEmpty},
		{"utf-16 bom only", []byte{0xFF, 0xFE}, "", "", msgEmpty},
		{"utf-16 whitespace", utf16Bytes(" \r\n", false, true), "", "", msgEmpty},
		{"nul byte", []byte("年度报告\x00\x01\x02"), "", "", msgBinary},
		{"png header", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), randomBytes(512, 1)...), "", "", msgBinary},
		{"controls", bytes.Repeat([]byte("ab\x01\x02\x03\x04"), 100), "", "", msgBinary},
		{"random high bytes", randomHigh(4096, 2), "", "", msgGarbled},
		{"utf-16 nul", utf16Bytes("a\x00b\x00c\x00d", false, true), "", "", msgBinary},
		{"utf-16 random", append([]byte{0xFF, 0xFE}, randomHigh(4096, 3)...), "", "", msgGarbled16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := bytes.Clone(tt.in)
			got, enc, err := Decode(in)
			if !bytes.Equal(in, tt.in) {
				t.Errorf("Decode modified its input")
			}
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("Decode = %q, %s, want error %q", got, enc, tt.wantErr)
				}
				if nianbao.ErrorCode(err) != nianbao.ENOTREPORT || nianbao.ErrorMessage(err) != tt.wantErr {
					t.Fatalf("error = %s %q, want %s %q", nianbao.ErrorCode(err), err, nianbao.ENOTREPORT, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode error: %v", err)
			}
			if got != tt.want || enc != tt.enc {
				t.Errorf("Decode = %q, %s; want %q, %s", got, enc, tt.want, tt.enc)
			}
		})
	}
}

func mustGB18030(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBinaryRejected checks the binary heuristics on many random inputs:
// none may decode as text.
func TestBinaryRejected(t *testing.T) {
	for seed := range uint64(200) {
		for _, b := range [][]byte{randomBytes(2048, seed), randomHigh(2048, seed)} {
			if text, enc, err := Decode(b); err == nil {
				t.Fatalf("seed %d: random bytes decoded as %s: %.40q", seed, enc, text)
			}
		}
	}
}

// TestSeeds decodes the sample reports in every encoding they are found in.
func TestSeeds(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/seeds/*.txt")
	if len(files) == 0 {
		t.Fatal("no seeds: the test data is in the repository")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want := string(data)
		for _, in := range []struct {
			enc  string
			data []byte
		}{
			{UTF8, data},
			{UTF8, []byte(strings.ReplaceAll(want, "\n", "\r\n"))},
			{GB18030, mustGB18030(t, want)},
			{UTF16LE, utf16Bytes(want, false, true)},
			{UTF16BE, utf16Bytes(want, true, true)},
		} {
			got, enc, err := Decode(in.data)
			if err != nil || got != want || enc != in.enc {
				t.Errorf("%s as %s: got %s, err %v, equal %v", filepath.Base(f), in.enc, enc, err, got == want)
			}
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(sample))
	f.Add(append([]byte{0xEF, 0xBB, 0xBF}, "年\r\n报"...))
	f.Add(gbk(f, sample))
	f.Add(utf16Bytes("年\r报", false, true))
	f.Add(utf16Bytes("年\r报", true, true))
	f.Add([]byte{0xFF, 0xFE, 0x00, 0xD8})
	f.Add([]byte("\r\r\n\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in := bytes.Clone(data)
		text, enc, err := Decode(data)
		if !bytes.Equal(in, data) {
			t.Fatal("Decode modified its input")
		}
		if err != nil {
			if nianbao.ErrorCode(err) != nianbao.ENOTREPORT {
				t.Fatalf("error code %s", nianbao.ErrorCode(err))
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 from %s", enc)
		}
		if strings.IndexByte(text, '\r') >= 0 {
			t.Fatalf("CR left in text from %s", enc)
		}
		if strings.TrimSpace(text) == "" {
			t.Fatal("empty text accepted")
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	files, _ := filepath.Glob("../../testdata/seeds/*.txt")
	var utf, gb [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		utf = append(utf, data)
		gb = append(gb, mustGB18030(b, string(data)))
	}
	run := func(name string, inputs [][]byte) {
		b.Run(name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if _, _, err := Decode(inputs[i%len(inputs)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	run("utf-8", utf)
	run("gb18030", gb)
}

func TestAppendLowerASCII(t *testing.T) {
	in := []byte("<META Charset=GBK>\xc4\xea\xb6\xc8")
	want := "<meta charset=gbk>\xc4\xea\xb6\xc8"
	if got := string(AppendLowerASCII(nil, in)); got != want {
		t.Errorf("AppendLowerASCII(nil, %q) = %q; want %q", in, got, want)
	}
}

func TestStartsUTF8(t *testing.T) {
	for _, c := range []struct {
		data string
		n    int
		want bool
	}{
		{"年报", 4, true},                // the sample ends inside 报: cut before it
		{"年报", 100, true},              // shorter than the sample
		{"\xc4\xea\xb1\xa8", 4, false}, // 年报 in GBK
		{"年\xff", 10, false},
		{"年报\xff", 4, true}, // the bad byte lies past the sample
	} {
		if got := StartsUTF8([]byte(c.data), c.n); got != c.want {
			t.Errorf("StartsUTF8(%q, %d) = %v; want %v", c.data, c.n, got, c.want)
		}
	}
}
