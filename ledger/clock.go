// Package ledger is the request register's logic: the legal clock derived
// from a request's events on the working-day calendar (条例 第三十条至第四十二条,
// ../shared/docs/ledger.md), the sequences of events the law allows, table
// 三 counted from a register, the statistics of a register and the fee
// calculator of 国办函〔2020〕109号. It does no I/O.
//
// Two kinds of pause stop the clock: a 补正 notice stops it and the
// correction starts a new period (restart); a consultation suspends it and
// its answer resumes the days left (suspend-resume).
package ledger

import (
	"fmt"
	"strings"

	"nianbao"
	"nianbao/calendar"
)

// The periods of the law, in working days.
const (
	AnswerDays       = 20 // 第三十三条: the answer
	MaxExtension     = 20 // 第三十三条: one extension, at most this
	CorrectionDays   = 7  // 第三十条: the 补正 notice goes out within
	ConsultationDays = 15 // 第三十二条: the third party's opinion
	FeeDays          = 20 // 109号: the applicant pays within
)

// Env is what a clock runs on: the calendar, the body's place (its
// regional days off), its settings and the day it is now.
type Env struct {
	Calendar *calendar.Calendar
	Place    string
	Settings nianbao.LedgerSettings
	AsOf     nianbao.Date // today; events after it are refused
}

// Derive returns the clock of a request's stored events. The events were
// checked when they were added; a check that depends on the calendar (an
// opinion that lapsed before its 15 working days) and fails since the
// calendar changed becomes a flag rather than an error.
func Derive(events []nianbao.Event, env Env) (nianbao.Clock, error) {
	return replay(events, env, len(events))
}

// Add checks that ev can follow events and returns the clock with it,
// refusing it with an EINVALID error in Chinese when the law does not
// allow it (a second extension, an answer before the receipt, an event
// after the conclusion …). ev's Seq is set.
func Add(events []nianbao.Event, ev nianbao.Event, env Env) (nianbao.Clock, nianbao.Event, error) {
	ev.Seq = len(events) + 1
	all := append(events[:len(events):len(events)], ev)
	c, err := replay(all, env, len(events))
	return c, ev, err
}

// Verify checks every event of a request as Add checks a new one: for
// requests imported whole.
func Verify(events []nianbao.Event, env Env) (nianbao.Clock, error) {
	return replay(events, env, 0)
}

// machine is a clock being replayed.
type machine struct {
	env    Env
	c      nianbao.Clock
	strict bool // the event being replayed is new: calendar checks refuse

	segStart    nianbao.Date // the running segment counts from the day after; zero while not running
	frozen      nianbao.Date // the due date a pause began after: the period had run out
	correction  nianbao.Date // a 补正 notice sent and not answered
	corrDue     nianbao.Date // the time limit it gave, if any
	corrections int
	consulting  map[string]nianbao.Date // open consultations: party → letter sent
	fee         *nianbao.Event          // a fee notice not paid
	reasonsDue  nianbao.Date            // 第三十五条
	corrected   bool                    // a correction was received
}

func replay(events []nianbao.Event, env Env, strictFrom int) (nianbao.Clock, error) {
	m := &machine{env: env, consulting: map[string]nianbao.Date{}}
	if len(events) == 0 {
		return m.c, nianbao.Errorf(nianbao.EINVALID, "申请没有任何事件：第一个事件应为“收到申请”")
	}
	var prev nianbao.Date
	for i := range events {
		ev := &events[i]
		m.strict = i >= strictFrom
		if err := m.step(ev, i, prev); err != nil {
			return m.c, nianbao.Errorf(nianbao.EINVALID, "第%d个事件（%s，%s）：%s", i+1, ev.Kind.Label(), ev.Date, err.Error())
		}
		prev = ev.Date
	}
	m.finish()
	return m.c, nil
}

// refuse is a reason an event cannot happen, in Chinese.
type refuse string

func (r refuse) Error() string { return string(r) }

func refusef(format string, args ...any) error { return refuse(fmt.Sprintf(format, args...)) }

