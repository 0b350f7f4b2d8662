package ledger

import (
	"strconv"
	"strings"
	"testing"

	"nianbao"
	"nianbao/calendar"
)

func d(s string) nianbao.Date {
	v, err := nianbao.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// received is a request handed in on date by a natural person.
func received(date string) nianbao.Event {
	return nianbao.Event{Kind: nianbao.EventReceived, Date: d(date), Channel: nianbao.ChannelInPerson, Subject: "某项目的环评批复"}
}

func event(kind nianbao.EventKind, date string, set ...func(*nianbao.Event)) nianbao.Event {
	e := nianbao.Event{Kind: kind, Date: d(date)}
	for _, f := range set {
		f(&e)
	}
	return e
}

func outcome(r nianbao.Row) func(*nianbao.Event) { return func(e *nianbao.Event) { e.Outcome = r } }
func party(p string, k nianbao.PartyKind) func(*nianbao.Event) {
	return func(e *nianbao.Event) { e.Party, e.PartyKind = p, k }
}
func approved(date string, days int) func(*nianbao.Event) {
	return func(e *nianbao.Event) { e.ApprovedOn, e.Days = d(date), days }
}
func reason(e *nianbao.Event) { e.Reason = nianbao.CorrectionContent }
func deadline(date string) func(*nianbao.Event) {
	return func(e *nianbao.Event) { e.Deadline = d(date) }
}
func fee(b nianbao.FeeBasis, units int, amount int64) func(*nianbao.Event) {
	return func(e *nianbao.Event) { e.Fee = &nianbao.Fee{Basis: b, Units: units, Amount: amount} }
}

func env(asOf string) Env {
	return Env{Calendar: calendar.Default(), Settings: nianbao.DefaultLedgerSettings(), AsOf: d(asOf)}
}

// TestClock: each pause kind, the extension, the fee, the conclusions,
// and the flags, on the 2026 calendar (国庆 10月1日–7日, make-up days
// 9月20日 and 10月10日).
func TestClock(t *testing.T) {
	granted := outcome(nianbao.Granted)
	tests := []struct {
		name     string
		events   []nianbao.Event
		asOf     string
		feePause bool
		state    nianbao.RequestState
		due      string // "" for none
		left     int
		late     bool
		flag     string // a flag's text, "" for none
		reason   string // a line of the reasoning
	}{
		{name: "open", events: []nianbao.Event{received("2026-09-18")}, asOf: "2026-10-20",
			state: nianbao.StateOpen, due: "2026-10-22", left: 2, reason: "当面提交：以申请人提交之日为收到申请之日"},
		{name: "overdue", events: []nianbao.Event{received("2026-09-18")}, asOf: "2026-10-23",
			state: nianbao.StateOpen, due: "2026-10-22", left: -1},
		{name: "answered in time", events: []nianbao.Event{received("2026-09-18"), event(nianbao.EventAnswered, "2026-10-22", granted)},
			asOf: "2026-10-23", state: nianbao.StateConcluded, due: "2026-10-22"},
		{name: "answered late", events: []nianbao.Event{received("2026-09-18"), event(nianbao.EventAnswered, "2026-10-26", granted)},
			asOf: "2026-10-26", state: nianbao.StateConcluded, due: "2026-10-22", late: true, flag: "晚于答复期限（2026-10-22）2个工作日"},
		{name: "on the spot", events: []nianbao.Event{received("2026-09-18"), event(nianbao.EventAnswered, "2026-09-18", granted)},
			asOf: "2026-09-18", state: nianbao.StateConcluded, due: "2026-10-22"},
		{name: "restart: 补正", events: []nianbao.Event{received("2026-09-18"),
			event(nianbao.EventCorrectionSent, "2026-09-21", reason), event(nianbao.EventCorrectionReceived, "2026-11-02")},
			asOf: "2026-11-02", state: nianbao.StateOpen, due: "2026-11-30", left: 20, reason: "不是剩余的天数"},
		{name: "waiting for the 补正", events: []nianbao.Event{received("2026-09-18"), event(nianbao.EventCorrectionSent, "2026-09-21", reason)},
			asOf: "2026-11-02", state: nianbao.StateCorrection, left: 20},
		{name: "late 补正 notice", events: []nianbao.Event{received("2026-09-18"), event(nianbao.EventCorrectionSent, "2026-10-12", reason)},
			asOf: "2026-10-12", state: nianbao.StateCorrection, left: 20, flag: "应不迟于2026-09-29发出"},
		{name: "suspend-resume: consultation", events: []nianbao.Event{received("2026-09-18"),
			event(nianbao.EventConsultationSent, "2026-09-24", party("甲公司", nianbao.PartyThird)),
			event(nianbao.EventConsultationAnswered, "2026-11-02", party("甲公司", "")),
		}, asOf: "2026-11-02", state: nianbao.StateOpen, due: "2026-11-23", left: 15, reason: "已用5个工作日，尚余15个"},
		{name: "consulting", events: []nianbao.Event{received("2026-09-18"),
			event(nianbao.EventConsultationSent, "2026-09-24", party("甲公司", nianbao.PartyThird))},
			asOf: "2026-10-30", state: nianbao.StateConsultation, left: 15},
		{name: "two consultations overlap", events: []nianbao.Event{received("2026-09-18"),
			event(nianbao.EventConsultationSent, "2026-09-24", party("甲公司", nianbao.PartyThird)),
			event(nianbao.EventConsultationSent, "2026-09-28", party("某市财政局", nianbao.PartyAgency)),
			event(nianbao.EventConsultationAnswered, "2026-10-12", party("甲公司", "")),
			event(nianbao.EventConsultationLapsed, "2026-10-26", party("某市财政局", nianbao.PartyAgency)),
		}, asOf: "2026-10-26", state: nianbao.StateOpen, due: "2026-11-16", left: 15, reason: "视为同意公开"},
		{name: "pause after the due date", events: []nianbao.Event{received("2026-09-18"),
			event(nianbao.EventConsultationSent, "2026-10-26", party("甲公司", nianbao.PartyThird)),
			event(nianbao.EventConsultationAnswered, "2026-11-05", party("甲公司", "")),
			event(nianbao.EventAnswered, "2026-11-06", granted)},
			asOf: "2026-11-06", state: nianbao.StateConcluded, due: "2026-10-22", late: true, flag: "晚于答复期限（2026-10-22）11个工作日"},
		{name: "extension", events: []nianbao.Event{received("2026-09-18"), event(nianbao.EventExtended, "2026-10-20", approved("2026-10-19", 0))},
			asOf: "2026-10-20", state: nianbao.StateOpen, due: "2026-11-19", left: 22, reason: "延长20个工作日"},
		{name: "short extension after the due date", events: []nianbao.Event{received("2026-09-18"), event(nianbao.EventExtended, "2026-10-23", approved("2026-10-23", 5))},
			asOf: "2026-10-23", state: nianbao.StateOpen, due: "2026-10-29", left: 4, flag: "延期告知晚于答复期限"},
		{name: "fee: the clock runs", events: []nianbao.Event{received("2026-09-18"),
			event(nianbao.EventFeeNotice, "2026-09-21", fee(nianbao.FeePerPage, 250, 4700)), event(nianbao.EventFeePaid, "2026-09-25")},
			asOf: "2026-09-25", state: nianbao.StateOpen, due: "2026-10-22", left: 15, reason: "缴费期间照常计算答复期限"},
		{name: "fee: the clock pauses (setting)", feePause: true, events: []nianbao.Event{received("2026-09-18"),
			event(nianbao.EventFeeNotice, "2026-09-21", fee(nianbao.FeePerPage, 250, 4700)), event(nianbao.EventFeePaid, "2026-09-25")},
			asOf: "2026-09-25", state: nianbao.StateOpen, due: "2026-10-27", left: 18, reason: "缴费期间不计入答复期限"},
		{name: "fee waiting", events: []nianbao.Event{received("2026-09-18"), event(nianbao.EventFeeNotice, "2026-09-21", fee(nianbao.FeePerApplication, 45, 5000))},
			asOf: "2026-09-22", state: nianbao.StateFee, due: "2026-10-22", left: 17, flag: "应为5500元"},
		{name: "fee lapsed", events: []nianbao.Event{received("2026-09-18"),
			event(nianbao.EventFeeNotice, "2026-09-21", fee(nianbao.FeePerPage, 31, 10)), event(nianbao.EventFeeLapsed, "2026-10-27")},
			asOf: "2026-10-27", state: nianbao.StateConcluded, due: "2026-10-22"},
		{name: "第三十五条 new date", events: []nianbao.Event{received("2026-09-18"), event(nianbao.EventReasonsAsked, "2026-09-22", func(e *nianbao.Event) { e.NewDue = d("2026-12-31") })},
			asOf: "2026-12-01", state: nianbao.StateOpen, due: "2026-12-31", left: 22, reason: "不按工作日计算"},
		{name: "withdrawn", events: []nianbao.Event{received("2026-09-18"), event(nianbao.EventCorrectionSent, "2026-09-21", reason), event(nianbao.EventWithdrawn, "2026-10-30")},
			asOf: "2026-10-30", state: nianbao.StateConcluded},
		{name: "forwarded", events: []nianbao.Event{received("2026-09-18"), event(nianbao.EventForwarded, "2026-09-21", func(e *nianbao.Event) { e.ForwardedTo = "某市自然资源局" })},
			asOf: "2026-09-21", state: nianbao.StateConcluded, due: "2026-10-22", reason: "（四）1"},
		{name: "no correction in time", events: []nianbao.Event{received("2026-09-18"),
			event(nianbao.EventCorrectionSent, "2026-09-21", reason, deadline("2026-10-09")), event(nianbao.EventCorrectionLapsed, "2026-10-10")},
			asOf: "2026-10-10", state: nianbao.StateConcluded, reason: "视为放弃申请"},
		{name: "into a provisional year", events: []nianbao.Event{received("2026-12-31")},
			asOf: "2026-12-31", state: nianbao.StateOpen, due: "2027-01-29", left: 20, reason: "日历暂定"},
		{name: "applicant unreachable", events: []nianbao.Event{func() nianbao.Event {
			e := received("2026-09-18")
			e.Channel, e.Restored = nianbao.ChannelEmail, d("2026-09-25")
			return e
		}()}, asOf: "2026-09-25", state: nianbao.StateOpen, due: "2026-10-29", left: 20, reason: "以恢复联系之日（2026-09-25）为收到申请之日"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := env(tt.asOf)
			e.Settings.FeePausesClock = tt.feePause
			c, err := Verify(numbered(tt.events), e)
			if err != nil {
				t.Fatal(err)
			}
			if c.State != tt.state || c.Due.String() != tt.due || c.DaysLeft != tt.left || c.Late != tt.late {
				t.Errorf("state %s, due %s, left %d, late %v; want %s, %s, %d, %v\n%s",
					c.State, c.Due, c.DaysLeft, c.Late, tt.state, tt.due, tt.left, tt.late, strings.Join(c.Reasons, "\n"))
			}
			if c.Overdue != (tt.state != nianbao.StateConcluded && tt.due != "" && tt.left < 0) {
				t.Errorf("overdue %v", c.Overdue)
			}
			var flags []string
			for _, f := range c.Flags {
				flags = append(flags, f.Message)
			}
			if got := strings.Join(flags, "\n"); tt.flag == "" && got != "" || !strings.Contains(got, tt.flag) {
				t.Errorf("flags %q; want %q", got, tt.flag)
			}
			if !strings.Contains(strings.Join(c.Reasons, "\n"), tt.reason) {
				t.Errorf("reasons lack %q:\n%s", tt.reason, strings.Join(c.Reasons, "\n"))
			}
			if c.State != nianbao.StateConcluded && c.Due != 0 && !c.DueSet && (c.Reckoning == nil || c.Reckoning.Due != c.Due) {
				t.Errorf("reckoning %+v for due %s", c.Reckoning, c.Due)
			}
		})
	}
}

