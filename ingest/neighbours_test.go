package ingest_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nianbao"
	"nianbao/ingest"
	"nianbao/internal/truth"
	"nianbao/reader"
	"nianbao/store"
	"nianbao/store/storetest"
)

// TestNeighbourEvidence stores seven years of one body's reports, whose
// table 二 digits run together, in shuffled orders: the neighbouring years
// settle a cell only where their figures leave one reading, every settled
// cell is the truth, and the result is the same whatever the order and
// whether the files are read here or, as uploads are, elsewhere (the
// report coming back as JSON, as from the isolated child).
func TestNeighbourEvidence(t *testing.T) {
	files, _ := filepath.Glob("../testdata/real/pingtan-*.txt")
	if len(files) < 7 {
		t.Fatalf("found %d pingtan reports; want 7", len(files))
	}
	first := map[string]string{} // by database
	for seed := range uint64(4) {
		order := slices.Clone(files)
		switch seed {
		case 0: // in order
		case 1:
			slices.Reverse(order)
		default:
			r := rand.New(rand.NewPCG(seed, 9))
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		// A store of its own per order: the same bytes are stored once.
		t.Run(fmt.Sprint("order", seed), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				db := path.Base(t.Name())
				got := storeSeries(t, s, order, seed)
				want, ok := first[db]
				switch {
				case !ok:
					first[db] = got
					for _, cell := range settledByNeighbours {
						if !strings.Contains(got, cell+" inferred") {
							t.Errorf("%s not settled by the neighbouring year:\n%s", cell, got)
						}
					}
				case got != want:
					t.Errorf("table 二 differs from the order by year:\n%s\nwant\n%s", got, want)
				}
			})
		})
	}
}

// settledByNeighbours are cells of the 平潭 reports that only the two
// years read together settle: 2021's 现行有效 by 2022's figures, and 2019's
// rows, which 2020 prints run together too, by the one cut of both years
// that keeps 上一年项目数量 + 本年增/减 = next year's 上一年项目数量.
var settledByNeighbours = []string{
	"2021 normative_documents.in_force=665",
	"2019 licensing.previous_items=396", "2019 licensing.decisions=181",
	"2019 punishment.decisions=430", "2019 fees.previous_items=35", "2019 other_services.decisions=153",
	"2020 licensing.previous_items=396",
}

// storeSeries adds the files and returns table 二 of every stored report as "year cell=value
// kind" lines, checking each inferred cell against the truth.
func storeSeries(t *testing.T, s *store.Store, order []string, seed uint64) string {
	ctx := context.Background()
	var id int64
	for _, f := range order {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in := ingest.New(s)
		if seed%2 == 1 {
			in.Read = readElsewhere
		}
		sr, _, err := in.AddReport(ctx, filepath.Base(f), data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		id = sr.ID
	}
	srs, err := s.AgencyReports(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(srs) != len(order) {
		t.Fatalf("order %d: %d reports of the body stored; want %d", seed, len(srs), len(order))
	}
	var b strings.Builder
	for _, sr := range srs {
		rep := sr.Report
		want := truth.Read(t, fmt.Sprintf("../testdata/real/pingtan-%d.txt", rep.Year))
		cells := rep.CellIndex()
		for c := range rep.Template.Cells() {
			if c.Key.Table != nianbao.TableActive {
				continue
			}
			p := cells[c.Key]
			fmt.Fprintf(&b, "%d %s.%s=%s %s\n", rep.Year, c.Key.Row, c.Key.Column, rep.At(c), p.Kind)
			if p.Kind == nianbao.KindInferred && !truth.Same(rep.At(c), want.At(c)) {
				t.Errorf("order %d: %d %s inferred as %s; the report states %s", seed, rep.Year, c.Label, rep.At(c), want.At(c))
			}
		}
	}
	return b.String()
}

// readElsewhere reads a file as the isolated child does: the report
// reaches the server as its JSON.
func readElsewhere(_ context.Context, f reader.File) (*nianbao.Report, error) {
	rep, err := reader.ReadFile(f)
	if err != nil {
		return nil, err
	}
	data, err := rep.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var out nianbao.Report
	return &out, out.UnmarshalJSON(data)
}

// TestCheckSettles: a report checked without storing is settled by the
// stored neighbouring year as it would be when stored.
func TestCheckSettles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		in := ingest.New(s)
		if _, _, err := in.AddReport(ctx, "pingtan-2020.txt", pingtan(t, 2020)); err != nil {
			t.Fatal(err)
		}
		sr, err := in.CheckReport(ctx, "pingtan-2019.txt", pingtan(t, 2019))
		if err != nil {
			t.Fatal(err)
		}
		k := nianbao.CellKey{Table: nianbao.TableActive, Row: "licensing", Column: "decisions"}
		if got := sr.Report.Value(k); got.Cmp(nianbao.Int(181)) != 0 || sr.Report.CellIndex()[k].Kind != nianbao.KindInferred {
			t.Errorf("2019 行政许可 处理决定数量 %s checked with 2020 stored; want 181 inferred", got)
		}
	})
}

// TestSettleKeepsCorrections: a stored report settled again when its
// neighbouring year arrives keeps what a reviewer corrected in it, though
// settling starts again from the readings its text left.
func TestSettleKeepsCorrections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := ingest.NewService(s)
		sr, _, err := svc.AddReport(ctx, "pingtan-2019.txt", pingtan(t, 2019))
		if err != nil {
			t.Fatal(err)
		}
		k := nianbao.CellKey{Table: nianbao.TableActive, Row: "licensing", Column: "decisions"}
		if _, err := svc.CorrectCell(ctx, sr.ID, nianbao.Correction{Cell: k, Text: "182", Reason: "测试"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.AddReport(ctx, "pingtan-2020.txt", pingtan(t, 2020)); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindReport(ctx, sr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v := got.Report.Value(k); v.Cmp(nianbao.Int(182)) != 0 {
			t.Errorf("2019 行政许可 处理决定数量 %s after 2020 arrived; want the correction 182", v)
		}
	})
}

// pingtan returns the 平潭 report of the year.
func pingtan(t *testing.T, year int) []byte {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("../testdata/real/pingtan-%d.txt", year))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
