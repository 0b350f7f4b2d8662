package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"nianbao"
	"nianbao/calendar"
)

// The working-day calendar the ledger's clocks run on: the embedded
// holiday files, with the files an administrator loaded (calendar_years)
// in place of theirs, and the corrections and regional days entered
// (calendar_days). Every change bumps calendar_version and recomputes the
// clocks it can move, logging each due date that moved.

// calendarCache keeps the calendar built from the database, as of a
// version of calendar_version.
type calendarCache struct {
	mu      sync.Mutex
	version int64
	cal     *calendar.Calendar
}

// today is the day it is in China.
func today() nianbao.Date { return nianbao.Today(time.Now()) }

// calendar returns the calendar as the database holds it now.
func (s *Store) calendar(ctx context.Context) (*calendar.Calendar, error) {
	var v int64
	if err := s.db.QueryRowContext(ctx, `SELECT version FROM calendar_version WHERE id = 1`).Scan(&v); err != nil {
		return nil, internal(err)
	}
	c := &s.calendars
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cal != nil && c.version == v {
		return c.cal, nil
	}
	cal, err := loadCalendar(ctx, s.db)
	if err != nil {
		return nil, err
	}
	c.cal, c.version = cal, v
	return cal, nil
}

// loadCalendar builds the calendar from what q holds.
func loadCalendar(ctx context.Context, q querier) (*calendar.Calendar, error) {
	years := calendar.Embedded()
	rows, err := q.QueryContext(ctx, `SELECT source, data FROM calendar_years ORDER BY year`)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var source string
		var data []byte
		if err := rows.Scan(&source, &data); err != nil {
			return nil, internal(err)
		}
		y, err := calendar.ParseYear(source, data)
		if err != nil {
			return nil, internal(err)
		}
		y.Source = "管理员载入 " + source
		years = append(years, y)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(err)
	}
	days, err := calendarDays(ctx, q)
	if err != nil {
		return nil, err
	}
	return calendar.New(years, days), nil
}

func calendarDays(ctx context.Context, q querier) ([]nianbao.CalendarDay, error) {
	rows, err := q.QueryContext(ctx, `SELECT place, date, name, off, note FROM calendar_days ORDER BY place, date`)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	out := []nianbao.CalendarDay{}
	for rows.Next() {
		var d nianbao.CalendarDay
		var date string
		if err := rows.Scan(&d.Place, &date, &d.Name, &d.Off, &d.Note); err != nil {
			return nil, internal(err)
		}
		if d.Date, err = nianbao.ParseDate(date); err != nil {
			return nil, internal(err)
		}
		out = append(out, d)
	}
	return out, internal(rows.Err())
}

// CalendarYears lists what the calendar knows of each year.
func (s *Store) CalendarYears(ctx context.Context) ([]nianbao.CalendarYear, error) {
	cal, err := s.calendar(ctx)
	if err != nil {
		return nil, err
	}
	return cal.Years(), nil
}

// CalendarDays lists the corrections and regional days entered.
func (s *Store) CalendarDays(ctx context.Context) ([]nianbao.CalendarDay, error) {
	return calendarDays(ctx, s.db)
}

// Reckon counts days working days from the day after from at place.
func (s *Store) Reckon(ctx context.Context, place string, from nianbao.Date, days int) (*nianbao.Reckoning, error) {
	if from == 0 || days < 0 || days > 1000 {
		return nil, nianbao.Errorf(nianbao.EINVALID, "请给出起算日期和 0 到 1000 之间的工作日数")
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return nil, err
	}
	return cal.Reckon(from, days, place), nil
}

