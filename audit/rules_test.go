package audit

import (
	"strings"
	"testing"

	"nianbao"
	"nianbao/place"
)

// report builds a small consistent report: 5 applications from natural
// persons, 3 granted and 2 not held, nothing carried, no reviews; table 二
// all 0; the six sections in order, their prose agreeing with the tables;
// every cell with a provenance, as a reader leaves it.
func report(t nianbao.Template) *nianbao.Report {
	r := nianbao.NewReport(t)
	r.Agency, r.Year, r.PublishedOn = "某市生态环境局", 2024, "2025-01-20"
	if t == nianbao.Format2019 {
		r.Year, r.PublishedOn = 2020, "2021-01-20"
	}
	for _, item := range t.ActiveItems() {
		for _, f := range item.Fields {
			r.Active[nianbao.ActiveKey(item.Key, f.Key)] = nianbao.Int(0)
		}
	}
	for _, row := range t.Rows() {
		setRow(r, row, 0)
	}
	setRow(r, nianbao.NewReceived, 5)
	setRow(r, nianbao.Granted, 3)
	setRow(r, nianbao.UnavailableNotHeld, 2)
	setRow(r, nianbao.Total, 5)
	for g := range nianbao.NumReviewGroups {
		for c := range nianbao.NumReviewColumns {
			r.Review[g][c] = nianbao.Int(0)
		}
	}
	texts := [6]string{
		"2024年，本局收到政府信息公开申请5件，办结5件。",
		"本局主动公开政府信息情况如下。",
		"", "",
		"一是政策解读形式较为单一；二是栏目更新不够及时。下一步，本局将丰富解读形式，加强栏目维护。",
		"2024年，本局未收取信息处理费。",
	}
	if t == nianbao.Format2019 {
		texts[0] = strings.ReplaceAll(texts[0], "2024", "2020")
		texts[5] = strings.ReplaceAll(texts[5], "2024", "2020")
	}
	for i, s := range nianbao.Sections {
		r.Sections = append(r.Sections, nianbao.Section{Number: i + 1, Title: nianbao.Numerals[i] + "、" + s.Title, Text: texts[i]})
	}
	addCells(r)
	return r
}

// setRow puts n applications from natural persons in a row of table 三.
func setRow(r *nianbao.Report, row nianbao.Row, n int64) {
	for c := range nianbao.NumColumns {
		r.Requests[row][c] = nianbao.Int(0)
	}
	r.Requests[row][nianbao.NaturalPerson] = nianbao.Int(n)
	r.Requests[row][nianbao.ColumnTotal] = nianbao.Int(n)
}

// addCells records a provenance for every cell that states a number, one
// cell a line, as a reader would.
func addCells(r *nianbao.Report) {
	line := 0
	for c := range r.Template.Cells() {
		if n := r.At(c); n.Valid() {
			line++
			r.Cells = append(r.Cells, nianbao.Provenance{CellKey: c.Key, Index: c.Index, Kind: nianbao.KindNumber,
				Raw: n.String(), Pos: nianbao.Pos{Line: line, Col: 1}})
		}
	}
}

func decimal(s string) nianbao.Num {
	n, ok := nianbao.ParseNum(s)
	if !ok {
		panic("not a number: " + s)
	}
	return n
}

func setText(r *nianbao.Report, section int, text string) {
	r.Sections[section-1].Text = text
}

// previous is last year's report of the same body.
func previous(t nianbao.Template) *nianbao.Report {
	p := report(t)
	p.Year--
	return p
}

