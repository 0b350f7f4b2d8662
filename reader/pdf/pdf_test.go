package pdf

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/truth"
	"nianbao/match"
	"nianbao/reader/internal/limit"
)

var realPDFs = []string{"hongze-2023", "huaian-2024"}

func realPath(name string) string { return filepath.Join("..", "..", "testdata", "real", name+".pdf") }

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readTruth(t *testing.T, name string) *nianbao.Report {
	t.Helper()
	return truth.Read(t, realPath(name))
}

func readReport(t *testing.T, data []byte) *nianbao.Report {
	t.Helper()
	doc, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := match.Read(doc)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestReal reads the real reports exactly: every number and metadata field
// equals the hand-read truth.
func TestReal(t *testing.T) {
	for _, name := range realPDFs {
		t.Run(name, func(t *testing.T) {
			rep := readReport(t, readFile(t, realPath(name)))
			truth.Compare(t, rep, readTruth(t, name))
			if rep.Source.Layout != nianbao.LayoutRuled {
				t.Errorf("layout %q; want %q", rep.Source.Layout, nianbao.LayoutRuled)
			}
			for _, n := range rep.Notes {
				t.Logf("note %s: %s", n.Code, n.Message)
			}
		})
	}
}

// TestRealWithoutRules reads the real reports with their ruling lines
// dropped, as a PDF whose tables have no borders: the positioned lines
// (column-aligned text) must read exactly too.
func TestRealWithoutRules(t *testing.T) {
	for _, name := range realPDFs {
		t.Run(name, func(t *testing.T) {
			pages, err := readPages(readFile(t, realPath(name)), limit.New(limit.Limits{}))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range pages {
				p.rules = nil
			}
			doc := layoutDocument(pages, limit.New(limit.Limits{}))
			rep, err := match.Read(doc)
			if err != nil {
				t.Fatal(err)
			}
			truth.Compare(t, rep, readTruth(t, name))
			if rep.Source.Layout != nianbao.LayoutByColumns {
				t.Errorf("layout %q; want %q", rep.Source.Layout, nianbao.LayoutByColumns)
			}
			if t.Failed() {
				t.Log(doc.Text)
			}
		})
	}
}

// TestSynthetic reads a generated report laid out like the WPS ones
// (composite fonts with width tables, a vertical Identity-V label, small
// type, labels wrapped over three lines, a table split across pages with
// its group label left behind, borders stroked and drawn as thin fills),
// with and without its ruling lines, with a border around each page, with
// its pages stored turned and shown upright by /Rotate, and with rows
// split across page breaks under a header repeated on every page.
func TestSynthetic(t *testing.T) {
	for _, o := range []synthOpts{{rules: true}, {}, {rules: true, frame: true}, {frame: true}, {rules: true, rotate: true}, {rotate: true},
		{rules: true, split: true}, {split: true}, {rules: true, split: true, frame: true}, {rules: true, split: true, rotate: true}} {
		t.Run(fmt.Sprintf("%+v", o), func(t *testing.T) {
			data, want := synthReportOpts(o)
			doc, err := Read(data)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := match.Read(doc)
			if err != nil {
				t.Fatalf("%v\n%s", err, doc.Text)
			}
			truth.Compare(t, rep, want)
			if layout := map[bool]nianbao.Layout{true: nianbao.LayoutRuled, false: nianbao.LayoutByColumns}[o.rules]; rep.Source.Layout != layout {
				t.Errorf("layout %q; want %q", rep.Source.Layout, layout)
			}
			if t.Failed() {
				t.Log(doc.Text)
			}
		})
	}
}

var synth = flag.String("synth", "", "write the unencrypted synthetic report that testdata's encrypted copies were made from to this file (testdata/README.md)")

// TestEncrypted reads the synthetic report encrypted by qpdf with the
// empty user password under each method of the standard security handler,
// and refuses one that needs a password with a clear error.
func TestEncrypted(t *testing.T) {
	data, want := synthReport(true)
	if *synth != "" {
		if err := os.WriteFile(*synth, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"rc4-40", "rc4-128", "aes-128", "aes-256"} {
		t.Run(name, func(t *testing.T) {
			rep := readReport(t, readFile(t, filepath.Join("testdata", name+".pdf")))
			truth.Compare(t, rep, want)
		})
	}
	_, err := Read(readFile(t, filepath.Join("testdata", "needs-password.pdf")))
	if nianbao.ErrorCode(err) != nianbao.EUNSUPPORTED || !strings.Contains(nianbao.ErrorMessage(err), "密码") {
		t.Errorf("a PDF with a user password: err = %v; want an unsupported error that asks for the password", err)
	}
}

// TestNoToUnicode reads text in a composite font without a ToUnicode CMap
// from the embedded TrueType program's cmap.
func TestNoToUnicode(t *testing.T) {
	const text = "政府信息公开工作年度报告2023"
	doc, err := Read(noToUnicodePDF(text))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(doc.Text) != text {
		t.Errorf("text = %q; want %q", doc.Text, text)
	}
}

// TestGlyphString: radicals and compatibility ideographs a font shares
// with a unified ideograph read as the ideograph (Chromium's text layer
// writes ⺠ for 民 with Noto CJK); radicals that are only components, and
// everything else, stay as printed.
func TestGlyphString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"人⺠政府", "人民政府"},       // U+2EA0, Radicals Supplement, no NFKC mapping
		{"⻓⻔⻛⻜⻢⻥⻦", "长门风飞马鱼鸟"}, // simplified radicals Noto draws as the characters
		{"⺟", "母"},             // one of the supplement's two NFKC mappings
		{"⼈⺠", "人民"},           // U+2F08 Kangxi radical, by NFKC
		{"\uF9B2", "零"},        // a compatibility ideograph, by NFKC
		{"⺀⺁", "⺀⺁"},           // components with no unified twin
		{"a\x01b\uFFFD", "ab"}, // control characters and replacement characters go
		{"政府信息公开", "政府信息公开"},
	} {
		if got := glyphString(c.in); got != c.want {
			t.Errorf("glyphString(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

// TestContinuationText: what may continue a split row's text (words with
// no numbering of their own) and what it may continue (words, or a
// numbering left alone on its line), and never a number or a mark.
func TestContinuationText(t *testing.T) {
	for _, c := range []struct {
		s                          string
		words, numbered, numbering bool
	}{
		{"再处理其政府信息公开申请", true, false, false},
		{"5.要求行政机关确认或重新出具已", true, false, false},
		{"4、无", true, false, false},
		{"三)不予公开", true, false, false},
		{"（三）不予公开", true, true, false},
		{"一、本年新收政府信息公开申请数量", true, true, false},
		{"7、", false, false, true},
		{"(", false, false, true},
		{"无", false, false, false},
		{"12", false, false, false},
		{"12件", false, false, false},
		{"/", false, false, false},
	} {
		if got := isWords(c.s); got != c.words {
			t.Errorf("isWords(%q) = %v; want %v", c.s, got, c.words)
		}
		if got := startsNumbered(c.s); got != c.numbered {
			t.Errorf("startsNumbered(%q) = %v; want %v", c.s, got, c.numbered)
		}
		if got := isNumbering(c.s); got != c.numbering {
			t.Errorf("isNumbering(%q) = %v; want %v", c.s, got, c.numbering)
		}
	}
}

// gridTable makes a table of one-position cells with the given texts, on
// columns 40 points wide and rows 20 high from y.
func gridTable(y float64, rows ...[]string) *table {
	t := &table{}
	for c := range len(rows[0]) + 1 {
		t.xs = append(t.xs, 60+40*float64(c))
	}
	for r := range len(rows) + 1 {
		t.ys = append(t.ys, y+20*float64(r))
	}
	for r, row := range rows {
		t.owner = append(t.owner, nil)
		for c, s := range row {
			t.owner[r] = append(t.owner[r], len(t.cells))
			t.cells = append(t.cells, &cell{r0: r, c0: c, r1: r, c1: c})
			t.texts = append(t.texts, s)
		}
	}
	return t
}

// TestContinueRow: the first row of a table's part on the next page goes
// into the last row of the part before when it only continues its text,
// and never into a number's cell.
func TestContinueRow(t *testing.T) {
	for _, c := range []struct {
		name            string
		last, first     []string
		wantLast, wantF []string
	}{
		{"rest of a label", []string{"5.要求行政机关确认或重新出具已", "3", "", "4"}, []string{"获取信息", "", "", ""},
			[]string{"5.要求行政机关确认或重新出具已获取信息", "3", "", "4"}, []string{"", "", "", ""}},
		{"whole label after its numbers", []string{"", "0", "0", "0"}, []string{"7、属于行政执法案卷", "", "", ""},
			[]string{"7、属于行政执法案卷", "0", "0", "0"}, []string{"", "", "", ""}},
		{"header's rest", []string{"结果", "结果", "", "总计"}, []string{"维持", "纠正", "尚未审结", ""},
			[]string{"结果维持", "结果纠正", "尚未审结", "总计"}, []string{"", "", "", ""}},
		{"words under a blank among numbers", []string{"4.保护第三方合法权益", "3", "", "4"}, []string{"", "", "其他", ""},
			[]string{"4.保护第三方合法权益", "3", "", "4"}, []string{"", "", "其他", ""}},
		{"a numbered row of its own", []string{"2.重复申请", "", "", ""}, []string{"3.要求提供公开出版物", "", "", ""},
			[]string{"2.重复申请", "", "", ""}, []string{"3.要求提供公开出版物", "", "", ""}},
		{"a row with numbers", []string{"规章", "1", "2", "3"}, []string{"行政规范性文件", "4", "5", "6"},
			[]string{"规章", "1", "2", "3"}, []string{"行政规范性文件", "4", "5", "6"}},
		{"a mark", []string{"行政许可", "1", "2", "3"}, []string{"", "无", "", ""},
			[]string{"行政许可", "1", "2", "3"}, []string{"", "无", "", ""}},
	} {
		prev, next := gridTable(700, c.last), gridTable(60, c.first)
		continueRow(prev, next)
		if !slices.Equal(prev.texts, c.wantLast) || !slices.Equal(next.texts, c.wantF) {
			t.Errorf("%s: rows read %q, %q; want %q, %q", c.name, prev.texts, next.texts, c.wantLast, c.wantF)
		}
	}
}
