package match

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"nianbao"
)

// maxStoredReadings bounds the readings a note keeps as data for the
// neighbouring years (nianbao.Note.Readings); a row with more is noted
// with its count and the first few, as before.
const maxStoredReadings = 64

// markUndecided copies each reading and marks the cells not all readings
// agree on as inferred: taking any one reading for them is an inference
// from evidence, not what the text says.
func markUndecided(cands [][]token) {
	printed := agreeing(cands)
	for i, c := range cands {
		c = slices.Clone(c) // grid windows share their tokens
		for j := range c {
			if printed[j].kind == "" && c[j].kind != "" {
				c[j].kind = nianbao.KindInferred
			}
		}
		cands[i] = c
	}
}

// storedReadings turns readings into the note's data: each cell as it
// would be recorded, at pos, with its amount's unit.
func storedReadings(cands [][]token, pos func(token) nianbao.Pos, unit func(int, token) string) []nianbao.Reading {
	out := make([]nianbao.Reading, len(cands))
	for i, c := range cands {
		r := make(nianbao.Reading, len(c))
		for j, t := range c {
			r[j] = nianbao.ReadCell{Kind: t.kind, Raw: t.raw, Pos: pos(t), Unit: unit(j, t)}
		}
		out[i] = r
	}
	return out
}

// figures are a reading's numbers, field by field: invalid for a blank,
// a mark or an unread cell.
type figures []nianbao.Num

func readingFigures(r nianbao.Reading) figures {
	f := make(figures, len(r))
	for j, c := range r {
		if c.Kind == nianbao.KindNumber || c.Kind == nianbao.KindInferred {
			if t, ok := classify(c.Raw, 0); ok && t.kind == nianbao.KindNumber {
				f[j] = t.num
			}
		}
	}
	return f
}

// of returns the reading's figure for the field.
func (f figures) of(item nianbao.ActiveItem) yearFigures {
	return func(field string) nianbao.Num {
		for j, fd := range item.Fields {
			if fd.Key == field && j < len(f) {
				return f[j]
			}
		}
		return nianbao.Num{}
	}
}

// candidateNote returns the note of rep that keeps the readings of table
// 二's row, or nil.
func candidateNote(rep *nianbao.Report, row string) *nianbao.Note {
	for i := range rep.Notes {
		n := &rep.Notes[i]
		if n.Code == nianbao.NoteCandidates && n.Table == nianbao.TableActive && n.Row == row && len(n.Readings) > 1 {
			return n
		}
	}
	return nil
}

// rowReadings returns the readings of the row as rep has them: those its
// note keeps, or else the one its cells give (with several, whether the
// neighbour's readings were its own).
func rowReadings(rep *nianbao.Report, item nianbao.ActiveItem) ([]figures, bool) {
	if n := candidateNote(rep, item.Key); n != nil {
		out := make([]figures, len(n.Readings))
		for i, r := range n.Readings {
			out[i] = readingFigures(r)
		}
		return out, true
	}
	f := make(figures, len(item.Fields))
	for j, fd := range item.Fields {
		f[j] = rep.Value(nianbao.CellKey{Table: nianbao.TableActive, Row: item.Key, Column: fd.Key})
	}
	return []figures{f}, false
}

// Settle settles, by the same body's neighbouring years in opts, the rows
// of table 二 that rep's own text and prose left with several readings
// (its notes coded NoteCandidates, with their Readings). The two years are
// read jointly: a reading of this year is kept when the template's
// year-to-year identity (continuities) holds between it and one of the
// neighbour's readings of the row — the neighbour's only one when it read
// the row — so that two years that could each be cut several ways can
// still leave one consistent cut. The cells all kept readings agree on are
// recorded, inferred where the text alone did not decide them, with a
// note (NoteNeighbours) naming the neighbour's cells and the readings
// kept. A neighbour with which no reading agrees is not used: the identity
// is a warning, not a law.
//
// Settle needs no file: it works on a report as stored, and again
// whenever a neighbour arrives or changes, since it starts each time from
// the readings the report's own evidence left. It reports whether rep
// changed.
func Settle(rep *nianbao.Report, opts Options) bool {
	k, ok := continuities[rep.Template]
	if !ok {
		return false
	}
	open, settled := false, false
	for _, n := range rep.Notes {
		open = open || n.Code == nianbao.NoteCandidates && len(n.Readings) > 1
		settled = settled || n.Code == nianbao.NoteNeighbours
	}
	if !open || opts.Previous == nil && opts.Next == nil && !settled {
		return false
	}
	items := rep.Template.ActiveItems()
	changed := false
	notes := make([]nianbao.Note, 0, len(rep.Notes))
	for _, n := range rep.Notes {
		if n.Code == nianbao.NoteNeighbours {
			continue // an earlier Settle's: made again below
		}
		notes = append(notes, n)
		if n.Code != nianbao.NoteCandidates || n.Table != nianbao.TableActive || len(n.Readings) < 2 {
			continue
		}
		at := slices.IndexFunc(items, func(it nianbao.ActiveItem) bool { return it.Key == n.Row })
		if at < 0 || slices.ContainsFunc(n.Readings, func(r nianbao.Reading) bool { return len(r) != len(items[at].Fields) }) {
			continue
		}
		item := items[at]
		kept, evidence := settleRow(rep, item, k, n.Readings, opts)
		if len(evidence) > 0 {
			notes = append(notes, nianbao.Note{Code: nianbao.NoteNeighbours, Table: nianbao.TableActive, Row: item.Key, Pos: n.Pos,
				Message: neighbourMessage(item, n.Readings, kept, evidence)})
		}
		if setRow(rep, at, item, agreeingCells(kept)) {
			changed = true
		}
	}
	if !reflect.DeepEqual(notes, rep.Notes) {
		rep.Notes, changed = notes, true
	}
	return changed
}

