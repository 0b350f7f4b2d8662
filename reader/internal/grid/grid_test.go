package grid

import (
	"strings"
	"testing"
)

func para(s string) []Block { return []Block{{Text: s}} }

func TestResolve(t *testing.T) {
	long := strings.Repeat("正文", 200)
	// A data table: each row lists the cells that start in it.
	bs := Resolve([]Cell{
		{Row: 0, Col: 0, RowSpan: 2, ColSpan: 1, Blocks: para("合")},
		{Row: 0, Col: 1, RowSpan: 1, ColSpan: 2, Blocks: []Block{{Text: "申请人"}, {Text: "情况"}}},
		{Row: 1, Col: 1, RowSpan: 1, ColSpan: 1, Blocks: nil},
	}, 2, 3)
	if len(bs) != 1 || bs[0].Table == nil {
		t.Fatalf("not one table: %+v", bs)
	}
	rows := bs[0].Table
	if len(rows) != 2 || len(rows[0]) != 2 || len(rows[1]) != 1 ||
		rows[0][0].Text != "合" || rows[0][1].Text != "申请人情况" || rows[1][0].Text != "" {
		t.Errorf("grid %+v", rows)
	}
	if p := rows[0][1].Pos; p.Row != 1 || p.Col != 2 {
		t.Errorf("pos %+v", p)
	}
	if p := rows[1][0].Pos; p.Row != 2 || p.Col != 2 {
		t.Errorf("pos %+v", p)
	}
	// Overlapping cells: one whose start a later cell's span covers is lost.
	bs = Resolve([]Cell{
		{Row: 0, Col: 1, RowSpan: 1, ColSpan: 1, Blocks: para("早")},
		{Row: 0, Col: 0, RowSpan: 1, ColSpan: 2, Blocks: para("晚")},
	}, 1, 2)
	if got := bs[0].Table; len(got) != 1 || len(got[0]) != 1 || got[0][0].Text != "晚" {
		t.Errorf("overlap %+v", got)
	}
	// A wide table with a long note stays data; a narrow one lays out.
	note := []Cell{{Row: 0, Col: 0, RowSpan: 1, ColSpan: 4, Blocks: para(long)}, {Row: 1, Col: 0, RowSpan: 1, ColSpan: 1, Blocks: para("规章")}}
	if bs := Resolve(note, 2, 4); len(bs) != 1 || bs[0].Table == nil {
		t.Errorf("wide table with a note: %d blocks", len(bs))
	}
	if bs := Resolve(note, 2, 2); len(bs) != 2 || bs[0].Table != nil {
		t.Errorf("narrow table with prose: %d blocks", len(bs))
	}
	// A table holding a table lays out: its blocks come out in order.
	inner := Block{Table: rows}
	bs = Resolve([]Cell{{Row: 0, Col: 0, RowSpan: 1, ColSpan: 1, Blocks: []Block{{Text: "前"}, inner, {Text: "后"}}}, {Row: 0, Col: 1, RowSpan: 1, ColSpan: 1, Blocks: para("右")}}, 1, 2)
	if len(bs) != 4 || bs[0].Text != "前" || bs[1].Table == nil || bs[2].Text != "后" || bs[3].Text != "右" {
		t.Errorf("layout blocks %+v", bs)
	}
	doc := Build(append(bs, inner))
	if !strings.Contains(doc.Text, "前\n合 | 申请人情况 |\n") {
		t.Errorf("document:\n%s", doc.Text)
	}
	if p := doc.Pos(strings.LastIndex(doc.Text, "申请人情况")); p.Table != 2 {
		t.Errorf("second table numbered %d", p.Table)
	}
}
