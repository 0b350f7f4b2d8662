package ledger_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"nianbao"
	"nianbao/calendar"
	"nianbao/internal/ledgergen"
	"nianbao/ledger"
)

func body() nianbao.Body {
	return nianbao.Body{Key: "某市某局", Name: "某市某局", Settings: nianbao.DefaultLedgerSettings()}
}

func summaries(rs []*nianbao.Request) []nianbao.RequestSummary {
	out := make([]nianbao.RequestSummary, len(rs))
	for i, r := range rs {
		out[i] = ledgergen.Summarize(r)
	}
	return out
}

// register is a random register of requests received 2024-11 to 2026-11,
// as of the end of 2026.
func register(seed uint64, n int) []*nianbao.Request {
	env := ledger.Env{Calendar: calendar.Default(), Settings: nianbao.DefaultLedgerSettings(),
		AsOf: nianbao.MakeDate(2026, time.December, 31)}
	return ledgergen.Requests(rand.New(rand.NewPCG(seed, 3)), n, ledgergen.Options{
		From: nianbao.MakeDate(2024, time.November, 1), To: nianbao.MakeDate(2026, time.November, 30)}, env)
}

// TestTableIdentities: random registers over two years always give a
// table 三 whose every identity holds, whose 二 is last year's 四, and
// whose cells list exactly the requests they count, under every setting.
func TestTableIdentities(t *testing.T) {
	outcomes := map[nianbao.Group]int{}
	withdrawn, carried := 0, 0
	for seed := range uint64(20) {
		rs := summaries(register(seed, 300))
		for _, set := range []nianbao.LedgerSettings{
			nianbao.DefaultLedgerSettings(),
			{WithdrawnRow: nianbao.NotProcessedDuplicate, CountItems: true},
		} {
			b := body()
			b.Settings = set
			var prev *ledger.Table
			for _, year := range []int{2025, 2026} {
				tab := ledger.Count(b, rs, year)
				rep := tab.Report
				if rep.Template != nianbao.Format2021 || rep.Year != year || rep.Agency != b.Name {
					t.Fatalf("report %s %d %s", rep.Template, rep.Year, rep.Agency)
				}
				for _, id := range rep.Identities() {
					if id.Rule == nianbao.RuleReviewTotal {
						continue // table 四 is not counted from the register
					}
					if !id.Holds(rep) {
						l, r, _ := id.Eval(rep)
						t.Fatalf("seed %d %d: %s does not hold: %s ≠ %s", seed, year, id.Rule, l, r)
					}
				}
				if prev != nil {
					for c := range nianbao.NumColumns {
						if got, want := count(tab, nianbao.CarriedOver, c), count(prev, nianbao.CarriedForward, c); got != want {
							t.Fatalf("seed %d: 2026 二 %s = %d; 2025 四 = %d", seed, c.Label(), got, want)
						}
					}
					if !slices.Equal(tab.RequestsIn(nianbao.CarriedOver, nianbao.ColumnTotal), prev.RequestsIn(nianbao.CarriedForward, nianbao.ColumnTotal)) {
						t.Fatalf("seed %d: the requests carried over are not those carried forward", seed)
					}
				}
				if !set.CountItems {
					for _, row := range rep.Template.Rows() {
						for col := range nianbao.NumColumns {
							if n, _ := rep.Cell(row, col).Int64(); n != int64(len(tab.RequestsIn(row, col))) {
								t.Fatalf("seed %d: %s counts %d but lists %d requests", seed, nianbao.RequestCell(row, col).Label, n, len(tab.RequestsIn(row, col)))
							}
						}
					}
				}
				for _, row := range nianbao.OutcomeRows() {
					if count(tab, row, nianbao.ColumnTotal) > 0 {
						outcomes[row.Spec().Group]++
					}
				}
				carried += int(count(tab, nianbao.CarriedOver, nianbao.ColumnTotal))
				prev = tab
			}
		}
		for _, r := range rs {
			if r.Withdrawn {
				withdrawn++
			}
		}
	}
	// Floors: the generated registers reach every kind of outcome.
	for _, g := range []nianbao.Group{nianbao.GroupOutcome, nianbao.GroupWithheld, nianbao.GroupUnavailable, nianbao.GroupNotProcessed, nianbao.GroupOther} {
		if outcomes[g] < 20 {
			t.Errorf("outcome group %s reached %d times", g.Label(), outcomes[g])
		}
	}
	if withdrawn < 100 || carried < 200 {
		t.Errorf("withdrawn %d, carried over %d", withdrawn, carried)
	}
}

