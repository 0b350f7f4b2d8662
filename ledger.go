package nianbao

import (
	"context"
	"time"
)

// The request ledger (依申请公开台账): every application for government
// information a body receives, as the events that happened to it, with the
// legal clock of 条例 第三十条至第四十二条 derived from them (package
// ledger) on China's working-day calendar (package calendar). Table 三 of
// the body's annual report is counted from it. See ../shared/docs/ledger.md.

// Request is one application in a body's register. What happened to it is
// Events, oldest first; Clock is derived from them and the calendar and is
// never the truth itself.
type Request struct {
	ID     int64   `json:"id"`
	Body   string  `json:"body"`   // the key of the body whose register it is in
	Number string  `json:"number"` // the registration number (登记编号), unique in the register
	Events []Event `json:"events"`
	Clock  Clock   `json:"clock"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Received returns the request's received event (its first), or nil.
func (r *Request) Received() *Event {
	if len(r.Events) == 0 || r.Events[0].Kind != EventReceived {
		return nil
	}
	return &r.Events[0]
}

// EventKind is what happened to a request.
type EventKind string

// The events of a request (ledger.md, the clock).
const (
	EventReceived             EventKind = "received"
	EventCorrectionSent       EventKind = "correction_sent"     // 补正通知
	EventCorrectionReceived   EventKind = "correction_received" // the corrected application
	EventCorrectionLapsed     EventKind = "correction_lapsed"   // no correction in time: （六）1
	EventConsultationSent     EventKind = "consultation_sent"   // 征求意见 of a third party or another agency
	EventConsultationAnswered EventKind = "consultation_answered"
	EventConsultationLapsed   EventKind = "consultation_lapsed" // no opinion within 15 working days
	EventExtended             EventKind = "extended"            // 延期答复
	EventReasonsAsked         EventKind = "reasons_asked"       // 第三十五条
	EventFeeNotice            EventKind = "fee_notice"          // 收费通知
	EventFeePaid              EventKind = "fee_paid"
	EventFeeLapsed            EventKind = "fee_lapsed" // not paid in time: （六）2
	EventAnswered             EventKind = "answered"
	EventWithdrawn            EventKind = "withdrawn"
	EventForwarded            EventKind = "forwarded" // told to apply to the competent agency
)

var eventKindSpecs = map[EventKind]struct{ label, basis string }{
	EventReceived:             {"收到申请", "条例第三十一条；国办公开办函〔2015〕207号"},
	EventCorrectionSent:       {"发出补正通知", "条例第三十条"},
	EventCorrectionReceived:   {"收到补正", "条例第三十条"},
	EventCorrectionLapsed:     {"逾期未补正", "条例第三十条"},
	EventConsultationSent:     {"发出征求意见函", "条例第三十二条、第三十四条"},
	EventConsultationAnswered: {"收到意见", "条例第三十二条、第三十四条"},
	EventConsultationLapsed:   {"逾期未提出意见", "条例第三十二条、第三十四条"},
	EventExtended:             {"延期答复", "条例第三十三条"},
	EventReasonsAsked:         {"要求说明理由", "条例第三十五条"},
	EventFeeNotice:            {"发出收费通知", "条例第四十二条；国办函〔2020〕109号"},
	EventFeePaid:              {"收到缴费", "国办函〔2020〕109号"},
	EventFeeLapsed:            {"逾期未缴费", "国办函〔2020〕109号"},
	EventAnswered:             {"答复", "条例第三十六条至第三十九条"},
	EventWithdrawn:            {"申请人撤回申请", "条例第三十条"},
	EventForwarded:            {"告知向有关机关申请", "条例第三十六条第（五）项"},
}

// Label names the event in Chinese.
func (k EventKind) Label() string {
	if s, ok := eventKindSpecs[k]; ok {
		return s.label
	}
	return string(k)
}

// Basis is the law the event stands on.
func (k EventKind) Basis() string { return eventKindSpecs[k].basis }

// Valid reports whether k is a kind of event.
func (k EventKind) Valid() bool { _, ok := eventKindSpecs[k]; return ok }

// Concludes reports whether the event concludes the request.
func (k EventKind) Concludes() bool {
	switch k {
	case EventAnswered, EventWithdrawn, EventForwarded, EventCorrectionLapsed, EventFeeLapsed:
		return true
	}
	return false
}

// Event is one thing that happened to a request, on Date. Which of the
// other fields it uses depends on Kind.
type Event struct {
	Seq  int       `json:"seq"` // its place among the request's events, from 1
	Kind EventKind `json:"kind"`
	// Date is the day it happened. For a received event it is the day the
	// channel's receipt rule names (Channel.Rule): the day handed in, the
	// day the agency signed for the post, the day confirmed.
	Date Date   `json:"date"`
	Note string `json:"note,omitempty"`

	// received
	Channel Channel `json:"channel,omitempty"`
	// Restored is the day contact with an applicant who could not be
	// reached was restored: the request counts as received then (207号).
	Restored      Date   `json:"restored,omitzero"`
	Applicant     Column `json:"applicant,omitempty"` // one of table 三's six applicant columns
	ApplicantName string `json:"applicant_name,omitempty"`
	Subject       string `json:"subject,omitempty"` // the information asked for
	Items         int    `json:"items,omitempty"`   // items it is split into (一事一申请); 0 is 1

	// correction_sent
	Reason   CorrectionReason `json:"reason,omitempty"`
	Delivery string           `json:"delivery,omitempty"` // how the notice was delivered
	Deadline Date             `json:"deadline,omitzero"`  // the time limit the notice gives

	// consultation_*
	Party     string    `json:"party,omitempty"` // the third party or the other agency
	PartyKind PartyKind `json:"party_kind,omitempty"`

	// extended: both the head's approval and the notice to the applicant
	Days       int  `json:"days,omitempty"` // working days added, at most 20
	ApprovedOn Date `json:"approved_on,omitzero"`

	// reasons_asked: the later date the agency set and notified (第三十五条)
	NewDue Date `json:"new_due,omitzero"`

	// fee_notice; fee_paid repeats the amount paid
	Fee *Fee `json:"fee,omitempty"`

	// answered: the one outcome row of table 三, the legal ground, the reply
	Outcome Row    `json:"outcome,omitempty"`
	Ground  string `json:"ground,omitempty"`

	// forwarded
	ForwardedTo string `json:"forwarded_to,omitempty"`

	Attachments []Attachment `json:"attachments,omitempty"`
	RecordedAt  time.Time    `json:"recorded_at,omitzero"`
}

// ReceiptDate is the day the request counts as received: Date, or the day
// contact with the applicant was restored.
func (e *Event) ReceiptDate() Date {
	if e.Restored > e.Date {
		return e.Restored
	}
	return e.Date
}

// Channel is how an application reached the body (条例 第二十九条).
type Channel string

// The channels, with the receipt-date rule of 国办公开办函〔2015〕207号.
const (
	ChannelInPerson Channel = "in_person" // 当面提交
	ChannelPost     Channel = "post"      // 邮寄（需签收）
	ChannelLetter   Channel = "letter"    // 平常信函
	ChannelOnline   Channel = "online"    // 互联网（网上申请平台）
	ChannelEmail    Channel = "email"     // 公开的电子邮箱
	ChannelFax      Channel = "fax"       // 传真
)

// Channels lists the channels, in the order forms offer them.
var Channels = []Channel{ChannelInPerson, ChannelPost, ChannelLetter, ChannelOnline, ChannelEmail, ChannelFax}

var channelSpecs = map[Channel]struct{ label, date, rule string }{
	ChannelInPerson: {"当面提交", "提交日期", "以申请人提交之日为收到申请之日"},
	ChannelPost:     {"邮寄", "签收日期", "以行政机关签收之日为收到申请之日"},
	ChannelLetter:   {"平常信函", "确认日期", "以双方确认之日为收到申请之日（平常信函等无需签收的邮寄方式）"},
	ChannelOnline:   {"互联网", "确认日期", "以双方确认之日为收到申请之日"},
	ChannelEmail:    {"电子邮箱", "邮件系统收到日期", "以电子邮件系统收到申请之日为收到申请之日（公开的电子邮箱）"},
	ChannelFax:      {"传真", "确认日期", "以双方确认之日为收到申请之日"},
}

// Label names the channel in Chinese.
func (c Channel) Label() string {
	if s, ok := channelSpecs[c]; ok {
		return s.label
	}
	return string(c)
}

// DateLabel names the date a received event of this channel records.
func (c Channel) DateLabel() string { return channelSpecs[c].date }

// Rule is the channel's receipt-date rule (条例第三十一条, 207号 part 一).
func (c Channel) Rule() string { return channelSpecs[c].rule }

// Valid reports whether c is a channel.
func (c Channel) Valid() bool { _, ok := channelSpecs[c]; return ok }

// CorrectionReason is why a 补正 notice was sent (第三十条).
type CorrectionReason string

// The reasons for a 补正 notice.
const (
	CorrectionContent   CorrectionReason = "content"   // 申请内容不明确
	CorrectionIdentity  CorrectionReason = "identity"  // 身份证明或联系方式
	CorrectionAuthority CorrectionReason = "authority" // 授权委托书
	CorrectionVolume    CorrectionReason = "volume"    // 申请数量
)

// CorrectionReasons lists the reasons, in the order forms offer them.
var CorrectionReasons = []CorrectionReason{CorrectionContent, CorrectionIdentity, CorrectionAuthority, CorrectionVolume}

// Label names the reason in Chinese.
func (r CorrectionReason) Label() string {
	switch r {
	case CorrectionContent:
		return "申请内容不明确"
	case CorrectionIdentity:
		return "身份证明或联系方式"
	case CorrectionAuthority:
		return "授权委托书"
	case CorrectionVolume:
		return "申请数量过大"
	}
	return string(r)
}

// PartyKind is whom a body consults.
type PartyKind string

// The parties consulted: a third party (第三十二条) or another agency (第三十四条).
const (
	PartyThird  PartyKind = "third_party"
	PartyAgency PartyKind = "agency"
)

// Label names the party kind in Chinese.
func (k PartyKind) Label() string {
	switch k {
	case PartyThird:
		return "第三方"
	case PartyAgency:
		return "其他机关"
	}
	return string(k)
}

// Fee is a 信息处理费 of 国办函〔2020〕109号: how it is counted and how much.
type Fee struct {
	Basis FeeBasis `json:"basis"`
	// Units is what the fee counts: pages, or the applications the same
	// applicant made in the calendar month.
	Units  int   `json:"units"`
	Amount int64 `json:"amount"` // 元
}

// FeeBasis is how a fee is counted: per application or per page, never both.
type FeeBasis string

// The two bases of 109号.
const (
	FeePerApplication FeeBasis = "per_application"
	FeePerPage        FeeBasis = "per_page"
)

// Label names the basis in Chinese.
func (b FeeBasis) Label() string {
	switch b {
	case FeePerApplication:
		return "按件计收"
	case FeePerPage:
		return "按量计收"
	}
	return string(b)
}

// Attachment is a file kept with an event: the application, a notice, the reply.
type Attachment struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

// File is an attachment's content as a person uploads it.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// RequestState is where a request stands.
type RequestState string

// The states of a request.
const (
	StateOpen         RequestState = "open"         // the clock runs
	StateCorrection   RequestState = "correction"   // waiting for the 补正: the clock stops
	StateConsultation RequestState = "consultation" // consulting: the clock is suspended
	StateFee          RequestState = "fee"          // waiting for the fee
	StateConcluded    RequestState = "concluded"
)

// RequestStates lists the states, in the order filters offer them.
var RequestStates = []RequestState{StateOpen, StateCorrection, StateConsultation, StateFee, StateConcluded}

// Label names the state in Chinese.
func (s RequestState) Label() string {
	switch s {
	case StateOpen:
		return "办理中"
	case StateCorrection:
		return "待补正"
	case StateConsultation:
		return "征求意见中"
	case StateFee:
		return "待缴费"
	case StateConcluded:
		return "已办结"
	}
	return string(s)
}

// Clock is what a request's events mean on the calendar: its state, its
// answer period and due date, how it ended. Package ledger derives it.
type Clock struct {
	State    RequestState `json:"state"`
	Received Date         `json:"received"` // the receipt date, the rule applied
	// Start is the day the current answer period counts from: the receipt,
	// or the day the correction was received (第三十条 starts it again).
	Start  Date `json:"start"`
	Period int  `json:"period"` // working days: 20, more after an extension
	// Used is the working days of the period already used when the clock
	// is suspended (a consultation; a fee when the body counts it so).
	Used int `json:"used"`
	// Due is the last day to answer; zero while the clock stops or is
	// suspended. DueSet says the body set it (第三十五条) rather than the
	// calendar giving it.
	Due       Date           `json:"due,omitzero"`
	DueSet    bool           `json:"due_set,omitempty"`
	DueStatus CalendarStatus `json:"due_status,omitempty"` // how sure the calendar is of Due (its Reckoning's status)
	Reckoning *Reckoning     `json:"reckoning,omitempty"`  // how Due was counted
	Reasons   []string       `json:"reasons"`              // the clock's reasoning, in Chinese

	Concluded Date `json:"concluded,omitzero"`
	Outcome   Row  `json:"outcome,omitempty"` // the table 三 row; withdrawn requests have none (the body's settings place them)
	Withdrawn bool `json:"withdrawn,omitempty"`
	Late      bool `json:"late,omitempty"`       // concluded after its due date
	ElapsedWD int  `json:"elapsed_wd,omitempty"` // working days from receipt to conclusion

	Extended   bool  `json:"extended,omitempty"`
	Corrected  bool  `json:"corrected,omitempty"` // a 补正 notice was sent
	FeeCharged int64 `json:"fee_charged,omitempty"`
	FeePaidOn  Date  `json:"fee_paid_on,omitzero"`

	Flags []Flag `json:"flags,omitempty"` // what is allowed but worth a look

	// As of AsOf (today, unless asked otherwise): working days left to the
	// due date (0 on the day itself), and whether it has passed.
	AsOf     Date `json:"as_of,omitzero"`
	DaysLeft int  `json:"days_left"`
	Overdue  bool `json:"overdue,omitempty"`
}

// Flag is something an event did that the law allows but a supervisor
// should see: a 补正 notice sent after 7 working days, a late answer.
type Flag struct {
	Seq     int    `json:"seq"` // the event
	Message string `json:"message"`
}

// CalendarStatus says how far a working-day calendar knows a year.
type CalendarStatus string

// The statuses, surest first.
const (
	// CalendarOfficial: the State Council's notice for the year is loaded.
	CalendarOfficial CalendarStatus = "official"
	// CalendarProvisional: weekdays minus the statutory days of
	// 《全国年节及纪念日放假办法》; no 调休 is known.
	CalendarProvisional CalendarStatus = "provisional"
	// CalendarUnknown: weekdays only.
	CalendarUnknown CalendarStatus = "unknown"
)

// Label names the status in Chinese.
func (s CalendarStatus) Label() string {
	switch s {
	case CalendarOfficial:
		return "正式"
	case CalendarProvisional:
		return "暂定"
	}
	return "未知"
}

// Rank orders statuses: 0 official, 1 provisional, 2 unknown.
func (s CalendarStatus) Rank() int {
	switch s {
	case CalendarOfficial:
		return 0
	case CalendarProvisional:
		return 1
	}
	return 2
}

// Reckoning is a period of working days counted on the calendar, and why
// it ends where it does.
type Reckoning struct {
	From Date `json:"from"` // the period counts from the day after
	Days int  `json:"days"`
	Due  Date `json:"due"`
	// Status is the least sure status of the calendar years the period
	// touches: a period that crosses into a year whose notice is not out
	// is provisional.
	Status   CalendarStatus `json:"status"`
	Years    []CalendarYear `json:"years"`
	Weekends int            `json:"weekends"` // ordinary Saturdays and Sundays skipped
	Skipped  []CalendarDay  `json:"skipped"`  // holidays and other days off skipped
	MadeUp   []CalendarDay  `json:"made_up"`  // make-up working days (调休) counted
	Reasons  []string       `json:"reasons"`  // the reckoning in Chinese
}

// CalendarYear is what a calendar knows of one year.
type CalendarYear struct {
	Year   int            `json:"year"`
	Status CalendarStatus `json:"status"`
	Papers []string       `json:"papers,omitempty"` // the notices' URLs
	Days   int            `json:"days,omitempty"`   // days the notice lists
	Source string         `json:"source,omitempty"` // where the data came from
}

// CalendarDay is a day that is not as its weekday says: a holiday, a
// make-up working day, a regional day off, an administrator's correction.
type CalendarDay struct {
	Date  Date   `json:"date"`
	Name  string `json:"name"`
	Off   bool   `json:"off"`
	Place string `json:"place,omitempty"` // a regional day off: the place
	Note  string `json:"note,omitempty"`  // a correction's basis
}

// DueChange is a due date that moved when the calendar changed.
type DueChange struct {
	RequestID int64          `json:"request_id"`
	Body      string         `json:"body"`
	Number    string         `json:"number"`
	Old       Date           `json:"old,omitzero"`
	New       Date           `json:"new,omitzero"`
	OldStatus CalendarStatus `json:"old_status,omitempty"`
	NewStatus CalendarStatus `json:"new_status,omitempty"`
	Cause     string         `json:"cause"`
	At        time.Time      `json:"at"`
}

// Body is a body that keeps its register here: the unit a register
// belongs to (and, once accounts exist, the unit an editor's role names).
type Body struct {
	Key      string         `json:"key"` // the body's name folded (AgencyKey): links its register to its reports
	Name     string         `json:"name"`
	Place    string         `json:"place,omitempty"` // where its regional days off apply
	Settings LedgerSettings `json:"settings"`
}

// LedgerSettings are the choices the texts leave open, per body; the
// table counted from the register says which were used.
type LedgerSettings struct {
	// WithdrawnRow is where withdrawn requests count in table 三: the
	// template has no row for them; most bodies use （六）3 其他.
	WithdrawnRow Row `json:"withdrawn_row"`
	// FeePausesClock suspends the answer clock from a fee notice to the
	// payment. Off by default: neither 条例 第四十二条 nor 109号 says
	// that the payment period is not counted.
	FeePausesClock bool `json:"fee_pauses_clock"`
	// CountItems counts the items a request is split into (一事一申请)
	// rather than the applications.
	CountItems bool `json:"count_items"`
}

// DefaultLedgerSettings are the settings of a new register.
func DefaultLedgerSettings() LedgerSettings {
	return LedgerSettings{WithdrawnRow: OtherOther}
}

// RequestSummary is a request as table 三 and the statistics count it.
type RequestSummary struct {
	ID        int64
	Applicant Column
	Items     int
	Received  Date
	Concluded Date // zero while open
	Outcome   Row  // when concluded and not withdrawn
	Withdrawn bool
	ElapsedWD int
	Late      bool
	Extended  bool
	Corrected bool
	Fee       int64 // 元 paid
	FeePaidOn Date
}

// RequestFilter selects requests of a register. Zero fields select everything.
type RequestFilter struct {
	Body      string
	Q         string       // text in the number, the applicant's name or the information asked for
	State     RequestState // "" any
	Open      bool         // not concluded
	Overdue   bool         // open, and the due date before AsOf
	DueWithin int          // open, and due within this many working days from AsOf on (not overdue)
	Year      int          // received in this year
	IDs       []int64      // these requests (the ones behind a cell of table 三)
	AsOf      Date         // the day days left count from; zero is today
	Full      bool         // with every event, not only the receipt (for exports)
	// Sort: due (soonest first, the default), received, number; "-" in
	// front for descending.
	Sort   string
	Offset int
	Limit  int // 0 = the service's default page size
}

// LedgerService keeps registers of requests and the working-day calendar
// their clocks run on. Implementations: package store.
type LedgerService interface {
	// Bodies lists the bodies that keep a register, by name.
	Bodies(ctx context.Context) ([]*Body, error)
	// FindBody returns a body by its key (ENOTFOUND if it keeps no register).
	FindBody(ctx context.Context, key string) (*Body, error)
	// SaveBody creates a body's register or changes its name, place or
	// settings; a new place recomputes its open requests' due dates.
	SaveBody(ctx context.Context, b Body) (*Body, error)

	// PreviewRequest derives the clock of a request not stored, from its
	// received event: the due date a new-request form shows.
	PreviewRequest(ctx context.Context, body string, received Event) (*Clock, error)
	// AddRequest registers a request from its received event.
	AddRequest(ctx context.Context, body, number string, received Event, files []File) (*Request, error)
	// AddEvent adds an event to a request. An event that cannot follow the
	// request's events (a second extension, an answer before the receipt,
	// anything after the conclusion) is refused with EINVALID and a
	// Chinese message, and nothing is stored.
	AddEvent(ctx context.Context, id int64, ev Event, files []File) (*Request, error)
	// VerifyRequests checks requests with their events as ImportRequests
	// would, storing nothing: one error a request (nil when it would be
	// stored), each request's Clock derived. For an import's preview.
	VerifyRequests(ctx context.Context, body string, rs []*Request) ([]error, error)
	// ImportRequests adds requests with their events, all or none.
	ImportRequests(ctx context.Context, body string, rs []*Request) error
	// FindRequest returns one request with its clock as of asOf (zero: today).
	FindRequest(ctx context.Context, id int64, asOf Date) (*Request, error)
	// FindRequests returns a page of the requests f selects and how many it selects.
	FindRequests(ctx context.Context, f RequestFilter) ([]*Request, int, error)
	// Attachment returns a file kept with an event.
	Attachment(ctx context.Context, id int64) (*Attachment, []byte, error)
	// Summaries returns every request of the body's register as table 三
	// and the statistics count them.
	Summaries(ctx context.Context, body string) ([]RequestSummary, error)

	// CalendarYears lists what the calendar knows of each year it has data for.
	CalendarYears(ctx context.Context) ([]CalendarYear, error)
	// LoadCalendarYear loads a year's holiday file (holiday-cn's JSON) as
	// the year's official data, replacing what was known, and recomputes
	// the due dates of open requests; it returns the dates that moved.
	LoadCalendarYear(ctx context.Context, name string, data []byte) ([]DueChange, error)
	// CorrectCalendar sets one day's kind (Place "" for everywhere, else a
	// regional day off) and recomputes as LoadCalendarYear does.
	CorrectCalendar(ctx context.Context, d CalendarDay) ([]DueChange, error)
	// CalendarDays lists the corrections and regional days entered.
	CalendarDays(ctx context.Context) ([]CalendarDay, error)
	// DueChanges lists the due dates calendar changes moved, latest first.
	DueChanges(ctx context.Context, limit int) ([]DueChange, error)
	// Reckon counts days working days from the day after from, at place.
	Reckon(ctx context.Context, place string, from Date, days int) (*Reckoning, error)
}

// MarshalText writes the row's JSON key.
func (r Row) MarshalText() ([]byte, error) {
	if r < 0 || r >= NumRows {
		return nil, Errorf(EINVALID, "表三没有第 %d 行", int(r))
	}
	return []byte(r.Key()), nil
}

// UnmarshalText reads a row's JSON key.
func (r *Row) UnmarshalText(b []byte) error {
	row, ok := RowByKey(string(b))
	if !ok {
		return Errorf(EINVALID, "表三没有这一行: %s", b)
	}
	*r = row
	return nil
}

// ColumnByKey returns the column of table 三 with the given key.
func ColumnByKey(key string) (Column, bool) {
	for c := range NumColumns {
		if columnSpecs[c].Key == key {
			return c, true
		}
	}
	return 0, false
}

// MarshalText writes the column's key.
func (c Column) MarshalText() ([]byte, error) {
	if c < 0 || c >= NumColumns {
		return nil, Errorf(EINVALID, "表三没有第 %d 列", int(c))
	}
	return []byte(c.Key()), nil
}

// UnmarshalText reads a column's key.
func (c *Column) UnmarshalText(b []byte) error {
	col, ok := ColumnByKey(string(b))
	if !ok {
		return Errorf(EINVALID, "表三没有这一列: %s", b)
	}
	*c = col
	return nil
}

// OutcomeRows are the rows of table 三 a concluded request can count in,
// in the template's order: every outcome row of the 2021 format.
func OutcomeRows() []Row {
	var out []Row
	for _, r := range rows2021 {
		if rowSpecs[r].Outcome {
			out = append(out, r)
		}
	}
	return out
}
