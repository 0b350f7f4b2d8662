package nianbao

// Template is the national format a report follows.
type Template string

const (
	// Format2019 is the trial format of 国办公开办函〔2019〕60号 (reporting years 2019–2020).
	Format2019 Template = "2019"
	// Format2021 is the format of 国办公开办函〔2021〕30号 (reporting years 2021 on).
	Format2021 Template = "2021"
)

// Valid reports whether t is one of the two national formats.
func (t Template) Valid() bool { return t == Format2019 || t == Format2021 }

// Other returns the national format that t is not: the one a report of
// format t prints a table in when it mixes the formats.
func (t Template) Other() Template {
	if t == Format2019 {
		return Format2021
	}
	return Format2019
}

// Row is a data row of table 三 (requests received and handled).
type Row int

// The rows of table 三, in the order the templates print them. Other is the
// 2019 format's single （六）其他处理 row; a 2021 report that prints （六）
// as a single row also fills it and leaves the three sub-rows blank.
const (
	NewReceived Row = iota
	CarriedOver
	Granted
	PartiallyGranted
	WithheldStateSecret
	WithheldLawProhibited
	WithheldSecurityStability
	WithheldThirdParty
	WithheldInternalAffairs
	WithheldProcessInfo
	WithheldEnforcementFile
	WithheldAdministrativeQuery
	UnavailableNotHeld
	UnavailableNeedsCreation
	UnavailableUnclear
	NotProcessedPetition
	NotProcessedDuplicate
	NotProcessedPublication
	NotProcessedExcessive
	NotProcessedConfirmation
	OtherNoCorrection
	OtherNoFee
	OtherOther
	Other
	Total
	CarriedForward
	NumRows
)

// Group is a labelled block of rows in table 三 (（三）不予公开 and so on).
type Group int

// The groups of table 三. NoGroup rows stand on their own.
const (
	NoGroup Group = iota
	GroupOutcome
	GroupWithheld
	GroupUnavailable
	GroupNotProcessed
	GroupOther
)

// RowSpec describes how a row of table 三 is printed.
type RowSpec struct {
	Key   string // JSON key
	Label string // the label as the 2021 template prints it
	// Keywords are the phrases that identify the row's label in real
	// reports, whatever their spacing, numbering or punctuation; the first
	// is the most specific.
	Keywords []string
	Group    Group
	Outcome  bool // counted in （七）总计
}

var rowSpecs = [NumRows]RowSpec{
	NewReceived:                 {"new_received", "一、本年新收政府信息公开申请数量", []string{"本年新收", "新收政府信息公开申请"}, NoGroup, false},
	CarriedOver:                 {"carried_over", "二、上年结转政府信息公开申请数量", []string{"上年结转", "上年度结转"}, NoGroup, false},
	Granted:                     {"granted", "（一）予以公开", []string{"予以公开"}, GroupOutcome, true},
	PartiallyGranted:            {"partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", []string{"部分公开"}, GroupOutcome, true},
	WithheldStateSecret:         {"withheld_state_secret", "1.属于国家秘密", []string{"国家秘密"}, GroupWithheld, true},
	WithheldLawProhibited:       {"withheld_law_prohibited", "2.其他法律行政法规禁止公开", []string{"法规禁止公开", "其他法律行政"}, GroupWithheld, true},
	WithheldSecurityStability:   {"withheld_security_stability", "3.危及“三安全一稳定”", []string{"三安全一稳定", "危及"}, GroupWithheld, true},
	WithheldThirdParty:          {"withheld_third_party", "4.保护第三方合法权益", []string{"第三方合法权益", "保护第三方"}, GroupWithheld, true},
	WithheldInternalAffairs:     {"withheld_internal_affairs", "5.属于三类内部事务信息", []string{"内部事务"}, GroupWithheld, true},
	WithheldProcessInfo:         {"withheld_process_info", "6.属于四类过程性信息", []string{"过程性信息"}, GroupWithheld, true},
	WithheldEnforcementFile:     {"withheld_enforcement_file", "7.属于行政执法案卷", []string{"执法案卷"}, GroupWithheld, true},
	WithheldAdministrativeQuery: {"withheld_administrative_query", "8.属于行政查询事项", []string{"行政查询"}, GroupWithheld, true},
	UnavailableNotHeld:          {"unavailable_not_held", "1.本机关不掌握相关政府信息", []string{"不掌握"}, GroupUnavailable, true},
	UnavailableNeedsCreation:    {"unavailable_needs_creation", "2.没有现成信息需要另行制作", []string{"另行制作", "没有现成"}, GroupUnavailable, true},
	UnavailableUnclear:          {"unavailable_unclear", "3.补正后申请内容仍不明确", []string{"仍不明确", "补正后申请"}, GroupUnavailable, true},
	NotProcessedPetition:        {"not_processed_petition", "1.信访举报投诉类申请", []string{"信访举报", "投诉类"}, GroupNotProcessed, true},
	NotProcessedDuplicate:       {"not_processed_duplicate", "2.重复申请", []string{"重复申请"}, GroupNotProcessed, true},
	NotProcessedPublication:     {"not_processed_publication", "3.要求提供公开出版物", []string{"公开出版物"}, GroupNotProcessed, true},
	NotProcessedExcessive:       {"not_processed_excessive", "4.无正当理由大量反复申请", []string{"大量反复", "反复申请"}, GroupNotProcessed, true},
	NotProcessedConfirmation:    {"not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", []string{"重新出具", "确认或重"}, GroupNotProcessed, true},
	OtherNoCorrection:           {"other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", []string{"逾期不补正", "不补正"}, GroupOther, true},
	OtherNoFee:                  {"other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", []string{"缴纳费用", "收费通知"}, GroupOther, true},
	OtherOther:                  {"other_other", "3.其他", []string{"3.其他"}, GroupOther, true},
	Other:                       {"other", "（六）其他处理", []string{"其他处理"}, GroupOutcome, true},
	Total:                       {"total", "（七）总计", []string{"总计"}, GroupOutcome, false},
	CarriedForward:              {"carried_forward", "四、结转下年度继续办理", []string{"结转下年度", "下年度继续办理"}, NoGroup, false},
}

