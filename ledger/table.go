package ledger

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"nianbao"
)

// Table is table 三 of a year counted from a register: the report it
// makes and, for every cell, the requests behind it.
type Table struct {
	Year     int
	Body     nianbao.Body
	Report   *nianbao.Report // table 三 filled, in the year's format; the rest unstated
	Requests int             // requests in the register
	counts   [nianbao.NumRows][nianbao.NumColumns]int64
	ids      [nianbao.NumRows][nianbao.ColumnTotal][]int64
}

// Count counts table 三 for year from a body's register (ledger.md):
//
//   - 一、本年新收: received in the year;
//   - 二、上年结转: received before it and not concluded by its start;
//   - 三: concluded in the year, each once, by its one outcome;
//   - 四、结转下年度: received by the year's end and not concluded then.
//
// 一 + 二 = 三（七） + 四 holds by construction: the requests of 一 and 二
// are those received by the end of the year and not concluded before it,
// and each of them is either concluded in the year or not. Withdrawn
// requests count in the row the body's settings name; the report's notes
// say which settings were used. Years before 2021 are counted in the 2019
// format, whose （六） is one row.
func Count(body nianbao.Body, rs []nianbao.RequestSummary, year int) *Table {
	t := &Table{Year: year, Body: body, Requests: len(rs)}
	var fees int64
	var paid int
	start := nianbao.MakeDate(year, time.January, 1)
	end := nianbao.MakeDate(year, time.December, 31)
	format := nianbao.Format2021
	if year < 2021 {
		format = nianbao.Format2019
	}
	set := body.Settings
	add := func(row nianbao.Row, r *nianbao.RequestSummary) {
		n := int64(1)
		if set.CountItems {
			n = int64(max(1, r.Items))
		}
		t.counts[row][r.Applicant] += n
		t.ids[row][r.Applicant] = append(t.ids[row][r.Applicant], r.ID)
	}
	for i := range rs {
		r := &rs[i]
		if r.FeePaidOn >= start && r.FeePaidOn <= end {
			fees += r.Fee
			paid++
		}
		if r.Received == 0 || r.Received > end || r.Concluded != 0 && r.Concluded < start {
			continue // not yet received, or done before the year
		}
		if r.Received >= start {
			add(nianbao.NewReceived, r)
		} else {
			add(nianbao.CarriedOver, r)
		}
		if r.Concluded == 0 || r.Concluded > end {
			add(nianbao.CarriedForward, r)
			continue
		}
		row := r.Outcome
		if r.Withdrawn {
			row = set.WithdrawnRow
		}
		if format == nianbao.Format2019 && row.Spec().Group == nianbao.GroupOther {
			row = nianbao.Other
		}
		add(row, r)
	}
	// The 2021 format's single （六） row and the 2019 format's sub-rows are
	// the sums of each other, for comparing with a report printed either way.
	for c := range nianbao.ColumnTotal {
		if format == nianbao.Format2021 {
			t.counts[nianbao.Other][c] = t.counts[nianbao.OtherNoCorrection][c] + t.counts[nianbao.OtherNoFee][c] + t.counts[nianbao.OtherOther][c]
		}
		for _, row := range nianbao.OutcomeRows() {
			t.counts[nianbao.Total][c] += t.counts[row][c]
		}
		if format == nianbao.Format2019 {
			t.counts[nianbao.Total][c] += t.counts[nianbao.Other][c]
		}
	}
	for row := range nianbao.NumRows {
		for c := range nianbao.ColumnTotal {
			t.counts[row][nianbao.ColumnTotal] += t.counts[row][c]
		}
	}
	t.Report = t.report(format)
	// Section 六 reports the fees charged (国办公开办函〔2021〕30号).
	text := "本年度未收取信息处理费。"
	if paid > 0 {
		text = fmt.Sprintf("本年度依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费%d元（%d件申请）。", fees, paid)
	}
	t.Report.Sections = []nianbao.Section{{Number: 6, Title: "六、其他需要报告的事项", Text: text}}
	return t
}

// report writes the table as a report draft in format.
func (t *Table) report(format nianbao.Template) *nianbao.Report {
	rep := nianbao.NewReport(format)
	rep.Agency, rep.Year = t.Body.Name, t.Year
	rep.Source = nianbao.Source{Name: t.Body.Name + "依申请公开台账"}
	for _, row := range format.Rows() {
		for c := range nianbao.NumColumns {
			cell := nianbao.RequestCell(row, c)
			n := nianbao.Int(t.counts[row][c])
			rep.Record(cell, n, nianbao.KindNumber, n.String(), nianbao.Pos{})
		}
	}
	rep.AddNote(nianbao.Note{Code: NoteLedger, Table: nianbao.TableRequests, Message: t.Method()})
	return rep
}

