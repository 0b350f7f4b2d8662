package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"nianbao"
	"nianbao/ledger"
)

// maxFormBytes caps a form with its attachments.
const maxFormMemory = 8 << 20

// parseForm reads a form, multipart or not, within the upload limit.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 4*s.opt.Limits.MaxFileBytes)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		err = r.ParseMultipartForm(maxFormMemory)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return nianbao.Errorf(nianbao.EINVALID, "表单无法读取（文件过大或上传中断）：%v", err)
	}
	return nil
}

// formFiles reads the files of a form's "file" fields.
func formFiles(r *http.Request) ([]nianbao.File, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []nianbao.File
	for _, fh := range r.MultipartForm.File["file"] {
		f, err := fh.Open()
		if err != nil {
			return nil, nianbao.Errorf(nianbao.EINVALID, "附件“%s”无法读取", fh.Filename)
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, nianbao.Errorf(nianbao.EINVALID, "附件“%s”未完整收到", fh.Filename)
		}
		if len(data) == 0 {
			continue
		}
		out = append(out, nianbao.File{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Data: data})
	}
	return out, nil
}

// eventForm reads an event from a form whose fields are named as the
// event's JSON (kind, date, channel, applicant, fee_basis …).
func eventForm(get func(string) string) (nianbao.Event, error) {
	ev := nianbao.Event{Kind: nianbao.EventKind(get("kind")), Note: strings.TrimSpace(get("note")),
		Channel: nianbao.Channel(get("channel")), ApplicantName: strings.TrimSpace(get("applicant_name")),
		Subject: strings.TrimSpace(get("subject")), Reason: nianbao.CorrectionReason(get("reason")),
		Delivery: strings.TrimSpace(get("delivery")), Party: strings.TrimSpace(get("party")),
		PartyKind: nianbao.PartyKind(get("party_kind")), Ground: strings.TrimSpace(get("ground")),
		ForwardedTo: strings.TrimSpace(get("forwarded_to"))}
	var errs []string
	date := func(key, label string) nianbao.Date {
		v := strings.TrimSpace(get(key))
		if v == "" {
			return 0
		}
		d, err := nianbao.ParseDate(v)
		if err != nil {
			errs = append(errs, label+"：“"+v+"”不是日期")
		}
		return d
	}
	num := func(key, label string) int {
		v := strings.TrimSpace(get(key))
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			errs = append(errs, label+"应为非负整数："+v)
		}
		return n
	}
	ev.Date = date("date", "日期")
	ev.Restored = date("restored", "恢复联系日期")
	ev.Deadline = date("deadline", "补正期限")
	ev.ApprovedOn = date("approved_on", "批准日期")
	ev.NewDue = date("new_due", "延迟答复期限")
	ev.Items = num("items", "拆分件数")
	ev.Days = num("days", "延长的工作日数")
	if v := get("applicant"); v != "" {
		if c, ok := nianbao.ColumnByKey(v); ok {
			ev.Applicant = c
		} else {
			errs = append(errs, "申请人类别不对："+v)
		}
	}
	if v := get("outcome"); v != "" {
		if row, ok := nianbao.RowByKey(v); ok {
			ev.Outcome = row
		} else {
			errs = append(errs, "办理结果不对："+v)
		}
	}
	if basis := nianbao.FeeBasis(get("fee_basis")); basis != "" {
		ev.Fee = &nianbao.Fee{Basis: basis, Units: num("fee_units", "计费数量")}
		if v := strings.TrimSpace(get("fee_amount")); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				errs = append(errs, "收费金额应为整元数："+v)
			}
			ev.Fee.Amount = n
		} else {
			ev.Fee.Amount, _ = ledger.FeeFor(basis, ev.Fee.Units)
		}
	}
	if len(errs) > 0 {
		return ev, nianbao.Errorf(nianbao.EINVALID, "%s", strings.Join(errs, "；"))
	}
	return ev, nil
}

type newRequestPage struct {
	page
	Body   *nianbao.Body
	Form   map[string]string
	Clock  *nianbao.Clock // the preview, when asked for
	Error  string
	Number string
}

