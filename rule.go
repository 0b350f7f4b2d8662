package nianbao

// RuleID names one rule of the audit's catalogue (package audit, Rules). The
// IDs are stable: findings, the store and the web pages refer to them.
type RuleID string

// The rules, grouped as the catalogue groups them.
const (
	// The template's arithmetic (template.md): the report contradicts itself.
	RuleRowTotal       RuleID = "requests.row_total"    // table 三 row: 总计 = the six applicant columns
	RuleColumnTotal    RuleID = "requests.column_total" // table 三 column: （七）总计 = the outcome rows
	RuleBalance        RuleID = "requests.balance"      // table 三 column: 一 + 二 = 三（七） + 四
	RuleReviewTotal    RuleID = "review.group_total"    // table 四 group: 总计 = 维持 + 纠正 + 其他 + 尚未审结
	RuleNegative       RuleID = "cells.negative"
	RuleFraction       RuleID = "cells.fraction"
	RuleUncheckedArith RuleID = "identity.unchecked"

	// The template itself.
	RuleFormatYear     RuleID = "template.format_year"
	RuleSections       RuleID = "template.sections"
	RuleMissingRows    RuleID = "template.missing_rows"
	RuleMissingColumns RuleID = "template.missing_columns"
	RuleMergedOther    RuleID = "template.merged_other"
	RuleRenamed        RuleID = "template.renamed"
	RuleBlankCells     RuleID = "template.blank_cells"

	// The prose against the tables.
	RuleTextReceived   RuleID = "text.received"
	RuleTextClosed     RuleID = "text.closed"
	RuleTextCarried    RuleID = "text.carried"
	RuleTextReview     RuleID = "text.review"
	RuleTextAllClosed  RuleID = "text.all_closed"
	RuleTextYear       RuleID = "text.year"
	RuleTextFees       RuleID = "text.fees"
	RuleFeesUnreported RuleID = "text.fees_unreported"
	RuleLate           RuleID = "time.late"
	RuleLateUnchecked  RuleID = "time.unchecked"
	RuleCarriedOver    RuleID = "cross.carried_over"
	RuleInForce        RuleID = "cross.in_force"
	RuleItems2019      RuleID = "cross.items"
	RuleCopiedProblems RuleID = "cross.copied_problems"
	RuleCrossUnchecked RuleID = "cross.unchecked"
	RuleOtherHigh      RuleID = "plausibility.other_high"
	RuleAllZero        RuleID = "plausibility.all_zero"

	// The report against the body's own request register (package ledger).
	RuleLedger RuleID = "ledger.table3"
)

var ruleTitles = map[RuleID]string{
	RuleRowTotal:       "表三每行：总计 = 六类申请人之和",
	RuleColumnTotal:    "表三每列：（七）总计 = 各项办理结果之和",
	RuleBalance:        "表三每列：一 + 二 = 三（七） + 四",
	RuleReviewTotal:    "表四每组：总计 = 维持 + 纠正 + 其他 + 尚未审结",
	RuleNegative:       "件数和金额不为负数",
	RuleFraction:       "件数为整数",
	RuleUncheckedArith: "因单元格空白或未印而无法核对的勾稽关系",

	RuleFormatYear:     "格式与报告年度相符",
	RuleSections:       "六个部分齐全、顺序正确",
	RuleMissingRows:    "表格各行齐全",
	RuleMissingColumns: "表格各列齐全",
	RuleMergedOther:    "2021年版表三（六）其他处理分三项填报",
	RuleRenamed:        "行名与模板一致",
	RuleBlankCells:     "表三、表四不留空、不填符号",

	RuleTextReceived:   "正文所述收到申请件数与表三一致",
	RuleTextClosed:     "正文所述办结件数与表三（七）总计一致",
	RuleTextCarried:    "正文所述结转件数与表三一致",
	RuleTextReview:     "正文所述行政复议、行政诉讼件数与表四一致",
	RuleTextAllClosed:  "“均已办结”与结转下年度件数一致",
	RuleTextYear:       "正文所述工作年份为报告年度",
	RuleTextFees:       "第六部分所述信息处理费与表格和收费标准相符",
	RuleFeesUnreported: "第六部分报告信息处理费收取情况",

	RuleLate:          "按法定期限发布",
	RuleLateUnchecked: "能否判断发布是否及时",

	RuleCarriedOver:    "本年“上年结转” = 上年“结转下年度继续办理”",
	RuleInForce:        "现行有效件数 = 上年现行有效 + 本年制发 − 本年废止",
	RuleItems2019:      "2019年版：上一年项目数量 = 上年的上一年项目数量 + 本年增/减",
	RuleCopiedProblems: "第五部分不照搬上年",
	RuleCrossUnchecked: "能否与上年报告核对",

	RuleOtherHigh: "“其他处理”占比不过高",
	RuleAllZero:   "正文述及申请而表三全为0",

	RuleLedger: "表三与本机关的依申请公开台账一致",
}

// Title says in Chinese what the rule checks; the ID itself for a rule
// this version does not know (a finding stored by another version).
func (id RuleID) Title() string {
	if t, ok := ruleTitles[id]; ok {
		return t
	}
	return string(id)
}

// CrossYear reports whether the rule compares a report with the same
// body's report for another year.
func (id RuleID) CrossYear() bool {
	switch id {
	case RuleCarriedOver, RuleInForce, RuleItems2019, RuleCopiedProblems, RuleCrossUnchecked:
		return true
	}
	return false
}

// FileFormat is the kind of file a report was read from.
type FileFormat string

// The formats nianbao reads.
const (
	FileText FileFormat = "text"
	FileHTML FileFormat = "html"
	FileDOCX FileFormat = "docx"
	FileXLSX FileFormat = "xlsx"
	FilePDF  FileFormat = "pdf"
	FileDOC  FileFormat = "doc" // Word 97–2003 or WPS Writer, converted by LibreOffice
	FileXLS  FileFormat = "xls" // Excel 97–2003 or WPS Spreadsheets, converted by LibreOffice
	// FileJSON is a draft typed into the entry form: its source is the
	// report itself as JSON, what the clerk typed and nothing read.
	FileJSON FileFormat = "json"
)

// FileFormats lists every format, in the order filters offer them.
var FileFormats = []FileFormat{FileText, FileHTML, FileDOCX, FileXLSX, FilePDF, FileDOC, FileXLS, FileJSON}

// Label names the format in Chinese.
func (f FileFormat) Label() string {
	switch f {
	case FileText:
		return "纯文本"
	case FileHTML:
		return "网页"
	case FileDOCX:
		return "Word"
	case FileXLSX:
		return "Excel"
	case FilePDF:
		return "PDF"
	case FileDOC:
		return "Word 97"
	case FileXLS:
		return "Excel 97"
	case FileJSON:
		return "填报草稿"
	}
	return string(f)
}

// Valid reports whether f is a format nianbao reads.
func (f FileFormat) Valid() bool { return f.Label() != string(f) }
