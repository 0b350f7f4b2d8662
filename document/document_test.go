package document

import (
	"math/rand/v2"
	"strings"
	"testing"

	"nianbao"
)

// TestBuilder checks the text a document gives the matcher and that every
// offset maps back to where it came from: paragraphs by offset, cells as a
// whole, merged cells written once.
func TestBuilder(t *testing.T) {
	var b Builder
	b.Para("标题\n第二行", nianbao.Pos{Offset: 100})
	cell := func(text string, row, col int) Cell {
		return Cell{Text: text, Pos: nianbao.Pos{Table: 1, Row: row, Col: col}}
	}
	b.Table([][]Cell{
		{cell("规章", 1, 1), cell("3", 1, 2), cell("", 1, 3)},
		{cell("", 2, 1), {Covered: true}, cell("7|8", 2, 3)},
	})
	b.Line([]Segment{{Text: "一、", Col: 0, Pos: nianbao.Pos{Page: 2}}, {Text: "5", Col: 10, Pos: nianbao.Pos{Page: 2, Offset: 9}}})
	doc := b.Document()

	want := "标题 第二行\n规章 | 3 |  |\n | 7｜8 |\n一、      5\n"
	if doc.Text != want {
		t.Fatalf("text = %q; want %q", doc.Text, want)
	}
	tests := []struct {
		find string
		want nianbao.Pos
	}{
		{"第二行", nianbao.Pos{Offset: 100 + len("标题 ")}},
		{"3", nianbao.Pos{Table: 1, Row: 1, Col: 2}},
		{"7", nianbao.Pos{Table: 1, Row: 2, Col: 3}},
		{"5", nianbao.Pos{Page: 2, Offset: 9}},
	}
	for _, tt := range tests {
		off := strings.Index(doc.Text, tt.find)
		if got := doc.Pos(off); got != tt.want {
			t.Errorf("Pos(%q) = %+v; want %+v", tt.find, got, tt.want)
		}
	}
	// The blank third cell of row 1 has no text: the offset after its
	// separator names it.
	blank := strings.Index(doc.Text, "3 | ") + len("3 | ")
	if got := doc.Pos(blank); got != (nianbao.Pos{Table: 1, Row: 1, Col: 3}) {
		t.Errorf("blank cell at %d = %+v", blank, got)
	}
}

// TestCursor checks that a cursor gives what Pos gives, whatever order
// offsets are asked for in.
func TestCursor(t *testing.T) {
	var b Builder
	for i := range 50 {
		b.Para(strings.Repeat("字", i%7+1), nianbao.Pos{Offset: 10 * i})
		b.Table([][]Cell{{{Text: "1", Pos: nianbao.Pos{Table: i, Row: 1, Col: 1}}, {Text: "", Pos: nianbao.Pos{Table: i, Row: 1, Col: 2}}}})
	}
	doc := b.Document()
	rng := rand.New(rand.NewPCG(1, 2))
	c := doc.Cursor()
	for k := range 5000 {
		off := k % (len(doc.Text) + 1) // in order, then again from the start
		if k >= 2*len(doc.Text) {
			off = rng.IntN(len(doc.Text) + 1)
		}
		if got, want := c.Pos(off), doc.Pos(off); got != want {
			t.Fatalf("offset %d: cursor %+v, Pos %+v", off, got, want)
		}
	}
	if got := (&Builder{}).Document().Cursor().Pos(3); got != (nianbao.Pos{Offset: 3}) {
		t.Errorf("empty document: %+v", got)
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, w := range map[string]int{"": 0, "abc": 3, "总计": 4, "（一）": 6, "“三安全一稳定”": 16, "3,119": 5} {
		if got := DisplayWidth(s); got != w {
			t.Errorf("DisplayWidth(%q) = %d; want %d", s, got, w)
		}
	}
}
