package audit

import (
	"fmt"
	"slices"

	"nianbao"
)

// identityRule reports every identity of the given rule that the report's
// numbers can be checked against and fail.
func identityRule(rule nianbao.RuleID) func(*Context) []nianbao.Finding {
	return func(c *Context) []nianbao.Finding {
		var out []nianbao.Finding
		for _, id := range c.identities {
			if id.Rule != rule {
				continue
			}
			left, right, ok := id.Eval(c.Report)
			if !ok || left.Cmp(right) == 0 {
				continue
			}
			f := nianbao.Finding{Message: identityMessage(id, left, right)}
			if len(id.Left) == 1 {
				// One printed total against the sum of its parts. 一 + 二 against
				// 三（七） + 四 are two sums the report does not print: the
				// message alone gives them, so no sum passes for printed.
				f.Stated, f.Expected = left, right
			}
			for _, ref := range slices.Concat(id.Left, id.Right) {
				f.Cells = append(f.Cells, c.cell(c.Report, ref))
			}
			out = append(out, f)
		}
		return out
	}
}

func identityMessage(id nianbao.Identity, left, right nianbao.Num) string {
	row, col := id.Left[0].Request()
	group, _ := id.Left[0].ReviewAt()
	switch id.Rule {
	case nianbao.RuleRowTotal:
		return fmt.Sprintf("表三“%s”一行：总计印为 %s，六类申请人之和为 %s", row.RowLabel(), left, right)
	case nianbao.RuleColumnTotal:
		return fmt.Sprintf("表三“%s”列：（七）总计印为 %s，各项办理结果之和为 %s", col.Label(), left, right)
	case nianbao.RuleBalance:
		return fmt.Sprintf("表三“%s”列：一（本年新收）+ 二（上年结转）= %s，三（七）总计 + 四（结转下年度）= %s，两者应相等",
			col.Label(), left, right)
	case nianbao.RuleReviewTotal:
		return fmt.Sprintf("表四“%s”：总计印为 %s，维持、纠正、其他、尚未审结之和为 %s", group.Label(), left, right)
	}
	return fmt.Sprintf("%s：%s ≠ %s", id.Rule, left, right)
}

// uncheckedIdentities says, per rule, which identities could not be
// checked because a cell they need states no number: a blank is not 0.
func uncheckedIdentities(c *Context) []nianbao.Finding {
	var out []nianbao.Finding
	var rules []nianbao.RuleID
	n := map[nianbao.RuleID]int{}
	cells := map[nianbao.RuleID][]nianbao.Cell{}
	for _, id := range c.identities {
		if _, _, ok := id.Eval(c.Report); ok {
			continue
		}
		if n[id.Rule] == 0 {
			rules = append(rules, id.Rule)
		}
		n[id.Rule]++
		for _, ref := range slices.Concat(id.Left, id.Right) {
			if !c.Report.At(ref).Valid() && !slices.Contains(cells[id.Rule], ref) {
				cells[id.Rule] = append(cells[id.Rule], ref)
			}
		}
	}
	for _, rule := range rules {
		f := nianbao.Finding{Message: fmt.Sprintf("有 %d 处“%s”无法核对：所需的 %d 个单元格空白、填有符号或未印，不按 0 计算",
			n[rule], rule.Title(), len(cells[rule]))}
		for _, ref := range cells[rule] {
			f.Cells = append(f.Cells, c.cell(c.Report, ref))
		}
		out = append(out, f)
	}
	return out
}

// number is one stated number of a table; cell.Field says what kind of
// number it must be (Signed and Amount for table 二; zero for counts).
type number struct {
	cell nianbao.Cell
	n    nianbao.Num
}

// numbers lists every stated number of tables 二, 三 and 四.
func (c *Context) numbers() []number {
	rep := c.Report
	var out []number
	for cell := range rep.Template.Cells() {
		if n := rep.At(cell); n.Valid() {
			out = append(out, number{cell, n})
		}
	}
	return out
}

// numberRule reports every stated number that is not what its field
// allows, with the message the reason gives it.
func numberRule(bad func(number) bool, reason string) func(*Context) []nianbao.Finding {
	return func(c *Context) []nianbao.Finding {
		var out []nianbao.Finding
		for _, x := range c.numbers() {
			if bad(x) {
				cell := c.cell(c.Report, x.cell)
				out = append(out, nianbao.Finding{Message: fmt.Sprintf("%s 为 %s：%s", cell.Label, x.n, reason),
					Cells: []nianbao.FindingCell{cell}, Stated: x.n})
			}
		}
		return out
	}
}

var (
	negativeCells = numberRule(func(x number) bool { return x.n.Negative() && !x.cell.Field.Signed }, "件数和金额不能为负数")
	fractionCells = numberRule(func(x number) bool { return !x.n.IsInt() && !x.cell.Field.Amount }, "件数应为整数")
)