func numbered(evs []nianbao.Event) []nianbao.Event {
	for i := range evs {
		evs[i].Seq = i + 1
	}
	return evs
}

// TestRefused: the sequences the law does not allow are refused with a
// Chinese message naming the event and why; a request concluded takes no
// more events.
func TestRefused(t *testing.T) {
	r := received("2026-09-18")
	granted := outcome(nianbao.Granted)
	consult := event(nianbao.EventConsultationSent, "2026-09-24", party("甲公司", nianbao.PartyThird))
	tests := []struct {
		name   string
		before []nianbao.Event
		ev     nianbao.Event
		want   string
	}{
		{"no receipt first", nil, event(nianbao.EventAnswered, "2026-09-18", granted), "第一个事件应为“收到申请”"},
		{"received twice", []nianbao.Event{r}, received("2026-09-19"), "已经登记过收到申请"},
		{"answer before receipt", []nianbao.Event{r}, event(nianbao.EventAnswered, "2026-09-17", granted), "早于收到申请之日"},
		{"out of order", []nianbao.Event{r, event(nianbao.EventExtended, "2026-10-20", approved("2026-10-19", 0))}, event(nianbao.EventAnswered, "2026-10-19", granted), "早于上一个事件"},
		{"after the conclusion", []nianbao.Event{r, event(nianbao.EventAnswered, "2026-09-20", granted)}, event(nianbao.EventExtended, "2026-10-20", approved("2026-10-19", 0)), "已于2026-09-20办结"},
		{"second extension", []nianbao.Event{r, event(nianbao.EventExtended, "2026-10-20", approved("2026-10-19", 10))}, event(nianbao.EventExtended, "2026-10-30", approved("2026-10-30", 10)), "延期答复只能一次"},
		{"extension without approval", []nianbao.Event{r}, event(nianbao.EventExtended, "2026-10-20"), "负责人同意"},
		{"approved after the notice", []nianbao.Event{r}, event(nianbao.EventExtended, "2026-10-20", approved("2026-10-21", 0)), "先经批准再告知"},
		{"extension too long", []nianbao.Event{r}, event(nianbao.EventExtended, "2026-10-20", approved("2026-10-19", 21)), "最长为20个工作日"},
		{"second 补正", []nianbao.Event{r, event(nianbao.EventCorrectionSent, "2026-09-21", reason), event(nianbao.EventCorrectionReceived, "2026-09-25")}, event(nianbao.EventCorrectionSent, "2026-09-28", reason), "一次性告知"},
		{"补正 without a reason", []nianbao.Event{r}, event(nianbao.EventCorrectionSent, "2026-09-21"), "补正的原因"},
		{"correction without notice", []nianbao.Event{r}, event(nianbao.EventCorrectionReceived, "2026-09-21"), "没有待补正的通知"},
		{"answer while waiting for the 补正", []nianbao.Event{r, event(nianbao.EventCorrectionSent, "2026-09-21", reason)}, event(nianbao.EventAnswered, "2026-09-25", granted), "正在等待补正"},
		{"lapse before the time limit", []nianbao.Event{r, event(nianbao.EventCorrectionSent, "2026-09-21", reason, deadline("2026-10-09"))}, event(nianbao.EventCorrectionLapsed, "2026-10-09"), "尚未届满"},
		{"answer while consulting", []nianbao.Event{r, consult}, event(nianbao.EventAnswered, "2026-10-12", granted), "征求意见尚未结束"},
		{"opinion lapses early", []nianbao.Event{r, consult}, event(nianbao.EventConsultationLapsed, "2026-10-16", party("甲公司", "")), "2026-10-23前不能登记逾期"},
		{"opinion of nobody asked", []nianbao.Event{r, consult}, event(nianbao.EventConsultationAnswered, "2026-10-12", party("乙公司", "")), "没有向乙公司征求意见"},
		{"consulting twice", []nianbao.Event{r, consult}, event(nianbao.EventConsultationSent, "2026-09-25", party("甲公司", nianbao.PartyThird)), "已在征求甲公司的意见"},
		{"no party", []nianbao.Event{r}, event(nianbao.EventConsultationSent, "2026-09-25"), "请写明征求意见的第三方或机关"},
		{"fee lapses early", []nianbao.Event{r, event(nianbao.EventFeeNotice, "2026-09-21", fee(nianbao.FeePerPage, 31, 10))}, event(nianbao.EventFeeLapsed, "2026-10-20"), "前不能登记逾期未缴费"},
		{"paid without notice", []nianbao.Event{r}, event(nianbao.EventFeePaid, "2026-09-25"), "没有待缴费的收费通知"},
		{"fee without basis", []nianbao.Event{r}, event(nianbao.EventFeeNotice, "2026-09-25"), "按件还是按量"},
		{"answer while the fee is due", []nianbao.Event{r, event(nianbao.EventFeeNotice, "2026-09-21", fee(nianbao.FeePerPage, 31, 10))}, event(nianbao.EventAnswered, "2026-09-25", granted), "尚未缴费"},
		{"no outcome", []nianbao.Event{r}, event(nianbao.EventAnswered, "2026-09-25"), "请选择表三的一项办理结果"},
		{"total is no outcome", []nianbao.Event{r}, event(nianbao.EventAnswered, "2026-09-25", outcome(nianbao.Total)), "请选择表三的一项办理结果"},
		{"（六）1 by answer", []nianbao.Event{r}, event(nianbao.EventAnswered, "2026-09-25", outcome(nianbao.OtherNoCorrection)), "逾期未补正"},
		{"（四）3 without 补正", []nianbao.Event{r}, event(nianbao.EventAnswered, "2026-09-25", outcome(nianbao.UnavailableUnclear)), "须先登记发出补正通知"},
		{"forwarded to nobody", []nianbao.Event{r}, event(nianbao.EventForwarded, "2026-09-25"), "向哪一机关申请"},
		{"in the future", []nianbao.Event{r}, event(nianbao.EventAnswered, "2026-12-25", granted), "晚于今天"},
		{"no date", []nianbao.Event{r}, nianbao.Event{Kind: nianbao.EventWithdrawn}, "缺少日期"},
		{"unknown kind", []nianbao.Event{r}, event("reopened", "2026-09-25"), "没有这种事件"},
		{"no channel", nil, nianbao.Event{Kind: nianbao.EventReceived, Date: d("2026-09-18")}, "请选择申请方式"},
		{"no applicant class", nil, func() nianbao.Event { e := received("2026-09-18"); e.Applicant = nianbao.ColumnTotal; return e }(), "申请人类别"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := numbered(tt.before)
			if _, err := Verify(before, env("2026-12-01")); len(before) > 0 && err != nil {
				t.Fatalf("the events before: %v", err)
			}
			_, ev, err := Add(before, tt.ev, env("2026-12-01"))
			if err == nil || nianbao.ErrorCode(err) != nianbao.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("%v; want EINVALID with %q", err, tt.want)
			}
			if want := "第" + strconv.Itoa(len(before)+1) + "个事件（"; !strings.HasPrefix(err.Error(), want) || ev.Seq != len(before)+1 {
				t.Errorf("%q does not name the event", err)
			}
		})
	}
}

