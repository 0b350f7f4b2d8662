package audit

import (
	"fmt"

	"nianbao"
)

// cellIndex finds a cell's provenance by its key.
type cellIndex = map[nianbao.CellKey]nianbao.Provenance

// cell names a cell of rep, the report checked or the previous year's,
// with its position when it was printed.
func (c *Context) cell(rep *nianbao.Report, cell nianbao.Cell) nianbao.FindingCell {
	fc := nianbao.FindingCell{CellKey: cell.Key, Label: cell.Label}
	idx := c.cells
	if rep != c.Report {
		idx, fc.Year = c.prev, rep.Year
		fc.Label = fmt.Sprintf("%d年度报告", rep.Year) + fc.Label
	}
	if p, ok := idx[cell.Key]; ok {
		pos := p.Pos
		fc.Pos = &pos
	}
	return fc
}

// cellNamed names rep's cell k.
func (c *Context) cellNamed(rep *nianbao.Report, k nianbao.CellKey) nianbao.FindingCell {
	cell, ok := rep.Template.Cell(k)
	if !ok {
		cell = nianbao.Cell{Key: k, Label: string(k.Table) + " " + k.Row + " " + k.Column}
	}
	return c.cell(rep, cell)
}

// activeCell names table 二's cell of item and field in rep.
func (c *Context) activeCell(rep *nianbao.Report, item, field string) nianbao.FindingCell {
	return c.cellNamed(rep, nianbao.CellKey{Table: nianbao.TableActive, Row: item, Column: field})
}

// requestCell names table 三's cell at row, col in the report checked.
func (c *Context) requestCell(row nianbao.Row, col nianbao.Column) nianbao.FindingCell {
	return c.cell(c.Report, nianbao.RequestCell(row, col))
}