func (m *machine) flag(ev *nianbao.Event, format string, args ...any) {
	m.c.Flags = append(m.c.Flags, nianbao.Flag{Seq: ev.Seq, Message: fmt.Sprintf(format, args...)})
}

func (m *machine) reason(format string, args ...any) {
	m.c.Reasons = append(m.c.Reasons, fmt.Sprintf(format, args...))
}

// calendarCheck refuses a new event, or flags a stored one, when a
// period counted on the calendar has not run out.
func (m *machine) calendarCheck(ev *nianbao.Event, ok bool, format string, args ...any) error {
	if ok {
		return nil
	}
	if m.strict {
		return refusef(format, args...)
	}
	m.flag(ev, format, args...)
	return nil
}

func (m *machine) workdays(a, b nianbao.Date) int {
	return m.env.Calendar.Workdays(a, b, m.env.Place)
}

func (m *machine) addWorkdays(from nianbao.Date, n int) nianbao.Date {
	return m.env.Calendar.AddWorkdays(from, n, m.env.Place)
}

// due is the last day to answer as the clock stands, zero while it is
// stopped or suspended.
func (m *machine) due() nianbao.Date {
	switch {
	case m.reasonsDue != 0:
		return m.reasonsDue
	case m.frozen != 0:
		return m.frozen
	case m.segStart == 0:
		return 0
	}
	return m.addWorkdays(m.segStart, m.c.Period-m.c.Used)
}

// suspended reports whether something suspends the clock.
func (m *machine) suspended() bool {
	return len(m.consulting) > 0 || m.fee != nil && m.env.Settings.FeePausesClock
}

// suspend stops the running segment at d, keeping the days used.
func (m *machine) suspend(d nianbao.Date) {
	if m.segStart == 0 {
		return
	}
	if due := m.due(); d > due && m.reasonsDue == 0 {
		m.frozen = due // the period ran out before the pause: the request stays overdue
	}
	m.c.Used = min(m.c.Period, m.c.Used+m.workdays(m.segStart, d))
	m.segStart = 0
}

// resume restarts the segment from d when nothing suspends the clock any more.
func (m *machine) resume(d nianbao.Date) {
	if m.segStart == 0 && !m.suspended() && m.correction == 0 && m.c.State != nianbao.StateConcluded {
		m.segStart = d
	}
}

func (m *machine) step(ev *nianbao.Event, i int, prev nianbao.Date) error {
	if !ev.Kind.Valid() {
		return refusef("没有这种事件：%q", ev.Kind)
	}
	if ev.Date == 0 {
		return refuse("缺少日期")
	}
	if m.strict && m.env.AsOf != 0 && ev.Date > m.env.AsOf {
		return refusef("日期晚于今天（%s）", m.env.AsOf)
	}
	if i == 0 {
		if ev.Kind != nianbao.EventReceived {
			return refuse("第一个事件应为“收到申请”")
		}
		return m.received(ev)
	}
	if ev.Kind == nianbao.EventReceived {
		return refuse("已经登记过收到申请")
	}
	if m.c.State == nianbao.StateConcluded {
		return refusef("申请已于%s办结，不能再登记事件", m.c.Concluded)
	}
	if ev.Date < m.c.Received {
		return refusef("早于收到申请之日（%s）", m.c.Received)
	}
	if ev.Date < prev {
		return refusef("早于上一个事件（%s）：事件须按日期先后登记", prev)
	}
	switch ev.Kind {
	case nianbao.EventCorrectionSent:
		return m.correctionSent(ev)
	case nianbao.EventCorrectionReceived:
		return m.correctionReceived(ev)
	case nianbao.EventCorrectionLapsed:
		return m.correctionLapsed(ev)
	case nianbao.EventConsultationSent:
		return m.consultationSent(ev)
	case nianbao.EventConsultationAnswered, nianbao.EventConsultationLapsed:
		return m.consultationEnded(ev)
	case nianbao.EventExtended:
		return m.extended(ev)
	case nianbao.EventReasonsAsked:
		return m.reasonsAsked(ev)
	case nianbao.EventFeeNotice:
		return m.feeNotice(ev)
	case nianbao.EventFeePaid, nianbao.EventFeeLapsed:
		return m.feeEnded(ev)
	case nianbao.EventAnswered:
		return m.answered(ev)
	case nianbao.EventWithdrawn:
		if err := m.concludable(ev, true); err != nil {
			return err
		}
		m.conclude(ev, 0)
		m.c.Withdrawn = true
		m.reason("%s申请人撤回申请，办结（表三中计入哪一行由本机关的设置决定）。", ev.Date)
		return nil
	case nianbao.EventForwarded:
		if strings.TrimSpace(ev.ForwardedTo) == "" {
			return refuse("请写明告知申请人向哪一机关申请")
		}
		if err := m.concludable(ev, false); err != nil {
			return err
		}
		m.conclude(ev, nianbao.UnavailableNotHeld)
		m.reason("%s告知申请人向%s申请，办结，计入（四）1.本机关不掌握相关政府信息。", ev.Date, ev.ForwardedTo)
		return nil
	}
	return refusef("没有这种事件：%q", ev.Kind)
}

