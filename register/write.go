package register

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"nianbao"
)

// exportColumns are the export's columns: the fields an import reads,
// named as Guess recognises them, with what the register derives between.
var exportColumns = []struct {
	head  string
	width float64
	value func(*exportRow) any
}{
	{FieldNumber.Label(), 14, func(r *exportRow) any { return r.req.Number }},
	{FieldReceived.Label(), 12, func(r *exportRow) any { return date(r.req.Clock.Received) }},
	{FieldChannel.Label(), 10, func(r *exportRow) any { return r.rec.Channel.Label() }},
	{FieldApplicant.Label(), 12, func(r *exportRow) any { return r.rec.Applicant.Label() }},
	{FieldApplicantName.Label(), 14, func(r *exportRow) any { return r.rec.ApplicantName }},
	{FieldSubject.Label(), 36, func(r *exportRow) any { return r.rec.Subject }},
	{"状态", 10, func(r *exportRow) any { return r.req.Clock.State.Label() }},
	{"答复期限", 12, func(r *exportRow) any { return date(r.req.Clock.Due) }},
	{"日历状态", 8, func(r *exportRow) any {
		if r.req.Clock.DueStatus == "" {
			return ""
		}
		return r.req.Clock.DueStatus.Label()
	}},
	{"剩余工作日", 10, func(r *exportRow) any {
		if c := r.req.Clock; c.State != nianbao.StateConcluded && c.Due != 0 && c.AsOf != 0 {
			return c.DaysLeft
		}
		return ""
	}},
	{FieldCorrectionSent.Label(), 12, func(r *exportRow) any { return r.first(nianbao.EventCorrectionSent) }},
	{FieldCorrectionReceived.Label(), 12, func(r *exportRow) any { return r.first(nianbao.EventCorrectionReceived) }},
	{FieldConsultationSent.Label(), 12, func(r *exportRow) any { return r.first(nianbao.EventConsultationSent) }},
	{FieldConsultationEnded.Label(), 12, func(r *exportRow) any {
		return r.first(nianbao.EventConsultationAnswered, nianbao.EventConsultationLapsed)
	}},
	{FieldExtended.Label(), 12, func(r *exportRow) any { return r.first(nianbao.EventExtended) }},
	{FieldFeeNotice.Label(), 12, func(r *exportRow) any { return r.first(nianbao.EventFeeNotice) }},
	{FieldFeeBasis.Label(), 10, func(r *exportRow) any {
		if f := r.fee(); f != nil {
			return f.Basis.Label()
		}
		return ""
	}},
	{FieldFeeUnits.Label(), 8, func(r *exportRow) any {
		if f := r.fee(); f != nil {
			return f.Units
		}
		return ""
	}},
	{FieldFeeAmount.Label(), 10, func(r *exportRow) any {
		if f := r.fee(); f != nil {
			return f.Amount
		}
		return ""
	}},
	{FieldFeePaid.Label(), 12, func(r *exportRow) any { return r.first(nianbao.EventFeePaid) }},
	{FieldAnswered.Label(), 12, func(r *exportRow) any { return date(r.req.Clock.Concluded) }},
	{FieldOutcome.Label(), 30, func(r *exportRow) any { return r.outcome() }},
	{FieldGround.Label(), 20, func(r *exportRow) any {
		if e := r.end(); e != nil {
			return e.Ground
		}
		return ""
	}},
	{"是否逾期", 8, func(r *exportRow) any {
		if r.req.Clock.Late || r.req.Clock.Overdue {
			return "逾期"
		}
		return ""
	}},
	{FieldNote.Label(), 20, func(r *exportRow) any { return r.rec.Note }},
	{"事件记录", 60, func(r *exportRow) any { return r.history() }},
}

// exportRow is a request being written.
type exportRow struct {
	req *nianbao.Request
	rec *nianbao.Event
}

// date is a date cell: a date Excel shows as one, or nothing.
func date(d nianbao.Date) any {
	if d == 0 {
		return ""
	}
	return d.Time()
}

// first is the date of the first event of the kinds.
func (r *exportRow) first(kinds ...nianbao.EventKind) any {
	for i := range r.req.Events {
		for _, k := range kinds {
			if r.req.Events[i].Kind == k {
				return date(r.req.Events[i].Date)
			}
		}
	}
	return ""
}

func (r *exportRow) fee() *nianbao.Fee {
	for _, e := range r.req.Events {
		if e.Kind == nianbao.EventFeeNotice {
			return e.Fee
		}
	}
	return nil
}

// end is the event that concluded the request, or nil.
func (r *exportRow) end() *nianbao.Event {
	if n := len(r.req.Events); n > 0 && r.req.Events[n-1].Kind.Concludes() {
		return &r.req.Events[n-1]
	}
	return nil
}

// outcome writes how the request ended so that OutcomeOf reads it back.
func (r *exportRow) outcome() string {
	e := r.end()
	switch {
	case e == nil:
		return ""
	case e.Kind == nianbao.EventWithdrawn:
		return "撤回"
	case e.Kind == nianbao.EventForwarded:
		return "告知向" + e.ForwardedTo + "申请"
	}
	return r.req.Clock.Outcome.RowLabel()
}

func (r *exportRow) history() string {
	var parts []string
	for _, e := range r.req.Events {
		s := e.Date.String() + " " + e.Kind.Label()
		if e.Party != "" {
			s += "（" + e.Party + "）"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "；")
}

// WriteXLSX writes a register as an Excel workbook: one request a row,
// dates as dates, the derived clock beside the events' dates, the whole
// history in the last column. next returns the requests in pages (with
// their events) until it returns none.
func WriteXLSX(w io.Writer, body *nianbao.Body, next func() ([]*nianbao.Request, error)) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "依申请公开台账"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	headStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, c := range exportColumns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(exportColumns))
	for i, c := range exportColumns {
		head[i] = excelize.Cell{StyleID: headStyle, Value: c.head}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	line := 1
	for {
		rs, err := next()
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			break
		}
		for _, req := range rs {
			rec := req.Received()
			if rec == nil {
				return fmt.Errorf("request %d has no receipt", req.ID)
			}
			row := &exportRow{req: req, rec: rec}
			cells := make([]any, len(exportColumns))
			for i, c := range exportColumns {
				v := c.value(row)
				if _, ok := v.(time.Time); ok {
					v = excelize.Cell{StyleID: dateStyle, Value: v}
				}
				cells[i] = v
			}
			line++
			cell, _ := excelize.CoordinatesToCellName(1, line)
			if err := sw.SetRow(cell, cells); err != nil {
				return err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	f.SetDocProps(&excelize.DocProperties{Title: body.Name + "依申请公开台账", Creator: "nianbao"})
	return f.Write(w)
}
