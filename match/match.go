// Package match is the template matcher: it finds a report's sections and
// the national template's tables in a document and reads them into a
// nianbao.Report, exactly as printed, with the provenance of every cell and
// a note for everything it was unsure of.
package match

import (
	"nianbao"
	"nianbao/document"
	"nianbao/match/internal/meta"
)

// Read reads a report from a document: sections, labels and dates from
// its text, each table's cells from the blocks it is in. Positions in the
// result are the document's source positions. It fails with ENOTREPORT
// when no table 三 can be found. Rows whose digits it cannot split keep
// their readings in their notes, for the neighbouring years to settle
// (Settle).
func Read(doc *document.Document) (*nianbao.Report, error) {
	text, ix := doc.Text, newDocIndex(doc)
	nt := borrowNormText(text)
	defer nt.release()
	hs := findSections(text, nt)

	rep := nianbao.NewReport("")
	rep.Cells = make([]nianbao.Provenance, 0, 256) // tables 二, 三 and 四 have about 220 cells
	m := meta.Read(text)
	rep.Agency, rep.Year, rep.PublishedOn = m.Agency, m.Year, m.PublishedOn

	// Table regions run from their section's heading to the next heading;
	// without headings, the whole text is searched.
	region := func(i int) (int, int) {
		start, end := 0, len(text)
		if hs[i].found {
			start = hs[i].end
		}
		for _, h := range hs[i+1:] {
			if h.found {
				end = h.start
				break
			}
		}
		return start, end
	}
	s2, e2 := region(1)
	s3, e3 := region(2)
	s4, e4 := region(3)
	if !hs[2].found && hs[3].found {
		e3 = hs[3].start
	}

	t, ok := detectTemplate(nt.sub(s2, e3))
	printed, mixed := activeFormat(nt.sub(s2, e2), nt.sub(s3, e3), rep.Year)
	if mixed {
		t = printed.Other()
	}
	if !ok {
		t = nianbao.Format2021
		if rep.Year > 0 && rep.Year < 2021 {
			t = nianbao.Format2019
		}
		rep.AddNote(nianbao.Note{Code: nianbao.NoteTemplateGuessed,
			Message: "表头未能判断格式，按报告年度推定为" + string(t) + "年版格式"})
	}
	rep.Template = t

	ok, layout := readRequests(rep, text, nt.sub(s3, e3), s3, e3, ix)
	if !ok {
		return nil, nianbao.Errorf(nianbao.ENOTREPORT, "找不到表三（收到和处理政府信息公开申请情况）：不是政府信息公开工作年度报告，或表格无法识别")
	}
	rep.Source.Layout = layout
	if !mixed {
		printed = t
	}
	readActive(rep, text, nt.sub(s2, e2), s2, e2, ix, printed)
	readReview(rep, text, nt.sub(s4, e4), s4, e4, ix)
	rep.Preface, rep.Sections = sectionTexts(text, hs, ix)
	for i, h := range hs {
		switch {
		case !h.found:
			rep.AddNote(nianbao.Note{Code: nianbao.NoteMissingSection,
				Message: "未找到第" + nianbao.Numerals[i] + "部分“" + nianbao.Sections[i].Title + "”的标题"})
		case h.near:
			p := ix.pos(h.start)
			rep.AddNote(nianbao.Note{Code: nianbao.NoteFuzzyLabel, Pos: &p,
				Message: "第" + nianbao.Numerals[i] + "部分的标题印作“" + trimSpace(text[h.start:h.end]) + "”，与模板的“" + nianbao.Sections[i].Title + "”相差一字，按该部分读取"})
		}
	}
	return rep, nil
}
