package match

import (
	"strings"
	"testing"

	"nianbao"
	"nianbao/document"
	plain "nianbao/reader/text"
)

// raws lists what tokens printed, blank cells as "_", with their grid
// columns.
func raws(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		r := t.raw
		if t.empty {
			r = "_"
		}
		b.WriteString(r)
		if t.x > 0 {
			b.WriteString("@" + string(rune('0'+t.x)))
		}
	}
	return b.String()
}

// TestGridTokens reads the zone after a label from a table's cells: the
// rest of the label's cell is the label's, the row of the next label is
// left out up to it, and in cell lines what follows a label on its line
// is a cell.
func TestGridTokens(t *testing.T) {
	tests := []struct {
		name, text, label, next string
		want                    string
	}{
		{"pipe rows", "规章 | 3 |  | 5 |\n行政许可 | 7 |\n", "规章", "行政许可", "3@1 _@2 5@3"},
		{"a wrapped row goes on", "规章 | 3 |\n| 4 |\n行政许可 | 7 |\n", "规章", "行政许可", "3@1 _ 4@1"},
		{"the next label's line before it is left out", "规章 | 3 |\n组 | 行政许可 | 7 |\n", "规章", "行政许可", "3@1"},
		{"a typo's tail is the label's", "规章制度 | 3 |\n行政许可 | 7 |\n", "规章", "行政许可", "3@1"},
		{"a line of text in the zone is a cell", "信息 | 2 |\n规章 | 3 |\n4\n行政许可 | 7 |\n行政处罚 | 1 |\n", "规章", "行政许可", "3@1 4"},
		{"cell lines", "规章 |\n3 |\n |\n|||\n行政许可 |\n7 |\n", "规章", "行政许可", "3 _"},
		{"cell lines: a number on the label's line", "规章 0 |\n3 |\n行政许可 |\n7 |\n", "规章", "行政许可", "0 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := plain.Parse(tt.text)
			ix := newDocIndex(doc)
			start := strings.Index(tt.text, tt.label) + len(tt.label)
			end := strings.Index(tt.text, tt.next)
			st, layout := ix.tableStyle([]int{0, end}, len(tt.text))
			if st == styleFree {
				t.Fatalf("read as text (%q)", layout)
			}
			if got := raws(gridTokens(tt.text, start, end, st, ix, nil)); got != tt.want {
				t.Errorf("cells %q; want %q", got, tt.want)
			}
		})
	}
}

// TestTableStyle: a table is read from the cells of the table most of its
// labels are in, or else from its text, named by the positioned lines
// that carry its rows.
func TestTableStyle(t *testing.T) {
	var b document.Builder
	b.Para("规章000", nianbao.Pos{})
	b.Table(nianbao.LayoutRuled)
	b.Cell(0, 0, 1, 1, "行政许可", nianbao.Pos{})
	b.Cell(0, 1, 1, 1, "7", nianbao.Pos{})
	b.Cell(1, 0, 1, 1, "行政处罚", nianbao.Pos{})
	b.Cell(1, 1, 1, 1, "8", nianbao.Pos{})
	b.Line(nianbao.LayoutByColumns)
	b.Segment(0, "行政强制", nianbao.Pos{})
	b.Segment(20, "9", nianbao.Pos{})
	doc := b.Document()
	ix := newDocIndex(doc)
	at := func(s string) int { return strings.Index(doc.Text, s) }
	tests := []struct {
		labels []string
		style  style
		layout nianbao.Layout
	}{
		{[]string{"行政许可", "行政处罚"}, styleRows, nianbao.LayoutRuled},
		{[]string{"规章", "行政许可", "行政处罚"}, styleRows, nianbao.LayoutRuled},
		{[]string{"规章", "行政许可"}, styleFree, ""},
		{[]string{"行政强制"}, styleFree, nianbao.LayoutByColumns},
		{[]string{"规章"}, styleFree, ""}, // the line after it carries no row of its own
	}
	for _, tt := range tests {
		var offs []int
		for _, l := range tt.labels {
			offs = append(offs, at(l))
		}
		end := len(doc.Text)
		if len(tt.labels) == 1 && tt.labels[0] == "规章" {
			end = at("行政许可")
		}
		if st, layout := ix.tableStyle(offs, end); st != tt.style || layout != tt.layout {
			t.Errorf("labels %v: style %d %q; want %d %q", tt.labels, st, layout, tt.style, tt.layout)
		}
	}
}
