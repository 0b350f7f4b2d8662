// Package gen generates random annual reports and renders them as text in
// the layouts scraped reports come in, for round-trip property tests
// (render → parse → compare with Sample.Report) and for benchmarks.
// Options.Damage adds the damage real reports carry (damage.go), with the
// truth a correct reader must return.
//
// Every choice is drawn from the caller's rng in a fixed order, so the same
// seed gives the same Sample and Render gives the same bytes.
package gen

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"nianbao"
)

// Layout is a way scraped annual reports lay out their tables as text.
type Layout string

// The layouts Render writes.
const (
	// PipeRows: one table row per line, cells separated by " | " and ended
	// by " |", then the positions the row does not print (covered by a
	// merged cell) as one run of "|" (testdata/seeds/000).
	PipeRows Layout = "pipe-rows"
	// CellLines: one cell per line ending in " |", then a line of bare "|"
	// for the positions the row does not print (seeds 001, 004). A blank
	// cell is the line " |".
	CellLines Layout = "cell-lines"
	// Tabs: one table row per line, every grid position a tab-separated
	// cell, empty where a merged cell covers it (seed 002 without its lost
	// cells).
	Tabs Layout = "tabs"
	// Squashed: cells run together with no separator, digits squashed
	// ("0000000"), long labels broken across lines, a blank cell written as
	// U+00A0 (seed 003).
	Squashed Layout = "squashed"
	// OneLine: Squashed with every newline removed.
	OneLine Layout = "one-line"
	// Scraped: OneLine as the 平潭 portal's page text prints it: a space
	// between a row's label and its digits (whose ends still glue to the
	// next row's ordinal), table 四's numbers separated by spaces, and a
	// typo in table 四's heading ("行政法复议").
	Scraped Layout = "scraped"
	// Columns: column-aligned text as `pdftotext -layout` prints a PDF:
	// numbers right-aligned under their headers, long labels wrapped,
	// display width counted as in document.DisplayWidth, pages ended by a form feed.
	Columns Layout = "columns"
	// Markdown: "#" title, "##" section headings, pipe tables with a |---|
	// line after their first row and merged positions left empty.
	Markdown Layout = "markdown"
)

// Layouts lists every layout of a clean rendering.
var Layouts = []Layout{PipeRows, CellLines, Tabs, Squashed, OneLine, Columns, Markdown}

// DamagedLayouts lists the layouts that copy the damage real reports
// carry (typos, a scraper's spacing): round trips read them as well, but
// tests that need a clean report use Layouts.
var DamagedLayouts = []Layout{Scraped}

// Options says what kind of report New generates.
type Options struct {
	Template     nianbao.Template // "" = pick at random
	Inconsistent bool             // corrupt exactly one cell so that some arithmetic identity fails
	Blanks       bool             // leave some cells blank or marked ("/", "—", "无")
	// SingleDigits keeps every number of the tables, sums included, in
	// 0–9 (amounts whole), so that the digit runs of Squashed and OneLine
	// split only one way and a round trip can compare them exactly.
	SingleDigits bool
	// Damage is the damage of real reports the sample prints (damage.go).
	Damage Damage
}

// Sample is a generated report plus what the renderer needs that the Report
// does not hold.
//
// Marks has an entry for every printed cell whose Num is invalid: "" for a
// blank cell, else the mark printed ("/", "—", "无"). Tables 三 and 四 are
// keyed by the cell's key. Cells the report does not print at all (（六）'s sub-rows when it
// is printed as one row, the 总计 column when it is left out, `other` in a
// 2021 report that prints the sub-rows) are invalid and have no entry.
//
// Report holds Agency, Year, Template, PublishedOn, Active, Requests and
// Review; Sections, Cells, Notes and Source are left empty since they
// depend on the layout. Render reads the numbers from Report, so a test may
// change them after New; the prose, written by New, is not updated.
type Sample struct {
	Report *nianbao.Report
	Marks  map[nianbao.CellKey]string
	style  style
	damage Damage
	// other is MixedFormat's table 二 in the other format, for the
	// numbers of the cells the report has not; nil without it.
	other *nianbao.Report
}

// New generates a random report.
func New(rng *rand.Rand, opt Options) *Sample {
	t := opt.Template
	if t == "" {
		t = pick(rng, nianbao.Format2019, nianbao.Format2021)
	}
	r := nianbao.NewReport(t)
	if t == nianbao.Format2019 {
		r.Year = 2019 + rng.IntN(2)
	} else {
		r.Year = 2021 + rng.IntN(5)
	}
	ag := newAgency(rng)
	r.Agency = ag.name
	if rng.IntN(10) < 7 {
		r.PublishedOn = publishDate(rng, r.Year+1)
	}
	s := &Sample{Report: r, Marks: map[nianbao.CellKey]string{}, damage: opt.Damage}
	// The shape of table 三 is decided first: it says which cells exist.
	s.style.merged = t == nianbao.Format2021 && opt.Damage&MixedFormat == 0 && rng.IntN(10) == 0
	s.style.noTotal = rng.IntN(10) == 0
	fillActive(rng, r, opt.SingleDigits)
	fillRequests(rng, r, s.printedRows(), s.printedCols(), opt.SingleDigits)
	fillReview(rng, r, opt.SingleDigits)
	s.dropRow()
	s.mixFormat(opt.SingleDigits)
	var keep []nianbao.Cell
	if opt.Inconsistent {
		keep = s.corrupt(rng, opt.SingleDigits)
	}
	s.blankZeros(keep)
	if opt.Blanks {
		s.blank(rng, keep)
	}
	s.style.choose(rng, s, ag)
	return s
}

