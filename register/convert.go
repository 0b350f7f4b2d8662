package register

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao"
)

// Field is what a register's column holds.
type Field string

// The fields a register's columns are mapped to.
const (
	FieldNumber             Field = "number"
	FieldReceived           Field = "received"
	FieldChannel            Field = "channel"
	FieldApplicant          Field = "applicant" // the class: one of table 三's columns
	FieldApplicantName      Field = "applicant_name"
	FieldSubject            Field = "subject"
	FieldCorrectionSent     Field = "correction_sent"
	FieldCorrectionReceived Field = "correction_received"
	FieldConsultationSent   Field = "consultation_sent"
	FieldConsultationEnded  Field = "consultation_answered"
	FieldExtended           Field = "extended"
	FieldFeeNotice          Field = "fee_notice"
	FieldFeeBasis           Field = "fee_basis"
	FieldFeeUnits           Field = "fee_units"
	FieldFeeAmount          Field = "fee_amount"
	FieldFeePaid            Field = "fee_paid"
	FieldAnswered           Field = "answered" // the day of the answer (or withdrawal)
	FieldOutcome            Field = "outcome"
	FieldGround             Field = "ground"
	FieldNote               Field = "note"
)

// Fields lists the fields in the order mapping forms offer them.
var Fields = []Field{FieldNumber, FieldReceived, FieldChannel, FieldApplicant, FieldApplicantName, FieldSubject,
	FieldCorrectionSent, FieldCorrectionReceived, FieldConsultationSent, FieldConsultationEnded, FieldExtended,
	FieldFeeNotice, FieldFeeBasis, FieldFeeUnits, FieldFeeAmount, FieldFeePaid,
	FieldAnswered, FieldOutcome, FieldGround, FieldNote}

// Label names the field in Chinese.
func (f Field) Label() string {
	return map[Field]string{
		FieldNumber: "登记编号", FieldReceived: "收到申请日期", FieldChannel: "申请方式", FieldApplicant: "申请人类别",
		FieldApplicantName: "申请人", FieldSubject: "申请内容", FieldCorrectionSent: "补正通知日期",
		FieldCorrectionReceived: "收到补正日期", FieldConsultationSent: "征求意见日期", FieldConsultationEnded: "收到意见日期",
		FieldExtended: "延期答复日期", FieldFeeNotice: "收费通知日期", FieldFeeBasis: "收费方式", FieldFeeUnits: "计费数量",
		FieldFeeAmount: "收费金额（元）", FieldFeePaid: "缴费日期", FieldAnswered: "答复日期",
		FieldOutcome: "办理结果", FieldGround: "答复依据", FieldNote: "备注",
	}[f]
}

// Mapping says which column (0-based) holds each field; a field not in
// it is not in the file.
type Mapping map[Field]int

// Guess maps a register's columns by their names, each field to the first
// column whose name says it holds it.
func Guess(headers []string) Mapping {
	m := Mapping{}
	for i, h := range headers {
		f := fieldOf(h)
		if _, taken := m[f]; f != "" && !taken {
			m[f] = i
		}
	}
	// A 序号 stands for the number when nothing better does.
	if _, ok := m[FieldNumber]; !ok {
		for i, h := range headers {
			if strings.Contains(h, "序号") {
				m[FieldNumber] = i
				break
			}
		}
	}
	return m
}

