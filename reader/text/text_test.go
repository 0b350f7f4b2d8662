package text

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"nianbao"
	"nianbao/document"
	"nianbao/internal/gen"
)

// describe writes a document's blocks one per line: a paragraph as its
// text, a table as its layout and its cells "row,col:text", a positioned
// line as its layout and its segments "col:text".
func describe(doc *document.Document) string {
	var b strings.Builder
	for _, bl := range doc.Blocks {
		switch bl.Kind {
		case document.Paragraph:
			fmt.Fprintf(&b, "para %s\n", doc.Text[bl.Start:bl.End])
		case document.Table:
			fmt.Fprintf(&b, "table %s", bl.Layout)
			for _, c := range bl.Cells {
				fmt.Fprintf(&b, " %d,%d:%s", c.Row, c.Col, doc.Text[c.Start:c.End])
			}
			b.WriteString("\n")
		case document.Line:
			fmt.Fprintf(&b, "line %s", bl.Layout)
			for _, s := range bl.Segments {
				fmt.Fprintf(&b, " %d:%s", s.Col, doc.Text[s.Start:s.End])
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"pipe rows: a blank cell, merged positions as a run of '|', the closing '|' no cell",
			"规章 | 3 |  | 0 |\n行政许可 | 5 | ||\n",
			"table pipe-rows 0,0:规章 0,1:3 0,2: 0,3:0 1,0:行政许可 1,1:5 1,2: 1,3:\n"},
		{"pipe rows: a line starting with '|' starts with a blank cell",
			"| 1 | 2 |\n| 3 | 4 |\n",
			"table pipe-rows 0,0: 0,1:1 0,2:2 1,0: 1,1:3 1,2:4\n"},
		{"markdown: no cell before the opening '|', the rule is no row",
			"| 信息内容 | 件数 |\n|---|---|\n| 规章 | 7 |\n",
			"table markdown 0,1:信息内容 0,2:件数 1,1:规章 1,2:7\n"},
		{"cell lines: a line of bare '|' is merged positions, \" |\" a blank cell",
			"一、本年新收 |\n5 |\n |\n|||\n总计 |\n",
			"table cell-lines 0,0:一、本年新收 1,0:5 2,0: 3,0:总计\n"},
		{"tabs: every cell kept, empty ones at the ends included; a line of tabs is a row",
			"第二十条\t\t\t\n行政处罚\t\t\t\n\t\t\t\n\t（一）\t0\t1\n",
			"table tabs 0,0:第二十条 0,1: 0,2: 0,3: 1,0:行政处罚 1,1: 1,2: 1,3: 2,0: 2,1: 2,2: 2,3: 3,0: 3,1:（一） 3,2:0 3,3:1\n"},
		{"blank lines inside a table do not end it",
			"a | b |\n\nc | d |\n",
			"table pipe-rows 0,0:a 0,1:b 1,0:c 1,1:d\n"},
		{"one line with a '|' is text",
			"标题\n版权所有 | 备案号\n正文\n",
			"para 标题\npara 版权所有 | 备案号\npara 正文\n"},
		{"a paragraph indented by a tab is text",
			"\t2024年，我局……\n",
			"para 2024年，我局……\n"},
		{"columns: segments at their display columns",
			"一、本年新收    5    0\n    （一）予以公开  3\n",
			"line columns 0:一、本年新收 16:5 21:0\nline columns 4:（一）予以公开 20:3\n"},
		{"squashed cells stay text",
			"规章000\n行政规范性文件123\n",
			"para 规章000\npara 行政规范性文件123\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Parse(tt.text)
			if err := doc.Check(); err != nil {
				t.Fatal(err)
			}
			if got := describe(doc); got != tt.want {
				t.Errorf("got\n%swant\n%s", got, tt.want)
			}
		})
	}
}

// TestPositions: a text file's positions are its own offsets, lines and
// character columns; a blank cell's is where its text would be.
func TestPositions(t *testing.T) {
	doc := Parse("标题\n规章 | 3 |  |\n行政许可 | 0 | 1 |\n")
	cells := doc.Blocks[1].Cells
	for i, want := range []nianbao.Pos{
		{Offset: len("标题\n"), Line: 2, Col: 1},
		{Offset: len("标题\n规章 | "), Line: 2, Col: 6},
		{Offset: len("标题\n规章 | 3 |  "), Line: 2, Col: 11},
	} {
		if got := doc.Pos(cells[i].Start); got != want {
			t.Errorf("cell %d at %+v; want %+v", i, got, want)
		}
	}
}

// TestLayouts: every layout the generator renders reads as its tables,
// and the table 三 of each is laid out as the layout says.
func TestLayouts(t *testing.T) {
	want := map[gen.Layout]nianbao.Layout{
		gen.PipeRows: nianbao.LayoutPipeRows, gen.CellLines: nianbao.LayoutCellLines, gen.Tabs: nianbao.LayoutTabs,
		gen.Markdown: nianbao.LayoutMarkdown, gen.Columns: nianbao.LayoutColumns,
	}
	s := gen.New(rand.New(rand.NewPCG(3, 14)), gen.Options{Blanks: true})
	for _, layout := range gen.Layouts {
		doc := Parse(string(gen.Render(s, layout)))
		if err := doc.Check(); err != nil {
			t.Fatalf("%s: %v", layout, err)
		}
		i := strings.Index(doc.Text, "本年新收")
		got := nianbao.Layout("")
		for _, b := range doc.Blocks {
			if b.Start <= i && i < b.End {
				got = b.Layout
			}
		}
		if got != want[layout] {
			t.Errorf("%s: table 三 is in a block laid out as %q; want %q", layout, got, want[layout])
		}
	}
}

// FuzzParse: any text parses into a document that keeps the rules
// (document.Check), and Read fails only with a reason.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/seeds/*.txt")
	if len(files) == 0 {
		f.Fatal("no seeds: the test data is in the repository")
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	s := gen.New(rand.New(rand.NewPCG(1, 1)), gen.Options{Blanks: true})
	for _, layout := range gen.Layouts {
		f.Add(gen.Render(s, layout))
	}
	f.Add([]byte("| a |\n|---|\n|\t|\n\t\t\n |\n||\n  x  y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _, err := Read(data)
		if err != nil {
			var e *nianbao.Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Fatalf("error without a reason: %v", err)
			}
			return
		}
		if err := doc.Check(); err != nil {
			t.Fatal(err)
		}
		c := doc.Cursor()
		for i := range len(doc.Text) + 1 {
			if i < len(doc.Text) && !utf8.RuneStart(doc.Text[i]) {
				continue
			}
			if p, q := doc.Pos(i), c.Pos(i); p.Offset != i || p.Line < 1 || p != q {
				t.Fatalf("offset %d: Pos %+v, cursor %+v", i, p, q)
			}
		}
	})
}

// BenchmarkParse lays out the seed reports' decoded text as blocks: the
// text reader's share of reader.BenchmarkReadText.
func BenchmarkParse(b *testing.B) {
	files, _ := filepath.Glob("../../testdata/seeds/*.txt")
	var texts []string
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Parse(texts[i%len(texts)])
	}
}