// LoadCalendarYear loads a holiday file as its year's official data.
func (s *Store) LoadCalendarYear(ctx context.Context, name string, data []byte) ([]nianbao.DueChange, error) {
	y, err := calendar.ParseYear(name, data)
	if err != nil {
		return nil, err
	}
	if !y.Known() {
		return nil, nianbao.Errorf(nianbao.EINVALID, "%s 没有列出任何日期：%d年的放假安排尚未公布时不必载入（空的文件不表示没有节假日）", name, y.Year)
	}
	stored, err := json.Marshal(y)
	if err != nil {
		return nil, internal(err)
	}
	cause := fmt.Sprintf("载入%d年放假安排（%s）", y.Year, name)
	// The file can move the days from the December before its year on.
	since := nianbao.MakeDate(y.Year-1, time.December, 1)
	return s.changeCalendar(ctx, cause, since, "", func(tx *sql.Tx, now time.Time) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO calendar_years (year, source, data, loaded_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (year) DO UPDATE SET source = excluded.source, data = excluded.data, loaded_at = excluded.loaded_at`,
			y.Year, name, string(stored), now)
		return err
	})
}

// CorrectCalendar sets one day: a correction of the national calendar
// (Place "", with its basis in Note) or a regional day off.
func (s *Store) CorrectCalendar(ctx context.Context, d nianbao.CalendarDay) ([]nianbao.DueChange, error) {
	d.Name, d.Place, d.Note = strings.TrimSpace(d.Name), strings.TrimSpace(d.Place), strings.TrimSpace(d.Note)
	switch {
	case d.Date == 0:
		return nil, nianbao.Errorf(nianbao.EINVALID, "请给出日期")
	case d.Name == "":
		return nil, nianbao.Errorf(nianbao.EINVALID, "请写明节日或更正的名称")
	case d.Place == "" && d.Note == "":
		return nil, nianbao.Errorf(nianbao.EINVALID, "更正全国的日历须写明依据（如国务院办公厅的通知）")
	case d.Place != "" && !d.Off:
		return nil, nianbao.Errorf(nianbao.EINVALID, "地方只能增加放假日，不能把全国的假日改为工作日")
	}
	cause := fmt.Sprintf("更正%s：%s%s", d.Date, d.Name, map[bool]string{true: "放假", false: "上班"}[d.Off])
	if d.Place != "" {
		cause = fmt.Sprintf("%s地方假日：%s %s", d.Place, d.Date, d.Name)
	}
	return s.changeCalendar(ctx, cause, d.Date, d.Place, func(tx *sql.Tx, now time.Time) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO calendar_days (place, date, name, off, note, entered_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (place, date) DO UPDATE SET name = excluded.name, off = excluded.off, note = excluded.note, entered_at = excluded.entered_at`,
			d.Place, d.Date.String(), d.Name, d.Off, d.Note, now)
		return err
	})
}

