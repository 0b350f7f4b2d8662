package match_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/gen"
	"nianbao/match"
	"nianbao/reader"
)

func readPingtan(t *testing.T, year int) *nianbao.Report {
	t.Helper()
	name := fmt.Sprintf("../testdata/real/pingtan-%d.txt", year)
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := reader.Read(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func jsonOf(t *testing.T, rep *nianbao.Report) []byte {
	t.Helper()
	b, err := rep.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func activeCell(rep *nianbao.Report, row, col string) (nianbao.Num, nianbao.Kind) {
	k := nianbao.CellKey{Table: nianbao.TableActive, Row: row, Column: col}
	return rep.Value(k), rep.CellIndex()[k].Kind
}

// TestSettle: two years whose rows both run together settle each other
// where one cut of both keeps the identity; a neighbour no reading agrees
// with is not used; settling again without the neighbour gives back the
// report as its own text left it; and a report settles the same from its
// JSON, without its file.
func TestSettle(t *testing.T) {
	y2019, y2020 := readPingtan(t, 2019), readPingtan(t, 2020)
	alone := jsonOf(t, y2019)

	var stored nianbao.Report
	if err := stored.UnmarshalJSON(alone); err != nil {
		t.Fatal(err)
	}
	if !match.Settle(y2019, match.Options{Next: y2020}) {
		t.Fatal("2019 not settled by 2020")
	}
	for _, c := range []struct {
		row, col string
		want     int64
	}{
		{"licensing", "previous_items", 396}, {"licensing", "change", 0}, {"licensing", "decisions", 181},
		{"fees", "previous_items", 35}, {"fees", "change", 0},
		{"punishment", "decisions", 430},
	} {
		n, kind := activeCell(y2019, c.row, c.col)
		if n.Cmp(nianbao.Int(c.want)) != 0 || kind != nianbao.KindInferred {
			t.Errorf("2019 %s.%s = %s (%s); want %d inferred", c.row, c.col, n, kind, c.want)
		}
	}
	if n, _ := activeCell(y2019, "coercion", "decisions"); n.Valid() {
		t.Errorf("2019 行政强制 settled as %s: two cuts of both years keep the identity", n)
	}
	var noted bool
	for _, n := range y2019.Notes {
		if n.Code == nianbao.NoteNeighbours && n.Row == "fees" {
			noted = bytes.Contains([]byte(n.Message), []byte("2020年度报告表二“行政事业性收费”上一年项目数量35"))
		}
	}
	if !noted {
		t.Errorf("no note names 2020's 行政事业性收费: %+v", y2019.Notes)
	}

	// From the JSON, as a store keeps it: the same.
	match.Settle(&stored, match.Options{Next: y2020})
	if !bytes.Equal(jsonOf(t, &stored), jsonOf(t, y2019)) {
		t.Error("the report settled from its JSON differs from the one settled as read")
	}
	// Without the neighbour: back to what the text alone left.
	if !match.Settle(y2019, match.Options{}) || !bytes.Equal(jsonOf(t, y2019), alone) {
		t.Error("settling without neighbours does not give back the report as read")
	}
	if match.Settle(y2019, match.Options{}) {
		t.Error("settling again changed the report")
	}

	// A neighbour whose figures fit no reading is not evidence.
	y2021, y2022 := readPingtan(t, 2021), readPingtan(t, 2022)
	c, _ := y2022.Template.Cell(nianbao.CellKey{Table: nianbao.TableActive, Row: "normative_documents", Column: "in_force"})
	y2022.Set(c, nianbao.Int(9999))
	before := jsonOf(t, y2021)
	if match.Settle(y2021, match.Options{Next: y2022}) || !bytes.Equal(jsonOf(t, y2021), before) {
		t.Error("2021 settled by figures no reading of it fits")
	}
}

// TestSettleCarried: a row of table 三 that carries over to the next year
// (四、结转下年度继续办理), run together so that the table's arithmetic
// leaves two cuts, is settled by the next year's 二、上年结转 — and the
// table's arithmetic carries the cut to the rows it ties to it; every cell
// so settled is what was rendered, inferred, and noted with the year.
func TestSettleCarried(t *testing.T) {
	s := gen.New(rand.New(rand.NewPCG(84, 77)), gen.Options{Blanks: true})
	rep, err := reader.Read("generated.txt", gen.Render(s, gen.Squashed))
	if err != nil {
		t.Fatal(err)
	}
	row := nianbao.CarriedForward
	if rep.Requests[row][nianbao.LegalServices].Valid() {
		t.Fatalf("结转下年度 read as %v alone; the sample should leave it two cuts", rep.Requests[row])
	}
	next := nianbao.NewReport(rep.Template)
	next.Year = rep.Year + 1
	next.Requests[nianbao.CarriedOver] = s.Report.Requests[row]
	if !match.Settle(rep, match.Options{Next: next}) {
		t.Fatal("not settled by the next year")
	}
	if rep.Requests[row] != s.Report.Requests[row] {
		t.Errorf("结转下年度 %v; rendered %v", rep.Requests[row], s.Report.Requests[row])
	}
	for _, p := range rep.Cells {
		if p.Kind != nianbao.KindInferred || p.Table != nianbao.TableRequests {
			continue
		}
		c, _ := rep.Template.Cell(p.CellKey)
		if got, want := rep.At(c), s.Report.At(c); got.Cmp(want) != 0 {
			t.Errorf("%s inferred as %s; rendered %s", c.Label, got, want)
		}
	}
	noted := false
	for _, n := range rep.Notes {
		noted = noted || n.Code == nianbao.NoteNeighbours && n.Row == row.Key() && strings.Contains(n.Message, fmt.Sprintf("%d年度报告表三", next.Year))
	}
	if !noted {
		t.Error("no note names the next year's 上年结转")
	}
	// A next year that carries over what no cut gives is not evidence.
	rep2, _ := reader.Read("generated.txt", gen.Render(s, gen.Squashed))
	next.Requests[nianbao.CarriedOver][nianbao.NaturalPerson] = nianbao.Int(999)
	if match.Settle(rep2, match.Options{Next: next}) {
		t.Error("settled by a next year that fits no cut")
	}
}
