package match_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/gen"
	"nianbao/internal/truth"
	"nianbao/reader"
)

// TestSquashedMultiDigit is the property for text whose cells run together
// with numbers of several digits (the generator's squashed, one-line and
// scraped layouts), where the text alone often cannot split them: every
// cell is read exactly, or inferred (then exactly, and noted), or left
// unread with a note on its row that lists the readings it could have —
// never a wrong number. How many cells and reports read exactly may not
// fall below what the reader achieves today (squashedFloors).
func TestSquashedMultiDigit(t *testing.T) {
	const samples = 120
	for _, layout := range []gen.Layout{gen.Squashed, gen.OneLine, gen.Scraped} {
		cells, exact, reports, unlisted := 0, 0, 0, 0
		for i := range samples {
			opt := gen.Options{Blanks: i%3 == 0, Inconsistent: i%4 == 1}
			s := gen.New(rand.New(rand.NewPCG(uint64(i), 2024)), opt)
			rep, err := reader.Read("generated.txt", gen.Render(s, layout))
			if err != nil {
				t.Fatalf("%s sample %d: %v", layout, i, err)
			}
			all := true
			for c := range s.Report.Template.Cells() {
				cells++
				got, want := rep.At(c), s.Report.At(c)
				if truth.Same(got, want) {
					exact++
					continue
				}
				all = false
				if got.Valid() {
					t.Errorf("%s sample %d: %s = %s; rendered %s", layout, i, c.Label, got, want)
					continue
				}
				if !listsReadings(rep, c.Key) {
					unlisted++
					t.Logf("%s sample %d: %s unread, no note lists its readings: %v", layout, i, c.Label, rowNotes(rep, c.Key))
				}
			}
			if all {
				reports++
			}
		}
		f := squashedFloors[layout]
		if exact < f.cells || reports < f.reports || unlisted > f.unlisted {
			t.Errorf("%s: %d/%d cells and %d/%d reports exact, %d cells unread without their readings listed; floors %+v",
				layout, exact, cells, reports, samples, unlisted, f)
		}
		t.Logf("%s: %d/%d cells, %d/%d reports exact; %d unread cells unlisted", layout, exact, cells, reports, samples, unlisted)
	}
}

// squashedFloors are what TestSquashedMultiDigit's 120 samples of each
// layout achieve: cells and reports read exactly (at least; of 24,273
// cells), unread cells whose note does not list their readings (at most).
// Table 二 has no arithmetic, so most reports keep a row of it unread.
// Raise them when the reader gets better.
var squashedFloors = map[gen.Layout]struct{ cells, reports, unlisted int }{
	gen.Squashed: {23198, 4, 0},
	gen.OneLine:  {23198, 4, 0},
	gen.Scraped:  {23225, 5, 0},
}

// listsReadings reports whether a note on the cell's row (or table 四,
// which is noted as a whole) lists the readings the row could have, or
// says there were too many to list.
func listsReadings(rep *nianbao.Report, k nianbao.CellKey) bool {
	for _, n := range rowNotes(rep, k) {
		if strings.Contains(n, "|") || strings.Contains(n, "拆法过多") { // readings are listed as 8|0|2691
			return true
		}
	}
	return false
}

func rowNotes(rep *nianbao.Report, k nianbao.CellKey) []string {
	var out []string
	for _, n := range rep.Notes {
		if n.Table == k.Table && (n.Row == k.Row || k.Table == nianbao.TableReview && n.Row == "") {
			out = append(out, fmt.Sprintf("%s %s", n.Code, n.Message))
		}
	}
	return out
}
