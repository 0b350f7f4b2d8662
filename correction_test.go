package nianbao_test

import (
	"testing"

	"nianbao"
)

func TestCellText(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind nianbao.Kind
		num  string
	}{
		{"", nianbao.KindBlank, ""},
		{"  ", nianbao.KindBlank, ""},
		{"0", nianbao.KindNumber, "0"},
		{"3,119", nianbao.KindNumber, "3119"},
		{"７７", nianbao.KindNumber, "77"},
		{"/", nianbao.KindMark, ""},
		{"无", nianbao.KindMark, ""},
	} {
		n, kind := nianbao.CellText(c.in)
		if kind != c.kind || (c.num != "" && n.String() != c.num) || (c.num == "" && n.Valid()) {
			t.Errorf("CellText(%q) = %v, %s; want %s %s", c.in, n, kind, c.num, c.kind)
		}
	}
}

// TestCorrectUncorrect: a correction sets the cell to what the file
// prints, keeping where it was read; taking it back gives the reading.
func TestCorrectUncorrect(t *testing.T) {
	k := nianbao.CellKey{Table: nianbao.TableRequests, Row: "new_received", Column: "natural_person"}
	cell, _ := nianbao.Format2021.Cell(k)
	for _, c := range []struct {
		name string
		set  func(r *nianbao.Report)
		text string
	}{
		{"a number misread", func(r *nianbao.Report) {
			r.Record(cell, nianbao.Int(5), nianbao.KindNumber, "5", nianbao.Pos{Offset: 40, Line: 3, Col: 7})
		}, "15"},
		{"a cell left unread", func(r *nianbao.Report) {}, "/"},
		{"a blank that was a number", func(r *nianbao.Report) {
			r.Record(cell, nianbao.Num{}, nianbao.KindBlank, "", nianbao.Pos{Offset: 9})
		}, "2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := nianbao.NewReport(nianbao.Format2021)
			c.set(r)
			before := r.Printed(r.CellIndex(), k)
			pos := r.CellIndex()[k].Pos
			corr, ok := r.Reading(k)
			if !ok || corr.Read != before.Text || corr.ReadKind != before.Kind {
				t.Fatalf("Reading: %+v, %v; printed %+v", corr, ok, before)
			}
			corr.Text = c.text
			r.Correct(&corr)
			got := r.Printed(r.CellIndex(), k)
			if got.Text != c.text || r.CellIndex()[k].Pos != pos {
				t.Errorf("corrected: %+v at %+v; want %q at %+v", got, r.CellIndex()[k].Pos, c.text, pos)
			}
			r.Uncorrect(&corr)
			if back := r.Printed(r.CellIndex(), k); back != before {
				t.Errorf("taken back: %+v; want %+v", back, before)
			}
		})
	}
	if _, ok := nianbao.NewReport(nianbao.Format2021).Reading(nianbao.CellKey{Table: "requests", Row: "nope", Column: "x"}); ok {
		t.Error("Reading of a cell the format lacks")
	}
}