// handleNewRequest serves GET /ledger/bodies/{body}/new.
func (s *Server) handleNewRequest(w http.ResponseWriter, r *http.Request) {
	b, err := s.findBody(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	form := map[string]string{"channel": string(nianbao.ChannelOnline), "applicant": nianbao.NaturalPerson.Key(),
		"date": nianbao.Today(time.Now()).String()}
	s.render(w, r, http.StatusOK, "ledger_new", &newRequestPage{page: page{Title: "登记申请 · " + b.Name, Nav: "ledger"}, Body: b, Form: form})
}

// handleAddRequest serves POST /ledger/bodies/{body}/requests: with
// preview set, the form again with the due date the receipt gives (the
// form works without JavaScript); else the request is registered.
func (s *Server) handleAddRequest(w http.ResponseWriter, r *http.Request) {
	b, err := s.findBody(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &newRequestPage{page: page{Title: "登记申请 · " + b.Name, Nav: "ledger"}, Body: b, Form: map[string]string{}}
	fail := func(err error) {
		if nianbao.ErrorCode(err) != nianbao.EINVALID {
			s.pageError(w, r, err)
			return
		}
		p.Error = errorMessage(err)
		s.render(w, r, errorStatus(err), "ledger_new", p)
	}
	if err := s.parseForm(w, r); err != nil {
		fail(err)
		return
	}
	for k := range r.Form {
		p.Form[k] = r.FormValue(k)
	}
	ev, err := eventForm(r.FormValue)
	if err != nil {
		fail(err)
		return
	}
	ev.Kind = nianbao.EventReceived
	if r.FormValue("preview") != "" {
		if p.Clock, err = s.opt.Ledger.PreviewRequest(r.Context(), b.Key, ev); err != nil {
			fail(err)
			return
		}
		s.render(w, r, http.StatusOK, "ledger_new", p)
		return
	}
	files, err := formFiles(r)
	if err != nil {
		fail(err)
		return
	}
	req, err := s.opt.Ledger.AddRequest(r.Context(), b.Key, r.FormValue("number"), ev, files)
	if err != nil {
		fail(err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/ledger/requests/%d", req.ID), http.StatusSeeOther)
}

// duePreview is the answer of GET /api/ledger/due.
type duePreview struct {
	Due         nianbao.Date           `json:"due"`
	DueLabel    string                 `json:"due_label"`
	Status      nianbao.CalendarStatus `json:"status"`
	StatusLabel string                 `json:"status_label"`
	Received    nianbao.Date           `json:"received"`
	Rule        string                 `json:"rule"`       // the channel's receipt-date rule
	DateLabel   string                 `json:"date_label"` // what the date field holds for the channel
	Reasons     []string               `json:"reasons"`
}

// apiDue serves GET /api/ledger/due?body=&channel=&date=&restored=: the
// due date a receipt gives, with its reasoning, for the new-request form.
func (s *Server) apiDue(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ev, err := eventForm(q.Get)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ev.Kind = nianbao.EventReceived
	c, err := s.opt.Ledger.PreviewRequest(r.Context(), q.Get("body"), ev)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	p := duePreview{Due: c.Due, DueLabel: c.Due.Label(), Status: c.DueStatus, StatusLabel: c.DueStatus.Label(),
		Received: c.Received, Rule: ev.Channel.Rule(), DateLabel: ev.Channel.DateLabel(), Reasons: c.Reasons}
	if c.Reckoning != nil {
		p.Reasons = append(p.Reasons, c.Reckoning.Reasons...)
	}
	writeJSON(w, http.StatusOK, p)
}

// apiFee serves GET /api/ledger/fee?basis=&units=: the 109号 fee, band by band.
func (s *Server) apiFee(w http.ResponseWriter, r *http.Request) {
	basis := nianbao.FeeBasis(r.URL.Query().Get("basis"))
	units, err := strconv.Atoi(r.URL.Query().Get("units"))
	if err != nil || units < 0 || basis.Label() == string(basis) {
		s.apiError(w, r, nianbao.Errorf(nianbao.EINVALID, "请给出 basis（per_application 或 per_page）和非负整数 units"))
		return
	}
	amount, bands := ledger.FeeFor(basis, units)
	labels := []string{}
	for _, b := range bands {
		labels = append(labels, b.Label(basis))
	}
	writeJSON(w, http.StatusOK, map[string]any{"amount": amount, "bands": labels})
}

type requestPage struct {
	page
	Body  *nianbao.Body
	Req   *nianbao.Request
	Rec   *nianbao.Event
	Flags map[int][]string // event seq → its flags
	Forms []eventFormView  // the events that can follow
	Error string
}

// eventFormView is the form of one kind of event on a request's page.
type eventFormView struct {
	Kind  nianbao.EventKind
	Open  bool              // the form that failed, open again
	Form  map[string]string // its values
	Today string
}

// nextEvents are the events a request's state can take, in the order the
// page offers them; the service refuses any other sequence anyway.
func nextEvents(req *nianbao.Request) []nianbao.EventKind {
	c := req.Clock
	has := func(k nianbao.EventKind) bool {
		for _, e := range req.Events {
			if e.Kind == k {
				return true
			}
		}
		return false
	}
	var out []nianbao.EventKind
	add := func(ok bool, ks ...nianbao.EventKind) {
		if ok {
			out = append(out, ks...)
		}
	}
	switch c.State {
	case nianbao.StateOpen:
		add(true, nianbao.EventAnswered)
		add(!has(nianbao.EventCorrectionSent), nianbao.EventCorrectionSent)
		add(true, nianbao.EventConsultationSent)
		add(!c.Extended, nianbao.EventExtended)
		add(true, nianbao.EventReasonsAsked, nianbao.EventFeeNotice, nianbao.EventForwarded, nianbao.EventWithdrawn)
	case nianbao.StateCorrection:
		add(true, nianbao.EventCorrectionReceived, nianbao.EventCorrectionLapsed, nianbao.EventWithdrawn)
	case nianbao.StateConsultation:
		add(true, nianbao.EventConsultationAnswered, nianbao.EventConsultationLapsed, nianbao.EventConsultationSent)
		add(!c.Extended, nianbao.EventExtended)
		add(true, nianbao.EventWithdrawn)
	case nianbao.StateFee:
		add(true, nianbao.EventFeePaid, nianbao.EventFeeLapsed)
		add(!c.Extended, nianbao.EventExtended)
		add(true, nianbao.EventWithdrawn)
	}
	return out
}

func (s *Server) requestPage(r *http.Request, req *nianbao.Request) (*requestPage, error) {
	b, err := s.ledgerBody(r, req.Body)
	if err != nil {
		return nil, err
	}
	p := &requestPage{page: page{Title: "申请 " + req.Number + " · " + b.Name, Nav: "ledger"}, Body: b, Req: req,
		Rec: req.Received(), Flags: map[int][]string{}}
	today := nianbao.Today(time.Now()).String()
	for _, k := range nextEvents(req) {
		p.Forms = append(p.Forms, eventFormView{Kind: k, Form: map[string]string{}, Today: today})
	}
	for _, f := range req.Clock.Flags {
		p.Flags[f.Seq] = append(p.Flags[f.Seq], f.Message)
	}
	return p, nil
}

// showRequest renders a request's page with status, after edit has had
// its say on the page.
func (s *Server) showRequest(w http.ResponseWriter, r *http.Request, id int64, status int, edit func(*requestPage)) {
	req, err := s.opt.Ledger.FindRequest(r.Context(), id, 0)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p, err := s.requestPage(r, req)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	edit(p)
	s.render(w, r, status, "ledger_request", p)
}

// handleRequest serves GET /ledger/requests/{id}: the request's timeline,
// its clock with the reasoning, and forms for the events that can follow.
func (s *Server) handleRequest(w http.ResponseWriter, r *http.Request) {
	id, err := requestID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.showRequest(w, r, id, http.StatusOK, func(*requestPage) {})
}

// handleAddEvent serves POST /ledger/requests/{id}/events. An event the
// law does not allow comes back on the request's page with the reason,
// the form as it was filled.
func (s *Server) handleAddEvent(w http.ResponseWriter, r *http.Request) {
	id, err := requestID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	err = s.parseForm(w, r)
	var ev nianbao.Event
	var files []nianbao.File
	if err == nil {
		ev, err = eventForm(r.FormValue)
	}
	if err == nil {
		files, err = formFiles(r)
	}
	if err == nil {
		if _, err = s.opt.Ledger.AddEvent(r.Context(), id, ev, files); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/ledger/requests/%d#timeline", id), http.StatusSeeOther)
			return
		}
	}
	if nianbao.ErrorCode(err) != nianbao.EINVALID {
		s.pageError(w, r, err)
		return
	}
	s.showRequest(w, r, id, errorStatus(err), func(p *requestPage) {
		p.Error = errorMessage(err)
		for i := range p.Forms {
			if f := &p.Forms[i]; f.Kind == ev.Kind {
				f.Open = true
				for k := range r.Form {
					f.Form[k] = r.FormValue(k)
				}
			}
		}
	})
}

// apiAddEvent serves POST /api/ledger/requests/{id}/events: an event as
// JSON (the request's JSON names its fields), the request as it is then.
func (s *Server) apiAddEvent(w http.ResponseWriter, r *http.Request) {
	id, err := requestID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var ev nianbao.Event
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&ev); err != nil {
		s.apiError(w, r, nianbao.Errorf(nianbao.EINVALID, "事件应为 JSON：%v", err))
		return
	}
	req, err := s.opt.Ledger.AddEvent(r.Context(), id, ev, nil)
	s.writeAPI(w, r, req, err)
}

// handleAttachment serves a file kept with an event, as a download.
func (s *Server) handleAttachment(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.pageError(w, r, nianbao.Errorf(nianbao.ENOTFOUND, "没有这个附件"))
		return
	}
	a, data, err := s.opt.Ledger.Attachment(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}
