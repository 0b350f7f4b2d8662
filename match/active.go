package match

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"nianbao"
	"nianbao/document"
)

// activeLabels are the keywords of table 二's row labels (the 2019 format
// prints "规范性文件" where 2021 prints "行政规范性文件").
var activeLabels = map[string][][]byte{
	"regulations":         {normString("规章")},
	"normative_documents": {normString("行政规范性文件"), normString("规范性文件")},
	"licensing":           {normString("行政许可")},
	"other_services":      {normString("其他对外管理服务事项"), normString("对外管理服务")},
	"punishment":          {normString("行政处罚")},
	"coercion":            {normString("行政强制")},
	"fees":                {normString("行政事业性收费"), normString("事业性收费")},
	"procurement":         {normString("政府集中采购"), normString("集中采购")},
}

// blockHeader starts each block of table 二 ("第二十条第（一）项").
var blockHeader = normString("第二十条")

// detectTemplate decides the format from table 二's column headers and
// table 三's rows, not from the year: some offices kept the trial format.
func detectTemplate(nt *normText) (nianbao.Template, bool) {
	switch {
	case nt.any(headers2019):
		return nianbao.Format2019, true
	case nt.any(headers2021):
		return nianbao.Format2021, true
	}
	return "", false
}

// The phrases of each format's headers and rows that the other has not,
// normalised once.
var (
	headers2019 = normStrings("本年新制作", "本年新公开", "对外公开总数量", "上一年项目数量", "采购项目数量", "其他对外管理服务事项")
	headers2021 = normStrings("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "缴纳费用")
)

func normStrings(phrases ...string) [][]byte {
	out := make([][]byte, len(phrases))
	for i, p := range phrases {
		out[i] = normString(p)
	}
	return out
}

// any reports whether the text has one of the phrases.
func (nt *normText) any(phrases [][]byte) bool {
	for _, kw := range phrases {
		if nt.index(kw, 0) >= 0 {
			return true
		}
	}
	return false
}

// activeFormat returns the format table 二 (the text nt2) is printed in
// and whether it is the other format than the report's: a 2019 table 二
// above a table 三 with the 2021 rows, or a 2021 table 二 in a report of
// 2019 or 2020, before the 2021 format existed. The report keeps the
// format table 三 and the year say; offices that kept the trial format for
// both tables keep it.
func activeFormat(nt2, nt3 *normText, year int) (nianbao.Template, bool) {
	t2, ok := detectTemplate(nt2)
	if !ok || nt2.any(headers2019) && nt2.any(headers2021) {
		return "", false // both formats' phrases: the prose quotes one
	}
	if t3, ok := detectTemplate(nt3); ok {
		return t2, t3 != t2
	}
	return t2, t2 == nianbao.Format2021 && year > 0 && year < 2021
}

// readActive reads table 二 from text[start:end], printed in the format
// printed. Each row's cells are read between its label and the next row's
// label or block header. When printed is not the report's format, only
// the cells both formats share (same row, same column: 行政许可's 处理决定数量)
// are recorded, and one note on the table says which of the report's
// cells the table does not print.
func readActive(rep *nianbao.Report, text string, nt *normText, start, end int, ix *docIndex, printed nianbao.Template) {
	items := printed.ActiveItems()
	mixed := printed != rep.Template
	if mixed {
		rep.AddNote(mixedNote(rep.Template, printed))
	}
	type hit struct{ start, end, nstart, nend int }
	hits := make([]hit, len(items))
	cursor := 0
	for i, item := range items {
		hits[i] = hit{start: -1}
		p, kw := -1, []byte(nil)
		for _, k := range activeLabels[item.Key] {
			if q := nt.index(k, cursor); q >= 0 && (p < 0 || q < p) {
				p, kw = q, k
			}
		}
		if p < 0 {
			rep.AddNote(nianbao.Note{Code: nianbao.NoteMissingRow, Table: nianbao.TableActive, Row: item.Key,
				Message: fmt.Sprintf("表二未找到“%s”一行：该行各格记为空", item.Label)})
			continue
		}
		label := normString(item.Label)
		s, e := p, p+len(kw)
		if k := bytes.Index(label, kw); k >= 0 {
			s = nt.extendBack(p, label[:k], cursor)
			e = nt.extendForward(e, label[k+len(kw):], len(nt.norm))
		}
		hits[i] = hit{start: nt.origStart(s), end: nt.origEnd(text, e), nstart: s, nend: e}
		cursor = e
	}
	var starts, ends []int
	for _, h := range hits {
		if h.start >= 0 {
			starts, ends = append(starts, h.start), append(ends, h.end)
		}
	}
	tr := newTableReader(text, end, ix, starts)
	defer tr.release()
	if tr.style == styleFree {
		tr.squash = looksSquashed(text, starts, ends, end)
	}
	toks := make([][]token, len(items))
	cands := make([][][]token, len(items))
	for i, item := range items {
		h := hits[i]
		if h.start < 0 {
			continue
		}
		zend := end
		for _, next := range hits[i+1:] {
			if next.start >= 0 {
				zend = next.start
				break
			}
		}
		// A block header between two rows ends the first row's cells.
		if b := nt.index(blockHeader, h.nend); b >= 0 && nt.origStart(b) < zend {
			zend = nt.origStart(b)
		}
		toks[i] = tr.zoneTokens(h.end, zend)
		var overflow bool
		cands[i], overflow = tr.fit(toks[i], len(item.Fields), nil)
		if overflow {
			cands[i] = nil
		}
		if len(cands[i]) == 0 && tr.squash {
			cands[i] = splitAmount(toks[i], item)
		}
	}
	if tr.style == styleFree && !tr.squash {
		// Column-aligned text prints a blank cell as nothing.
		blocks, labelAt := make([][2]int, len(items)), make([]int, len(items))
		for i, h := range hits {
			blocks[i], labelAt[i] = [2]int{-1, -1}, h.start
			if h.start >= 0 {
				blocks[i] = activeBlock(text, nt, h.nstart)
			}
		}
		placeByActiveHeader(text, blocks, labelAt, toks, cands, items)
	}
	if tr.style == styleRows {
		var ordinal [][]token
		if tr.layout == nianbao.LayoutPipeRows {
			ordinal = toks
		}
		alignByStart(cands, ordinal)
	}
	for i, item := range items {
		h := hits[i]
		if h.start < 0 {
			continue
		}
		n := len(item.Fields)
		var final []token
		switch {
		case len(cands[i]) == 1:
			final = cands[i][0]
		case len(cands[i]) > 1:
			markUndecided(cands[i])
			kept, used := settleByProse(text, start, end, item, cands[i])
			final = agreeing(kept)
			msg := fmt.Sprintf("表二“%s”：“%s”有%d种读法（%s）", item.Label, rawOf(toks[i]), len(cands[i]), listReadings(cands[i]))
			note := nianbao.Note{Code: nianbao.NoteRowReading, Table: nianbao.TableActive, Row: item.Key}
			switch {
			case len(kept) == 1:
				msg += "；正文写明" + quoteAll(used) + "，只有" + listReadings(kept) + "与之相符，据此拆分，记为推定"
			case len(used) > 0:
				msg += "；正文写明" + quoteAll(used) + "，与之相符的读法有" + listReadings(kept) + "，无法确定的格记为空"
				note.Code = nianbao.NoteCandidates
			default:
				msg += "，表二没有勾稽关系可据，无法确定的格记为空"
				note.Code = nianbao.NoteCandidates
			}
			// Readings of the other format's row are not the report's
			// cells: Settle must not take them for them.
			if note.Code == nianbao.NoteCandidates && len(kept) <= maxStoredReadings && !mixed {
				note.Readings = storedReadings(kept, func(t token) nianbao.Pos { return ix.pos(t.off) }, func(j int, t token) string {
					if !item.Fields[j].Amount || t.kind == nianbao.KindMark || t.kind == nianbao.KindBlank {
						return ""
					}
					return amountUnit(text, start, h.start, t)
				})
			}
			p := ix.pos(h.start)
			note.Pos, note.Message = &p, msg
			rep.AddNote(note)
		default:
			p := ix.pos(h.start)
			rep.AddNote(nianbao.Note{Code: nianbao.NoteRowReading, Table: nianbao.TableActive, Row: item.Key, Pos: &p,
				Message: fmt.Sprintf("表二“%s”：读到%d个格，应有%d个；各格记为空", item.Label, countStated(toks[i]), n)})
		}
		for j, t := range final {
			if t.kind == "" {
				continue
			}
			c, ok := rep.Template.Cell(nianbao.CellKey{Table: nianbao.TableActive, Row: item.Key, Column: item.Fields[j].Key})
			if !ok {
				continue // the other format's cell, which the report has not
			}
			rep.Record(c, t.num, t.kind, t.raw, ix.pos(t.off))
			if item.Fields[j].Amount && t.kind != nianbao.KindMark && t.kind != nianbao.KindBlank {
				rep.Cells[len(rep.Cells)-1].Unit = amountUnit(text, start, h.start, t)
			}
		}
	}
}

// activeBlock returns the byte span of the 信息内容 that heads the labels'
// column of the block of table 二 whose row label starts at nstart (in
// nt): the block's header starts on its line, and the heads right of it
// are the block's columns. [-1 -1] when the block prints none before the
// row.
func activeBlock(text string, nt *normText, nstart int) [2]int {
	from := 0
	for b := nt.index(blockHeader, 0); b >= 0 && b < nstart; b = nt.index(blockHeader, b+len(blockHeader)) {
		from = b + len(blockHeader)
	}
	h := nt.index(infoHead, from)
	if h < 0 || h >= nstart {
		return [2]int{-1, -1}
	}
	return [2]int{nt.origStart(h), nt.origEnd(text, h+len(infoHead))}
}

// infoHead heads the labels' column of each block of table 二.
var infoHead = normString("信息内容")

// placeByActiveHeader reads the rows of table 二 in column-aligned text
// that print fewer cells than columns (blank cells print as nothing) by
// their block's header (headerSpans, columnUnder, placeCells): the lines
// from the block's 信息内容 (blocks, by activeBlock) to its first row,
// whose label starts at starts. The header is trusted only when it prints
// one head a column and the block's full rows sit each cell under its own
// column.
func placeByActiveHeader(text string, blocks [][2]int, starts []int, toks [][]token, cands [][][]token, items []nianbao.ActiveItem) {
	placed := make([][]token, len(items))
	for i, b := range blocks {
		n := len(items[i].Fields)
		if b[0] < 0 || len(cands[i]) > 0 || len(toks[i]) == 0 || len(toks[i]) >= n {
			continue
		}
		ls := strings.LastIndexByte(text[:b[0]], '\n') + 1
		first := starts[slices.Index(blocks, b)]
		to := strings.LastIndexByte(text[:first], '\n') + 1
		header := headerSpans(text, ls, to, document.DisplayWidth(text[ls:b[1]]))
		if len(header) != n {
			continue
		}
		under := func(t token) int { return columnUnder(header, t.x) }
		if !fullRowsUnder(blocks, b, cands, under) {
			continue
		}
		if p, ok := placeCells(toks[i], n, under); ok {
			placed[i] = p
		}
	}
	for i, p := range placed {
		if p != nil {
			cands[i] = [][]token{p}
		}
	}
}

// fullRowsUnder reports whether every row of block b with one reading
// sits each cell under its own column.
func fullRowsUnder(blocks [][2]int, b [2]int, cands [][][]token, under func(token) int) bool {
	for k := range blocks {
		if blocks[k] == b && len(cands[k]) == 1 && !sitsUnder(cands[k][0], under) {
			return false
		}
	}
	return true
}

// mixedNote is the note on a table 二 printed in the other format: which
// of the report's cells it states and which it does not, these left null.
func mixedNote(t, printed nianbao.Template) nianbao.Note {
	var shared, absent []string
	for _, item := range t.ActiveItems() {
		var has, not []string
		for _, f := range item.Fields {
			if _, ok := printed.Cell(nianbao.CellKey{Table: nianbao.TableActive, Row: item.Key, Column: f.Key}); ok {
				has = append(has, f.Label)
			} else {
				not = append(not, f.Label)
			}
		}
		if len(has) > 0 {
			shared = append(shared, "“"+item.Label+"”"+strings.Join(has, "、"))
		}
		if len(not) > 0 {
			absent = append(absent, "“"+item.Label+"”"+strings.Join(not, "、"))
		}
	}
	msg := fmt.Sprintf("表二按%s年版格式印制，报告按%s年版格式读取：", printed, t)
	if len(shared) > 0 {
		msg += "两版共有的" + strings.Join(shared, "、") + "照印读取；"
	}
	msg += "表中没有的" + strings.Join(absent, "、") + "记为空"
	return nianbao.Note{Code: nianbao.NoteMixedFormat, Table: nianbao.TableActive, Message: msg}
}

// agreeing returns the cells all readings agree on; the others are unread
// (kind "").
func agreeing(cands [][]token) []token {
	final := append([]token(nil), cands[0]...)
	for _, c := range cands[1:] {
		mergeAgreeing(final, c)
	}
	return final
}

// amountUnit returns the unit an amount is stated in: printed after it
// ("75394432.52元"), or else in the header of its block of table 二, which
// runs from the last "第二十条" before the row's label at labelStart
// ("本年收费金额（单位：万元）"); "" when neither says.
func amountUnit(text string, start, labelStart int, t token) string {
	for _, u := range units {
		if strings.HasSuffix(t.raw, u) {
			return u
		}
	}
	after := strings.TrimLeft(text[min(t.off+len(t.raw), len(text)):], " \t\u00a0\u3000")
	for _, u := range units {
		if strings.HasPrefix(after, u) {
			return u
		}
	}
	head := text[start:labelStart]
	if b := strings.LastIndex(head, "第二十条"); b >= 0 {
		head = head[b:]
	}
	// Squashed text breaks a long header over lines ("（单位\n：万元）").
	head = strings.Join(strings.Fields(head), "")
	for _, u := range units {
		for _, form := range [...]string{"单位：" + u, "单位:" + u, "（" + u + "）", "(" + u + ")"} {
			if strings.Contains(head, form) {
				return u
			}
		}
	}
	return ""
}

// units are the units amounts are printed in, longest first so that "万元"
// is not taken for "元".
var units = [...]string{"万元", "元"}

// splitAmount reads a row of a count and an amount run together
// ("13575394432.52元": 采购项目数量 and 采购总金额), which the digit splitter
// leaves whole since the amount has decimals: every cut of the integer
// digits is a reading, and the note lists them. A count is never printed
// with a leading 0, so "040367.9" has one reading: 0 and 40367.9.
func splitAmount(toks []token, item nianbao.ActiveItem) [][]token {
	if len(item.Fields) != 2 || !item.Fields[1].Amount || countStated(toks) != 1 {
		return nil
	}
	var t token
	for _, x := range toks {
		if !x.empty {
			t = x
		}
	}
	digits := strings.IndexAny(t.raw, ".元万")
	if t.kind != nianbao.KindNumber || digits < 2 || strings.Trim(t.raw[:digits], "0123456789") != "" {
		return nil
	}
	var out [][]token
	for k := 1; k < digits; k++ {
		if t.raw[k] == '0' && k+1 < digits {
			continue // an amount does not start with a 0 before its digits
		}
		count, ok1 := classify(t.raw[:k], t.off)
		amount, ok2 := classify(t.raw[k:], t.off+k)
		if ok1 && ok2 && count.kind == nianbao.KindNumber && amount.kind == nianbao.KindNumber && count.num.Valid() && amount.num.Valid() {
			out = append(out, []token{count, amount})
		}
	}
	return out
}
