package web

import "nianbao"

// cellIndex finds a report's cells' provenance.
type cellIndex = map[nianbao.CellKey]nianbao.Provenance

// prints reports whether a report of format t has cell c.
func prints(t nianbao.Template, c nianbao.Cell) bool {
	_, ok := t.Cell(c.Key)
	return ok
}
