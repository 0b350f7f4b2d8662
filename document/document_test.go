package document

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"nianbao"
)

// TestBuilder checks the blocks and text a document gives the matcher and
// that every offset maps back to where it came from: paragraphs by offset,
// cells as a whole, merged cells once with their spans.
func TestBuilder(t *testing.T) {
	var b Builder
	b.Para("标题\n第二行", nianbao.Pos{Offset: 100})
	pos := func(row, col int) nianbao.Pos { return nianbao.Pos{Table: 1, Row: row, Col: col} }
	b.Table(nianbao.LayoutTable)
	b.Cell(0, 0, 2, 1, "规章", pos(1, 1))
	b.Cell(0, 1, 1, 1, "3", pos(1, 2))
	b.Cell(0, 2, 1, 1, "", pos(1, 3))
	b.Cell(1, 1, 1, 2, "7|8", pos(2, 2))
	b.Table(nianbao.LayoutTable) // no cells: left out
	b.Line(nianbao.LayoutByColumns)
	b.Segment(0, "一、", nianbao.Pos{Page: 2})
	b.Segment(10, "5", nianbao.Pos{Page: 2, Offset: 9})
	b.Para("  ", nianbao.Pos{}) // no text: left out
	doc := b.Document()

	want := "标题 第二行\n规章 | 3 |  |\n7｜8 |\n一、      5\n"
	if doc.Text != want {
		t.Fatalf("text = %q; want %q", doc.Text, want)
	}
	if got, want := doc.Lines(), []int{0, len("标题 第二行\n"), strings.Index(want, "7"), strings.Index(want, "一"), len(want)}; !slices.Equal(got, want) {
		t.Errorf("lines %v; want %v", got, want)
	}
	if len(doc.Blocks) != 3 {
		t.Fatalf("%d blocks: %+v", len(doc.Blocks), doc.Blocks)
	}
	para, table, line := doc.Blocks[0], doc.Blocks[1], doc.Blocks[2]
	if para.Kind != Paragraph || doc.Text[para.Start:para.End] != "标题 第二行" {
		t.Errorf("paragraph %+v", para)
	}
	if table.Kind != Table || table.Layout != nianbao.LayoutTable || doc.Text[table.Start:table.End] != "规章 | 3 |  |\n7｜8" {
		t.Errorf("table %+v: %q", table, doc.Text[table.Start:table.End])
	}
	cells := []struct {
		text                       string
		row, col, rowSpan, colSpan int
	}{{"规章", 0, 0, 2, 1}, {"3", 0, 1, 1, 1}, {"", 0, 2, 1, 1}, {"7｜8", 1, 1, 1, 2}}
	if len(table.Cells) != len(cells) {
		t.Fatalf("cells %+v", table.Cells)
	}
	for i, w := range cells {
		c := table.Cells[i]
		if got := doc.Text[c.Start:c.End]; got != w.text || c.Row != w.row || c.Col != w.col || c.RowSpan != w.rowSpan || c.ColSpan != w.colSpan {
			t.Errorf("cell %d: %+v %q; want %+v", i, c, got, w)
		}
	}
	if line.Kind != Line || line.Layout != nianbao.LayoutByColumns || len(line.Segments) != 2 ||
		line.Segments[1].Col != 10 || doc.Text[line.Segments[1].Start:line.Segments[1].End] != "5" {
		t.Errorf("line %+v", line)
	}
	tests := []struct {
		find string
		want nianbao.Pos
	}{
		{"第二行", nianbao.Pos{Offset: 100 + len("标题 ")}},
		{"3", pos(1, 2)},
		{"8", pos(2, 2)},
		{"5", nianbao.Pos{Page: 2, Offset: 9}},
	}
	for _, tt := range tests {
		off := strings.Index(doc.Text, tt.find)
		if got := doc.Pos(off); got != tt.want {
			t.Errorf("Pos(%q) = %+v; want %+v", tt.find, got, tt.want)
		}
	}
	// The blank third cell of row 1 has no text: its Start, and the
	// offsets after its separator, name it.
	blank := table.Cells[2].Start
	for _, off := range []int{blank - 1, blank, blank + 1} {
		if got := doc.Pos(off); got != pos(1, 3) {
			t.Errorf("blank cell at %d = %+v", off, got)
		}
	}
}

// TestOf checks a document that is its own source: positions are its
// offsets, lines and character columns.
func TestOf(t *testing.T) {
	text := "一行\n规章 | 3 |\n\n末"
	doc := Of(text, nil, nil)
	for _, tt := range []struct {
		find string
		want nianbao.Pos
	}{
		{"一", nianbao.Pos{Offset: 0, Line: 1, Col: 1}},
		{"3", nianbao.Pos{Offset: strings.Index(text, "3"), Line: 2, Col: 6}},
		{"末", nianbao.Pos{Offset: len(text) - len("末"), Line: 4, Col: 1}},
	} {
		if got := doc.Pos(strings.Index(text, tt.find)); got != tt.want {
			t.Errorf("Pos(%q) = %+v; want %+v", tt.find, got, tt.want)
		}
	}
}