// fieldOf says which field a column's name names, "" for none. The
// dates of 补正, 延期 and the answer are told apart from the receipt's
// first, since all of them may say 日期 or 收到.
func fieldOf(h string) Field {
	h = strings.Join(strings.Fields(nianbao.FoldWidth(h)), "")
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(h, w) {
				return true
			}
		}
		return false
	}
	switch {
	case h == "":
		return ""
	case has("补正"):
		if has("收到", "提交", "回复", "补正后") {
			return FieldCorrectionReceived
		}
		return FieldCorrectionSent
	case has("意见"):
		if has("收到", "回复", "反馈", "答复") {
			return FieldConsultationEnded
		}
		return FieldConsultationSent
	case has("延期", "延长"):
		return FieldExtended
	case has("收费通知", "缴费通知"):
		return FieldFeeNotice
	case has("收费方式", "计费方式", "计收方式"):
		return FieldFeeBasis
	case has("计费数量", "计费件数", "计费页数"):
		return FieldFeeUnits
	case has("金额", "收费"):
		return FieldFeeAmount
	case has("缴费"):
		return FieldFeePaid
	case has("依据", "理由"):
		return FieldGround
	case has("答复日期", "答复时间", "办结日期", "办结时间", "回复日期", "答复期日", "处理日期"):
		return FieldAnswered
	case has("办理结果", "答复结果", "处理结果", "答复类型", "办理情况", "答复情况", "结果"):
		return FieldOutcome
	case has("方式", "渠道", "途径"):
		return FieldChannel
	case has("类别", "类型", "性质"):
		return FieldApplicant
	case has("内容", "所需信息", "申请公开的信息", "信息名称", "事项", "描述"):
		return FieldSubject
	case has("收到", "受理", "申请日期", "申请时间", "登记日期", "收件", "接收"):
		return FieldReceived
	case has("申请人", "姓名", "名称", "单位"):
		return FieldApplicantName
	case has("编号", "登记号", "流水号", "文号"):
		return FieldNumber
	case has("备注", "说明"):
		return FieldNote
	}
	return ""
}

// Defaults fill what a register does not say: the channel and applicant
// class of rows (or whole files) that leave them out.
type Defaults struct {
	Channel   nianbao.Channel // "" to require it
	Applicant *nianbao.Column // nil to require it
}

// Row is one row of a register as read: the request it makes, or why it
// makes none.
type Row struct {
	Line    int
	Request *nianbao.Request // nil when Err or Skip is set
	Err     string           // why the row cannot be read, in Chinese
	Skip    string           // why the row is left out: blank, a total
}

// Convert turns each row of a sheet into a request's events by the
// mapping: the receipt, a 补正 notice and its answer, an extension, the
// conclusion. What cannot be read is the row's Err; the law's checks of
// the sequence (package ledger) come after, when the requests are stored
// or verified. Blank rows and rows of totals are skipped.
func Convert(s *Sheet, m Mapping, d Defaults) []Row {
	out := make([]Row, 0, len(s.Rows))
	numbers := map[string]int{}
	for _, line := range s.Rows {
		row := Row{Line: line.Number}
		if blank(line.Cells) {
			row.Skip = "空行"
			out = append(out, row)
			continue
		}
		if total(line) {
			row.Skip = "合计行"
			out = append(out, row)
			continue
		}
		r, err := convertLine(line, m, d)
		if err != nil {
			row.Err = err.Error()
		} else if r.Number != "" && numbers[r.Number] != 0 {
			row.Err = fmt.Sprintf("登记编号“%s”与第%d行重复", r.Number, numbers[r.Number])
		} else {
			if r.Number != "" {
				numbers[r.Number] = line.Number
			}
			row.Request = r
		}
		out = append(out, row)
	}
	return out
}

// total reports whether a line is a row of totals (合计, 总计, 小计).
func total(l Line) bool {
	for _, c := range l.Cells {
		c = strings.ReplaceAll(strings.TrimSpace(c), " ", "")
		if strings.HasPrefix(c, "合计") || strings.HasPrefix(c, "总计") || strings.HasPrefix(c, "小计") {
			return true
		}
	}
	return false
}

// rowError is a reason a row cannot be read.
type rowError string

func (e rowError) Error() string { return string(e) }