// changeCalendar writes a calendar change in a transaction, bumps the
// version, and recomputes the requests whose clocks it can move: the open
// ones, and those concluded on or after since (their lateness); at place
// only, when place is not "". It returns the due dates of open requests
// that moved.
func (s *Store) changeCalendar(ctx context.Context, cause string, since nianbao.Date, place string,
	write func(tx *sql.Tx, now time.Time) error) ([]nianbao.DueChange, error) {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, internal(err)
	}
	defer tx.Rollback()
	if s.dialect.name == "postgres" {
		// One calendar change at a time, whoever makes it.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7253842)`); err != nil {
			return nil, internal(err)
		}
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	if err := write(tx, now); err != nil {
		return nil, internal(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE calendar_version SET version = version + 1 WHERE id = 1`); err != nil {
		return nil, internal(err)
	}
	cal, err := loadCalendar(ctx, tx)
	if err != nil {
		return nil, err
	}
	where, args := `(r.state <> 'concluded' OR r.concluded_on >= $1)`, []any{since.String()}
	if place != "" {
		where += ` AND b.place = $2`
		args = append(args, place)
	}
	changes, err := s.recompute(ctx, tx, cal, cause, now, where, args...)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, internal(err)
	}
	return changes, nil
}

// recompute derives again the clocks of the requests where selects (over
// ledger_requests r joined with ledger_bodies b), writes those that
// changed, and logs each open request whose due date or its status moved.
func (s *Store) recompute(ctx context.Context, tx *sql.Tx, cal *calendar.Calendar, cause string, now time.Time,
	where string, args ...any) ([]nianbao.DueChange, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.body_key, r.number, b.place, b.settings, `+clockSelect+`
		FROM ledger_requests r JOIN ledger_bodies b ON b.key = r.body_key WHERE `+where+` ORDER BY r.id`, args...)
	if err != nil {
		return nil, internal(err)
	}
	type target struct {
		req      *nianbao.Request
		place    string
		settings string
		old      clockColumns
	}
	var targets []*target
	for rows.Next() {
		t := &target{req: new(nianbao.Request)}
		if err := rows.Scan(append([]any{&t.req.ID, &t.req.Body, &t.req.Number, &t.place, &t.settings}, t.old.dest()...)...); err != nil {
			rows.Close()
			return nil, internal(err)
		}
		targets = append(targets, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err)
	}
	changes := []nianbao.DueChange{}
	asOf := today()
	for len(targets) > 0 {
		chunk := targets[:min(len(targets), MaxLimit)]
		targets = targets[len(chunk):]
		reqs := make([]*nianbao.Request, len(chunk))
		for i, t := range chunk {
			reqs[i] = t.req
		}
		if err := s.allEvents(ctx, tx, reqs); err != nil {
			return nil, err
		}
		for _, t := range chunk {
			r, old := t.req, t.old
			var set nianbao.LedgerSettings
			if err := json.Unmarshal([]byte(t.settings), &set); err != nil {
				return nil, internal(err)
			}
			c, err := deriveClock(r.Events, cal, t.place, set, asOf)
			if err != nil {
				return nil, internal(fmt.Errorf("request %d: %w", r.ID, err))
			}
			r.Clock = c
			row := clockRow(r)
			if row == old {
				continue
			}
			if _, err := tx.ExecContext(ctx, updateClock, append(row.args(), now, r.ID)...); err != nil {
				return nil, internal(err)
			}
			if old.state == string(nianbao.StateConcluded) || old.dueOn == row.dueOn && old.dueStatus == row.dueStatus {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_due_changes (request_id, old_due, new_due, old_status, new_status, cause, changed_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, r.ID, old.dueOn, row.dueOn, old.dueStatus, row.dueStatus, cause, now); err != nil {
				return nil, internal(err)
			}
			changes = append(changes, nianbao.DueChange{RequestID: r.ID, Body: r.Body, Number: r.Number, Old: parseNullDate(old.dueOn),
				New: c.Due, OldStatus: nianbao.CalendarStatus(old.dueStatus.String), NewStatus: c.DueStatus, Cause: cause, At: now})
		}
	}
	return changes, nil
}

// DueChanges lists the due dates calendar changes moved, latest first.
func (s *Store) DueChanges(ctx context.Context, limit int) ([]nianbao.DueChange, error) {
	if limit <= 0 || limit > MaxLimit {
		limit = MaxLimit
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.request_id, r.body_key, r.number, c.old_due, c.new_due, c.old_status, c.new_status, c.cause, c.changed_at
		FROM ledger_due_changes c JOIN ledger_requests r ON r.id = c.request_id ORDER BY c.id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	out := []nianbao.DueChange{}
	for rows.Next() {
		var c nianbao.DueChange
		var oldDue, newDue, oldStatus, newStatus sql.NullString
		if err := rows.Scan(&c.RequestID, &c.Body, &c.Number, &oldDue, &newDue, &oldStatus, &newStatus, &c.Cause, &c.At); err != nil {
			return nil, internal(err)
		}
		c.Old, c.New = parseNullDate(oldDue), parseNullDate(newDue)
		c.OldStatus, c.NewStatus = nianbao.CalendarStatus(oldStatus.String), nianbao.CalendarStatus(newStatus.String)
		c.At = c.At.UTC()
		out = append(out, c)
	}
	return out, internal(rows.Err())
}

// parseNullDate reads a stored ISO date; NULL is no date.
func parseNullDate(s sql.NullString) nianbao.Date {
	if !s.Valid {
		return 0
	}
	d, _ := nianbao.ParseDate(s.String)
	return d
}
