package web

import (
	"strings"

	"nianbao"
)

// cellColumn is one table cell as a column of the exports and a row of the
// year comparison, with its Chinese name, e.g. 表三·一、本年新收·自然人.
type cellColumn struct {
	nianbao.CellKey
	Label string
	// In2019, In2021 say which formats print the cell.
	In2019, In2021 bool
}

// cellColumns lists every cell of both formats: table 二 (2021 items, then
// the 2019 format's own), table 三 row by row, table 四 group by group.
var cellColumns = buildCellColumns()

func buildCellColumns() []cellColumn {
	var out []cellColumn
	at := map[nianbao.CellKey]int{}
	for _, t := range []nianbao.Template{nianbao.Format2021, nianbao.Format2019} {
		for _, item := range t.ActiveItems() {
			for _, f := range item.Fields {
				k := nianbao.CellKey{Table: nianbao.TableActive, Row: item.Key, Column: f.Key}
				i, ok := at[k]
				if !ok {
					i = len(out)
					at[k] = i
					out = append(out, cellColumn{CellKey: k, Label: "表二·" + item.Label + "·" + f.Label})
				}
				out[i].In2019 = out[i].In2019 || t == nianbao.Format2019
				out[i].In2021 = out[i].In2021 || t == nianbao.Format2021
			}
		}
	}
	in := func(t nianbao.Template, row nianbao.Row) bool {
		for _, r := range t.JSONRows() {
			if r == row {
				return true
			}
		}
		return false
	}
	for row := range nianbao.NumRows {
		for c := range nianbao.NumColumns {
			out = append(out, cellColumn{
				CellKey: nianbao.CellKey{Table: nianbao.TableRequests, Row: row.Key(), Column: c.Key()},
				Label:   "表三·" + shortRowLabel(row) + "·" + c.Label(),
				In2019:  in(nianbao.Format2019, row),
				In2021:  in(nianbao.Format2021, row),
			})
		}
	}
	for g := range nianbao.NumReviewGroups {
		group := g.Label()
		if g != nianbao.Reconsideration {
			group = "行政诉讼·" + group
		}
		for c := range nianbao.NumReviewColumns {
			out = append(out, cellColumn{
				CellKey: nianbao.CellKey{Table: nianbao.TableReview, Row: g.Key(), Column: c.Key()},
				Label:   "表四·" + group + "·" + c.Label(),
				In2019:  true, In2021: true,
			})
		}
	}
	return out
}

// shortRowLabel names a row of table 三 briefly and unambiguously:
// 一、本年新收, （三）不予公开·1.属于国家秘密, （七）总计.
func shortRowLabel(r nianbao.Row) string {
	spec := r.Spec()
	label, _, _ := strings.Cut(spec.Label, "（区分")
	label, _, _ = strings.Cut(label, "、行政机关")
	label = strings.TrimSuffix(label, "政府信息公开申请数量")
	if spec.Group != nianbao.NoGroup && spec.Group != nianbao.GroupOutcome {
		label = spec.Group.Label() + "·" + label
	}
	return label
}

// in reports whether a report of format t prints the cell.
func (c cellColumn) in(t nianbao.Template) bool {
	if t == nianbao.Format2019 {
		return c.In2019
	}
	return c.In2021
}

// cellIndex finds a report's cells' provenance.
type cellIndex = map[nianbao.CellKey]nianbao.CellRef

// value returns the number a report states in a cell (invalid when none).
func value(rep *nianbao.Report, k nianbao.CellKey) nianbao.Num {
	switch k.Table {
	case nianbao.TableActive:
		return rep.Active[nianbao.ActiveKey(k.Row, k.Column)]
	case nianbao.TableRequests:
		row, ok := nianbao.RowByKey(k.Row)
		if !ok {
			return nianbao.Num{}
		}
		for c := range nianbao.NumColumns {
			if c.Key() == k.Column {
				return rep.Requests[row][c]
			}
		}
	case nianbao.TableReview:
		for g := range nianbao.NumReviewGroups {
			if g.Key() != k.Row {
				continue
			}
			for c := range nianbao.NumReviewColumns {
				if c.Key() == k.Column {
					return rep.Review[g][c]
				}
			}
		}
	}
	return nianbao.Num{}
}

// printed is a cell as the report prints it.
type printed struct {
	Num  nianbao.Num
	Kind nianbao.Kind // "" when the report does not print the cell at all
	Text string       // the number, the mark, or "" for a blank
}

// printedCell returns what rep prints in cell k.
func printedCell(rep *nianbao.Report, idx cellIndex, k nianbao.CellKey) printed {
	n := value(rep, k)
	ref, ok := idx[k]
	switch {
	case !ok && n.Valid():
		return printed{Num: n, Kind: nianbao.KindNumber, Text: n.String()}
	case !ok:
		return printed{}
	case ref.Kind == nianbao.KindMark:
		return printed{Kind: ref.Kind, Text: strings.TrimSpace(ref.Raw)}
	case ref.Kind == nianbao.KindBlank || !n.Valid():
		return printed{Kind: nianbao.KindBlank}
	}
	return printed{Num: n, Kind: ref.Kind, Text: n.String()}
}

// same reports whether two printed cells state the same fact.
func (p printed) same(q printed) bool {
	if p.Num.Valid() != q.Num.Valid() {
		return false
	}
	if p.Num.Valid() {
		return p.Num.Cmp(q.Num) == 0
	}
	return p.Text == q.Text
}