// Spec returns how r is printed.
func (r Row) Spec() RowSpec { return rowSpecs[r] }

// Key returns the row's JSON key.
func (r Row) Key() string { return rowSpecs[r].Key }

// RowByKey returns the row with the given JSON key.
func RowByKey(key string) (Row, bool) {
	for r := range NumRows {
		if rowSpecs[r].Key == key {
			return r, true
		}
	}
	return 0, false
}

// GroupLabel returns the group's label as the template prints it.
func (g Group) Label() string {
	return [...]string{"", "三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"}[g]
}

var (
	rows2021 = []Row{NewReceived, CarriedOver, Granted, PartiallyGranted,
		WithheldStateSecret, WithheldLawProhibited, WithheldSecurityStability, WithheldThirdParty,
		WithheldInternalAffairs, WithheldProcessInfo, WithheldEnforcementFile, WithheldAdministrativeQuery,
		UnavailableNotHeld, UnavailableNeedsCreation, UnavailableUnclear,
		NotProcessedPetition, NotProcessedDuplicate, NotProcessedPublication, NotProcessedExcessive, NotProcessedConfirmation,
		OtherNoCorrection, OtherNoFee, OtherOther, Total, CarriedForward}
	rows2019 = []Row{NewReceived, CarriedOver, Granted, PartiallyGranted,
		WithheldStateSecret, WithheldLawProhibited, WithheldSecurityStability, WithheldThirdParty,
		WithheldInternalAffairs, WithheldProcessInfo, WithheldEnforcementFile, WithheldAdministrativeQuery,
		UnavailableNotHeld, UnavailableNeedsCreation, UnavailableUnclear,
		NotProcessedPetition, NotProcessedDuplicate, NotProcessedPublication, NotProcessedExcessive, NotProcessedConfirmation,
		Other, Total, CarriedForward}
	// The 2021 JSON also carries `other`, which is filled only when a report
	// prints （六） as one row.
	jsonRows2021 = []Row{NewReceived, CarriedOver, Granted, PartiallyGranted,
		WithheldStateSecret, WithheldLawProhibited, WithheldSecurityStability, WithheldThirdParty,
		WithheldInternalAffairs, WithheldProcessInfo, WithheldEnforcementFile, WithheldAdministrativeQuery,
		UnavailableNotHeld, UnavailableNeedsCreation, UnavailableUnclear,
		NotProcessedPetition, NotProcessedDuplicate, NotProcessedPublication, NotProcessedExcessive, NotProcessedConfirmation,
		OtherNoCorrection, OtherNoFee, OtherOther, Other, Total, CarriedForward}
)

// Rows returns the rows of table 三 the template prints, in order.
func (t Template) Rows() []Row {
	if t == Format2019 {
		return rows2019
	}
	return rows2021
}

// JSONRows returns the rows of table 三 in the report JSON, in order.
func (t Template) JSONRows() []Row {
	if t == Format2019 {
		return rows2019
	}
	return jsonRows2021
}

// Column is a column of table 三: the six kinds of applicant and 总计.
type Column int

// The columns of table 三 in JSON order.
const (
	NaturalPerson Column = iota
	Commercial
	Research
	PublicInterest
	LegalServices
	OtherOrg
	ColumnTotal
	NumColumns
)

var columnSpecs = [NumColumns]struct{ Key, Label string }{
	{"natural_person", "自然人"},
	{"commercial", "商业企业"},
	{"research", "科研机构"},
	{"public_interest", "社会公益组织"},
	{"legal_services", "法律服务机构"},
	{"other_org", "其他"},
	{"total", "总计"},
}

// Key returns the column's stable identifier.
func (c Column) Key() string { return columnSpecs[c].Key }

// Label returns the column's header as the template prints it.
func (c Column) Label() string { return columnSpecs[c].Label }

// ReviewGroup is a column group of table 四.
type ReviewGroup int

// The groups of table 四 in JSON order.
const (
	Reconsideration ReviewGroup = iota
	LitigationDirect
	LitigationAfterReconsideration
	NumReviewGroups
)