func (m *machine) received(ev *nianbao.Event) error {
	if !ev.Channel.Valid() {
		return refuse("请选择申请方式（当面、邮寄、平常信函、互联网、电子邮箱、传真）")
	}
	if ev.Applicant < 0 || ev.Applicant >= nianbao.ColumnTotal {
		return refuse("申请人类别应为表三的六类之一（自然人，商业企业、科研机构、社会公益组织、法律服务机构、其他）")
	}
	if ev.Restored != 0 && ev.Restored < ev.Date {
		return refuse("恢复联系之日早于收到之日")
	}
	if ev.Items < 0 {
		return refuse("拆分的件数不能为负")
	}
	d := ev.ReceiptDate()
	m.c = nianbao.Clock{State: nianbao.StateOpen, Received: d, Start: d, Period: AnswerDays, Reasons: []string{}}
	m.segStart = d
	rule := ev.Channel.Label() + "：" + ev.Channel.Rule()
	if ev.Restored != 0 {
		rule += "；申请人无法联系，以恢复联系之日（" + ev.Restored.String() + "）为收到申请之日"
	}
	m.reason("%s收到申请（%s），答复期限为%d个工作日（条例第三十三条）。", d, rule, AnswerDays)
	return nil
}

func (m *machine) correctionSent(ev *nianbao.Event) error {
	switch {
	case m.corrections > 0:
		return refuse("补正通知只能发一次，须一次性告知需要补正的事项（条例第三十条）")
	case len(m.consulting) > 0:
		return refuse("征求意见期间不能发补正通知")
	case ev.Reason == "":
		return refuse("请写明补正的原因")
	case ev.Deadline != 0 && ev.Deadline <= ev.Date:
		return refuse("补正期限应晚于通知之日")
	}
	m.corrections++
	m.c.Corrected = true
	if limit := m.addWorkdays(m.c.Received, CorrectionDays); ev.Date > limit {
		m.flag(ev, "补正通知晚于收到申请后%d个工作日（应不迟于%s发出，条例第三十条）", CorrectionDays, limit)
	}
	m.suspend(ev.Date)
	m.frozen = 0 // the period starts again on the correction
	m.correction, m.corrDue = ev.Date, ev.Deadline
	m.c.State = nianbao.StateCorrection
	m.reason("%s发出补正通知（%s），答复期限停止计算；收到补正后重新起算（条例第三十条）。", ev.Date, ev.Reason.Label())
	return nil
}

func (m *machine) correctionReceived(ev *nianbao.Event) error {
	if m.correction == 0 {
		return refuse("没有待补正的通知")
	}
	m.correction = 0
	m.corrected = true
	m.c.Start, m.c.Used, m.segStart = ev.Date, 0, 0
	m.resume(ev.Date)
	m.c.State = nianbao.StateOpen
	m.reason("%s收到补正，答复期限自次日起重新计算%d个工作日（不是剩余的天数，条例第三十条）。", ev.Date, m.c.Period)
	return nil
}