// NoteLedger is the code of the note that says how a table was counted
// from the register.
const NoteLedger = "ledger"

// Method says how the table was counted, settings included.
func (t *Table) Method() string {
	set := t.Body.Settings
	unit := "按申请件数计（一份申请计一件）"
	if set.CountItems {
		unit = "按拆分后的事项计（一事一申请）"
	}
	return fmt.Sprintf("表三由%s的依申请公开台账计得（台账共%d件申请）：本年新收为收到申请之日在%d年的申请；"+
		"上年结转为此前收到、%d年初尚未办结的申请；办理结果为在%d年办结的申请，各计一次；结转下年度为%d年底尚未办结的申请。"+
		"%s；申请人撤回的申请计入%s。",
		t.Body.Name, t.Requests, t.Year, t.Year, t.Year, t.Year, unit, set.WithdrawnRow.RowLabel())
}

// RequestsIn returns the requests a cell of table 三 counts, by ID: for
// the 总计 column those of its six columns, for （七）总计 those of every
// outcome row.
func (t *Table) RequestsIn(row nianbao.Row, c nianbao.Column) []int64 {
	rows := []nianbao.Row{row}
	switch row {
	case nianbao.Total:
		rows = append(nianbao.OutcomeRows(), nianbao.Other)
	case nianbao.Other:
		rows = []nianbao.Row{nianbao.Other, nianbao.OtherNoCorrection, nianbao.OtherNoFee, nianbao.OtherOther}
	}
	cols := []nianbao.Column{c}
	if c == nianbao.ColumnTotal {
		cols = []nianbao.Column{nianbao.NaturalPerson, nianbao.Commercial, nianbao.Research, nianbao.PublicInterest, nianbao.LegalServices, nianbao.OtherOrg}
	}
	var out []int64
	for _, r := range rows {
		for _, col := range cols {
			out = append(out, t.ids[r][col]...)
		}
	}
	slices.Sort(out)
	return out
}

// Compare finds where a body's published report states a different
// number in table 三 from the one its own register gives: a finding per
// cell, the printed cell located. A blank or a mark differs from a count
// other than 0 (a blank is not 0); a blank where the register counts 0 is
// left to the template's own rule about blank cells.
func Compare(published *nianbao.Report, t *Table) []nianbao.Finding {
	var out []nianbao.Finding
	prov := published.CellIndex()
	merged := published.OtherMerged()
	for cell := range published.Template.Cells() {
		if cell.Key.Table != nianbao.TableRequests {
			continue
		}
		row, col := cell.Request()
		if merged && row.Spec().Group == nianbao.GroupOther || published.Template == nianbao.Format2021 && row == nianbao.Other && !merged {
			continue // the rows this report does not print
		}
		stated := published.At(cell)
		want := t.counts[row][col]
		if stated.Valid() {
			if n, ok := stated.Int64(); ok && n == want {
				continue
			}
		} else if want == 0 {
			continue
		}
		f := nianbao.Finding{Rule: nianbao.RuleLedger, Severity: nianbao.SeverityWarning,
			Stated: stated, Expected: nianbao.Int(want),
			Basis: "条例第四十五条（申请登记、办理、答复、归档制度）、第五十条；本机关在 nianbao 中的依申请公开台账"}
		fc := nianbao.FindingCell{CellKey: cell.Key, Label: cell.Label}
		if p, ok := prov[cell.Key]; ok {
			pos := p.Pos
			fc.Pos = &pos
		}
		f.Cells = []nianbao.FindingCell{fc}
		printed := "报告印 " + stated.String()
		if !stated.Valid() {
			printed = "报告此格空白或为符号"
			if p, ok := prov[cell.Key]; ok && strings.TrimSpace(p.Raw) != "" {
				printed = "报告此格为“" + strings.TrimSpace(p.Raw) + "”"
			}
		}
		f.Message = fmt.Sprintf("%s：%s，本机关台账计得 %s 件。", cell.Label, printed, strconv.FormatInt(want, 10))
		out = append(out, f)
	}
	return out
}
