package roster

import (
	"context"

	"nianbao"
)

// Basis says where a list of expected bodies came from.
type Basis string

// The bases of an expected list.
const (
	BasisNone     Basis = ""          // neither a roster nor last year's reports: nobody is known to be expected
	BasisRoster   Basis = "roster"    // the office's roster for the year
	BasisLastYear Basis = "last_year" // the bodies that reported for the year before
)

// Label names the basis in Chinese.
func (b Basis) Label() string {
	switch b {
	case BasisRoster:
		return "应报名单"
	case BasisLastYear:
		return "上年度已报送的机关（本年度未建应报名单）"
	}
	return "无应报名单，上年度也没有报告"
}

// Expected returns the bodies expected to report for f.Year under f.Place
// (within f.Scope): the roster's entries, or when the place has no roster
// for the year, last year's set; and which of the two it is.
func Expected(ctx context.Context, rs nianbao.RosterService, f nianbao.RosterFilter) ([]string, Basis, error) {
	f.Status = ""
	rows, err := rs.Roster(ctx, f)
	if err != nil {
		return nil, BasisNone, err
	}
	var names []string
	for _, r := range rows {
		names = append(names, r.Agency)
	}
	if len(names) > 0 {
		return names, BasisRoster, nil
	}
	last, err := rs.LastYearSet(ctx, f)
	if err != nil || len(last) == 0 {
		return nil, BasisNone, err
	}
	for _, e := range last {
		names = append(names, e.Agency)
	}
	return names, BasisLastYear, nil
}