func (m *machine) correctionLapsed(ev *nianbao.Event) error {
	if m.correction == 0 {
		return refuse("没有待补正的通知")
	}
	if m.corrDue != 0 && ev.Date <= m.corrDue {
		return refusef("补正期限（%s）尚未届满", m.corrDue)
	}
	m.correction = 0
	m.conclude(ev, nianbao.OtherNoCorrection)
	m.reason("%s申请人逾期未补正，视为放弃申请，办结，计入（六）1。", ev.Date)
	return nil
}

func (m *machine) consultationSent(ev *nianbao.Event) error {
	party := strings.TrimSpace(ev.Party)
	switch {
	case m.correction != 0:
		return refuse("正在等待补正，不能征求意见")
	case party == "":
		return refuse("请写明征求意见的第三方或机关")
	case ev.PartyKind != nianbao.PartyThird && ev.PartyKind != nianbao.PartyAgency:
		return refuse("请选择征求意见的对象是第三方还是其他机关")
	case m.consulting[party] != 0:
		return refusef("已在征求%s的意见", party)
	}
	m.suspend(ev.Date)
	m.consulting[party] = ev.Date
	m.c.State = nianbao.StateConsultation
	basis := "条例第三十二条"
	if ev.PartyKind == nianbao.PartyAgency {
		basis = "条例第三十四条"
	}
	m.reason("%s向%s（%s）发出征求意见函，征求意见所需时间不计入答复期限（%s、第三十三条）；已用%d个工作日，尚余%d个。",
		ev.Date, party, ev.PartyKind.Label(), basis, m.c.Used, m.c.Period-m.c.Used)
	return nil
}

func (m *machine) consultationEnded(ev *nianbao.Event) error {
	party := strings.TrimSpace(ev.Party)
	if party == "" && len(m.consulting) == 1 {
		for p := range m.consulting {
			party = p
		}
	}
	sent, ok := m.consulting[party]
	if !ok {
		if party == "" {
			return refuse("请写明是哪一方的意见")
		}
		return refusef("没有向%s征求意见", party)
	}
	ev.Party = party
	if ev.Kind == nianbao.EventConsultationLapsed {
		last := m.addWorkdays(sent, ConsultationDays)
		if err := m.calendarCheck(ev, ev.Date > last, "%s收到征求意见函之日起%d个工作日内可提出意见，%s前不能登记逾期", party, ConsultationDays, last.Add(1)); err != nil {
			return err
		}
	}
	delete(m.consulting, party)
	if len(m.consulting) == 0 {
		m.c.State = nianbao.StateOpen
		if m.fee != nil {
			m.c.State = nianbao.StateFee
		}
	}
	m.resume(ev.Date)
	what := "收到" + party + "的意见"
	if ev.Kind == nianbao.EventConsultationLapsed {
		what = party + "逾期未提出意见"
		if ev.PartyKind == nianbao.PartyAgency || strings.Contains(ev.Note, "视为同意") {
			what += "，视为同意公开（条例第三十四条）"
		}
	}
	if m.segStart != 0 {
		m.reason("%s%s，恢复计算答复期限，尚余%d个工作日。", ev.Date, what, m.c.Period-m.c.Used)
	} else {
		m.reason("%s%s。", ev.Date, what)
	}
	return nil
}