func convertLine(l Line, m Mapping, d Defaults) (*nianbao.Request, error) {
	get := func(f Field) string {
		i, ok := m[f]
		if !ok {
			return ""
		}
		return l.Cell(i)
	}
	date := func(f Field) (nianbao.Date, error) {
		v, err := DateCell(get(f))
		if err != nil {
			return 0, rowError(fmt.Sprintf("%s“%s”不是日期", f.Label(), get(f)))
		}
		return v, nil
	}
	r := &nianbao.Request{Number: get(FieldNumber)}
	rec := nianbao.Event{Kind: nianbao.EventReceived, ApplicantName: get(FieldApplicantName), Subject: get(FieldSubject), Note: get(FieldNote)}
	var err error
	if rec.Date, err = date(FieldReceived); err != nil {
		return nil, err
	} else if rec.Date == 0 {
		return nil, rowError("缺少收到申请日期")
	}
	if v := get(FieldChannel); v != "" {
		if rec.Channel = ChannelOf(v); rec.Channel == "" {
			return nil, rowError(fmt.Sprintf("申请方式“%s”不是当面、邮寄、平常信函、互联网、电子邮箱、传真之一", v))
		}
	} else if rec.Channel = d.Channel; rec.Channel == "" {
		return nil, rowError("缺少申请方式")
	}
	if v := get(FieldApplicant); v != "" {
		c, ok := ApplicantOf(v)
		if !ok {
			return nil, rowError(fmt.Sprintf("申请人类别“%s”不是自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他之一", v))
		}
		rec.Applicant = c
	} else if d.Applicant != nil {
		rec.Applicant = *d.Applicant
	} else {
		return nil, rowError("缺少申请人类别")
	}
	r.Events = []nianbao.Event{rec}
	// The events between the receipt and the conclusion, each from its
	// date column, in date order (the same day in the order of the law).
	var course []nianbao.Event
	for _, c := range []struct {
		f  Field
		ev nianbao.Event
	}{
		{FieldCorrectionSent, nianbao.Event{Kind: nianbao.EventCorrectionSent, Reason: nianbao.CorrectionContent, Note: "导入：补正原因未登记"}},
		{FieldCorrectionReceived, nianbao.Event{Kind: nianbao.EventCorrectionReceived}},
		{FieldConsultationSent, nianbao.Event{Kind: nianbao.EventConsultationSent, Party: "（导入：未登记征求意见的对象）", PartyKind: nianbao.PartyThird}},
		{FieldConsultationEnded, nianbao.Event{Kind: nianbao.EventConsultationAnswered, Party: "（导入：未登记征求意见的对象）"}},
		{FieldExtended, nianbao.Event{Kind: nianbao.EventExtended, Note: "导入：批准日期未登记，按告知日期"}},
		{FieldFeeNotice, nianbao.Event{Kind: nianbao.EventFeeNotice}},
		{FieldFeePaid, nianbao.Event{Kind: nianbao.EventFeePaid}},
	} {
		d, err := date(c.f)
		if err != nil {
			return nil, err
		}
		if d == 0 {
			continue
		}
		ev := c.ev
		ev.Date = d
		switch ev.Kind {
		case nianbao.EventExtended:
			ev.ApprovedOn = d
		case nianbao.EventFeeNotice:
			fee, err := feeOf(get(FieldFeeBasis), get(FieldFeeUnits), get(FieldFeeAmount))
			if err != nil {
				return nil, err
			}
			ev.Fee = fee
		}
		course = append(course, ev)
	}
	slices.SortStableFunc(course, func(a, b nianbao.Event) int { return int(a.Date - b.Date) })
	r.Events = append(r.Events, course...)

	answered, err := date(FieldAnswered)
	if err != nil {
		return nil, err
	}
	outcome := get(FieldOutcome)
	switch {
	case outcome == "" && answered == 0:
	case outcome == "":
		return nil, rowError("有答复日期而无办理结果")
	case answered == 0:
		return nil, rowError(fmt.Sprintf("有办理结果“%s”而无答复日期", outcome))
	default:
		kind, row, ok := OutcomeOf(outcome)
		if !ok {
			return nil, rowError(fmt.Sprintf("办理结果“%s”对应不到表三的一项（如“予以公开”“部分公开”“不予公开·属于国家秘密”“本机关不掌握相关政府信息”“撤回”）", outcome))
		}
		ev := nianbao.Event{Kind: kind, Date: answered, Ground: get(FieldGround)}
		if kind == nianbao.EventAnswered {
			ev.Outcome = row
		}
		if kind == nianbao.EventForwarded {
			ev.ForwardedTo = "（导入：未登记机关名称）"
		}
		r.Events = append(r.Events, ev)
	}
	return r, nil
}

