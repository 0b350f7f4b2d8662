package audit

import (
	"fmt"
	"regexp"
	"strings"

	"nianbao"
)

var (
	feeAmountRe = regexp.MustCompile(`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(万元|元)`)
	feeNoneRe   = regexp.MustCompile(`未收取|没有收取|无收取|不收取|未产生|没有产生|未发生|零收费|免收`)
)

// feeStep divides every rate of 国办函〔2020〕109号: 100元 a request, or
// 10, 20 or 40元 a page.
const feeStep = 10

// feeStatements: the 信息处理费 section 六 reports, against the tables and
// the rates of 国办函〔2020〕109号. A fee is a 行政事业性收费, so table 二
// cannot show none collected; it is charged on applications, so table 三
// cannot show none; and every rate is a multiple of 10元.
func feeStatements(c *Context) []nianbao.Finding {
	var out []nianbao.Finding
	rep := c.Report
	for _, s := range c.sentences[6] {
		if !strings.Contains(s, "处理费") || feeNoneRe.MatchString(s) {
			continue
		}
		m := feeAmountRe.FindStringSubmatchIndex(s)
		if m == nil {
			continue
		}
		yuan, ok := nianbao.ParseNum(s[m[2]:m[3]])
		if !ok || yuan.Cmp(nianbao.Int(0)) <= 0 {
			continue
		}
		stated := s[m[2]:m[5]]
		quote := excerpt(s, m[0], m[1])
		unit := s[m[4]:m[5]]
		if v, whole := yuan.Int64(); unit == "元" && (!whole || v%feeStep != 0) {
			out = append(out, nianbao.Finding{Message: fmt.Sprintf("第六部分称收取信息处理费%s，不是10元的整数倍：国办函〔2020〕109号各档标准（100元/件；10、20、40元/页）算不出这个金额", stated),
				Stated: yuan, Section: 6, Quote: quote})
		}
		if fee := rep.Active[nianbao.ActiveKey("fees", "amount")]; fee.Valid() && fee.Cmp(nianbao.Int(0)) == 0 {
			out = append(out, nianbao.Finding{Message: fmt.Sprintf("第六部分称收取信息处理费%s，而表二“行政事业性收费”本年收费金额为0：信息处理费属行政事业性收费", stated),
				Cells: []nianbao.FindingCell{c.activeCell(rep, "fees", "amount")}, Stated: fee, Section: 6, Quote: quote})
		}
		in, inCells := c.rowTotal(nianbao.NewReceived)
		over, overCells := c.rowTotal(nianbao.CarriedOver)
		if all := in.Add(over); all.Valid() && all.Cmp(nianbao.Int(0)) == 0 {
			out = append(out, nianbao.Finding{Message: fmt.Sprintf("第六部分称收取信息处理费%s，而表三本年新收和上年结转的申请均为0：信息处理费只向申请人收取", stated),
				Cells: append(inCells, overCells...), Section: 6, Quote: quote}) // 0 is a sum of two totals: not printed
		}
	}
	return out
}

// feesUnreported: the 2021 format asks section 六 to report the 信息处理费
// collected; a section 六 that says nothing of fees leaves it unreported.
func feesUnreported(c *Context) []nianbao.Finding {
	if c.Report.Template != nianbao.Format2021 {
		return nil
	}
	for _, s := range c.Report.Sections {
		if s.Number == 6 && !strings.Contains(s.Text, "费") {
			return []nianbao.Finding{{Message: "第六部分未说明信息处理费的收取情况（未收取的也应写明）", Section: 6, Quote: excerpt(s.Text, 0, 0)}}
		}
	}
	return nil
}
