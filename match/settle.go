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

// keepsReadings reports whether n keeps the readings of a row of table
// that the report alone could not settle.
func keepsReadings(n *nianbao.Note, table nianbao.Table) bool {
	return n.Code == nianbao.NoteCandidates && n.Table == table && len(n.Readings) > 1
}

// noteReadings returns the figures of the readings rep's note keeps for
// the row of table, or nil.
func noteReadings(rep *nianbao.Report, table nianbao.Table, row string) []figures {
	for i := range rep.Notes {
		if n := &rep.Notes[i]; keepsReadings(n, table) && n.Row == row {
			out := make([]figures, len(n.Readings))
			for i, r := range n.Readings {
				out[i] = readingFigures(r)
			}
			return out
		}
	}
	return nil
}

// rowReadings returns the readings of table 二's row as rep has them:
// those its note keeps, or else the one its cells give; several says
// which.
func rowReadings(rep *nianbao.Report, item nianbao.ActiveItem) (_ []figures, several bool) {
	if fs := noteReadings(rep, nianbao.TableActive, item.Key); fs != nil {
		return fs, true
	}
	f := make(figures, len(item.Fields))
	for j, fd := range item.Fields {
		f[j] = rep.Value(nianbao.CellKey{Table: nianbao.TableActive, Row: item.Key, Column: fd.Key})
	}
	return []figures{f}, false
}

// Settle settles, by the same body's neighbouring years in opts, the rows
// that rep's own text, prose and arithmetic left with several readings
// (its notes coded NoteCandidates, with their Readings). The two years are
// read jointly: a reading of this year is kept when the template's
// year-to-year identity holds between it and one of the neighbour's
// readings of the row — the neighbour's only one when it read the row —
// so that two years that could each be cut several ways can still leave
// one consistent cut. In table 二 the identity is continuities'; in table
// 三, this year's 二、上年结转 is last year's 四、结转下年度继续办理, and
// the table's own arithmetic then carries what that row settles to the
// rest. The cells all kept readings agree on are recorded, inferred where
// the text alone did not decide them, with a note (NoteNeighbours) naming
// the neighbour's cells and the readings kept. A neighbour with which no
// reading agrees is not used: the identities across years are warnings,
// not laws.
//
// Settle needs no file: it works on a report as stored, and again
// whenever a neighbour arrives or changes, since it starts each time from
// the readings the report's own evidence left. It reports whether rep
// changed.
func Settle(rep *nianbao.Report, opts Options) bool {
	open, settled := false, false
	for i := range rep.Notes {
		n := &rep.Notes[i]
		open = open || keepsReadings(n, n.Table)
		settled = settled || n.Code == nianbao.NoteNeighbours
	}
	if !open || opts.Previous == nil && opts.Next == nil && !settled {
		return false
	}
	changed := false
	extra := map[nianbao.CellKey][]nianbao.Note{} // by table and row: the notes that follow the row's own
	if k, ok := continuities[rep.Template]; ok {
		items := rep.Template.ActiveItems()
		for i := range rep.Notes {
			n := &rep.Notes[i]
			if !keepsReadings(n, nianbao.TableActive) {
				continue
			}
			at := slices.IndexFunc(items, func(it nianbao.ActiveItem) bool { return it.Key == n.Row })
			if at < 0 || slices.ContainsFunc(n.Readings, func(r nianbao.Reading) bool { return len(r) != len(items[at].Fields) }) {
				continue
			}
			item := items[at]
			kept, evidence := settleRow(rep, item, k, n.Readings, opts)
			if len(evidence) > 0 {
				key := nianbao.CellKey{Table: nianbao.TableActive, Row: item.Key}
				extra[key] = append(extra[key], nianbao.Note{Code: nianbao.NoteNeighbours, Table: nianbao.TableActive, Row: item.Key, Pos: n.Pos,
					Message: neighbourMessage(item, n.Readings, kept, evidence)})
			}
			if setRow(rep, activeCells(rep.Template, item), agreeingCells(kept)) {
				changed = true
			}
		}
	}
	if settleRequests(rep, opts, extra) {
		changed = true
	}
	notes := make([]nianbao.Note, 0, len(rep.Notes)+len(extra))
	for _, n := range rep.Notes {
		if n.Code == nianbao.NoteNeighbours {
			continue // an earlier Settle's: made again
		}
		notes = append(notes, n)
		if n.Code == nianbao.NoteCandidates {
			key := nianbao.CellKey{Table: n.Table, Row: n.Row}
			notes = append(notes, extra[key]...)
			delete(extra, key)
		}
	}
	if !reflect.DeepEqual(notes, rep.Notes) {
		rep.Notes, changed = notes, true
	}
	return changed
}

func activeCells(t nianbao.Template, item nianbao.ActiveItem) []nianbao.Cell {
	out := make([]nianbao.Cell, len(item.Fields))
	for j, f := range item.Fields {
		out[j], _ = t.Cell(nianbao.CellKey{Table: nianbao.TableActive, Row: item.Key, Column: f.Key})
	}
	return out
}

