package nianbao

import (
	"fmt"
	"strings"
)

// AggregateOptions says what a 本级 aggregated report is for.
type AggregateOptions struct {
	Year  int    // the reporting year; reports of other years are left out
	Place string // the aggregated report's body, e.g. 洛阳市西工区人民政府
	// Expected are the bodies whose reports the aggregate should include
	// (a roster, or last year's set); those with no report are listed in
	// Missing. Nil when nobody said.
	Expected []string
	// Key, when set, names a body for matching Expected with the inputs
	// (AgencyKey: 路北街道办事处 and 路北街道 are one body); names
	// are matched exactly when nil.
	Key func(agency string) string
}

// Aggregation is a 本级 aggregated draft summed from its subordinates'
// reports (条例 第四十九条; template.md, "Across levels"), and what it is
// made of.
type Aggregation struct {
	// Report is the draft: the place as its body, the year and its
	// format, every table cell the sum of the inputs' cells. A cell some
	// input leaves blank, marks or does not print is left blank rather
	// than summed as if it were 0, with a note naming those inputs.
	Report *Report
	Inputs []*Report // the reports summed, in the order given
	// Cells has every cell that some input prints, in JSON order, with
	// what each input holds there.
	Cells    []AggregateCell
	Excluded []Excluded // reports given but not summed, and why
	Missing  []string   // expected bodies with no report among the inputs
}

// AggregateCell is one cell of the aggregate and the cells behind it.
type AggregateCell struct {
	Cell Cell
	// Sum adds the numbers the inputs state; when Complete is false it
	// leaves out the inputs that state none, and the draft does not print it.
	Sum      Num
	Complete bool
	// Additive is false for a cell whose numbers cannot be added (see
	// Additive); Sum is then invalid.
	Additive bool
	Sources  []CellSource // one per input, in Inputs' order
}

// CellSource is what one input holds in a cell of the aggregate.
type CellSource struct {
	Report int  // the input's index in Inputs
	Kind   Kind // "" when the input does not print the cell at all
	Text   string
	Num    Num
}

// Excluded is a report left out of an aggregate.
type Excluded struct {
	Report *Report
	Reason string
}

// The notes of an aggregated draft: a cell some input states no number in
// (or that cannot be added), the bodies summed, an input in the other format.
const (
	NoteIncomplete    = "aggregate_incomplete"
	NoteAggregated    = "aggregate_sources"
	NoteOtherTemplate = "aggregate_other_template"
)

// Additive reports whether the numbers of cell c can be summed across
// bodies. Every cell of both formats adds up — counts, 现行有效件数 and
// 收费金额 alike, and the 2019 format's 上一年项目数量 (the bodies' items
// together) and signed 本年增/减 (a sum of changes is the change of the
// sum) — and since every identity of the template is linear, a sum of
// consistent reports is consistent. The one exception is the 2019 format's
// 政府集中采购·采购总金额: reports state it in 万元 or in 元, and the
// report does not record which. (A document two bodies issue jointly is
// counted in each one's 现行有效件数, as each report counts it.)
func Additive(c Cell) bool {
	return !(c.Key.Table == TableActive && c.Key.Row == "procurement" && c.Key.Column == "amount")
}

// TemplateForYear returns the format a report for the year follows: the
// 2019 trial format for 2019 and 2020, the 2021 format from 2021.
func TemplateForYear(year int) Template {
	if year > 0 && year <= 2020 {
		return Format2019
	}
	return Format2021
}

