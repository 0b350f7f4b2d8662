package store

import (
	"strings"

	"nianbao"
	"nianbao/place"
)

// scopeSQL is the condition of a ReportFilter's Scope: the same as
// nianbao.Scope.Allows, in SQL. arg adds an argument and returns its
// placeholder. A scope by place allows the reports placed in any of its
// spans (place_key BETWEEN lo AND hi: place.Span); an unplaced report
// (place_key 0) falls in none, so that a supervisor sees nothing of it
// rather than everything.
func scopeSQL(sc *nianbao.Scope, arg func(any) string) string {
	var conds []string
	if sc.Agency != "" {
		conds = append(conds, "agency_key = "+arg(sc.Agency))
	}
	for _, p := range sc.Places {
		conds = append(conds, placeSQL(p, arg))
	}
	if len(conds) == 0 {
		return "1 = 0"
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

// placeSQL selects the reports placed in a span: a division and
// everything under it.
func placeSQL(p nianbao.PlaceSpan, arg func(any) string) string {
	return "place_key BETWEEN " + arg(p.Lo) + " AND " + arg(p.Hi)
}

// regionSQL is the conditions of a filter by place (a division's code:
// everything placed under it; a code that is no division's selects none)
// and by scope, on the columns reports and roster share (agency_key,
// place_key).
func regionSQL(code string, sc *nianbao.Scope, arg func(any) string) []string {
	var conds []string
	if code != "" {
		if lo, hi, ok := place.Span(code); ok {
			conds = append(conds, placeSQL(nianbao.PlaceSpan{Lo: lo, Hi: hi}, arg))
		} else {
			conds = append(conds, "1 = 0")
		}
	}
	if sc != nil {
		conds = append(conds, scopeSQL(sc, arg))
	}
	return conds
}