// TestStoredLapse: an opinion that lapsed after its 15 working days stays
// valid when a later correction of the calendar makes it early: the
// stored event gets a flag, a new one is refused.
func TestStoredLapse(t *testing.T) {
	evs := numbered([]nianbao.Event{received("2026-09-18"),
		event(nianbao.EventConsultationSent, "2026-09-24", party("甲公司", nianbao.PartyThird)),
		event(nianbao.EventConsultationLapsed, "2026-10-23", party("甲公司", ""))})
	e := env("2026-12-01")
	e.Calendar = calendar.New(calendar.Embedded(), []nianbao.CalendarDay{{Date: d("2026-10-19"), Name: "更正", Off: true, Note: "示例"}})
	c, err := Derive(evs, e)
	if err != nil || len(c.Flags) != 1 || !strings.Contains(c.Flags[0].Message, "不能登记逾期") || c.Flags[0].Seq != 3 {
		t.Errorf("Derive: %v, %+v", err, c.Flags)
	}
	if _, err := Verify(evs, e); err == nil {
		t.Error("Verify accepted the early lapse")
	}
}

func TestFee(t *testing.T) {
	tests := []struct {
		basis nianbao.FeeBasis
		units int
		want  int64
		bands int
	}{
		{nianbao.FeePerApplication, 45, 5500, 4},
		{nianbao.FeePerApplication, 10, 0, 1},
		{nianbao.FeePerApplication, 11, 100, 2},
		{nianbao.FeePerApplication, 30, 2000, 2},
		{nianbao.FeePerApplication, 31, 2200, 3},
		{nianbao.FeePerApplication, 60, 2000 + 2000 + 3000 + 4000, 5},
		{nianbao.FeePerPage, 250, 4700, 4},
		{nianbao.FeePerPage, 30, 0, 1},
		{nianbao.FeePerPage, 100, 700, 2},
		{nianbao.FeePerPage, 200, 2700, 3},
		{nianbao.FeePerPage, 0, 0, 0},
		{"", 100, 0, 0},
	}
	for _, tt := range tests {
		got, bands := FeeFor(tt.basis, tt.units)
		if got != tt.want || len(bands) != tt.bands {
			t.Errorf("FeeFor(%s, %d) = %d in %d bands; want %d in %d", tt.basis, tt.units, got, len(bands), tt.want, tt.bands)
		}
		var sum int64
		units := 0
		for _, b := range bands {
			sum += b.Amount
			units += b.Units
		}
		if sum != got || tt.bands > 0 && units != tt.units {
			t.Errorf("FeeFor(%s, %d): bands add up to %d元, %d units", tt.basis, tt.units, sum, units)
		}
	}
	_, bands := FeeFor(nianbao.FeePerApplication, 45)
	if got := bands[1].Label(nianbao.FeePerApplication); got != "11–30件：20件×100元＝2000元" {
		t.Errorf("band label %q", got)
	}
	_, bands = FeeFor(nianbao.FeePerPage, 250)
	if got := bands[3].Label(nianbao.FeePerPage); got != "201页以上：50页×40元＝2000元" {
		t.Errorf("band label %q", got)
	}
}