// count is the number the table's report states in a cell.
func count(tab *ledger.Table, row nianbao.Row, c nianbao.Column) int64 {
	n, _ := tab.Report.Cell(row, c).Int64()
	return n
}

// TestTableCounting: a small register counted by hand, the 2019 format
// for 2020, the settings in the notes, the JSON it flows into.
func TestTableCounting(t *testing.T) {
	d := func(s string) nianbao.Date { v, _ := nianbao.ParseDate(s); return v }
	rs := []nianbao.RequestSummary{
		{ID: 1, Applicant: nianbao.NaturalPerson, Received: d("2019-12-20"), Concluded: d("2020-01-10"), Outcome: nianbao.Granted},
		{ID: 2, Applicant: nianbao.Commercial, Received: d("2020-03-01"), Concluded: d("2020-03-20"), Outcome: nianbao.OtherNoCorrection},
		{ID: 3, Applicant: nianbao.NaturalPerson, Received: d("2020-12-28")},
		{ID: 4, Applicant: nianbao.LegalServices, Received: d("2020-05-01"), Concluded: d("2020-05-02"), Withdrawn: true},
		{ID: 5, Applicant: nianbao.NaturalPerson, Received: d("2019-05-01"), Concluded: d("2019-06-01"), Outcome: nianbao.Granted},
		{ID: 6, Applicant: nianbao.NaturalPerson, Received: d("2021-01-04")},
	}
	tab := ledger.Count(body(), rs, 2020)
	rep := tab.Report
	if rep.Template != nianbao.Format2019 {
		t.Fatalf("2020 counted in the %s format", rep.Template)
	}
	want := map[nianbao.Row][nianbao.NumColumns]int64{
		nianbao.NewReceived:    {1, 1, 0, 0, 1, 0, 3},
		nianbao.CarriedOver:    {1, 0, 0, 0, 0, 0, 1},
		nianbao.Granted:        {1, 0, 0, 0, 0, 0, 1},
		nianbao.Other:          {0, 1, 0, 0, 1, 0, 2},
		nianbao.Total:          {1, 1, 0, 0, 1, 0, 3},
		nianbao.CarriedForward: {1, 0, 0, 0, 0, 0, 1},
	}
	for _, row := range rep.Template.Rows() {
		for c := range nianbao.NumColumns {
			if got := rep.Cell(row, c); !got.Valid() || got.Cmp(nianbao.Int(want[row][c])) != 0 {
				t.Errorf("%s·%s = %s; want %d", row.RowLabel(), c.Label(), got, want[row][c])
			}
		}
	}
	if got := tab.RequestsIn(nianbao.Total, nianbao.ColumnTotal); !slices.Equal(got, []int64{1, 2, 4}) {
		t.Errorf("（七）总计 lists %v", got)
	}
	if len(rep.Sections) != 1 || rep.Sections[0].Text != "本年度未收取信息处理费。" {
		t.Errorf("section 六: %+v", rep.Sections)
	}
	if len(rep.Notes) != 1 || rep.Notes[0].Code != ledger.NoteLedger || !strings.Contains(rep.Notes[0].Message, "撤回的申请计入（六）其他处理·3.其他") {
		t.Errorf("notes %+v", rep.Notes)
	}
	// The draft reads back as a report.
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back nianbao.Report
	if err := json.Unmarshal(b, &back); err != nil || back.Cell(nianbao.NewReceived, nianbao.ColumnTotal).String() != "3" || back.Agency != "某市某局" {
		t.Errorf("JSON: %v, %s", err, b[:200])
	}
	// 2021: the sub-rows of （六）, withdrawals where the settings say.
	rs[1].Concluded, rs[3].Concluded = d("2021-02-01"), d("2021-02-02")
	b2 := body()
	b2.Settings.WithdrawnRow = nianbao.NotProcessedDuplicate
	rep = ledger.Count(b2, rs, 2021).Report
	if rep.Template != nianbao.Format2021 || rep.Cell(nianbao.OtherNoCorrection, nianbao.Commercial).String() != "1" ||
		rep.Cell(nianbao.NotProcessedDuplicate, nianbao.LegalServices).String() != "1" || rep.Cell(nianbao.Other, nianbao.ColumnTotal).Valid() {
		t.Errorf("2021 counted wrong: %v", rep.Requests)
	}
	fee := []nianbao.RequestSummary{{ID: 1, Received: d("2021-03-01"), Fee: 4700, FeePaidOn: d("2021-03-10")}}
	if got := ledger.Count(body(), fee, 2021).Report.Sections[0].Text; !strings.Contains(got, "收取信息处理费4700元（1件申请）") {
		t.Errorf("section 六: %q", got)
	}
}

