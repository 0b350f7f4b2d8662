package store

import (
	"strings"
	"testing"

	"nianbao"
)

// testLayout is the layout a new database gives template t.
func testLayout(t nianbao.Template) *layout {
	l := &layout{pos: map[nianbao.CellKey]int{}}
	for c := range t.Cells() {
		l.pos[c.Key] = len(l.cells)
		l.cells = append(l.cells, layoutCell{key: c.Key, cell: c, known: true})
	}
	return l
}

// TestCodecEdges: what readers rarely write still comes back as it was:
// provenance that differs from the number, two entries for one cell,
// marks that need escaping, PDF boxes, cells the template does not have.
func TestCodecEdges(t *testing.T) {
	rep := nianbao.NewReport(nianbao.Format2021)
	cell := func(row nianbao.Row, col nianbao.Column) nianbao.Cell { return nianbao.RequestCell(row, col) }
	box := [4]float64{72.5, 1e-7, 523.4400000000001, -3}
	fee, _ := nianbao.ParseNum("7730.280")
	var feeCell nianbao.Cell
	for c := range nianbao.Format2021.Cells() {
		if c.Key.Table == nianbao.TableActive && c.Field.Key == "amount" {
			feeCell = c
		}
	}
	rep.Record(cell(nianbao.NewReceived, nianbao.ColumnTotal), nianbao.Int(3119), nianbao.KindNumber, "3，119", nianbao.Pos{Offset: 500, Line: 12, Col: 3})
	rep.Record(cell(nianbao.Granted, nianbao.ColumnTotal), nianbao.Int(-2), nianbao.KindNumber, "-2", nianbao.Pos{Offset: 20, Line: 2})
	rep.Record(cell(nianbao.Granted, nianbao.NaturalPerson), nianbao.Num{}, nianbao.KindMark, "\"/\"\\\n", nianbao.Pos{Page: 3, Box: &box})
	rep.Record(cell(nianbao.Granted, nianbao.NaturalPerson), nianbao.Num{}, nianbao.KindMark, "—", nianbao.Pos{Page: 3, Box: &box}) // read twice
	rep.Record(cell(nianbao.PartiallyGranted, nianbao.NaturalPerson), nianbao.Num{}, nianbao.KindBlank, " ", nianbao.Pos{Table: 2, Row: 9, Col: 4})
	rep.Record(cell(nianbao.PartiallyGranted, nianbao.ColumnTotal), nianbao.Int(0), nianbao.KindInferred, "", nianbao.Pos{Offset: 7})
	rep.Record(feeCell, fee, nianbao.KindNumber, "7730.280", nianbao.Pos{Offset: 1 << 40})
	rep.Cells = append(rep.Cells,
		nianbao.Provenance{CellKey: nianbao.CellKey{Table: nianbao.TableRequests, Row: "no_such_row", Column: "total"}, Index: 6, Kind: "odd", Raw: "x"},
		nianbao.Provenance{CellKey: cell(nianbao.Other, nianbao.ColumnTotal).Key, Index: 99, Kind: nianbao.KindNumber, Raw: "5"})
	rep.Set(cell(nianbao.CarriedOver, nianbao.ColumnTotal), nianbao.Int(8)) // a number with no provenance
	l := testLayout(nianbao.Format2021)
	enc, err := l.encode(rep)
	if err != nil {
		t.Fatal(err)
	}
	got := nianbao.NewReport(nianbao.Format2021)
	ts, err := parseTexts(enc.texts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.decodeTables(got, enc.kinds, ts); err != nil {
		t.Fatal(err)
	}
	if got.Cells, err = l.decodeProvenance(enc.cells, enc.kinds, ts); err != nil {
		t.Fatal(err)
	}
	if a, b := mustJSON(t, got), mustJSON(t, rep); a != b {
		t.Errorf("decoded differs:\n%s\n%s", a, b)
	}
	if !strings.Contains(enc.texts, `"7730.280"`) || strings.Count(enc.kinds, "n") != 4 || strings.Count(enc.kinds, "m") != 1 || strings.Count(enc.kinds, "i") != 1 {
		t.Errorf("kinds %q texts %.200s", enc.kinds, enc.texts)
	}
}

// TestCodecCorrupt: damaged provenance is an error, never a panic.
func TestCodecCorrupt(t *testing.T) {
	l := testLayout(nianbao.Format2019)
	for _, b := range [][]byte{nil, {9}, {provenanceV1}, {provenanceV1, 200, 1}, {provenanceV1, 1, 0}, {provenanceV1, 1, 1, 0, 7}, {provenanceV1, 0, 1}} {
		if _, err := l.decodeProvenance(b, "", nil); err == nil {
			t.Errorf("%v decoded", b)
		}
	}
	for _, s := range []string{"", "[", `["1"`, `[1]`, `["1",]`, `[null "2"]`} {
		if _, err := parseTexts(s, nil); err == nil {
			t.Errorf("texts %q parsed", s)
		}
	}
	if ts, err := parseTexts(` [ null , "a\"b" ,"\u4e00"] `, nil); err != nil || len(ts) != 3 || ts[1] != `a"b` || ts[2] != "一" {
		t.Errorf("parseTexts = %q, %v", ts, err)
	}
}

func FuzzDecodeProvenance(f *testing.F) {
	l := testLayout(nianbao.Format2021)
	f.Add([]byte{provenanceV1, 1, 1, 1, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		l.decodeProvenance(b, strings.Repeat("n", len(l.cells)), make([]string, len(l.cells)))
	})
}
