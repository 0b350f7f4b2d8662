package nianbao_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/gen"
)

// subordinates generates n reports of one year, as read: numbers, and the
// provenance of every printed cell (blank or marked ones included).
func subordinates(n int, year int, blanks bool) []*nianbao.Report {
	var out []*nianbao.Report
	for i := range n {
		s := gen.New(rand.New(rand.NewPCG(uint64(i), uint64(year))), gen.Options{Template: nianbao.TemplateForYear(year), Blanks: blanks && i%2 == 0})
		r := s.Read()
		r.Year = year
		out = append(out, r)
	}
	return out
}

// TestAggregateSums: every cell of the draft is the cell-by-cell sum of
// the inputs when each states a number there, and blank (with a note and
// the inputs listed) when one does not; never a sum that took a blank for 0.
func TestAggregateSums(t *testing.T) {
	for _, year := range []int{2020, 2024} {
		for _, blanks := range []bool{false, true} {
			in := subordinates(6, year, blanks)
			a, err := nianbao.Aggregate(in, nianbao.AggregateOptions{Year: year, Place: "某县人民政府"})
			if err != nil {
				t.Fatal(err)
			}
			d := a.Report
			if d.Template != nianbao.TemplateForYear(year) || d.Year != year || d.Agency != "某县人民政府" {
				t.Fatalf("draft %s %d %q", d.Template, d.Year, d.Agency)
			}
			notes := map[string]string{}
			for _, n := range d.Notes {
				if n.Code == nianbao.NoteIncomplete {
					notes[string(n.Table)+"/"+n.Row] += n.Message
				}
			}
			idx := d.CellIndex()
			inIdx := make([]map[nianbao.CellKey]nianbao.Provenance, len(in))
			for i, r := range in {
				inIdx[i] = r.CellIndex()
			}
			incomplete, complete := 0, 0
			for c := range d.Template.Cells() {
				sum, all, any := nianbao.Int(0), true, false
				for i, r := range in {
					n := r.At(c)
					sum = sum.Add(n)
					all = all && n.Valid()
					_, printed := inIdx[i][c.Key]
					any = any || printed
				}
				got := d.At(c)
				switch {
				case !any:
					if got.Valid() {
						t.Errorf("%d %s = %s, printed by no input", year, c.Label, got)
					}
				case all && nianbao.Additive(c):
					complete++
					if !got.Valid() || got.Cmp(sum) != 0 || idx[c.Key].Kind != nianbao.KindNumber {
						t.Errorf("%d %s = %q; the inputs sum to %s", year, c.Label, got, sum)
					}
				default:
					incomplete++
					if got.Valid() || idx[c.Key].Kind != nianbao.KindBlank {
						t.Errorf("%d %s = %q (%s); an input states no number, so it must stay blank", year, c.Label, got, idx[c.Key].Kind)
					}
					if !strings.Contains(notes[string(c.Key.Table)+"/"+c.Key.Row], c.Label) {
						t.Errorf("%d %s: no note says why it is blank", year, c.Label)
					}
				}
			}
			if !blanks && year == 2024 && incomplete > 0 {
				// 2021-format samples without blanks may still leave out
				// the 总计 column or print （六） as one row.
				t.Logf("%d: %d incomplete cells without blanks (cells some sample does not print)", year, incomplete)
			}
			if blanks && incomplete == 0 {
				t.Errorf("%d: inputs with blanks gave no incomplete cell", year)
			}
			if complete == 0 {
				t.Errorf("%d: no complete cell", year)
			}
			// Every cell lists the reports behind it.
			for _, ac := range a.Cells {
				if len(ac.Sources) != len(in) {
					t.Fatalf("%s: %d sources for %d inputs", ac.Cell.Label, len(ac.Sources), len(in))
				}
			}
		}
	}
}

// TestAggregateBlank: one input's blank or "/" makes the cell incomplete,
// and the cell's sources say which input and what it printed.
func TestAggregateBlank(t *testing.T) {
	in := subordinates(3, 2023, false)
	c := nianbao.RequestCell(nianbao.Granted, nianbao.NaturalPerson)
	in[1].Set(c, nianbao.Num{})
	for i := range in[1].Cells {
		if in[1].Cells[i].CellKey == c.Key {
			in[1].Cells[i].Kind, in[1].Cells[i].Raw = nianbao.KindMark, "/"
		}
	}
	a, err := nianbao.Aggregate(in, nianbao.AggregateOptions{Year: 2023, Place: "某区"})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Report.At(c); got.Valid() {
		t.Fatalf("%s = %s; an input printed \"/\"", c.Label, got)
	}
	for _, ac := range a.Cells {
		if ac.Cell.Key != c.Key {
			continue
		}
		want := in[0].At(c).Add(in[2].At(c))
		if ac.Complete || ac.Sum.Cmp(want) != 0 || ac.Sources[1].Kind != nianbao.KindMark || ac.Sources[1].Text != "/" {
			t.Errorf("cell %+v; want incomplete, partial sum %s, source 1 the mark", ac, want)
		}
	}
	found := false
	for _, n := range a.Report.Notes {
		if n.Code == nianbao.NoteIncomplete && strings.Contains(n.Message, in[1].Agency+"：“/”") {
			found = true
		}
	}
	if !found {
		t.Errorf("no note names %s and its mark: %v", in[1].Agency, a.Report.Notes)
	}
}

// TestAggregateConsistent: the template's identities are linear, so the
// draft of consistent reports satisfies every one it can be checked on.
func TestAggregateConsistent(t *testing.T) {
	a, err := nianbao.Aggregate(subordinates(8, 2022, false), nianbao.AggregateOptions{Year: 2022})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, id := range a.Report.Identities() {
		if l, r, ok := id.Eval(a.Report); ok {
			checked++
			if l.Cmp(r) != 0 {
				t.Errorf("%s: %s ≠ %s", id.Rule.Title(), l, r)
			}
		}
	}
	if checked == 0 {
		t.Error("no identity could be checked")
	}
}

// TestAggregateSelection: reports of other years are left out with the
// reason, expected bodies without a report are listed, and the 2019
// format's 采购总金额 is not summed.
func TestAggregateSelection(t *testing.T) {
	in := subordinates(3, 2020, false)
	other := subordinates(1, 2019, false)[0]
	expected := []string{in[0].Agency, "没有报告的局"}
	a, err := nianbao.Aggregate(append(in, other), nianbao.AggregateOptions{Year: 2020, Expected: expected})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Inputs) != 3 || len(a.Excluded) != 1 || a.Excluded[0].Report != other || !strings.Contains(a.Excluded[0].Reason, "2019") {
		t.Errorf("inputs %d, excluded %+v", len(a.Inputs), a.Excluded)
	}
	if len(a.Missing) != 1 || a.Missing[0] != "没有报告的局" {
		t.Errorf("missing %v", a.Missing)
	}
	amount, _ := nianbao.Format2019.Cell(nianbao.CellKey{Table: nianbao.TableActive, Row: "procurement", Column: "amount"})
	if a.Report.At(amount).Valid() {
		t.Errorf("采购总金额 summed across reports of unknown units")
	}
	if _, err := nianbao.Aggregate([]*nianbao.Report{other}, nianbao.AggregateOptions{Year: 2020}); nianbao.ErrorCode(err) != nianbao.EINVALID {
		t.Errorf("no report of the year: err %v", err)
	}
}