// feeOf reads a fee notice's columns: 按件/按量, the units, the amount (元).
func feeOf(basis, units, amount string) (*nianbao.Fee, error) {
	f := &nianbao.Fee{}
	switch {
	case strings.Contains(basis, "件"):
		f.Basis = nianbao.FeePerApplication
	case strings.Contains(basis, "量"), strings.Contains(basis, "页"):
		f.Basis = nianbao.FeePerPage
	default:
		return nil, rowError(fmt.Sprintf("收费方式“%s”应为按件计收或按量计收", basis))
	}
	var err error
	if f.Units, err = strconv.Atoi(strings.TrimSpace(units)); err != nil || f.Units < 0 {
		return nil, rowError(fmt.Sprintf("计费数量“%s”不是件数或页数", units))
	}
	n, ok := nianbao.ParseNum(amount)
	if f.Amount, _ = n.Int64(); !ok || !n.IsInt() || f.Amount < 0 {
		return nil, rowError(fmt.Sprintf("收费金额“%s”不是整元数", amount))
	}
	return f, nil
}

// ChannelOf reads a channel as registers write it: 当面, 现场, 邮寄, 挂号信,
// 平信, 网上申请, 电子邮件, 传真 …; "" when it is none of them.
func ChannelOf(s string) nianbao.Channel {
	s = strings.ToLower(strings.Join(strings.Fields(nianbao.FoldWidth(s)), ""))
	for _, c := range []struct {
		ch    nianbao.Channel
		words []string
	}{
		{nianbao.ChannelLetter, []string{"平常信函", "平信", "普通信函"}},
		{nianbao.ChannelEmail, []string{"电子邮", "邮箱", "email", "e-mail"}},
		{nianbao.ChannelFax, []string{"传真"}},
		{nianbao.ChannelPost, []string{"邮寄", "信函", "挂号", "快递", "ems", "邮政"}},
		{nianbao.ChannelOnline, []string{"互联网", "网上", "网络", "在线", "网站", "平台", "网申"}},
		{nianbao.ChannelInPerson, []string{"当面", "现场", "窗口", "来访", "面交"}},
	} {
		for _, w := range c.words {
			if strings.Contains(s, w) {
				return c.ch
			}
		}
	}
	for _, c := range nianbao.Channels {
		if s == string(c) || s == c.Label() {
			return c
		}
	}
	return ""
}

// ApplicantOf reads an applicant class: 自然人 (公民, 个人), or one of the
// five kinds of 法人或其他组织.
func ApplicantOf(s string) (nianbao.Column, bool) {
	s = strings.Join(strings.Fields(nianbao.FoldWidth(s)), "")
	// 法人或其他组织 heads the five kinds in table 三: it names none of them.
	s = strings.NewReplacer("法人或其他组织", "", "法人或者其他组织", "").Replace(s)
	if s == "" {
		return 0, false
	}
	for _, c := range []struct {
		col   nianbao.Column
		words []string
	}{
		{nianbao.NaturalPerson, []string{"自然人", "公民", "个人", "群众"}},
		{nianbao.Commercial, []string{"商业企业", "企业", "公司"}},
		{nianbao.Research, []string{"科研", "研究", "高校", "大学"}},
		{nianbao.PublicInterest, []string{"公益"}},
		{nianbao.LegalServices, []string{"法律服务", "律师", "律所"}},
		{nianbao.OtherOrg, []string{"其他"}},
	} {
		for _, w := range c.words {
			if strings.Contains(s, w) {
				return c.col, true
			}
		}
	}
	if c, ok := nianbao.ColumnByKey(s); ok && c != nianbao.ColumnTotal {
		return c, true
	}
	return 0, false
}