// ruleTests: for every rule, reports that trigger it (want > 0 findings of
// that rule) and reports that do not (want 0).
var ruleTests = []struct {
	rule   nianbao.RuleID
	name   string
	t      nianbao.Template
	change func(r *nianbao.Report, opt *Options)
	want   int
}{
	{nianbao.RuleRowTotal, "consistent", nianbao.Format2021, nil, 0},
	{nianbao.RuleRowTotal, "total off by one", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Requests[nianbao.Granted][nianbao.ColumnTotal] = nianbao.Int(4)
	}, 1},
	{nianbao.RuleColumnTotal, "consistent 2019", nianbao.Format2019, nil, 0},
	{nianbao.RuleColumnTotal, "outcome rows exceed （七）", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setRow(r, nianbao.Granted, 4)
	}, 2},
	{nianbao.RuleColumnTotal, "（六） merged into one row and counted", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		for _, row := range []nianbao.Row{nianbao.OtherNoCorrection, nianbao.OtherNoFee, nianbao.OtherOther} {
			r.Requests[row] = [nianbao.NumColumns]nianbao.Num{}
		}
		setRow(r, nianbao.Other, 1)
		setRow(r, nianbao.Granted, 2)
	}, 0},
	{nianbao.RuleBalance, "consistent", nianbao.Format2021, nil, 0},
	{nianbao.RuleBalance, "carried forward not in 一 + 二", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setRow(r, nianbao.CarriedForward, 1)
	}, 2},
	{nianbao.RuleReviewTotal, "consistent", nianbao.Format2021, nil, 0},
	{nianbao.RuleReviewTotal, "totals printed as 0 (hongze-2023)", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Review[nianbao.Reconsideration] = [nianbao.NumReviewColumns]nianbao.Num{nianbao.Int(10), nianbao.Int(1), nianbao.Int(0), nianbao.Int(0), nianbao.Int(0)}
		r.Review[nianbao.LitigationAfterReconsideration][nianbao.Upheld] = nianbao.Int(5)
	}, 2},
	{"cells.negative", "signed 2019 change", nianbao.Format2019, func(r *nianbao.Report, _ *Options) {
		r.Active["licensing.change"] = nianbao.Int(-3)
	}, 0},
	{"cells.negative", "negative amount", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Active["fees.amount"] = decimal("-1.5")
	}, 1},
	{"cells.negative", "negative count", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Review[nianbao.LitigationDirect][nianbao.Upheld] = nianbao.Int(-1)
	}, 1},
	{"cells.fraction", "decimal amount", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Active["fees.amount"] = decimal("0.5")
	}, 0},
	{"cells.fraction", "decimal count", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Active["licensing.decisions"] = decimal("2.5")
	}, 1},
	{"identity.unchecked", "every cell stated", nianbao.Format2021, nil, 0},
	{"identity.unchecked", "a blank cell", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Requests[nianbao.Granted][nianbao.Commercial] = nianbao.Num{}
	}, 2}, // its row and its column
	{"template.format_year", "2019 format for 2020", nianbao.Format2019, nil, 0},
	{"template.format_year", "2019 format for 2021", nianbao.Format2019, func(r *nianbao.Report, _ *Options) { r.Year = 2021 }, 1},
	{"template.format_year", "2021 format for 2020", nianbao.Format2021, func(r *nianbao.Report, _ *Options) { r.Year = 2020 }, 1},
	{"template.format_year", "2019 table 二 in a 2021 report", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.AddNote(nianbao.Note{Code: nianbao.NoteMixedFormat, Table: nianbao.TableActive, Message: "表二按2019年版格式印制"})
	}, 1},
	{"template.sections", "six in order", nianbao.Format2021, nil, 0},
	{"template.sections", "三 missing", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Sections = append(r.Sections[:2], r.Sections[3:]...)
	}, 1},
	{"template.sections", "五 before 四", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Sections[3], r.Sections[4] = r.Sections[4], r.Sections[3]
	}, 1},
	{"template.missing_rows", "a row not found", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.AddNote(nianbao.Note{Code: "missing_row", Table: nianbao.TableRequests, Row: "withheld_process_info"})
		r.AddNote(nianbao.Note{Code: "missing_row", Table: nianbao.TableActive, Row: "coercion"})
	}, 2},
	{"template.missing_rows", "table 四 not found", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.AddNote(nianbao.Note{Code: "missing_table", Table: nianbao.TableReview})
	}, 1},
	{"template.missing_rows", "a row read unsure", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.AddNote(nianbao.Note{Code: "row_reading", Table: nianbao.TableRequests, Row: "granted"})
	}, 0},
	{"template.missing_columns", "all columns", nianbao.Format2021, nil, 0},
	{"template.missing_columns", "no 总计 column", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.AddNote(nianbao.Note{Code: "no_total_column", Table: nianbao.TableRequests})
	}, 1},
	{"template.merged_other", "three sub-items", nianbao.Format2021, nil, 0},
	{"template.merged_other", "the 2019 format's single row", nianbao.Format2019, nil, 0},
	{"template.merged_other", "（六） as one row", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		for _, row := range []nianbao.Row{nianbao.OtherNoCorrection, nianbao.OtherNoFee, nianbao.OtherOther} {
			r.Requests[row] = [nianbao.NumColumns]nianbao.Num{}
		}
		setRow(r, nianbao.Other, 0)
	}, 1},
	{"template.renamed", "labels as printed", nianbao.Format2021, nil, 0},
	{"template.renamed", "a label with characters missing", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.AddNote(nianbao.Note{Code: "fuzzy_label", Table: nianbao.TableRequests, Row: "withheld_law_prohibited",
			Message: "表三“2.其他法律行政法规禁止公开”一行的行名印作“2.其他法律行政止公开”，与模板不完全一致，按模板的这一行读取", Pos: &nianbao.Pos{Line: 40}})
	}, 1},
	{"template.blank_cells", "numbers everywhere", nianbao.Format2021, nil, 0},
	{"template.blank_cells", "a slash in 表三 and a blank in 表四", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Requests[nianbao.Granted][nianbao.Research] = nianbao.Num{}
		r.Review[nianbao.Reconsideration][nianbao.Pending] = nianbao.Num{}
		r.Cells = append(r.Cells,
			nianbao.Provenance{CellKey: nianbao.CellKey{Table: nianbao.TableRequests, Row: "granted", Column: "research"}, Kind: nianbao.KindMark, Raw: "/"},
			nianbao.Provenance{CellKey: nianbao.CellKey{Table: nianbao.TableReview, Row: "reconsideration", Column: "pending"}, Kind: nianbao.KindBlank})
	}, 2},
	{"template.blank_cells", "a blank in 表二", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Active["fees.amount"] = nianbao.Num{}
		r.Cells = append(r.Cells, nianbao.Provenance{CellKey: nianbao.CellKey{Table: nianbao.TableActive, Row: "fees", Column: "amount"}, Kind: nianbao.KindBlank})
	}, 0},
	{"text.received", "agrees", nianbao.Format2021, nil, 0},
	{"text.received", "one more than 一", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 1, "2024年，本局共受理政府信息公开申请6件，其中自然人申请6件。")
	}, 1},
	{"text.received", "including last year's carry-over", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setRow(r, nianbao.CarriedOver, 2)
		setRow(r, nianbao.Granted, 5)
		setRow(r, nianbao.Total, 7)
		setText(r, 1, "2024年，本局收到政府信息公开申请 7 件（含上年结转2件），办结7件。")
	}, 0},
	{"text.received", "二 blank, 一 still checked", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Requests[nianbao.CarriedOver] = [nianbao.NumColumns]nianbao.Num{}
		setText(r, 1, "2024年，本局收到政府信息公开申请6件。")
	}, 1},
	{"text.received", "none received, five in the table", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 1, "2024年，本局未收到政府信息公开申请。")
	}, 1},
	{"text.received", "none about reviews", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 1, "全年未收到因政府信息公开申请引发的行政复议。")
	}, 0},
	{"text.received", "full-width digits and Chinese numerals", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 1, "本局收到申请６件；本局收到申请五件；本局收到申请十件")
	}, 2},
	{"text.closed", "agrees", nianbao.Format2021, nil, 0},
	{"text.closed", "办结 fewer than （七）", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 1, "2024年，本局收到申请5件，办结4件。")
	}, 1},
	{"text.carried", "nothing said", nianbao.Format2021, nil, 0},
	{"text.carried", "carried forward but 四 is 0", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 1, "办结4件，结转下年度办理1件。")
	}, 1},
	{"text.carried", "carried over from last year but 二 is 0", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 1, "上年结转申请2件。")
	}, 1},
	{"text.carried", "number before the verb, agreeing", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setRow(r, nianbao.CarriedForward, 1)
		setRow(r, nianbao.Granted, 2)
		setRow(r, nianbao.Total, 4)
		setText(r, 1, "另有1件顺延到下年度答复。")
	}, 0},
	{"text.review", "none said, none in the table", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 1, "全年未发生因政府信息公开引发的行政复议和行政诉讼案件。")
	}, 0},
	{"text.review", "none said, one in the table", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Review[nianbao.Reconsideration][nianbao.Upheld] = nianbao.Int(1)
		r.Review[nianbao.Reconsideration][nianbao.ReviewTotal] = nianbao.Int(1)
		setText(r, 1, "全年未发生因政府信息公开引发的行政复议和行政诉讼案件。")
	}, 1},
	{"text.review", "litigation is both groups", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Review[nianbao.LitigationDirect][nianbao.Upheld] = nianbao.Int(2)
		r.Review[nianbao.LitigationDirect][nianbao.ReviewTotal] = nianbao.Int(2)
		r.Review[nianbao.LitigationAfterReconsideration][nianbao.Pending] = nianbao.Int(1)
		r.Review[nianbao.LitigationAfterReconsideration][nianbao.ReviewTotal] = nianbao.Int(1)
		setText(r, 1, "行政复议 0 件；行政诉讼 3 件（维持2件，尚未审结1件）。")
	}, 0},
	{"text.review", "行政复议 stated wrong", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 1, "被申请行政复议2件。")
	}, 1},
	{"text.all_closed", "all closed, nothing carried", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 1, "收到申请5件，所有申请均已按时办结。")
	}, 0},
	{"text.all_closed", "all closed, one carried", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setRow(r, nianbao.CarriedForward, 1)
		setRow(r, nianbao.Granted, 2)
		setRow(r, nianbao.Total, 4)
		setText(r, 1, "收到申请5件，所有申请均已按时办结。")
	}, 1},
	{"text.year", "this year and next", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 5, "2024年工作取得成效。2025年，本局将加强培训。")
	}, 0},
	{"text.year", "a work statement of last year (seed 003)", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 1, "(七)政策解读回应方面2023年未发布或带起草过政策类文件,无政策解读。")
	}, 1},
	{"text.year", "comparisons, spans, titles and laws", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 1, "主动公开信息较2023年增长15%。自2022年以来持续推进。落实《2023年政务公开工作要点》。"+
			"2021—2023年连续获评先进。在2023年度政务公开考核中位列第一。")
	}, 0},
	{"text.fees", "none collected", nianbao.Format2021, nil, 0},
	{"text.fees", "collected, recorded in 表二", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Active["fees.amount"] = decimal("0.01")
		setText(r, 6, "本年度收取信息处理费100元。")
	}, 0},
	{"text.fees", "an amount no rate gives, 表二 at 0", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setText(r, 6, "本年度收取信息处理费105元。")
	}, 2},
	{"text.fees", "collected without applications", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Active["fees.amount"] = decimal("0.02")
		for _, row := range []nianbao.Row{nianbao.NewReceived, nianbao.Granted, nianbao.UnavailableNotHeld, nianbao.Total} {
			setRow(r, row, 0)
		}
		setText(r, 6, "本年度收取信息处理费200元。")
	}, 1},
	{"text.fees_unreported", "fees stated", nianbao.Format2021, nil, 0},
	{"text.fees_unreported", "六 says 无", nianbao.Format2021, func(r *nianbao.Report, _ *Options) { setText(r, 6, "无") }, 1},
	{"text.fees_unreported", "2019 format", nianbao.Format2019, func(r *nianbao.Report, _ *Options) { setText(r, 6, "无") }, 0},
	{"time.late", "department on time", nianbao.Format2021, nil, 0},
	{"time.late", "department late", nianbao.Format2021, func(r *nianbao.Report, _ *Options) { r.PublishedOn = "2025-02-01" }, 1},
	{"time.late", "街道 late (seed 003)", nianbao.Format2019, func(r *nianbao.Report, _ *Options) {
		r.Agency, r.PublishedOn = "曲靖市麒麟区珠街街道", "2021-02-16"
	}, 1},
	{"time.late", "government's 本级 report in March", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Agency, r.PublishedOn = "淮安市人民政府", "2025-03-31"
	}, 0},
	{"time.late", "government's 本级 report in April", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		r.Agency, r.PublishedOn = "淮安市人民政府", "2025-04-01"
	}, 1},
	{"time.late", "department after the city's 1月26日", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		r.Agency, r.PublishedOn = "淮安市洪泽区交通运输局", "2025-01-27"
		opt.Deadlines = Deadlines{{Region: "3208", Year: 2024, Date: "2025-01-26"}}
	}, 1},
	{"time.late", "department before the city's 1月26日", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		r.Agency, r.PublishedOn = "淮安市洪泽区交通运输局", "2025-01-26"
		opt.Deadlines = Deadlines{{Region: "3208", Year: 2024, Date: "2025-01-26"}}
	}, 0},
	{"time.late", "another city's deadline", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		r.Agency, r.PublishedOn = "沭阳县发展和改革局", "2025-01-27"
		opt.Deadlines = Deadlines{{Region: "3208", Year: 2024, Date: "2025-01-26"}}
	}, 0},
	{"time.late", "the district's own later deadline", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		r.Agency, r.PublishedOn = "淮安市洪泽区交通运输局", "2025-01-27"
		opt.Deadlines = Deadlines{{Region: "3208", Year: 2024, Date: "2025-01-26"}, {Region: "320813", Year: 2024, Date: "2025-01-28"}}
	}, 0},
	{"time.late", "the city's deadline binds no 本级 report", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		r.Agency, r.PublishedOn = "淮安市洪泽区人民政府", "2025-03-20"
		opt.Deadlines = Deadlines{{Region: "3208", Year: 2024, Date: "2025-01-26"}}
	}, 0},
	{"time.late", "a hand-placed body under the city's deadline", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		r.Agency, r.PublishedOn = "路北街道", "2025-01-29"
		opt.Place, _ = place.Manual("331004003", "", "")
		opt.Deadlines = Deadlines{{Region: "3310", Year: 2024, Date: "2025-01-28"}}
	}, 1},
	{"time.unchecked", "dated", nianbao.Format2021, nil, 0},
	{"time.unchecked", "undated", nianbao.Format2021, func(r *nianbao.Report, _ *Options) { r.PublishedOn = "" }, 1},
	{"time.unchecked", "no year", nianbao.Format2021, func(r *nianbao.Report, _ *Options) { r.Year = 0 }, 1},
	{"time.unchecked", "no body", nianbao.Format2021, func(r *nianbao.Report, _ *Options) { r.Agency = "" }, 1},
	{"time.unchecked", "a hospital", nianbao.Format2021, func(r *nianbao.Report, _ *Options) { r.Agency = "淮安市第一人民医院" }, 1},
	{"time.unchecked", "unplaced, after some city's deadline", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		r.Agency, r.PublishedOn = "路北街道", "2025-01-29"
		opt.Deadlines = Deadlines{{Region: "3310", Year: 2024, Date: "2025-01-28"}}
	}, 1},
	{"time.unchecked", "unplaced, before every local deadline", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		r.Agency, r.PublishedOn = "路北街道", "2025-01-20"
		opt.Deadlines = Deadlines{{Region: "3310", Year: 2024, Date: "2025-01-28"}}
	}, 0},
	{"cross.carried_over", "no previous report", nianbao.Format2021, nil, 0},
	{"cross.carried_over", "agrees", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		opt.Previous = []*nianbao.Report{previous(nianbao.Format2021)}
	}, 0},
	{"cross.carried_over", "last year carried 2, this year none", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		p := previous(nianbao.Format2021)
		setRow(p, nianbao.CarriedForward, 2)
		opt.Previous = []*nianbao.Report{p}
	}, 2}, // 自然人 and 总计
	{"cross.carried_over", "a report two years back is not compared", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		p := previous(nianbao.Format2021)
		p.Year--
		setRow(p, nianbao.CarriedForward, 2)
		opt.Previous = []*nianbao.Report{p}
	}, 0},
	{"cross.in_force", "continues", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		p := previous(nianbao.Format2021)
		p.Active["normative_documents.in_force"] = nianbao.Int(6)
		r.Active["normative_documents.issued"], r.Active["normative_documents.repealed"] = nianbao.Int(3), nianbao.Int(2)
		r.Active["normative_documents.in_force"] = nianbao.Int(7)
		opt.Previous = []*nianbao.Report{p}
	}, 0},
	{"cross.in_force", "does not continue", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		p := previous(nianbao.Format2021)
		p.Active["normative_documents.in_force"] = nianbao.Int(7)
		r.Active["normative_documents.issued"], r.Active["normative_documents.repealed"] = nianbao.Int(3), nianbao.Int(2)
		r.Active["normative_documents.in_force"] = nianbao.Int(7)
		opt.Previous = []*nianbao.Report{p}
	}, 1},
	{"cross.items", "continues", nianbao.Format2019, func(r *nianbao.Report, opt *Options) {
		p := previous(nianbao.Format2019)
		p.Active["licensing.previous_items"], p.Active["licensing.change"] = nianbao.Int(10), nianbao.Int(-2)
		r.Active["licensing.previous_items"] = nianbao.Int(8)
		opt.Previous = []*nianbao.Report{p}
	}, 0},
	{"cross.items", "does not continue", nianbao.Format2019, func(r *nianbao.Report, opt *Options) {
		p := previous(nianbao.Format2019)
		p.Active["licensing.previous_items"], p.Active["licensing.change"] = nianbao.Int(10), nianbao.Int(2)
		r.Active["licensing.previous_items"] = nianbao.Int(11)
		opt.Previous = []*nianbao.Report{p}
	}, 1},
	{"cross.copied_problems", "rewritten", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		p := previous(nianbao.Format2021)
		setText(p, 5, "一是依申请公开答复的规范性有待加强；二是工作人员业务能力不足。下一步将开展专题培训，完善答复模板。")
		opt.Previous = []*nianbao.Report{p}
	}, 0},
	{"cross.copied_problems", "copied with the year changed", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		p := previous(nianbao.Format2021)
		setText(r, 5, "2024年，"+r.Sections[4].Text)
		setText(p, 5, "2023年，"+r.Sections[4].Text)
		opt.Previous = []*nianbao.Report{p}
	}, 1},
	{"cross.unchecked", "last year's report given", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		opt.Previous = []*nianbao.Report{previous(nianbao.Format2021)}
	}, 0},
	{"cross.unchecked", "only an older report given", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		p := previous(nianbao.Format2021)
		p.Year--
		opt.Previous = []*nianbao.Report{p}
	}, 1},
	{"cross.unchecked", "another body, another format", nianbao.Format2021, func(r *nianbao.Report, opt *Options) {
		p := previous(nianbao.Format2019)
		p.Year, p.Agency = 2023, "某市自然资源局"
		opt.Previous = []*nianbao.Report{p}
	}, 2},
	{"plausibility.other_high", "a few", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setRow(r, nianbao.NewReceived, 20)
		setRow(r, nianbao.Granted, 15)
		setRow(r, nianbao.OtherOther, 3)
		setRow(r, nianbao.Total, 20)
	}, 0},
	{"plausibility.other_high", "half", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		setRow(r, nianbao.NewReceived, 20)
		setRow(r, nianbao.Granted, 8)
		setRow(r, nianbao.OtherNoCorrection, 10)
		setRow(r, nianbao.Total, 20)
	}, 1},
	{"plausibility.all_zero", "applications in both", nianbao.Format2021, nil, 0},
	{"plausibility.all_zero", "tables zero, prose five", nianbao.Format2021, func(r *nianbao.Report, _ *Options) {
		for _, row := range []nianbao.Row{nianbao.NewReceived, nianbao.Granted, nianbao.UnavailableNotHeld, nianbao.Total} {
			setRow(r, row, 0)
		}
	}, 1},
}

