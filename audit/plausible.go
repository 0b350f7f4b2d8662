package audit

import (
	"fmt"

	"nianbao"
)

// otherShare and otherMin decide when （六）其他处理 is "unusually high":
// more than a fifth of all outcomes, and at least five applications, so
// that one odd case of three does not count. （六） is meant for what
// fits nowhere else — an applicant who never corrected or never paid, and
// the rare remainder — while the outcomes （一） to （五） cover the
// decisions the 条例 provides for.
const (
	otherShare = 5 // more than 1/otherShare of （七）总计
	otherMin   = 5
)

// otherHigh: 其他处理 unusually high, which the 60号 notice asks
// supervisors to look into.
func otherHigh(c *Context) []nianbao.Finding {
	other := nianbao.Int(0)
	var cells []nianbao.FindingCell
	for _, row := range c.Report.OutcomeRows() {
		if row == nianbao.Other || row.Spec().Group == nianbao.GroupOther {
			n, cs := c.rowTotal(row)
			other = other.Add(n)
			cells = append(cells, cs...)
		}
	}
	total, cs := c.rowTotal(nianbao.Total)
	o, ok1 := other.Int64()
	t, ok2 := total.Int64()
	if !ok1 || !ok2 || o < otherMin || o*otherShare <= t {
		return nil
	}
	return []nianbao.Finding{{
		Message: fmt.Sprintf("表三（六）其他处理 %s 件，占（七）总计 %s 件的 %d%%：占比偏高，宜核实其中是否有应按（一）至（五）归类的申请",
			other, total, o*100/max(t, 1)),
		Cells: append(cells, cs...), Stated: printedTotal(other, cells)}}
}

// applicationCount is a positive count of applications anywhere in a sentence.
var applicationCount = rx(`申请C{0,12}?NUM件|NUM件C{0,8}?申请`)

// allZero: table 三 all zeros while section 一 speaks of applications.
func allZero(c *Context) []nianbao.Finding {
	rep := c.Report
	stated := 0
	for _, row := range rep.Template.JSONRows() {
		for _, n := range rep.Requests[row] {
			if n.Valid() && n.Cmp(nianbao.Int(0)) != 0 {
				return nil
			}
			if n.Valid() {
				stated++
			}
		}
	}
	if stated == 0 {
		return nil
	}
	for _, s := range c.sentences[1] {
		for _, m := range applicationCount.FindAllStringSubmatchIndex(s, -1) {
			g := m[2:4]
			if g[0] < 0 {
				g = m[4:6]
			}
			if n, ok := parseCount(s[g[0]:g[1]]); ok && n.Cmp(nianbao.Int(0)) > 0 && !notAboutApplications.MatchString(s[m[0]:m[1]]) {
				return []nianbao.Finding{{Message: fmt.Sprintf("表三各格均为0，而第一部分述及申请 %s 件", n),
					Section: 1, Quote: excerpt(s, m[0], m[1])}}
			}
		}
	}
	return nil
}
