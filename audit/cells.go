package audit

import (
	"fmt"
	"strings"

	"nianbao"
)

// cellIndex finds a cell's provenance by table, row key and column key.
type cellIndex = map[nianbao.CellKey]nianbao.CellRef

// cell names a cell of rep, the report checked or the previous year's,
// with its position when it was printed.
func (c *Context) cell(rep *nianbao.Report, table nianbao.Table, row, col string) nianbao.FindingCell {
	fc := nianbao.FindingCell{Table: table, Row: row, Column: col, Label: cellLabel(rep.Template, table, row, col)}
	idx := c.cells
	if rep != c.Report {
		idx, fc.Year = c.prev, rep.Year
		fc.Label = fmt.Sprintf("%d年度报告", rep.Year) + fc.Label
	}
	if ref, ok := idx[nianbao.CellKey{Table: table, Row: row, Column: col}]; ok {
		pos := ref.Pos
		fc.Pos = &pos
	}
	return fc
}

// requestCell names table 三's cell at row, col in the report checked.
func (c *Context) requestCell(row nianbao.Row, col nianbao.Column) nianbao.FindingCell {
	return c.cell(c.Report, nianbao.TableRequests, row.Key(), col.Key())
}

// refCell names the cell ref points at in the report checked.
func (c *Context) refCell(ref nianbao.Ref) nianbao.FindingCell {
	switch ref.Table {
	case nianbao.TableRequests:
		return c.requestCell(nianbao.Row(ref.Row), nianbao.Column(ref.Col))
	case nianbao.TableReview:
		return c.cell(c.Report, nianbao.TableReview, nianbao.ReviewGroup(ref.Row).Key(), nianbao.ReviewColumn(ref.Col).Key())
	}
	panic("audit: no such table " + string(ref.Table))
}

// cellLabel names a cell as a person reading the printed table would:
// 表三“（六）其他处理·3.其他”·总计, 表四“行政诉讼·复议后起诉”·结果维持.
func cellLabel(t nianbao.Template, table nianbao.Table, row, col string) string {
	switch table {
	case nianbao.TableRequests:
		r, _ := nianbao.RowByKey(row)
		return "表三“" + rowLabel(r) + "”·" + columnLabel(col)
	case nianbao.TableReview:
		for g := range nianbao.NumReviewGroups {
			if g.Key() != row {
				continue
			}
			group := g.Label()
			if g != nianbao.Reconsideration {
				group = "行政诉讼·" + group
			}
			for c := range nianbao.NumReviewColumns {
				if c.Key() == col {
					return "表四“" + group + "”·" + c.Label()
				}
			}
		}
	case nianbao.TableActive:
		for _, item := range t.ActiveItems() {
			if item.Key != row {
				continue
			}
			for _, f := range item.Fields {
				if f.Key == col {
					return "表二“" + item.Label + "”·" + f.Label
				}
			}
		}
	}
	return string(table) + " " + row + " " + col
}

// rowLabel is a row's label without the template's explanations, under its
// group when it is a numbered sub-item.
func rowLabel(r nianbao.Row) string {
	spec := r.Spec()
	label, _, _ := strings.Cut(spec.Label, "（区分")
	label, _, _ = strings.Cut(label, "、行政机关")
	if spec.Group != nianbao.NoGroup && spec.Group != nianbao.GroupOutcome {
		label = spec.Group.Label() + "·" + label
	}
	return label
}

func columnLabel(key string) string {
	for c := range nianbao.NumColumns {
		if c.Key() == key {
			return c.Label()
		}
	}
	return key
}