// TestCompare: a published report that differs from the register in one
// cell gets one finding there, located in the printed table; a blank
// where the register counts some is a finding too.
func TestCompare(t *testing.T) {
	rs := summaries(register(7, 200))
	tab := ledger.Count(body(), rs, 2025)
	published := *tab.Report
	published.Cells = nil
	if fs := ledger.Compare(&published, tab); len(fs) != 0 {
		t.Fatalf("the register's own table differs from itself: %+v", fs)
	}
	granted := nianbao.RequestCell(nianbao.Granted, nianbao.ColumnTotal)
	stated := published.At(granted).Add(nianbao.Int(1))
	published.Record(granted, stated, nianbao.KindNumber, stated.String(), nianbao.Pos{Table: 2, Row: 5, Col: 9})
	carried := nianbao.RequestCell(nianbao.CarriedOver, nianbao.ColumnTotal)
	published.Record(carried, nianbao.Num{}, nianbao.KindMark, "/", nianbao.Pos{})
	fs := ledger.Compare(&published, tab)
	if len(fs) != 2 {
		t.Fatalf("%d findings: %+v", len(fs), fs)
	}
	f := fs[0]
	if f.Rule != nianbao.RuleLedger || f.Severity != nianbao.SeverityWarning || len(f.Cells) != 1 || f.Cells[0].CellKey != carried.Key ||
		!strings.Contains(f.Message, "报告此格为“/”") {
		t.Errorf("finding %+v", f)
	}
	f = fs[1]
	if f.Cells[0].CellKey != granted.Key || f.Cells[0].Pos == nil || f.Cells[0].Pos.Row != 5 || f.Stated.Cmp(stated) != 0 ||
		!strings.Contains(f.Message, "本机关台账计得") || f.Rule.Title() == string(f.Rule) {
		t.Errorf("finding %+v", f)
	}
}

// TestStats: shares, medians and percentiles over a register counted by hand.
func TestStats(t *testing.T) {
	d := func(s string) nianbao.Date { v, _ := nianbao.ParseDate(s); return v }
	rs := []nianbao.RequestSummary{
		{ID: 1, Received: d("2025-01-10"), Concluded: d("2025-01-20"), Outcome: nianbao.Granted, ElapsedWD: 5},
		{ID: 2, Received: d("2025-01-15"), Concluded: d("2025-03-01"), Outcome: nianbao.Granted, ElapsedWD: 25, Late: true, Extended: true},
		{ID: 3, Received: d("2025-02-01"), Concluded: d("2025-02-20"), Outcome: nianbao.Granted, ElapsedWD: 12, Corrected: true},
		{ID: 4, Received: d("2025-02-03"), Concluded: d("2025-02-25"), Outcome: nianbao.Granted, ElapsedWD: 14},
		{ID: 5, Received: d("2025-03-01"), Concluded: d("2025-04-01"), Outcome: nianbao.OtherNoCorrection, ElapsedWD: 20, Corrected: true},
		{ID: 6, Received: d("2025-12-30"), Fee: 700, FeePaidOn: d("2025-12-31")},
		{ID: 7, Received: d("2024-12-30"), Concluded: d("2025-01-05"), Withdrawn: true, ElapsedWD: 2},
	}
	st := ledger.YearStats(body(), rs, 2025)
	if st.Received != 6 || st.Concluded != 6 || st.Open != 1 || st.Answered != 4 || st.Within20 != 3 || st.Late != 1 ||
		st.Extensions != 1 || st.Corrections != 2 || st.Fees != 700 || st.FeesPaid != 1 {
		t.Errorf("%+v", st)
	}
	if *st.Within20Share != 0.75 || *st.CorrectionRate != 2.0/6 {
		t.Errorf("shares %v %v", *st.Within20Share, *st.CorrectionRate)
	}
	g := st.Outcomes[0]
	if g.Row != nianbao.Granted || g.Count != 4 || g.Median != 13 || g.P90 != 25 {
		t.Errorf("granted %+v", g)
	}
	if st.Months[0] != (ledger.MonthStats{Received: 2, Concluded: 2, Open: 1}) || st.Months[11].Open != 1 || st.Months[1].Open != 1 {
		t.Errorf("months %+v", st.Months)
	}
	if empty := ledger.YearStats(body(), nil, 2025); empty.Within20Share != nil || empty.CorrectionRate != nil {
		t.Error("no requests: the shares are N/A, not 0")
	}
}