// settleRow narrows the row's readings by each neighbour in turn; it
// returns the readings kept and the evidence used, one clause a neighbour.
func settleRow(rep *nianbao.Report, item nianbao.ActiveItem, k continuity, readings []nianbao.Reading, opts Options) ([]nianbao.Reading, []string) {
	ours := make([]figures, len(readings))
	for i, r := range readings {
		ours[i] = readingFigures(r)
	}
	kept := readings
	var evidence []string
	for _, nb := range [2]struct {
		rep   *nianbao.Report
		later bool // the neighbour is the year after
	}{{opts.Previous, false}, {opts.Next, true}} {
		n, step := nb.rep, -1
		if nb.later {
			step = 1
		}
		if n == nil || n.Template != rep.Template || (rep.Year > 0 && n.Year > 0 && n.Year != rep.Year+step) {
			continue
		}
		theirs, several := rowReadings(n, item)
		var keepOurs, keepTheirs []int
		for i, o := range ours {
			match := false
			for j, t := range theirs {
				earlier, later := t.of(item), o.of(item)
				if nb.later {
					earlier, later = later, earlier
				}
				if h, ok := k.holds(earlier, later); ok && h {
					match = true
					if !slices.Contains(keepTheirs, j) {
						keepTheirs = append(keepTheirs, j)
					}
				}
			}
			if match {
				keepOurs = append(keepOurs, i)
			}
		}
		if len(keepOurs) == 0 || len(keepOurs) == len(ours) {
			continue
		}
		nextOurs, nextKept := make([]figures, len(keepOurs)), make([]nianbao.Reading, len(keepOurs))
		for x, i := range keepOurs {
			nextOurs[x], nextKept[x] = ours[i], kept[i]
		}
		ours, kept = nextOurs, nextKept
		slices.Sort(keepTheirs)
		used := make([]figures, len(keepTheirs))
		for x, j := range keepTheirs {
			used[x] = theirs[j]
		}
		evidence = append(evidence, neighbourEvidence(n.Year, item, k.fields(nb.later), used, several, len(theirs)))
	}
	return kept, evidence
}

// fields returns the fields the identity takes from the earlier year, or
// from the later year when later.
func (k continuity) fields(later bool) []string {
	own := k.base
	if later {
		own = k.now
	}
	if later != k.later {
		return []string{own}
	}
	return slices.Concat([]string{own}, k.plus, k.minus)
}

// neighbourEvidence names the neighbour's cells an identity used, with
// the figures of its readings that fit this year's:
// "2022年度报告表二“行政规范性文件”本年制发件数88、本年废止件数55、现行有效件数698";
// a neighbour whose row was itself run together says how many readings
// it had: "2020年度报告表二“行政许可”上一年项目数量396（该年此行有28种读法，其中与本年相符的5种）".
func neighbourEvidence(year int, item nianbao.ActiveItem, fields []string, used []figures, several bool, of int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d年度报告表二“%s”", year, item.Label)
	first := true
	for j, f := range item.Fields {
		if !slices.Contains(fields, f.Key) {
			continue
		}
		var values []string
		for _, u := range used {
			if j < len(u) && u[j].Valid() && !slices.Contains(values, u[j].String()) {
				values = append(values, u[j].String())
			}
		}
		if len(values) == 0 {
			continue
		}
		if !first {
			b.WriteString("、")
		}
		first = false
		b.WriteString(f.Label + strings.Join(values, "或"))
	}
	if several {
		fmt.Fprintf(&b, "（该年此行亦是连写数字，%d种读法中与本年相符的有%d种）", of, len(used))
	}
	return b.String()
}

