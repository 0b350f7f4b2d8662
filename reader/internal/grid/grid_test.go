package grid

import (
	"slices"
	"strings"
	"testing"

	"nianbao"
	"nianbao/document"
	"nianbao/reader/internal/limit"
)

func para(s string) []Block { return []Block{{Text: s}} }

func TestResolve(t *testing.T) {
	long := strings.Repeat("正文", 200)
	// A data table: each row lists the cells that start in it.
	bs := Resolve(limit.New(limit.Limits{}), []Cell{
		{Row: 0, Col: 0, RowSpan: 2, ColSpan: 1, Blocks: para("合")},
		{Row: 0, Col: 1, RowSpan: 1, ColSpan: 2, Blocks: []Block{{Text: "申请人"}, {Text: "情况"}}},
		{Row: 1, Col: 1, RowSpan: 1, ColSpan: 1, Blocks: nil},
	}, 2, 3)
	if len(bs) != 1 || bs[0].Table == nil {
		t.Fatalf("not one table: %+v", bs)
	}
	want := []Entry{
		{Row: 0, Col: 0, RowSpan: 2, ColSpan: 1, Text: "合"},
		{Row: 0, Col: 1, RowSpan: 1, ColSpan: 2, Text: "申请人情况"},
		{Row: 1, Col: 1, RowSpan: 1, ColSpan: 1, Text: ""},
	}
	if !slices.Equal(bs[0].Table, want) {
		t.Errorf("cells %+v; want %+v", bs[0].Table, want)
	}
	rows := bs[0].Table
	// Overlapping cells: one whose start a later cell's span covers is lost.
	bs = Resolve(limit.New(limit.Limits{}), []Cell{
		{Row: 0, Col: 1, RowSpan: 1, ColSpan: 1, Blocks: para("早")},
		{Row: 0, Col: 0, RowSpan: 1, ColSpan: 2, Blocks: para("晚")},
	}, 1, 2)
	if got := bs[0].Table; len(got) != 1 || got[0].Text != "晚" {
		t.Errorf("overlap %+v", got)
	}
	// A wide table with a long note stays data; a narrow one lays out.
	note := []Cell{{Row: 0, Col: 0, RowSpan: 1, ColSpan: 4, Blocks: para(long)}, {Row: 1, Col: 0, RowSpan: 1, ColSpan: 1, Blocks: para("规章")}}
	if bs := Resolve(limit.New(limit.Limits{}), note, 2, 4); len(bs) != 1 || bs[0].Table == nil {
		t.Errorf("wide table with a note: %d blocks", len(bs))
	}
	if bs := Resolve(limit.New(limit.Limits{}), note, 2, 2); len(bs) != 2 || bs[0].Table != nil {
		t.Errorf("narrow table with prose: %d blocks", len(bs))
	}
	// A table holding a table lays out: its blocks come out in order.
	inner := Block{Table: rows}
	bs = Resolve(limit.New(limit.Limits{}), []Cell{{Row: 0, Col: 0, RowSpan: 1, ColSpan: 1, Blocks: []Block{{Text: "前"}, inner, {Text: "后"}}}, {Row: 0, Col: 1, RowSpan: 1, ColSpan: 1, Blocks: para("右")}}, 1, 2)
	if len(bs) != 4 || bs[0].Text != "前" || bs[1].Table == nil || bs[2].Text != "后" || bs[3].Text != "右" {
		t.Errorf("layout blocks %+v", bs)
	}
	doc := Build(limit.New(limit.Limits{}), append(bs, inner))
	if !strings.Contains(doc.Text, "前\n合 | 申请人情况 |\n |\n") {
		t.Errorf("document:\n%s", doc.Text)
	}
	if p := doc.Pos(strings.LastIndex(doc.Text, "申请人情况")); p != (nianbao.Pos{Table: 2, Row: 1, Col: 2}) {
		t.Errorf("second table's cell at %+v", p)
	}
	// The document's tables keep the grid: the merged cell's spans, and
	// the blank cell that starts the second row under the header.
	last := doc.Blocks[len(doc.Blocks)-1]
	if last.Kind != document.Table || last.Layout != nianbao.LayoutTable || len(last.Cells) != 3 {
		t.Fatalf("last block %+v", last)
	}
	if c := last.Cells[1]; c.Row != 0 || c.Col != 1 || c.ColSpan != 2 || doc.Text[c.Start:c.End] != "申请人情况" {
		t.Errorf("merged cell %+v", c)
	}
	if c := last.Cells[2]; c.Row != 1 || c.Col != 1 || c.Start != c.End {
		t.Errorf("blank cell %+v", c)
	}
}
