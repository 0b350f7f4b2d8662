package reader_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/truth"
	"nianbao/match"
	"nianbao/reader"
)

// TestNeighbourYears reads each year of one body's scraped reports with
// the true figures of the years before and after: every cell they settle
// is the truth, is marked inferred and named in a note with the year it
// came from; cells they do not settle stay unread with their candidates.
func TestNeighbourYears(t *testing.T) {
	path := func(y int) string { return fmt.Sprintf("../testdata/real/pingtan-%d.txt", y) }
	settled := 0
	for y := 2019; y <= 2025; y++ {
		data, err := os.ReadFile(path(y))
		if err != nil {
			t.Fatal(err)
		}
		var opts match.Options
		if y > 2019 {
			opts.Previous = truth.Read(t, path(y-1))
		}
		if y < 2025 {
			opts.Next = truth.Read(t, path(y+1))
		}
		alone, err := reader.Read(path(y), data)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := reader.Read(path(y), data)
		if err != nil {
			t.Fatal(err)
		}
		match.Settle(rep, opts)
		want := truth.Read(t, path(y))
		cells := rep.CellIndex()
		for c := range rep.Template.Cells() {
			got := rep.At(c)
			if truth.Same(got, alone.At(c)) {
				continue
			}
			settled++
			if alone.At(c).Valid() {
				t.Errorf("%d %s = %s with neighbours, %s alone", y, c.Label, got, alone.At(c))
			}
			if !truth.Same(got, want.At(c)) {
				t.Errorf("%d %s settled as %s; the report states %s", y, c.Label, got, want.At(c))
			}
			if cells[c.Key].Kind != nianbao.KindInferred {
				t.Errorf("%d %s settled as %s of kind %q; want inferred", y, c.Label, got, cells[c.Key].Kind)
			}
			named := false
			for _, n := range rep.Notes {
				named = named || n.Row == c.Key.Row && strings.Contains(n.Message, "年度报告表二")
			}
			if !named {
				t.Errorf("%d %s settled with no note naming the other year", y, c.Label)
			}
		}
		if y == 2023 && rep.Value(nianbao.CellKey{Table: nianbao.TableActive, Row: "normative_documents", Column: "in_force"}).Valid() {
			t.Errorf("2023 现行有效 settled, though 698 + 77 − 132 ≠ 470 leaves no reading")
		}
	}
	if settled < 3 {
		t.Errorf("neighbouring years settled %d cells; want at least 3", settled)
	}
	t.Logf("neighbouring years settled %d cells", settled)
}
