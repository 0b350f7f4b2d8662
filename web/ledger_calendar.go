package web

import (
	"io"
	"net/http"
	"strconv"

	"nianbao"
	"nianbao/calendar"
)

type calendarPage struct {
	page
	Years     []nianbao.CalendarYear
	Days      []nianbao.CalendarDay
	Changes   []nianbao.DueChange
	Moved     []nianbao.DueChange // what the change just made moved
	Done      string
	Error     string
	Reckoning *nianbao.Reckoning
	Calc      map[string]string
	License   string
	Readme    string
}

// calendarData fills the page with what the calendar knows and its log.
func (s *Server) calendarData(r *http.Request, p *calendarPage) error {
	var err error
	if p.Years, err = s.opt.Ledger.CalendarYears(r.Context()); err != nil {
		return err
	}
	if p.Days, err = s.opt.Ledger.CalendarDays(r.Context()); err != nil {
		return err
	}
	p.Changes, err = s.opt.Ledger.DueChanges(r.Context(), 100)
	license, readme := calendar.License()
	p.License, p.Readme = string(license), string(readme)
	return err
}

func newCalendarPage() *calendarPage {
	return &calendarPage{page: page{Title: "工作日日历", Nav: "ledger"}, Calc: map[string]string{"days": "20"}}
}

// handleCalendar serves GET /ledger/calendar: each year's status and
// source, the days entered, the due dates changes moved, and a counter
// of working days (?date=&days=&place=).
func (s *Server) handleCalendar(w http.ResponseWriter, r *http.Request) {
	p := newCalendarPage()
	q := r.URL.Query()
	status := http.StatusOK
	if v := q.Get("date"); v != "" {
		p.Calc = map[string]string{"date": v, "days": q.Get("days"), "place": q.Get("place")}
		from, err := nianbao.ParseDate(v)
		n, nerr := strconv.Atoi(q.Get("days"))
		switch {
		case err != nil:
			p.Error = errorMessage(err)
		case nerr != nil:
			p.Error = "工作日数应为整数"
		default:
			if p.Reckoning, err = s.opt.Ledger.Reckon(r.Context(), q.Get("place"), from, n); err != nil {
				p.Error = errorMessage(err)
			}
		}
		if p.Error != "" {
			status = http.StatusUnprocessableEntity
		}
	}
	if err := s.calendarData(r, p); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, status, "ledger_calendar", p)
}

// calendarChanged shows the page after a change: what it moved, or why
// it was refused.
func (s *Server) calendarChanged(w http.ResponseWriter, r *http.Request, what string, moved []nianbao.DueChange, err error) {
	p := newCalendarPage()
	status := http.StatusOK
	if err != nil {
		if nianbao.ErrorCode(err) != nianbao.EINVALID {
			s.pageError(w, r, err)
			return
		}
		p.Error, status = errorMessage(err), errorStatus(err)
	} else {
		p.Done, p.Moved = what, moved
	}
	if err := s.calendarData(r, p); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, status, "ledger_calendar", p)
}

// handleCalendarYear serves POST /ledger/calendar/years: a year's holiday
// file loaded as its official data.
func (s *Server) handleCalendarYear(w http.ResponseWriter, r *http.Request) {
	if err := s.parseForm(w, r); err != nil {
		s.calendarChanged(w, r, "", nil, err)
		return
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 {
		s.calendarChanged(w, r, "", nil, nianbao.Errorf(nianbao.EINVALID, "请选择放假安排文件（holiday-cn 格式的 JSON）"))
		return
	}
	fh := r.MultipartForm.File["file"][0]
	f, err := fh.Open()
	if err != nil {
		s.calendarChanged(w, r, "", nil, nianbao.Errorf(nianbao.EINVALID, "文件未完整收到"))
		return
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		s.calendarChanged(w, r, "", nil, nianbao.Errorf(nianbao.EINVALID, "文件未完整收到"))
		return
	}
	moved, err := s.opt.Ledger.LoadCalendarYear(r.Context(), fh.Filename, data)
	s.calendarChanged(w, r, "已载入 "+fh.Filename, moved, err)
}

// handleCalendarDay serves POST /ledger/calendar/days: a correction of
// one day (place empty) or a regional day off.
func (s *Server) handleCalendarDay(w http.ResponseWriter, r *http.Request) {
	d := nianbao.CalendarDay{Name: r.FormValue("name"), Off: r.FormValue("off") != "0", Place: r.FormValue("place"), Note: r.FormValue("note")}
	var err error
	if d.Date, err = nianbao.ParseDate(r.FormValue("date")); err != nil {
		s.calendarChanged(w, r, "", nil, err)
		return
	}
	moved, err := s.opt.Ledger.CorrectCalendar(r.Context(), d)
	what := "已更正 " + d.Date.String()
	if d.Place != "" {
		what = "已增加" + d.Place + "的地方假日 " + d.Date.String()
	}
	s.calendarChanged(w, r, what, moved, err)
}

// apiCalendar serves GET /api/ledger/calendar.
func (s *Server) apiCalendar(w http.ResponseWriter, r *http.Request) {
	p := newCalendarPage()
	if err := s.calendarData(r, p); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"years": p.Years, "days": p.Days, "changes": p.Changes})
}
