package ledger

import (
	"slices"
	"time"

	"nianbao"
)

// Stats is what a register shows of a year, as FOI trackers report it:
// how fast requests are answered, how often the clock is stretched, and
// the year month by month. Durations are working days from the receipt
// to the conclusion (the receipt day not counted), stored per request:
// medians are taken over them, never over sums.
type Stats struct {
	Year      int `json:"year"`
	Received  int `json:"received"`  // received in the year
	Concluded int `json:"concluded"` // concluded in the year
	Open      int `json:"open"`      // not concluded at the year's end (四、结转下年度)

	// Of the requests the body answered in the year (withdrawals and
	// lapses left out): how many within 20 working days of the receipt,
	// how many after their due date.
	Answered      int            `json:"answered"`
	Within20      int            `json:"within_20"`
	Within20Share *float64       `json:"within_20_share"` // null when none was answered: N/A is not 0
	Late          int            `json:"late"`
	Outcomes      []OutcomeStats `json:"outcomes"`

	// Of the requests received in the year.
	Extensions     int      `json:"extensions"`
	Corrections    int      `json:"corrections"` // a 补正 notice sent
	CorrectionRate *float64 `json:"correction_rate"`

	Fees     int64 `json:"fees"`      // 元 paid in the year (section 六)
	FeesPaid int   `json:"fees_paid"` // requests that paid

	Months [12]MonthStats `json:"months"`
}

// OutcomeStats is how long the requests concluded in the year with one
// outcome took.
type OutcomeStats struct {
	Row    nianbao.Row `json:"row"`
	Label  string      `json:"label"`
	Count  int         `json:"count"`
	Median float64     `json:"median_wd"`
	P90    int         `json:"p90_wd"` // the 90th percentile, nearest rank
}

// MonthStats is one month: received, concluded, and open at its end.
type MonthStats struct {
	Received  int `json:"received"`
	Concluded int `json:"concluded"`
	Open      int `json:"open"`
}

// YearStats computes a register's statistics for year. Withdrawn
// requests count under the row the body's settings name.
func YearStats(body nianbao.Body, rs []nianbao.RequestSummary, year int) *Stats {
	st := &Stats{Year: year, Outcomes: []OutcomeStats{}}
	start := nianbao.MakeDate(year, time.January, 1)
	end := nianbao.MakeDate(year, time.December, 31)
	var monthEnds [12]nianbao.Date
	for m := range 12 {
		monthEnds[m] = nianbao.MakeDate(year, time.Month(m+2), 0)
	}
	durations := map[nianbao.Row][]int{}
	for i := range rs {
		r := &rs[i]
		if r.Received == 0 || r.Received > end {
			continue
		}
		if r.Received >= start {
			st.Received++
			st.Months[monthOf(r.Received)].Received++
			if r.Extended {
				st.Extensions++
			}
			if r.Corrected {
				st.Corrections++
			}
		}
		concluded := r.Concluded != 0 && r.Concluded <= end
		if !concluded {
			st.Open++
		}
		for m, me := range monthEnds {
			if r.Received <= me && (r.Concluded == 0 || r.Concluded > me) {
				st.Months[m].Open++
			}
		}
		if r.FeePaidOn >= start && r.FeePaidOn <= end {
			st.Fees += r.Fee
			st.FeesPaid++
		}
		if !concluded || r.Concluded < start {
			continue
		}
		st.Concluded++
		st.Months[monthOf(r.Concluded)].Concluded++
		row := r.Outcome
		if r.Withdrawn {
			row = body.Settings.WithdrawnRow
		}
		durations[row] = append(durations[row], r.ElapsedWD)
		if r.Withdrawn || r.Outcome == nianbao.OtherNoCorrection || r.Outcome == nianbao.OtherNoFee {
			continue
		}
		st.Answered++
		if r.ElapsedWD <= AnswerDays {
			st.Within20++
		}
		if r.Late {
			st.Late++
		}
	}
	st.Within20Share = share(st.Within20, st.Answered)
	st.CorrectionRate = share(st.Corrections, st.Received)
	for _, row := range nianbao.OutcomeRows() {
		ds := durations[row]
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		o := OutcomeStats{Row: row, Label: row.RowLabel(), Count: len(ds), P90: ds[(len(ds)*9+9)/10-1]}
		if n := len(ds); n%2 == 1 {
			o.Median = float64(ds[n/2])
		} else {
			o.Median = float64(ds[n/2-1]+ds[n/2]) / 2
		}
		st.Outcomes = append(st.Outcomes, o)
	}
	return st
}

func monthOf(d nianbao.Date) int {
	_, m, _ := d.Civil()
	return int(m) - 1
}

func share(part, whole int) *float64 {
	if whole == 0 {
		return nil
	}
	s := float64(part) / float64(whole)
	return &s
}