func (m *machine) extended(ev *nianbao.Event) error {
	days := ev.Days
	if days == 0 {
		days = MaxExtension
	}
	switch {
	case m.c.Extended:
		return refuse("延期答复只能一次（条例第三十三条）")
	case m.correction != 0:
		return refuse("正在等待补正，答复期限已停止计算，无需延期")
	case days < 0 || days > MaxExtension:
		return refusef("延长的期限最长为%d个工作日（条例第三十三条）", MaxExtension)
	case ev.ApprovedOn == 0:
		return refuse("延期答复须经政府信息公开工作机构负责人同意：请填写批准日期")
	case ev.ApprovedOn > ev.Date:
		return refuse("批准日期晚于告知申请人之日：延期须先经批准再告知申请人")
	}
	if due := m.due(); due != 0 && ev.Date > due {
		m.flag(ev, "延期告知晚于答复期限（%s）", due)
	}
	// Days the period had run past its end before a pause are not given
	// back by the extension: it lengthens the period itself.
	if m.frozen != 0 {
		m.frozen = 0
	}
	m.c.Extended = true
	m.c.Period += days
	m.reason("%s经负责人批准（%s）并告知申请人，延期答复，答复期限延长%d个工作日（条例第三十三条）。", ev.Date, ev.ApprovedOn, days)
	return nil
}

func (m *machine) reasonsAsked(ev *nianbao.Event) error {
	if ev.NewDue != 0 && ev.NewDue <= ev.Date {
		return refuse("延迟答复的期限应晚于告知之日")
	}
	m.reason("%s要求申请人说明理由（条例第三十五条）。", ev.Date)
	if ev.NewDue != 0 {
		m.reasonsDue = ev.NewDue
		m.c.DueSet = true
		m.reason("%s确定并告知延迟答复的合理期限：%s（条例第三十五条，由本机关确定，不按工作日计算）。", ev.Date, ev.NewDue)
	}
	return nil
}

func (m *machine) feeNotice(ev *nianbao.Event) error {
	switch {
	case m.fee != nil:
		return refuse("已有一份收费通知尚未缴费或逾期")
	case m.correction != 0:
		return refuse("正在等待补正，不能发收费通知")
	case ev.Fee == nil || ev.Fee.Basis != nianbao.FeePerApplication && ev.Fee.Basis != nianbao.FeePerPage:
		return refuse("请选择按件还是按量计收（国办函〔2020〕109号，二者不同时适用）")
	case ev.Fee.Units < 0 || ev.Fee.Amount < 0:
		return refuse("件数、页数和金额不能为负")
	}
	if want, _ := FeeFor(ev.Fee.Basis, ev.Fee.Units); ev.Fee.Amount != want {
		m.flag(ev, "收费金额%d元与国办函〔2020〕109号的标准（%s%d，应为%d元）不符", ev.Fee.Amount, ev.Fee.Basis.Label(), ev.Fee.Units, want)
	}
	m.fee = ev
	if len(m.consulting) == 0 {
		m.c.State = nianbao.StateFee
	}
	line := fmt.Sprintf("%s发出收费通知（%s，%d%s，%d元），申请人应自收到通知次日起%d个工作日内缴费（国办函〔2020〕109号）",
		ev.Date, ev.Fee.Basis.Label(), ev.Fee.Units, feeUnit(ev.Fee.Basis), ev.Fee.Amount, FeeDays)
	if m.env.Settings.FeePausesClock {
		m.suspend(ev.Date)
		line += fmt.Sprintf("；按本机关的设置，缴费期间不计入答复期限，已用%d个工作日", m.c.Used)
	} else {
		line += "；缴费期间照常计算答复期限（本机关的设置）"
	}
	m.reason("%s。", line)
	return nil
}

func feeUnit(b nianbao.FeeBasis) string {
	if b == nianbao.FeePerPage {
		return "页"
	}
	return "件"
}

func (m *machine) feeEnded(ev *nianbao.Event) error {
	if m.fee == nil {
		return refuse("没有待缴费的收费通知")
	}
	notice := m.fee
	if ev.Kind == nianbao.EventFeeLapsed {
		last := m.addWorkdays(notice.Date, FeeDays)
		if err := m.calendarCheck(ev, ev.Date > last, "缴费期限为收到通知次日起%d个工作日，%s前不能登记逾期未缴费", FeeDays, last.Add(1)); err != nil {
			return err
		}
		m.fee = nil
		m.conclude(ev, nianbao.OtherNoFee)
		m.reason("%s申请人逾期未缴费，不再处理，办结，计入（六）2。", ev.Date)
		return nil
	}
	m.fee = nil
	amount := notice.Fee.Amount
	if ev.Fee != nil {
		amount = ev.Fee.Amount
	}
	m.c.FeeCharged += amount
	m.c.FeePaidOn = ev.Date
	if len(m.consulting) == 0 {
		m.c.State = nianbao.StateOpen
	}
	m.resume(ev.Date)
	m.reason("%s收到缴费%d元。", ev.Date, amount)
	return nil
}

