package match

import (
	"fmt"
	"strings"

	"nianbao/document"

	"nianbao"
)

// reviewHeaderWords end table 四's header; its one row of numbers follows.
var reviewHeaderWords = [][]byte{normString("总计"), normString("尚未审结"), normString("审结"), normString("其他结果")}

// readReview reads table 四's fifteen numbers from text[start:end]: they
// follow the last header word.
func readReview(rep *nianbao.Report, text string, nt *normText, start, end int, ix *docIndex) bool {
	last := -1
	lastLen := 0
	for _, w := range reviewHeaderWords {
		for p := nt.index(w, 0); p >= 0; p = nt.index(w, p+len(w)) {
			// Header words come before the numbers; stop at the first digit
			// run long enough to be the data row.
			if p > last {
				last, lastLen = p, len(w)
			}
		}
		if last >= 0 {
			break
		}
	}
	if last < 0 {
		rep.AddNote(nianbao.Note{Code: nianbao.NoteMissingTable, Table: nianbao.TableReview, Message: "未找到表四（行政复议、行政诉讼情况）的表头：表四各格记为空"})
		return false
	}
	zstart := nt.origEnd(text, last+lastLen)
	tr := newTableReader(text, end, ix, []int{nt.origStart(last)})
	defer tr.release()
	n := int(nianbao.NumReviewGroups) * int(nianbao.NumReviewColumns)
	toks := tr.reviewRow(text, zstart, end, n, ix)
	if groups := groupHeaders(nt, last, lastLen); countStated(toks) < n && groups != nil {
		// Table 四 printed as three tables, one per group, each with its
		// header and a row of five: read each and join them.
		var joined []token
		squash := tr.squash
		for _, g := range groups {
			row := tr.reviewRow(text, nt.origEnd(text, g), end, int(nianbao.NumReviewColumns), ix)
			if countStated(row) != int(nianbao.NumReviewColumns) {
				joined = nil
				break
			}
			joined = append(joined, row[:len(row):len(row)]...)
		}
		tr.squash = squash
		if joined != nil {
			toks, zstart = joined, nt.origEnd(text, groups[0])
			tr.squash = false
		}
	}
	// Column-aligned text prints a blank cell as nothing: the header's
	// columns place the cells the row prints.
	var final []token
	if rep.Source.Layout == nianbao.LayoutColumns && countStated(toks) < n {
		final = placeByReviewHeader(text, toks, n)
	}
	var cands [][]token
	overflow := false
	if final == nil {
		cands, overflow = tr.fit(toks, n, groupTotals(int(nianbao.NumReviewColumns)))
	}
	if len(cands) > 1 && !tr.squash {
		// A row without a label starts in the grid's first column.
		cands = cands[:1]
	}
	p := ix.pos(zstart)
	switch {
	case final != nil:
	case len(cands) == 1:
		final = cands[0]
	case overflow:
		rep.AddNote(nianbao.Note{Code: nianbao.NoteRowReading, Table: nianbao.TableReview, Pos: &p,
			Message: fmt.Sprintf("表四：数字连写“%s”的拆法过多（超过%d种），无法确定；各格记为空", rawOf(toks), maxCandidates)})
	case len(cands) > 1:
		final = agreeing(cands)
		rep.AddNote(nianbao.Note{Code: nianbao.NoteRowReading, Table: nianbao.TableReview, Pos: &p,
			Message: fmt.Sprintf("表四：数字连写“%s”有%d种拆法都符合各组总计（%s），无法确定的格记为空", rawOf(toks), len(cands), listReadings(cands))})
	default:
		rep.AddNote(nianbao.Note{Code: nianbao.NoteRowReading, Table: nianbao.TableReview, Pos: &p,
			Message: fmt.Sprintf("表四：读到%d个格，应有%d个；各格记为空", countStated(toks), n)})
	}
	for j, t := range final {
		if t.kind == "" {
			continue
		}
		g, c := nianbao.ReviewGroup(j/int(nianbao.NumReviewColumns)), nianbao.ReviewColumn(j%int(nianbao.NumReviewColumns))
		rep.Record(nianbao.ReviewCell(g, c), t.num, t.kind, t.raw, ix.pos(t.off))
	}
	return true
}

// placeByReviewHeader reads table 四's row of column-aligned text that
// prints fewer cells than n (blank cells print as nothing) by the columns
// of its header, the lines of text right above the row's up to a blank
// line (headerSpans): each cell goes to the column it is printed under
// (columnUnder). It returns nil unless the header prints n columns and
// the cells fall under distinct ones, left to right.
func placeByReviewHeader(text string, toks []token, n int) []token {
	if len(toks) == 0 || len(toks) > n {
		return nil
	}
	to := strings.LastIndexByte(text[:toks[0].off], '\n') + 1
	from := to
	for from > 0 {
		ls := strings.LastIndexByte(text[:from-1], '\n') + 1
		if strings.TrimFunc(text[ls:from-1], document.IsSpace) == "" {
			break
		}
		from = ls
	}
	header := headerSpans(text, from, to, 0)
	if len(header) != n {
		return nil
	}
	placed, ok := placeCells(toks, n, func(t token) int { return columnUnder(header, t.x) })
	if !ok {
		return nil
	}
	return placed
}

// firstLine keeps the tokens on the line of the first one: table 四's
// data row is one line, and what follows it belongs to whatever comes after
// the table.
func firstLine(toks []token) []token {
	for i, t := range toks {
		if t.line != toks[0].line {
			return toks[:i]
		}
	}
	return toks
}

// reviewRow reads the row of numbers after table 四's header, which ends
// at zstart: n cells are expected.
func (tr *tableReader) reviewRow(text string, zstart, end, n int, ix *docIndex) []token {
	switch tr.style {
	case styleRows:
		// The data row is the first row after the header's last line;
		// the rest of that header line is fillers.
		return dataRow(text, zstart, end, ix)
	case styleCellLines:
		toks := tr.zoneTokens(zstart, end)
		if len(toks) > n && allEmpty(toks[n:]) {
			toks = toks[:n]
		}
		return toks
	default:
		toks := tr.zoneTokens(zstart, end)
		tr.squash = countStated(toks) < n
		return firstLine(toks)
	}
}

// groupLabels are the words that head table 四's second and third groups
// when each is printed as a table of its own.
var groupLabels = [][]byte{normString("直接起诉"), normString("复议后起诉")}

// groupHeaders returns the ends of the three headers of a table 四 printed
// as one table per group, when the header word w (ending at last+n, the
// last of them) occurs three times with the groups' labels between them in
// the template's order; otherwise nil.
func groupHeaders(nt *normText, last, n int) []int {
	w := nt.norm[last : last+n]
	var at []int
	for p := nt.index(w, 0); p >= 0 && p <= last; p = nt.index(w, p+n) {
		at = append(at, p)
	}
	if len(at) != int(nianbao.NumReviewGroups) {
		return nil
	}
	for k, label := range groupLabels {
		if q := nt.index(label, at[k]); q < 0 || q > at[k+1] {
			return nil
		}
	}
	ends := make([]int, len(at))
	for k, p := range at {
		ends[k] = p + n
	}
	return ends
}