func requestCells(row nianbao.Row, cols int) []nianbao.Cell {
	out := make([]nianbao.Cell, cols)
	for j := range out {
		out[j] = nianbao.RequestCell(row, nianbao.Column(j))
	}
	return out
}

// carries are table 三's rows that continue across years: this year's row,
// the neighbour's, and which neighbour (the year before, or after).
var carries = [...]struct {
	row, theirs nianbao.Row
	later       bool
}{{nianbao.CarriedOver, nianbao.CarriedForward, false}, {nianbao.CarriedForward, nianbao.CarriedOver, true}}

// settleRequests settles table 三's rows left with several readings when
// the neighbouring years decide 二、上年结转 or 四、结转下年度继续办理, by
// searching the table's combinations again with that row narrowed. The
// notes it makes go to extra; it reports whether a cell changed.
func settleRequests(rep *nianbao.Report, opts Options, extra map[nianbao.CellKey][]nianbao.Note) bool {
	type openRow struct {
		note     *nianbao.Note
		readings []nianbao.Reading
		r        *rowRead
	}
	stored := map[nianbao.Row]*openRow{}
	cols := 0
	for i := range rep.Notes {
		n := &rep.Notes[i]
		row, ok := nianbao.RowByKey(n.Row)
		if !keepsReadings(n, nianbao.TableRequests) || !ok {
			continue
		}
		if cols == 0 {
			cols = len(n.Readings[0])
		}
		if slices.ContainsFunc(n.Readings, func(r nianbao.Reading) bool { return len(r) != cols }) {
			continue
		}
		stored[row] = &openRow{note: n, readings: n.Readings}
	}
	if len(stored) == 0 {
		return false
	}
	// The table as read: stored rows by their readings, the others by
	// their cells.
	rr := &rowsReading{rep: rep, cols: cols}
	prov := rep.CellIndex()
	var open []*rowRead
	for row := range nianbao.NumRows {
		if o := stored[row]; o != nil {
			o.r = &rowRead{hit: rowHit{row: row}, cands: readingTokens(o.readings)}
			rr.rows = append(rr.rows, o.r)
			open = append(open, o.r)
			continue
		}
		var final []token
		any := false
		for _, c := range requestCells(row, cols) {
			t := token{}
			if p, ok := prov[c.Key]; ok {
				t = token{kind: p.Kind, raw: p.Raw, num: rep.At(c), off: p.Pos.Offset}
				any = true
			}
			final = append(final, t)
		}
		if any {
			rr.rows = append(rr.rows, &rowRead{hit: rowHit{row: row}, cands: [][]token{final}, final: final})
		}
	}
	// The neighbouring years narrow the rows that carry over.
	evidence := map[nianbao.Row]string{}
	for _, c := range carries {
		o := stored[c.row]
		n, step := opts.Previous, -1
		if c.later {
			n, step = opts.Next, 1
		}
		if o == nil || n == nil || (rep.Year > 0 && n.Year > 0 && n.Year != rep.Year+step) {
			continue
		}
		theirs, several := requestReadings(n, c.theirs, cols)
		var keep []int
		var used []figures
		for i, r := range o.readings {
			f := readingFigures(r)
			for _, t := range theirs {
				if sameFigures(f, t) {
					keep = append(keep, i)
					used = append(used, t)
					break
				}
			}
		}
		if len(keep) == 0 || len(keep) == len(o.readings) {
			continue
		}
		narrowed := make([]nianbao.Reading, len(keep))
		for x, i := range keep {
			narrowed[x] = o.readings[i]
		}
		o.readings, o.r.cands = narrowed, readingTokens(narrowed)
		clause := fmt.Sprintf("%d年度报告表三“%s”为%s", n.Year, c.theirs.Spec().Label, listFigures(used))
		if several {
			clause += fmt.Sprintf("（该年此行亦是连写数字，%d种读法中与本年相符的有%d种）", len(theirs), len(used))
		}
		evidence[c.row] = clause
	}
	slices.SortStableFunc(open, func(a, b *rowRead) int { return len(a.cands) - len(b.cands) })
	s := rr.newSearch(open)
	complete := s.run()
	changed := false
	byRow := map[*rowRead]int{}
	for i, r := range open {
		byRow[r] = i
	}
	for row := range nianbao.NumRows {
		o := stored[row]
		if o == nil {
			continue
		}
		final := agreeingCells(o.note.Readings) // as the text alone left it
		if complete && s.survivors > 0 && len(evidence) > 0 {
			var kept []nianbao.Reading
			for c, ok := range s.seen[byRow[o.r]] {
				if ok {
					kept = append(kept, o.readings[c])
				}
			}
			if settled := agreeingCells(kept); !reflect.DeepEqual(settled, final) {
				final = settled
				key := nianbao.CellKey{Table: nianbao.TableRequests, Row: row.Key()}
				extra[key] = append(extra[key], nianbao.Note{Code: nianbao.NoteNeighbours, Table: nianbao.TableRequests, Row: row.Key(), Pos: o.note.Pos,
					Message: requestsMessage(row, kept, evidence)})
			}
		}
		if setRow(rep, requestCells(row, cols), final) {
			changed = true
		}
	}
	return changed
}