// concludable refuses to conclude while something is pending; a
// withdrawal may come at any time.
func (m *machine) concludable(ev *nianbao.Event, withdrawal bool) error {
	if withdrawal {
		return nil
	}
	switch {
	case m.correction != 0:
		return refuse("正在等待补正：请先登记收到补正或逾期未补正（申请人撤回的，登记撤回）")
	case len(m.consulting) > 0:
		return refuse("征求意见尚未结束：请先登记收到意见或逾期未提出意见")
	case m.fee != nil:
		return refuse("收费通知尚未缴费：请先登记缴费或逾期未缴费")
	}
	return nil
}

func (m *machine) answered(ev *nianbao.Event) error {
	spec := ev.Outcome.Spec()
	switch {
	case ev.Outcome <= nianbao.CarriedOver || ev.Outcome >= nianbao.NumRows || !spec.Outcome || ev.Outcome == nianbao.Other:
		return refuse("请选择表三的一项办理结果（（一）至（六）中的一项）")
	case ev.Outcome == nianbao.OtherNoCorrection:
		return refuse("逾期不补正请登记“逾期未补正”事件")
	case ev.Outcome == nianbao.OtherNoFee:
		return refuse("逾期未缴费请登记“逾期未缴费”事件")
	case ev.Outcome == nianbao.UnavailableUnclear && !m.corrected:
		return refuse("（四）3.补正后申请内容仍不明确：须先登记发出补正通知和收到补正")
	}
	if err := m.concludable(ev, false); err != nil {
		return err
	}
	m.conclude(ev, ev.Outcome)
	m.reason("%s答复：%s。", ev.Date, ev.Outcome.RowLabel())
	return nil
}

// conclude ends the request on ev with outcome (0 for a withdrawal).
func (m *machine) conclude(ev *nianbao.Event, outcome nianbao.Row) {
	due := m.due()
	m.c.State = nianbao.StateConcluded
	m.c.Concluded = ev.Date
	m.c.Outcome = outcome
	m.c.ElapsedWD = m.workdays(m.c.Received, ev.Date)
	// Only the body's own conclusions can be late: a withdrawal or a
	// lapse is the applicant's.
	if due != 0 && ev.Date > due && (ev.Kind == nianbao.EventAnswered || ev.Kind == nianbao.EventForwarded) {
		m.c.Late = true
		m.flag(ev, "晚于答复期限（%s）%d个工作日", due, m.workdays(due, ev.Date))
	}
	m.c.Due = due
	m.segStart = 0
}

// finish sets the due date and what is left of the period.
func (m *machine) finish() {
	c := &m.c
	if c.State == nianbao.StateConcluded {
		return
	}
	c.AsOf = m.env.AsOf
	c.Due = m.due()
	switch {
	case c.Due != 0 && !c.DueSet && m.frozen == 0:
		c.Reckoning = m.env.Calendar.Reckon(m.segStart, c.Period-c.Used, m.env.Place)
		c.DueStatus = c.Reckoning.Status
		c.Reasons = append(c.Reasons, fmt.Sprintf("答复期限：%s（日历%s）。", c.Due.Label(), c.Reckoning.Status.Label()))
	case c.Due != 0:
		c.Reasons = append(c.Reasons, fmt.Sprintf("答复期限：%s。", c.Due.Label()))
	case c.State == nianbao.StateCorrection:
		c.DaysLeft = c.Period
	default:
		c.DaysLeft = c.Period - c.Used
	}
	if c.Due != 0 && c.AsOf != 0 {
		c.DaysLeft = m.workdays(c.AsOf, c.Due)
		c.Overdue = c.AsOf > c.Due
	}
}