// Aggregate sums the tables of reports into opt.Place's 本级 draft for
// opt.Year. It changes none of the reports. It fails only when no report
// is for the year.
func Aggregate(reports []*Report, opt AggregateOptions) (*Aggregation, error) {
	if opt.Year <= 0 {
		return nil, Errorf(EINVALID, "请给出汇总的报告年度")
	}
	a := &Aggregation{}
	for _, r := range reports {
		switch {
		case r.Year == 0:
			a.Excluded = append(a.Excluded, Excluded{r, "报告年度未能识别"})
		case r.Year != opt.Year:
			a.Excluded = append(a.Excluded, Excluded{r, fmt.Sprintf("为 %d 年度报告", r.Year)})
		default:
			a.Inputs = append(a.Inputs, r)
		}
	}
	if len(a.Inputs) == 0 {
		return nil, Errorf(EINVALID, "没有 %d 年度的报告可以汇总", opt.Year)
	}
	key := opt.Key
	if key == nil {
		key = func(s string) string { return s }
	}
	names := map[string]bool{}
	var bodies []string
	for _, r := range a.Inputs {
		names[key(r.Agency)] = true
		bodies = append(bodies, r.AgencyName())
	}
	for _, e := range opt.Expected {
		if !names[key(e)] {
			a.Missing = append(a.Missing, e)
		}
	}
	t := TemplateForYear(opt.Year)
	draft := NewReport(t)
	draft.Agency, draft.Year = opt.Place, opt.Year
	draft.AddNote(Note{Code: NoteAggregated, Message: fmt.Sprintf("由 %d 份 %d 年度报告逐格相加：%s", len(a.Inputs), opt.Year, strings.Join(bodies, "、"))})
	index := make([]map[CellKey]Provenance, len(a.Inputs))
	for i, r := range a.Inputs {
		index[i] = r.CellIndex()
		if r.Template != t {
			draft.AddNote(Note{Code: NoteOtherTemplate, Message: fmt.Sprintf("%s的报告用%s年版格式，与%d年度应用的%s年版不同：两版不同的格不计入汇总", r.AgencyName(), r.Template, opt.Year, t)})
		}
	}
	for c := range t.Cells() {
		ac := AggregateCell{Cell: c, Sum: Int(0), Complete: true, Additive: Additive(c)}
		printed := false
		var gaps []string
		stated := 0
		for i, r := range a.Inputs {
			p := r.Printed(index[i], c.Key)
			ac.Sources = append(ac.Sources, CellSource{Report: i, Kind: p.Kind, Text: p.Text, Num: p.Num})
			printed = printed || p.Kind != ""
			if p.Num.Valid() {
				ac.Sum = ac.Sum.Add(p.Num)
				stated++
				continue
			}
			ac.Complete = false
			gaps = append(gaps, r.AgencyName()+"："+gapText(p))
		}
		if !printed {
			continue // no input prints it (the 2021 format's one-row （六）, most often): neither does the draft
		}
		a.Cells = append(a.Cells, ac)
		switch {
		case !ac.Additive:
			a.Cells[len(a.Cells)-1].Sum = Num{}
			draft.Record(c, Num{}, KindBlank, "", Pos{})
			draft.AddNote(Note{Code: NoteIncomplete, Table: c.Key.Table, Row: c.Key.Row,
				Message: c.Label + "：各报告所用单位（万元或元）不一且未记录，不予相加，请核实后填写"})
		case ac.Complete:
			draft.Record(c, ac.Sum, KindNumber, ac.Sum.String(), Pos{})
		default:
			draft.Record(c, Num{}, KindBlank, "", Pos{})
			draft.AddNote(Note{Code: NoteIncomplete, Table: c.Key.Table, Row: c.Key.Row,
				Message: fmt.Sprintf("%s：%d 份报告中 %d 份未填数（%s），其余 %d 份之和为 %s，未作为汇总数",
					c.Label, len(a.Inputs), len(gaps), strings.Join(gaps, "；"), stated, ac.Sum)})
		}
	}
	a.Report = draft
	return a, nil
}

// AgencyName is the report's body as a list names it: "（未署名机关）" when
// the report names none.
func (r *Report) AgencyName() string {
	if r.Agency == "" {
		return "（未署名机关）"
	}
	return r.Agency
}

// gapText says what an input holds in a cell where it states no number.
func gapText(p Printed) string {
	switch p.Kind {
	case KindMark:
		return "“" + p.Text + "”"
	case KindBlank:
		return "空白"
	}
	return "未印此格"
}