// TestCursor checks that a cursor gives what Pos gives, whatever order
// offsets are asked for in, in built and in plain documents.
func TestCursor(t *testing.T) {
	var b Builder
	var plain strings.Builder
	for i := range 50 {
		b.Para(strings.Repeat("字", i%7+1), nianbao.Pos{Offset: 10 * i})
		b.Table(nianbao.LayoutTable)
		b.Cell(0, 0, 1, 1, "1", nianbao.Pos{Table: i, Row: 1, Col: 1})
		b.Cell(0, 1, 1, 1, "", nianbao.Pos{Table: i, Row: 1, Col: 2})
		plain.WriteString(strings.Repeat("字", i%7+1) + " | 1\n")
	}
	for _, doc := range []*Document{b.Document(), Of(plain.String(), nil, nil)} {
		rng := rand.New(rand.NewPCG(1, 2))
		c := doc.Cursor()
		for k := range 5000 {
			off := k % (len(doc.Text) + 1) // in order, then again from the start
			if k >= 2*len(doc.Text) {
				off = rng.IntN(len(doc.Text) + 1)
			}
			if off < len(doc.Text) && !utf8.RuneStart(doc.Text[off]) {
				continue // matchers ask for the offsets of characters
			}
			if got, want := c.Pos(off), doc.Pos(off); got != want {
				t.Fatalf("offset %d: cursor %+v, Pos %+v", off, got, want)
			}
		}
	}
	if got := (&Builder{}).Document().Cursor().Pos(3); got != (nianbao.Pos{Offset: 3}) {
		t.Errorf("empty document: %+v", got)
	}
}

func TestSpaceBounds(t *testing.T) {
	for _, tt := range []struct {
		s    string
		i, j int
	}{
		{"", 0, 0},
		{" 12 ", 1, 3},
		{"\u3000总计\u00a0", 3, 9},
		{"   ", 3, 3},
		{" \u3000 ", 4, 4}, // only spaces: just after the last one that is not ASCII
	} {
		if i, j := SpaceBounds(tt.s); i != tt.i || j != tt.j {
			t.Errorf("SpaceBounds(%q) = %d, %d; want %d, %d", tt.s, i, j, tt.i, tt.j)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, w := range map[string]int{"": 0, "abc": 3, "总计": 4, "（一）": 6, "“三安全一稳定”": 16, "3,119": 5} {
		if got := DisplayWidth(s); got != w {
			t.Errorf("DisplayWidth(%q) = %d; want %d", s, got, w)
		}
	}
}

// FuzzSpaceBounds: SpaceBounds trims what strings.TrimFunc(IsSpace) trims,
// and on a string of nothing but spaces stops just after the last space
// that is not ASCII.
func FuzzSpaceBounds(f *testing.F) {
	for _, s := range []string{"", " 12 ", "\u3000总计\u00a0", "   ", " \u3000 ", "\u3000 a \u3000 ", "\xe3\x80", "a\u200b", "\ufeff\u2009x\u2003"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		i, j := SpaceBounds(s)
		if !utf8.ValidString(s) {
			if i > j || j > len(s) {
				t.Fatalf("SpaceBounds(%q) = %d, %d", s, i, j)
			}
			return
		}
		want := strings.TrimFunc(s, IsSpace)
		if want == "" {
			k := len(strings.TrimRightFunc(s, func(r rune) bool { return r < utf8.RuneSelf }))
			if k == 0 {
				k = len(s) // only ASCII spaces: at the end
			}
			if i != k || j != k {
				t.Errorf("SpaceBounds(%q) = %d, %d; want %d, %d", s, i, j, k, k)
			}
			return
		}
		if s[i:j] != want || i != len(s)-len(strings.TrimLeftFunc(s, IsSpace)) {
			t.Errorf("SpaceBounds(%q) = %d, %d (%q); want %q", s, i, j, s[i:j], want)
		}
	})
}

// TestDisplayWidthBytes checks the fast path for ideographs against the width of
// each rune as range reads it, invalid and cut-off bytes included.
func TestDisplayWidthBytes(t *testing.T) {
	for _, s := range []string{"", "abc", "政府信息公开", "表三 1.自然人", "“公开”…—·", "\xe5\x80", "\xe5", "\xe9\xbf\xbfx", "\xed\xa0\x80", "\xe4\xb7\x80䷀", "\xff政\x80", "𠀀ｆ"} {
		want := 0
		for _, r := range s {
			want += RuneWidth(r)
		}
		if got := DisplayWidth(s); got != want {
			t.Errorf("DisplayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