// OutcomeOf reads an outcome as registers write it: the table 三 row's
// words (予以公开, 部分公开, 属于国家秘密, 不掌握, 重复申请 …, with or
// without the template's numbering), 撤回, 逾期不补正, 逾期未缴费, 告知向…申请.
// It returns the event that concludes the request with it.
func OutcomeOf(s string) (nianbao.EventKind, nianbao.Row, bool) {
	s = strings.Join(strings.Fields(nianbao.FoldWidth(s)), "")
	switch {
	case s == "":
		return "", 0, false
	case strings.Contains(s, "撤回"):
		return nianbao.EventWithdrawn, 0, true
	case strings.Contains(s, "不补正") || strings.Contains(s, "未补正"):
		return nianbao.EventCorrectionLapsed, nianbao.OtherNoCorrection, true
	case strings.Contains(s, "缴费") || strings.Contains(s, "缴纳"):
		return nianbao.EventFeeLapsed, nianbao.OtherNoFee, true
	case strings.Contains(s, "告知") && strings.Contains(s, "申请") && !strings.Contains(s, "不予"):
		return nianbao.EventForwarded, nianbao.UnavailableNotHeld, true
	case s == "公开" || s == "同意公开" || s == "全部公开" || s == "依申请公开":
		return nianbao.EventAnswered, nianbao.Granted, true
	case s == "其他" || s == "其他处理" || strings.HasSuffix(s, "3.其他"):
		return nianbao.EventAnswered, nianbao.OtherOther, true
	}
	// The row whose keyword the text holds, the longest keyword winning.
	best, bestLen := nianbao.Row(0), 0
	for _, row := range nianbao.OutcomeRows() {
		for _, k := range append(row.Spec().Keywords, outcomeWords[row]...) {
			if n := len(k); n > bestLen && strings.Contains(s, k) {
				best, bestLen = row, n
			}
		}
	}
	if bestLen == 0 || best == nianbao.OtherNoCorrection || best == nianbao.OtherNoFee {
		return "", 0, false
	}
	return nianbao.EventAnswered, best, true
}

// outcomeWords are what registers write for some rows besides the
// template's own words.
var outcomeWords = map[nianbao.Row][]string{
	nianbao.UnavailableNotHeld:       {"不存在", "未掌握", "非本机关"},
	nianbao.NotProcessedPetition:     {"信访", "举报", "投诉"},
	nianbao.NotProcessedDuplicate:    {"重复"},
	nianbao.NotProcessedPublication:  {"出版物"},
	nianbao.NotProcessedConfirmation: {"确认"},
	nianbao.UnavailableNeedsCreation: {"制作", "加工"},
}

// Requests returns the requests of the rows that have one.
func Requests(rows []Row) []*nianbao.Request {
	var out []*nianbao.Request
	for _, r := range rows {
		if r.Request != nil {
			out = append(out, r.Request)
		}
	}
	return out
}

// Refuse marks the rows whose requests a later check refused: errs holds
// one error (or nil) for each request of Requests(rows), in order, as
// nianbao.LedgerService.VerifyRequests returns them.
func Refuse(rows []Row, errs []error) {
	k := 0
	for i := range rows {
		if rows[i].Request == nil {
			continue
		}
		if k < len(errs) && errs[k] != nil {
			rows[i].Err, rows[i].Request = nianbao.ErrorMessage(errs[k]), nil
		}
		k++
	}
}

// Counts says how many rows made a request, failed, were skipped.
func Counts(rows []Row) (good, bad, skipped int) {
	for _, r := range rows {
		switch {
		case r.Request != nil:
			good++
		case r.Err != "":
			bad++
		default:
			skipped++
		}
	}
	return good, bad, skipped
}

// ParseMapping reads a mapping written field=column (1-based column
// numbers or spreadsheet letters), comma-separated: received=2,outcome=H.
func ParseMapping(s string) (Mapping, error) {
	m := Mapping{}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		f := Field(strings.TrimSpace(k))
		if !ok || f.Label() == "" {
			return nil, nianbao.Errorf(nianbao.EINVALID, "列的对应“%s”有误：应写作 字段=列，字段为 %s 之一", part, fieldNames())
		}
		col, err := columnIndex(strings.TrimSpace(v))
		if err != nil {
			return nil, nianbao.Errorf(nianbao.EINVALID, "列的对应“%s”有误：列应为从1起的序号或字母（如 3 或 C）", part)
		}
		m[f] = col
	}
	return m, nil
}

func fieldNames() string {
	var names []string
	for _, f := range Fields {
		names = append(names, string(f))
	}
	return strings.Join(names, "、")
}

// columnIndex reads a 1-based column number or a spreadsheet column's
// letters as a 0-based index.
func columnIndex(s string) (int, error) {
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= maxCols {
		return n - 1, nil
	}
	n, err := excelize.ColumnNameToNumber(s)
	if err != nil || n > maxCols {
		return 0, rowError("bad column")
	}
	return n - 1, nil
}

// ColumnName names a 0-based column as a spreadsheet does: A, B, …, AA.
func ColumnName(i int) string {
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}
