package store

import "nianbao"

// scopeSQL is the condition of a ReportFilter's Scope: the same as
// nianbao.Scope.Allows, in SQL. arg adds an argument and returns its
// placeholder.
//
// Reports carry no place yet: the place_key column arrives with the
// placement of bodies (place.Placement), and with it the condition
// place_key BETWEEN lo AND hi for each of sc.Places. Until then a scope
// by place allows no report, as Allows does for an unplaced report, so
// that a supervisor sees nothing rather than everything.
func scopeSQL(sc *nianbao.Scope, arg func(any) string) string {
	if sc.Agency != "" {
		return "agency_key = " + arg(sc.Agency)
	}
	return "1 = 0"
}
