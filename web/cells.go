package web

import (
	"strings"

	"nianbao"
)

// cellIndex finds a report's cells' provenance.
type cellIndex = map[nianbao.CellKey]nianbao.Provenance

// prints reports whether a report of format t has cell c.
func prints(t nianbao.Template, c nianbao.Cell) bool {
	_, ok := t.Cell(c.Key)
	return ok
}

// printed is a cell as the report prints it.
type printed struct {
	Num  nianbao.Num
	Kind nianbao.Kind // "" when the report does not print the cell at all
	Text string       // the number, the mark, or "" for a blank
}

// printedCell returns what rep prints in cell k.
func printedCell(rep *nianbao.Report, idx cellIndex, k nianbao.CellKey) printed {
	ref, ok := idx[k]
	return printedAs(rep.Value(k), ref, ok)
}

// printedAs returns what a cell prints that states n and whose provenance
// is ref (ok false: it has none).
func printedAs(n nianbao.Num, ref nianbao.Provenance, ok bool) printed {
	switch {
	case !ok && n.Valid():
		return printed{Num: n, Kind: nianbao.KindNumber, Text: n.String()}
	case !ok:
		return printed{}
	case ref.Kind == nianbao.KindMark:
		return printed{Kind: ref.Kind, Text: strings.TrimSpace(ref.Raw)}
	case ref.Kind == nianbao.KindBlank || !n.Valid():
		return printed{Kind: nianbao.KindBlank}
	}
	return printed{Num: n, Kind: ref.Kind, Text: n.String()}
}

// same reports whether two printed cells state the same fact.
func (p printed) same(q printed) bool {
	if p.Num.Valid() != q.Num.Valid() {
		return false
	}
	if p.Num.Valid() {
		return p.Num.Cmp(q.Num) == 0
	}
	return p.Text == q.Text
}
