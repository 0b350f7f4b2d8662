package gen

import (
	"fmt"
	"math/rand/v2"

	"nianbao"
)

// fillActive fills table 二. Counts are mostly small; 处理决定 counts are
// sometimes very large (a city's traffic fines run into millions).
func fillActive(rng *rand.Rand, r *nianbao.Report, single bool) {
	for _, item := range r.Template.ActiveItems() {
		for _, f := range item.Fields {
			var n nianbao.Num
			switch {
			case single && f.Signed:
				n = nianbao.Int(rng.Int64N(19) - 9)
			case single:
				n = nianbao.Int(rng.Int64N(10) * rng.Int64N(2))
			case f.Amount:
				n = amount(rng)
			case f.Signed:
				n = nianbao.Int(change(rng))
			case f.Key == "decisions":
				n = nianbao.Int(decisions(rng))
			default:
				n = nianbao.Int(count(rng, 30))
			}
			r.Active[nianbao.ActiveKey(item.Key, f.Key)] = n
		}
	}
}

// count returns 0 about half the time, else a number up to hi, and rarely
// (one time in twenty) one up to 100×hi.
func count(rng *rand.Rand, hi int64) int64 {
	switch k := rng.IntN(20); {
	case k < 10:
		return 0
	case k == 19:
		return rng.Int64N(100*hi) + 1
	}
	return rng.Int64N(hi) + 1
}

func decisions(rng *rand.Rand) int64 {
	switch k := rng.IntN(20); {
	case k < 8:
		return 0
	case k == 19:
		return rng.Int64N(5_000_000) + 1
	case k >= 16:
		return rng.Int64N(50_000) + 1
	}
	return rng.Int64N(500) + 1
}

// change is a 2019-format 本年增/减: mostly 0, sometimes negative.
func change(rng *rand.Rand) int64 {
	if rng.IntN(2) == 0 {
		return 0
	}
	return rng.Int64N(41) - 20
}

// amount is money in 万元 with up to two decimals, as printed.
func amount(rng *rand.Rand) nianbao.Num {
	if rng.IntN(5) < 3 {
		return nianbao.Int(0)
	}
	cents := rng.Int64N(10_000_000) + 1
	var s string
	switch rng.IntN(3) {
	case 0:
		s = fmt.Sprint(cents / 100)
	case 1:
		s = fmt.Sprintf("%d.%d", cents/100, cents/10%10)
	default:
		s = fmt.Sprintf("%d.%02d", cents/100, cents%100)
	}
	n, ok := nianbao.ParseNum(s)
	if !ok {
		panic("gen: bad amount " + s)
	}
	return n
}

// outcomeWeight is how often, in tenths, an outcome row of table 三 holds
// a non-zero number: most requests are granted or the agency does not hold
// the information; state secrets and the like are rare.
func outcomeWeight(row nianbao.Row) int {
	switch row {
	case nianbao.Granted:
		return 8
	case nianbao.PartiallyGranted, nianbao.UnavailableNotHeld:
		return 4
	case nianbao.Other, nianbao.NotProcessedPetition, nianbao.NotProcessedDuplicate:
		return 2
	}
	return 1
}

// fillRequests fills table 三 so that every identity of arith.go holds:
// the outcome rows and 结转下年度 are drawn, （七）总计 is the outcomes' sum,
// 上年结转 is drawn no larger than what it must balance, 本年新收 is what
// balances 一+二 = 三（七）+四, and the 总计 column (when printed) sums each
// row.
func fillRequests(rng *rand.Rand, r *nianbao.Report, rows []nianbao.Row, cols []nianbao.Column, single bool) {
	var outcomes []nianbao.Row
	for _, row := range rows {
		if row.Spec().Outcome {
			outcomes = append(outcomes, row)
			for c := range nianbao.ColumnTotal {
				r.Requests[row][c] = nianbao.Int(0)
			}
		}
	}
	// hi is the size of the agency: a township gets no requests at all, a
	// city government thousands.
	var hi int64
	var forward [nianbao.NumColumns]int64
	if single {
		// Every number, sums included, must stay a digit: spend at most
		// nine requests over the whole table.
		hi = 9
		for range rng.IntN(10) {
			c := nianbao.NaturalPerson
			if rng.IntN(2) == 0 {
				c = nianbao.Column(rng.IntN(int(nianbao.ColumnTotal)))
			}
			if rng.IntN(4) == 0 {
				forward[c]++
				continue
			}
			row := outcomes[rng.IntN(len(outcomes))]
			r.Requests[row][c] = r.Requests[row][c].Add(nianbao.Int(1))
		}
	} else {
		hi = pick[int64](rng, 0, 0, 5, 5, 5, 5, 5, 40, 40, 600)
		draw := func(weight int, c nianbao.Column) int64 {
			if hi == 0 || rng.IntN(10) >= weight {
				return 0
			}
			if c != nianbao.NaturalPerson {
				if rng.IntN(3) > 0 { // most applicants are natural persons
					return 0
				}
				return rng.Int64N(hi/4+1) + 1
			}
			return rng.Int64N(hi) + 1
		}
		for _, row := range outcomes {
			for c := range nianbao.ColumnTotal {
				r.Requests[row][c] = nianbao.Int(draw(outcomeWeight(row), c))
			}
		}
		for c := range nianbao.ColumnTotal {
			forward[c] = draw(3, c)
		}
	}
	for c := range nianbao.ColumnTotal {
		total := int64(0)
		for _, row := range outcomes {
			v, _ := r.Requests[row][c].Int64()
			total += v
		}
		over := int64(0)
		if hi > 0 && rng.IntN(3) == 0 {
			over = rng.Int64N(min(total+forward[c], hi) + 1)
		}
		r.Requests[nianbao.Total][c] = nianbao.Int(total)
		r.Requests[nianbao.CarriedForward][c] = nianbao.Int(forward[c])
		r.Requests[nianbao.CarriedOver][c] = nianbao.Int(over)
		r.Requests[nianbao.NewReceived][c] = nianbao.Int(total + forward[c] - over)
	}
	if len(cols) < int(nianbao.NumColumns) {
		return
	}
	for _, row := range rows {
		sum := nianbao.Int(0)
		for c := range nianbao.ColumnTotal {
			sum = sum.Add(r.Requests[row][c])
		}
		r.Requests[row][nianbao.ColumnTotal] = sum
	}
}

// fillReview fills table 四: most agencies have no cases at all.
func fillReview(rng *rand.Rand, r *nianbao.Report, single bool) {
	hi := int64(0)
	if rng.IntN(3) == 0 {
		hi = pick[int64](rng, 3, 10, 60)
	}
	if single {
		hi = min(hi, 2) // four columns of at most 2 add up to a digit
	}
	for g := range nianbao.NumReviewGroups {
		sum := int64(0)
		for c := range nianbao.ReviewTotal {
			v := int64(0)
			if hi > 0 && rng.IntN(2) == 0 {
				v = rng.Int64N(hi) + 1
			}
			r.Review[g][c] = nianbao.Int(v)
			sum += v
		}
		r.Review[g][nianbao.ReviewTotal] = nianbao.Int(sum)
	}
}