func isZero(n nianbao.Num) bool { return n.Valid() && n.Cmp(nianbao.Int(0)) == 0 }

func pick[T any](rng *rand.Rand, xs ...T) T { return xs[rng.IntN(len(xs))] }

// publishDate returns an ISO date in January–March of year, when reports
// are due (条例 第四十九条: departments by 1月31日, governments by 3月31日).
func publishDate(rng *rand.Rand, year int) string {
	m := 1 + rng.IntN(3)
	days := []int{31, 28, 31}[m-1]
	if m == 2 && year%4 == 0 {
		days = 29
	}
	return fmt.Sprintf("%d-%02d-%02d", year, m, 1+rng.IntN(days))
}

// printedRows returns the rows of table 三 as this sample prints them.
func (s *Sample) printedRows() []nianbao.Row {
	rows := s.Report.Template.Rows()
	if !s.style.merged {
		return rows
	}
	var out []nianbao.Row
	for _, row := range rows {
		switch row {
		case nianbao.OtherNoCorrection:
			out = append(out, nianbao.Other)
		case nianbao.OtherNoFee, nianbao.OtherOther:
		default:
			out = append(out, row)
		}
	}
	return out
}

// printedCols returns the columns of table 三 as this sample prints them.
func (s *Sample) printedCols() []nianbao.Column {
	n := nianbao.NumColumns
	if s.style.noTotal {
		n = nianbao.ColumnTotal
	}
	cols := make([]nianbao.Column, n)
	for c := range cols {
		cols[c] = nianbao.Column(c)
	}
	return cols
}

// activeCell returns table 二's cell of the template's item-th item and
// its field-th field.
func (s *Sample) activeCell(item, field int) nianbao.Cell {
	it := s.Report.Template.ActiveItems()[item]
	c, _ := s.Report.Template.Cell(nianbao.CellKey{Table: nianbao.TableActive, Row: it.Key, Column: it.Fields[field].Key})
	return c
}

// printedCells lists every number cell the sample prints, in table order.
func (s *Sample) printedCells() []nianbao.Cell {
	var refs []nianbao.Cell
	for i, item := range s.Report.Template.ActiveItems() {
		for j := range item.Fields {
			if c := s.activeCell(i, j); s.printsActive(c.Key) {
				refs = append(refs, c)
			}
		}
	}
	return append(refs, s.identityCells()...)
}

// identityCells lists the printed cells of tables 三 and 四, the ones the
// arithmetic identities are about.
func (s *Sample) identityCells() []nianbao.Cell {
	var refs []nianbao.Cell
	for _, row := range s.printedRows() {
		for _, c := range s.printedCols() {
			refs = append(refs, nianbao.RequestCell(row, c))
		}
	}
	for g := range nianbao.NumReviewGroups {
		for c := range nianbao.NumReviewColumns {
			refs = append(refs, nianbao.ReviewCell(g, c))
		}
	}
	return refs
}

// corrupt changes one number so that an identity that can be evaluated
// fails, and returns the cells of that identity: blanking any of them
// would make the failure impossible to see. A single digit stays one.
func (s *Sample) corrupt(rng *rand.Rand, single bool) []nianbao.Cell {
	cells := s.identityCells()
	rng.Shuffle(len(cells), func(i, j int) { cells[i], cells[j] = cells[j], cells[i] })
	for _, ref := range cells {
		old := s.Report.At(ref)
		v, ok := old.Int64()
		if !ok {
			continue
		}
		d := int64(1 + rng.IntN(5))
		if v >= d && rng.IntN(2) == 0 {
			d = -d
		}
		if single {
			d = (v+1+rng.Int64N(9))%10 - v
		}
		s.Report.Set(ref, nianbao.Int(v+d))
		for _, id := range s.Report.Identities() {
			if l, r, ok := id.Eval(s.Report); ok && l.Cmp(r) != 0 {
				return slices.Concat(id.Left, id.Right)
			}
		}
		s.Report.Set(ref, old)
	}
	panic("gen: no cell of the report takes part in an identity")
}

// blank makes some printed cells blank or marked, never one of keep. It
// blanks at least one cell.
func (s *Sample) blank(rng *rand.Rand, keep []nianbao.Cell) {
	marks := []string{"", "/", "—", "无"}
	mark := pick(rng, marks...)
	apply := func(ref nianbao.Cell) bool {
		if slices.Contains(keep, ref) || !s.Report.At(ref).Valid() {
			return false
		}
		m := mark
		if rng.IntN(5) == 0 { // reports are not always consistent in their marks either
			m = pick(rng, marks...)
		}
		s.Report.Set(ref, nianbao.Num{})
		s.Marks[ref.Key] = m
		return true
	}
	cells := s.printedCells()
	n := 0
	switch rng.IntN(3) {
	case 0: // a few scattered cells
		for range 1 + rng.IntN(6) {
			if apply(cells[rng.IntN(len(cells))]) {
				n++
			}
		}
	case 1: // a whole row of table 三 left unfilled
		rows := s.printedRows()
		row := rows[rng.IntN(len(rows))]
		for _, c := range s.printedCols() {
			if apply(nianbao.RequestCell(row, c)) {
				n++
			}
		}
	case 2: // zeros of tables 二 and 四 written as marks
		for _, ref := range cells {
			if ref.Key.Table != nianbao.TableRequests && isZero(s.Report.At(ref)) && apply(ref) {
				n++
			}
		}
	}
	for n == 0 {
		if apply(cells[rng.IntN(len(cells))]) {
			n++
		}
	}
}