func TestRules(t *testing.T) {
	for _, tt := range ruleTests {
		t.Run(string(tt.rule)+"/"+tt.name, func(t *testing.T) {
			r := report(tt.t)
			var opt Options
			if tt.change != nil {
				tt.change(r, &opt)
			}
			var got []nianbao.Finding
			for _, f := range Check(r, opt) {
				if f.Rule == tt.rule {
					got = append(got, f)
				}
			}
			if len(got) != tt.want {
				t.Fatalf("%d findings; want %d: %+v", len(got), tt.want, got)
			}
			for _, f := range got {
				if f.Message == "" || f.Basis == "" || f.Severity == "" {
					t.Errorf("incomplete finding %+v", f)
				}
				if f.Quote != "" && f.Section == 0 {
					t.Errorf("quote without its section: %+v", f)
				}
			}
		})
	}
}

// TestCatalogue: every rule is described, unique, and tested both ways.
func TestCatalogue(t *testing.T) {
	triggered, quiet := map[nianbao.RuleID]bool{}, map[nianbao.RuleID]bool{}
	for _, tt := range ruleTests {
		if tt.want > 0 {
			triggered[tt.rule] = true
		} else {
			quiet[tt.rule] = true
		}
	}
	seen := map[nianbao.RuleID]bool{}
	for _, r := range Rules {
		if seen[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		seen[r.ID] = true
		if r.ID.Title() == string(r.ID) || r.Basis == "" || r.Check == nil || r.Severity.Label() == "" {
			t.Errorf("rule %s incomplete", r.ID)
		}
		if !triggered[r.ID] || !quiet[r.ID] {
			t.Errorf("rule %s lacks a test that triggers it or one that does not", r.ID)
		}
		if (r.Severity == nianbao.SeverityError) != (strings.HasPrefix(string(r.ID), "requests.") || strings.HasPrefix(string(r.ID), "review.") || strings.HasPrefix(string(r.ID), "cells.")) {
			t.Errorf("rule %s: only the arithmetic is an error", r.ID)
		}
	}
	for id := range triggered {
		if !seen[id] {
			t.Errorf("test of unknown rule %s", id)
		}
	}
}

// TestFindingCells: arithmetic findings point at the printed cells with
// the values stated and expected.
func TestFindingCells(t *testing.T) {
	r := report(nianbao.Format2021)
	r.Requests[nianbao.Granted][nianbao.ColumnTotal] = nianbao.Int(4)
	fs := Check(r, Options{})
	if len(fs) == 0 || fs[0].Rule != nianbao.RuleRowTotal {
		t.Fatalf("first finding %+v; want the row total", fs)
	}
	f := fs[0]
	if f.Stated.Cmp(nianbao.Int(4)) != 0 || f.Expected.Cmp(nianbao.Int(3)) != 0 {
		t.Errorf("stated %s expected %s; want 4 and 3", f.Stated, f.Expected)
	}
	c := f.Cells[0]
	if c.Table != nianbao.TableRequests || c.Row != "granted" || c.Column != "total" || c.Pos == nil || c.Pos.Line == 0 ||
		c.Label != "表三“（一）予以公开”·总计" {
		t.Errorf("first cell %+v", c)
	}
	if len(f.Cells) != 7 {
		t.Errorf("%d cells; want the total and the six columns", len(f.Cells))
	}
}

// TestStatedIsPrinted: a finding's Stated is a number the report prints,
// never a sum nianbao worked out (the report page shows it as "所印").
func TestStatedIsPrinted(t *testing.T) {
	r := report(nianbao.Format2021)
	setRow(r, nianbao.NewReceived, 20)
	setRow(r, nianbao.Granted, 8)
	setRow(r, nianbao.OtherNoCorrection, 5)
	setRow(r, nianbao.OtherOther, 5)
	setRow(r, nianbao.Total, 20)
	for _, f := range Check(r, Options{}) {
		if f.Rule == nianbao.RuleOtherHigh && f.Stated.Valid() {
			t.Errorf("%s: stated %s, the sum of two rows", f.Rule, f.Stated)
		}
	}
}

// TestOrder: errors first, and the same report gives the same findings.
func TestOrder(t *testing.T) {
	r := report(nianbao.Format2021)
	r.PublishedOn = ""
	setText(r, 1, "收到申请9件。")
	r.Review[nianbao.Reconsideration][nianbao.Upheld] = nianbao.Int(1)
	a, b := Check(r, Options{}), Check(r, Options{})
	if len(a) != 3 || len(a) != len(b) {
		t.Fatalf("%d and %d findings; want 3: %+v", len(a), len(b), a)
	}
	for i := range a {
		if a[i].Rule != b[i].Rule || a[i].Message != b[i].Message {
			t.Fatalf("finding %d differs between runs", i)
		}
		if i > 0 && a[i-1].Severity.Rank() > a[i].Severity.Rank() {
			t.Errorf("%s before %s", a[i-1].Severity, a[i].Severity)
		}
	}
}

func TestParseCount(t *testing.T) {
	for in, want := range map[string]int64{"5": 5, "3,119": 3119, "两": 2, "十": 10, "十二": 12, "二十": 20, "三十五": 35, "〇": 0} {
		if n, ok := parseCount(in); !ok || n.Cmp(nianbao.Int(want)) != 0 {
			t.Errorf("parseCount(%q) = %s, %v; want %d", in, n, ok, want)
		}
	}
	if _, ok := parseCount("件"); ok {
		t.Error("parseCount(件) ok")
	}
}