// neighbourMessage is the note of a row the neighbouring years settled.
func neighbourMessage(item nianbao.ActiveItem, all, kept []nianbao.Reading, evidence []string) string {
	msg := fmt.Sprintf("表二“%s”：按上下年度衔接（%s），“%s”的%d种读法中", item.Label, strings.Join(evidence, "；"), readingText(all[0]), len(all))
	if len(kept) == 1 {
		return msg + "只有" + listStored(kept) + "与之相符，据此拆分，记为推定"
	}
	var settled []string
	for j, c := range agreeingCells(kept) {
		if c.Kind == nianbao.KindInferred && j < len(item.Fields) {
			settled = append(settled, item.Fields[j].Label+c.Raw)
		}
	}
	msg += "与之相符的有" + listStored(kept)
	if len(settled) > 0 {
		msg += "，据此推定" + strings.Join(settled, "、") + "，其余格仍记为空"
	} else {
		msg += "，无法确定的格仍记为空"
	}
	return msg
}

// readingText is the row's digits as printed: a reading's cells joined.
func readingText(r nianbao.Reading) string {
	var b strings.Builder
	for _, c := range r {
		b.WriteString(c.Raw)
	}
	return b.String()
}

// listStored writes stored readings as listReadings writes readings.
func listStored(rs []nianbao.Reading) string {
	cands := make([][]token, len(rs))
	for i, r := range rs {
		cands[i] = make([]token, len(r))
		for j, c := range r {
			t, _ := classify(c.Raw, 0)
			t.kind = c.Kind
			if c.Kind == nianbao.KindInferred && t.num.Valid() {
				t.kind = nianbao.KindNumber
			}
			cands[i][j] = t
		}
	}
	return listReadings(cands)
}

// agreeingCells returns the cells all readings agree on (kind and
// figure); the others have kind "".
func agreeingCells(rs []nianbao.Reading) nianbao.Reading {
	out := slices.Clone(rs[0])
	figs := readingFigures(out)
	for _, r := range rs[1:] {
		other := readingFigures(r)
		for j := range out {
			if out[j].Kind != r[j].Kind || figs[j].Valid() != other[j].Valid() || figs[j].Valid() && figs[j].Cmp(other[j]) != 0 {
				out[j] = nianbao.ReadCell{}
			}
		}
	}
	return out
}

// setRow records the cells of table 二's row item (the at-th) as cells
// give them, replacing what rep held for the row; cells of kind "" are
// unread. It reports whether anything changed. The row's provenance stays
// where it was among rep.Cells, which keep the template's order.
func setRow(rep *nianbao.Report, at int, item nianbao.ActiveItem, cells nianbao.Reading) bool {
	var fresh []nianbao.Provenance
	for j, c := range cells {
		if c.Kind == "" {
			continue
		}
		cell, ok := rep.Template.Cell(nianbao.CellKey{Table: nianbao.TableActive, Row: item.Key, Column: item.Fields[j].Key})
		if !ok {
			continue
		}
		fresh = append(fresh, nianbao.Provenance{CellKey: cell.Key, Index: cell.Index, Kind: c.Kind, Raw: c.Raw, Pos: c.Pos, Unit: c.Unit})
	}
	mine := func(p nianbao.Provenance) bool { return p.Table == nianbao.TableActive && p.Row == item.Key }
	var old []nianbao.Provenance
	insert := -1
	for i, p := range rep.Cells {
		if mine(p) {
			old = append(old, p)
			if insert < 0 {
				insert = i
			}
		}
	}
	if reflect.DeepEqual(old, fresh) {
		return false
	}
	if insert < 0 {
		// Before the first cell of a later row of table 二, or of another table.
		later := map[string]bool{}
		for _, it := range rep.Template.ActiveItems()[at+1:] {
			later[it.Key] = true
		}
		insert = slices.IndexFunc(rep.Cells, func(p nianbao.Provenance) bool { return p.Table != nianbao.TableActive || later[p.Row] })
		if insert < 0 {
			insert = len(rep.Cells)
		}
	}
	kept := slices.DeleteFunc(slices.Clone(rep.Cells), mine)
	insert -= countBefore(rep.Cells[:insert], mine)
	rep.Cells = slices.Insert(kept, insert, fresh...)
	for j := range item.Fields {
		cell, ok := rep.Template.Cell(nianbao.CellKey{Table: nianbao.TableActive, Row: item.Key, Column: item.Fields[j].Key})
		if !ok {
			continue
		}
		var n nianbao.Num
		if cells[j].Kind != "" {
			n = readingFigures(cells[j : j+1])[0]
		}
		rep.Set(cell, n)
	}
	return true
}

func countBefore(ps []nianbao.Provenance, f func(nianbao.Provenance) bool) int {
	n := 0
	for _, p := range ps {
		if f(p) {
			n++
		}
	}
	return n
}
