package reader

import (
	"strings"

	"nianbao"
	"nianbao/document"
	"nianbao/reader/docx"
	"nianbao/reader/htmldoc"
	"nianbao/reader/internal/limit"
	"nianbao/reader/internal/ooxml"
	"nianbao/reader/legacy"
	"nianbao/reader/pdf"
	"nianbao/reader/text"
	"nianbao/reader/xlsx"
)

// readDocument reads a file into the neutral document and says what the
// file was: its format as the report's source names it and, for text and
// web pages, the encoding.
//
// What it reads is charged to bud; past a limit it fails with ETOOLARGE.
func readDocument(f format, data []byte, bud *limit.Budget) (_ *document.Document, _ nianbao.Source, err error) {
	defer limit.Recover(&err)
	switch f {
	case formatText:
		doc, enc, err := text.Read(data)
		return doc, nianbao.Source{Format: nianbao.FileText, Encoding: enc}, err
	case formatHTML, formatScript:
		if f == formatScript {
			data = unescapeScript(data)
		}
		doc, enc, err := htmldoc.ReadBudget(data, bud)
		return doc, nianbao.Source{Format: nianbao.FileHTML, Encoding: enc}, err
	case formatZip:
		pkg, err := ooxml.Open(data, "Word/Excel（DOCX/XLSX）")
		if err != nil {
			return nil, nianbao.Source{}, err
		}
		pkg.Budget = bud
		main := pkg.Main("")
		switch {
		case strings.HasPrefix(main, "word/") || pkg.HasUnder("word/"):
			pkg.Kind = "DOCX"
			doc, err := docx.ReadPackage(pkg)
			return doc, nianbao.Source{Format: nianbao.FileDOCX}, err
		case strings.HasPrefix(main, "xl/") || pkg.HasUnder("xl/"):
			pkg.Kind = "XLSX"
			doc, err := xlsx.ReadPackage(pkg)
			return doc, nianbao.Source{Format: nianbao.FileXLSX}, err
		}
		if pkg.Has("content.xml") && pkg.Has("mimetype") {
			return nil, nianbao.Source{}, nianbao.Errorf(nianbao.EUNSUPPORTED,
				"OpenDocument 文件（.odt/.ods，WPS 或 LibreOffice 保存）暂不支持：请另存为 .docx 或 .xlsx 后重试")
		}
		return nil, nianbao.Source{}, nianbao.Errorf(nianbao.EUNSUPPORTED,
			"压缩包中既没有 Word 正文（word/document.xml）也没有 Excel 工作簿（xl/workbook.xml）：不是 DOCX/XLSX 文件")
	case formatPDF:
		doc, err := pdf.ReadBudget(data, bud)
		return doc, nianbao.Source{Format: nianbao.FilePDF}, err
	case formatOLE:
		doc, err := legacy.Read(data)
		return doc, nianbao.Source{Format: legacy.Kind(data)}, err
	}
	return nil, nianbao.Source{}, nianbao.Errorf(nianbao.EUNSUPPORTED, "不支持的格式")
}

// noteEmpty notes a report whose tables state no number at all: most often
// the blank template itself, published or uploaded by mistake.
func noteEmpty(rep *nianbao.Report) {
	for c := range rep.Template.Cells() {
		if rep.At(c).Valid() {
			return
		}
	}
	rep.AddNote(nianbao.Note{Code: nianbao.NoteEmptyReport, Message: "报告各表均无数字：可能是空白模板"})
}
