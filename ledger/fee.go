package ledger

import (
	"fmt"

	"nianbao"
)

// FeeBand is one band of 109号's progressive scale and what it charges.
type FeeBand struct {
	From, To int   // the units the band covers, To 0 for no end
	Rate     int64 // 元 per unit
	Units    int   // the units counted in it
	Amount   int64
}

// Label writes the band as a fee notice explains it: 11–30件：20件×100元＝2000元.
func (b FeeBand) Label(basis nianbao.FeeBasis) string {
	unit := feeUnit(basis)
	span := fmt.Sprintf("%d–%d%s", b.From, b.To, unit)
	if b.To == 0 {
		span = fmt.Sprintf("%d%s以上", b.From, unit)
	}
	if b.Rate == 0 {
		return fmt.Sprintf("%s：%d%s免费", span, b.Units, unit)
	}
	return fmt.Sprintf("%s：%d%s×%d元＝%d元", span, b.Units, unit, b.Rate, b.Amount)
}

// FeeFor is the 信息处理费 of 国办函〔2020〕109号 for units counted on basis,
// band by band:
//
//   - per application, the same applicant's applications in one calendar
//     month: up to 10 free; 11–30 100元 each; from 31 on each further band
//     of 10 adds 100元 per application (31–40 200元, 41–50 300元, …);
//   - per page: up to 30 free; 31–100 10元 a page; 101–200 20元; over 200 40元.
//
// 45 applications in a month: 2000 + 2000 + 1500 = 5500元; 250 pages: 700 +
// 2000 + 2000 = 4700元.
func FeeFor(basis nianbao.FeeBasis, units int) (int64, []FeeBand) {
	type band struct {
		to   int
		rate int64
	}
	var bands []band
	switch basis {
	case nianbao.FeePerPage:
		bands = []band{{30, 0}, {100, 10}, {200, 20}, {0, 40}}
	case nianbao.FeePerApplication:
		bands = []band{{10, 0}, {30, 100}}
		for to, rate := 40, int64(200); to-10 < units; to, rate = to+10, rate+100 {
			bands = append(bands, band{to, rate})
		}
	default:
		return 0, nil
	}
	var total int64
	var out []FeeBand
	from := 1
	for _, b := range bands {
		if units < from {
			break
		}
		last := units
		if b.to != 0 && b.to < units {
			last = b.to
		}
		n := last - from + 1
		fb := FeeBand{From: from, To: b.to, Rate: b.rate, Units: n, Amount: int64(n) * b.rate}
		total += fb.Amount
		out = append(out, fb)
		if b.to == 0 {
			break
		}
		from = b.to + 1
	}
	return total, out
}