// requestReadings returns the readings of table 三's row as rep has them:
// those its note keeps, or else its cells when it states every one.
func requestReadings(rep *nianbao.Report, row nianbao.Row, cols int) (_ []figures, several bool) {
	if fs := noteReadings(rep, nianbao.TableRequests, row.Key()); fs != nil {
		return fs, true
	}
	f := make(figures, cols)
	for j := range f {
		if f[j] = rep.Requests[row][j]; !f[j].Valid() {
			return nil, false
		}
	}
	return []figures{f}, false
}

func sameFigures(a, b figures) bool {
	if len(a) != len(b) {
		return false
	}
	for j := range a {
		if !a[j].Valid() || !b[j].Valid() || a[j].Cmp(b[j]) != 0 {
			return false
		}
	}
	return true
}

// listFigures writes rows of figures as "1|0|0|0|0|0|1、…".
func listFigures(fs []figures) string {
	var out []string
	for _, f := range fs {
		parts := make([]string, len(f))
		for j, n := range f {
			parts[j] = n.String()
		}
		if s := strings.Join(parts, "|"); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, "、")
}

// readingTokens turns stored readings into the tokens the table's search
// takes.
func readingTokens(rs []nianbao.Reading) [][]token {
	out := make([][]token, len(rs))
	for i, r := range rs {
		f := readingFigures(r)
		out[i] = make([]token, len(r))
		for j, c := range r {
			out[i][j] = token{kind: c.Kind, raw: c.Raw, num: f[j], off: c.Pos.Offset}
		}
	}
	return out
}

// requestsMessage is the note of a row of table 三 the neighbouring years
// settled, directly or through the table's arithmetic.
func requestsMessage(row nianbao.Row, kept []nianbao.Reading, evidence map[nianbao.Row]string) string {
	var clauses []string
	for _, c := range carries {
		if e, ok := evidence[c.row]; ok {
			clauses = append(clauses, e)
		}
	}
	msg := fmt.Sprintf("表三“%s”：按上下年度衔接（上年结转即上年度的结转下年度继续办理：%s）", row.Spec().Label, strings.Join(clauses, "；"))
	if _, direct := evidence[row]; !direct {
		msg += "，再按表内勾稽关系"
	}
	if len(kept) == 1 {
		return msg + "，只有" + listStored(kept) + "相符，据此拆分，记为推定"
	}
	return msg + "，相符的读法有" + listStored(kept) + "，各读法一致的格记为推定，其余格仍记为空"
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
	cands := readingTokens(rs)
	for _, c := range cands {
		for j := range c {
			if c[j].kind == nianbao.KindInferred && c[j].num.Valid() {
				c[j].kind = nianbao.KindNumber // listed by its figure, as a number
			}
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

// setRow records the cells of one row (cells, in column order) as values
// give them, replacing what rep held for the row; values of kind "" are
// unread. It reports whether anything changed. The row's provenance stays
// where it was among rep.Cells, which keep the template's order.
func setRow(rep *nianbao.Report, cells []nianbao.Cell, values nianbao.Reading) bool {
	var fresh []nianbao.Provenance
	for j, c := range values {
		if c.Kind != "" && j < len(cells) {
			fresh = append(fresh, nianbao.Provenance{CellKey: cells[j].Key, Index: cells[j].Index, Kind: c.Kind, Raw: c.Raw, Pos: c.Pos, Unit: c.Unit})
		}
	}
	table, row := cells[0].Key.Table, cells[0].Key.Row
	mine := func(p nianbao.Provenance) bool { return p.Table == table && p.Row == row }
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
		// Before the first cell that comes after the row in the template.
		rank, last := map[nianbao.CellKey]int{}, -1
		for c := range rep.Template.Cells() {
			rank[c.Key] = len(rank)
		}
		for _, c := range cells {
			if r, ok := rank[c.Key]; ok {
				last = max(last, r)
			}
		}
		insert = slices.IndexFunc(rep.Cells, func(p nianbao.Provenance) bool { r, ok := rank[p.CellKey]; return ok && r > last })
		if insert < 0 {
			insert = len(rep.Cells)
		}
	}
	insert -= countBefore(rep.Cells[:insert], mine)
	rep.Cells = slices.Insert(slices.DeleteFunc(slices.Clone(rep.Cells), mine), insert, fresh...)
	for j, c := range cells {
		var n nianbao.Num
		if j < len(values) && values[j].Kind != "" {
			n = readingFigures(values[j : j+1])[0]
		}
		rep.Set(c, n)
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