var reviewGroupSpecs = [NumReviewGroups]struct{ Key, Label string }{
	{"reconsideration", "行政复议"},
	{"litigation_direct", "未经复议直接起诉"},
	{"litigation_after_reconsideration", "复议后起诉"},
}

// Key returns the group's JSON key.
func (g ReviewGroup) Key() string { return reviewGroupSpecs[g].Key }

// Label returns the group's header.
func (g ReviewGroup) Label() string { return reviewGroupSpecs[g].Label }

// ReviewColumn is a column within a group of table 四.
type ReviewColumn int

// The columns of each table 四 group in JSON order.
const (
	Upheld ReviewColumn = iota
	Corrected
	OtherResult
	Pending
	ReviewTotal
	NumReviewColumns
)

var reviewColumnSpecs = [NumReviewColumns]struct{ Key, Label string }{
	{"upheld", "结果维持"},
	{"corrected", "结果纠正"},
	{"other", "其他结果"},
	{"pending", "尚未审结"},
	{"total", "总计"},
}

// Key returns the column's stable identifier.
func (c ReviewColumn) Key() string { return reviewColumnSpecs[c].Key }

// Label returns the column's header.
func (c ReviewColumn) Label() string { return reviewColumnSpecs[c].Label }

// ActiveItem is a row of table 二 (主动公开) and the numbers it carries.
type ActiveItem struct {
	Key    string // JSON key
	Label  string // row label
	Block  string // 第二十条第（N）项
	Fields []ActiveField
}

// ActiveField is one number of a table 二 row.
type ActiveField struct {
	Key   string
	Label string // column header
	// Signed fields (2019 本年增/减) may be negative; Amount fields are money
	// and may have decimals. Every other field is a non-negative count.
	Signed, Amount bool
}

var (
	fieldsDocs2021 = []ActiveField{{Key: "issued", Label: "本年制发件数"}, {Key: "repealed", Label: "本年废止件数"}, {Key: "in_force", Label: "现行有效件数"}}
	fieldDecisions = ActiveField{Key: "decisions", Label: "本年处理决定数量"}
	active2021     = []ActiveItem{
		{"regulations", "规章", "第二十条第（一）项", fieldsDocs2021},
		{"normative_documents", "行政规范性文件", "第二十条第（一）项", fieldsDocs2021},
		{"licensing", "行政许可", "第二十条第（五）项", []ActiveField{fieldDecisions}},
		{"punishment", "行政处罚", "第二十条第（六）项", []ActiveField{fieldDecisions}},
		{"coercion", "行政强制", "第二十条第（六）项", []ActiveField{fieldDecisions}},
		{"fees", "行政事业性收费", "第二十条第（八）项", []ActiveField{{Key: "amount", Label: "本年收费金额（单位：万元）", Amount: true}}},
	}
	fieldsDocs2019 = []ActiveField{{Key: "made", Label: "本年新制作数量"}, {Key: "published", Label: "本年新公开数量"}, {Key: "total_published", Label: "对外公开总数量"}}
	fieldsItems    = []ActiveField{{Key: "previous_items", Label: "上一年项目数量"}, {Key: "change", Label: "本年增/减", Signed: true}, {Key: "decisions", Label: "处理决定数量"}}
	active2019     = []ActiveItem{
		{"regulations", "规章", "第二十条第（一）项", fieldsDocs2019},
		{"normative_documents", "规范性文件", "第二十条第（一）项", fieldsDocs2019},
		{"licensing", "行政许可", "第二十条第（五）项", fieldsItems},
		{"other_services", "其他对外管理服务事项", "第二十条第（五）项", fieldsItems},
		{"punishment", "行政处罚", "第二十条第（六）项", fieldsItems},
		{"coercion", "行政强制", "第二十条第（六）项", fieldsItems},
		{"fees", "行政事业性收费", "第二十条第（八）项", fieldsItems[:2]},
		{"procurement", "政府集中采购", "第二十条第（九）项", []ActiveField{{Key: "projects", Label: "采购项目数量"}, {Key: "amount", Label: "采购总金额", Amount: true}}},
	}
)

// ActiveItems returns the rows of table 二 the template prints, in order.
func (t Template) ActiveItems() []ActiveItem {
	if t == Format2019 {
		return active2019
	}
	return active2021
}

// ActiveKey names one number of table 二 as "item.field", e.g. "fees.amount".
func ActiveKey(item, field string) string { return item + "." + field }

// Sections are the six sections every report has, with the title the
// template gives and the longer name the notices use.
var Sections = [6]struct{ Title, LongTitle string }{
	{"总体情况", "总体情况"},
	{"主动公开政府信息情况", "行政机关主动公开政府信息情况"},
	{"收到和处理政府信息公开申请情况", "行政机关收到和处理政府信息公开申请情况"},
	{"政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况"},
	{"存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"},
	{"其他需要报告的事项", "其他需要报告的事项"},
}

// Numerals are the section numerals 一 to 六.
var Numerals = [6]string{"一", "二", "三", "四", "五", "六"}
