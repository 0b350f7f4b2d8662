package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"nianbao"
	"nianbao/calendar"
	"nianbao/ledger"
)

// The request ledger (nianbao.LedgerService): bodies' registers, their
// requests as events (ledger_events, the truth) and the clock derived
// from them (the derived columns of ledger_requests), attachments as
// blobs. Every write derives the clock with package ledger, which also
// refuses the sequences the law does not allow.

var _ nianbao.LedgerService = (*Store)(nil)

// lockBody serialises the writers of one body's register on PostgreSQL
// (SQLite has one writer anyway), so that registration numbers are given
// out once and events are added one after another.
func (s *Store) lockBody(ctx context.Context, tx *sql.Tx, key string) error {
	if s.dialect.name != "postgres" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('ledger:' || $1))`, key)
	return internal(err)
}

func noBody(key string) error {
	return nianbao.Errorf(nianbao.ENOTFOUND, "没有“%s”的依申请公开台账", key)
}

// Bodies lists the bodies that keep a register, by name.
func (s *Store) Bodies(ctx context.Context) ([]*nianbao.Body, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key, name, place, settings FROM ledger_bodies ORDER BY name`)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	out := []*nianbao.Body{}
	for rows.Next() {
		b, err := scanBody(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, internal(rows.Err())
}

func scanBody(sc interface{ Scan(...any) error }) (*nianbao.Body, error) {
	var b nianbao.Body
	var settings string
	if err := sc.Scan(&b.Key, &b.Name, &b.Place, &settings); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(settings), &b.Settings); err != nil {
		return nil, internal(fmt.Errorf("body %s settings: %w", b.Key, err))
	}
	return &b, nil
}

// FindBody returns a body by its key.
func (s *Store) FindBody(ctx context.Context, key string) (*nianbao.Body, error) {
	return s.body(ctx, s.db, key)
}

func (s *Store) body(ctx context.Context, q querier, key string) (*nianbao.Body, error) {
	b, err := scanBody(q.QueryRowContext(ctx, `SELECT key, name, place, settings FROM ledger_bodies WHERE key = $1`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, noBody(key)
	}
	return b, internal(err)
}

// SaveBody creates a body's register or changes its name, place or
// settings. The key is the name folded (nianbao.AgencyKey) unless given. A
// new place or new settings recompute the body's open requests.
func (s *Store) SaveBody(ctx context.Context, b nianbao.Body) (*nianbao.Body, error) {
	b.Name, b.Place = strings.TrimSpace(b.Name), strings.TrimSpace(b.Place)
	if b.Name == "" {
		return nil, nianbao.Errorf(nianbao.EINVALID, "请写明机关名称")
	}
	if b.Key == "" {
		b.Key = nianbao.AgencyKey(b.Name)
	}
	if b.Settings.WithdrawnRow == 0 {
		b.Settings.WithdrawnRow = nianbao.DefaultLedgerSettings().WithdrawnRow
	}
	if spec := b.Settings.WithdrawnRow.Spec(); !spec.Outcome || b.Settings.WithdrawnRow == nianbao.Other {
		return nil, nianbao.Errorf(nianbao.EINVALID, "撤回的申请应计入表三的一项办理结果")
	}
	settings, err := json.Marshal(b.Settings)
	if err != nil {
		return nil, internal(err)
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, internal(err)
	}
	defer tx.Rollback()
	if err := s.lockBody(ctx, tx, b.Key); err != nil {
		return nil, err
	}
	old, err := s.body(ctx, tx, b.Key)
	now := time.Now().UTC().Truncate(time.Microsecond)
	switch {
	case nianbao.ErrorCode(err) == nianbao.ENOTFOUND:
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_bodies (key, name, place, settings, created_at) VALUES ($1, $2, $3, $4, $5)`,
			b.Key, b.Name, b.Place, string(settings), now); err != nil {
			return nil, internal(err)
		}
	case err != nil:
		return nil, err
	default:
		if _, err := tx.ExecContext(ctx, `UPDATE ledger_bodies SET name = $1, place = $2, settings = $3 WHERE key = $4`,
			b.Name, b.Place, string(settings), b.Key); err != nil {
			return nil, internal(err)
		}
		if old.Place != b.Place || old.Settings != b.Settings {
			cal, err := loadCalendar(ctx, tx)
			if err != nil {
				return nil, err
			}
			cause := "本机关的设置改变"
			if old.Place != b.Place {
				cause = fmt.Sprintf("本机关的地方由“%s”改为“%s”", old.Place, b.Place)
			}
			if _, err := s.recompute(ctx, tx, cal, cause, now, `r.body_key = $1 AND r.state <> 'concluded'`, b.Key); err != nil {
				return nil, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, internal(err)
	}
	return &b, nil
}

// env is what a body's clocks run on today.
func env(cal *calendar.Calendar, b *nianbao.Body) ledger.Env {
	return ledger.Env{Calendar: cal, Place: b.Place, Settings: b.Settings, AsOf: today()}
}

func deriveClock(events []nianbao.Event, cal *calendar.Calendar, place string, set nianbao.LedgerSettings, asOf nianbao.Date) (nianbao.Clock, error) {
	return ledger.Derive(events, ledger.Env{Calendar: cal, Place: place, Settings: set, AsOf: asOf})
}

// bodyEnv returns a body, read through q, and what its clocks run on today.
func (s *Store) bodyEnv(ctx context.Context, q querier, key string) (*nianbao.Body, ledger.Env, error) {
	b, err := s.body(ctx, q, key)
	if err != nil {
		return nil, ledger.Env{}, err
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return nil, ledger.Env{}, err
	}
	return b, env(cal, b), nil
}

// PreviewRequest derives the clock of a request not stored.
func (s *Store) PreviewRequest(ctx context.Context, body string, received nianbao.Event) (*nianbao.Clock, error) {
	_, e, err := s.bodyEnv(ctx, s.db, body)
	if err != nil {
		return nil, err
	}
	c, _, err := ledger.Add(nil, received, e)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// AddRequest registers a request from its received event. An empty
// number is given the next of the receipt year: 2026-0001, 2026-0002, ….
func (s *Store) AddRequest(ctx context.Context, body, number string, received nianbao.Event, files []nianbao.File) (*nianbao.Request, error) {
	r := &nianbao.Request{Number: strings.TrimSpace(number), Events: []nianbao.Event{received}}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, internal(err)
	}
	defer tx.Rollback()
	b, e, err := s.writeRegister(ctx, tx, body)
	if err != nil {
		return nil, err
	}
	if r.Clock, r.Events[0], err = ledger.Add(nil, received, e); err != nil {
		return nil, err
	}
	if err := s.insertRequest(ctx, tx, b, &numberer{key: b.Key, next: map[int]int{}}, r, map[int][]nianbao.File{1: files}); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, internal(err)
	}
	return s.FindRequest(ctx, r.ID, 0)
}

// writeRegister locks a body's register in tx and returns it with what
// its clocks run on.
func (s *Store) writeRegister(ctx context.Context, tx *sql.Tx, body string) (*nianbao.Body, ledger.Env, error) {
	if err := s.lockBody(ctx, tx, body); err != nil {
		return nil, ledger.Env{}, err
	}
	return s.bodyEnv(ctx, tx, body)
}

// VerifyRequests checks requests as ImportRequests does, storing nothing.
func (s *Store) VerifyRequests(ctx context.Context, body string, rs []*nianbao.Request) ([]error, error) {
	b, e, err := s.bodyEnv(ctx, s.db, body)
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(rs))
	seen := map[string]bool{}
	for i, r := range rs {
		if errs[i] = verify(r, e); errs[i] != nil {
			continue
		}
		if n := strings.TrimSpace(r.Number); n != "" {
			taken, err := s.numberTaken(ctx, s.db, b.Key, n)
			if err != nil {
				return nil, err
			}
			if taken || seen[n] {
				errs[i] = nianbao.Errorf(nianbao.EINVALID, "登记编号“%s”已在本机关的台账中", n)
			}
			seen[n] = true
		}
	}
	return errs, nil
}

// verify numbers a request's events and checks them all, deriving its clock.
func verify(r *nianbao.Request, e ledger.Env) error {
	for j := range r.Events {
		r.Events[j].Seq = j + 1
	}
	var err error
	r.Clock, err = ledger.Verify(r.Events, e)
	return err
}

// ImportRequests adds requests with their events, all or none: each is
// checked as if its events were added one by one.
func (s *Store) ImportRequests(ctx context.Context, body string, rs []*nianbao.Request) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return internal(err)
	}
	defer tx.Rollback()
	b, e, err := s.writeRegister(ctx, tx, body)
	if err != nil {
		return err
	}
	n := &numberer{key: b.Key, next: map[int]int{}}
	for i, r := range rs {
		if err := verify(r, e); err != nil {
			return nianbao.Errorf(nianbao.EINVALID, "第%d件申请（%s）：%s", i+1, r.Number, nianbao.ErrorMessage(err))
		}
		r.Number = strings.TrimSpace(r.Number)
		if err := s.insertRequest(ctx, tx, b, n, r, nil); err != nil {
			if nianbao.ErrorCode(err) == nianbao.EINVALID {
				return nianbao.Errorf(nianbao.EINVALID, "第%d件申请：%s", i+1, nianbao.ErrorMessage(err))
			}
			return err
		}
	}
	return internal(tx.Commit())
}

// insertRequest inserts a request whose clock is derived, its events and
// the files of its events (by seq), and sets its ID and Body.
func (s *Store) insertRequest(ctx context.Context, tx *sql.Tx, b *nianbao.Body, n *numberer, r *nianbao.Request, files map[int][]nianbao.File) error {
	rec := r.Events[0]
	if r.Number == "" {
		number, err := s.number(ctx, tx, n, r.Clock.Received.Year())
		if err != nil {
			return err
		}
		r.Number = number
	} else if taken, err := s.numberTaken(ctx, tx, b.Key, r.Number); err != nil {
		return err
	} else if taken {
		return nianbao.Errorf(nianbao.EINVALID, "登记编号“%s”已在本机关的台账中", r.Number)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	r.Body, r.CreatedAt, r.UpdatedAt = b.Key, now, now
	row := clockRow(r)
	args := append([]any{b.Key, r.Number, rec.Applicant.Key(), rec.ApplicantName, rec.Subject, max(1, rec.Items)}, row.args()...)
	args = append(args, now, now)
	if err := tx.QueryRowContext(ctx, `INSERT INTO ledger_requests (body_key, number, applicant, applicant_name, subject, items,
		state, received_on, due_on, due_status, concluded_on, outcome, withdrawn, late, extended, corrected, elapsed_wd, fee, fee_paid_on,
		created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
		RETURNING id`, args...).Scan(&r.ID); err != nil {
		return internal(err)
	}
	for i := range r.Events {
		if err := s.insertEvent(ctx, tx, r.ID, &r.Events[i], files[r.Events[i].Seq], now); err != nil {
			return err
		}
	}
	return nil
}

// numberer gives out the registration numbers of requests registered
// without one, in a transaction: the next of the receipt year (2026-0001,
// 2026-0002, …) not taken.
type numberer struct {
	key  string
	next map[int]int // year → the count to try next
}

func (s *Store) number(ctx context.Context, tx *sql.Tx, n *numberer, year int) (string, error) {
	prefix := strconv.Itoa(year) + "-"
	i, ok := n.next[year]
	if !ok {
		// Count the year's numbers once: a range of the (body_key, number) index.
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_requests WHERE body_key = $1 AND number >= $2 AND number < $3`,
			n.key, prefix, strconv.Itoa(year)+".").Scan(&i); err != nil {
			return "", internal(err)
		}
	}
	for ; ; i++ {
		number := fmt.Sprintf("%s%04d", prefix, i+1)
		if taken, err := s.numberTaken(ctx, tx, n.key, number); err != nil {
			return "", err
		} else if !taken {
			n.next[year] = i + 1
			return number, nil
		}
	}
}

func (s *Store) numberTaken(ctx context.Context, q querier, key, number string) (bool, error) {
	var exists int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_requests WHERE body_key = $1 AND number = $2`, key, number).Scan(&exists)
	return exists > 0, internal(err)
}

// insertEvent inserts an event and its files; the event's Attachments
// are set to what was stored.
func (s *Store) insertEvent(ctx context.Context, tx *sql.Tx, id int64, ev *nianbao.Event, files []nianbao.File, now time.Time) error {
	ev.RecordedAt, ev.Attachments = now, nil
	data, err := json.Marshal(stripped(*ev))
	if err != nil {
		return internal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_events (request_id, seq, kind, date, data, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		id, ev.Seq, string(ev.Kind), ev.Date.String(), string(data), now); err != nil {
		return internal(err)
	}
	for _, f := range files {
		a := nianbao.Attachment{Name: strings.TrimSpace(f.Name), ContentType: f.ContentType, Size: int64(len(f.Data))}
		if a.Name == "" {
			a.Name = "附件"
		}
		if a.ContentType == "" {
			a.ContentType = "application/octet-stream"
		}
		sum := sha256.Sum256(f.Data)
		a.SHA256 = hex.EncodeToString(sum[:])
		if err := tx.QueryRowContext(ctx, `INSERT INTO ledger_attachments (request_id, seq, name, content_type, size, sha256, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, id, ev.Seq, a.Name, a.ContentType, a.Size, a.SHA256, f.Data).Scan(&a.ID); err != nil {
			return internal(err)
		}
		ev.Attachments = append(ev.Attachments, a)
	}
	return nil
}

// stripped is an event as ledger_events.data keeps it: its attachments
// and the time it was recorded have columns of their own.
func stripped(ev nianbao.Event) nianbao.Event {
	ev.Attachments, ev.RecordedAt = nil, time.Time{}
	return ev
}

// AddEvent adds an event to a request, refusing what the law does not allow.
func (s *Store) AddEvent(ctx context.Context, id int64, ev nianbao.Event, files []nianbao.File) (*nianbao.Request, error) {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, internal(err)
	}
	defer tx.Rollback()
	var key string
	err = tx.QueryRowContext(ctx, `SELECT body_key FROM ledger_requests WHERE id = $1`, id).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, noRequest(id)
	} else if err != nil {
		return nil, internal(err)
	}
	_, e, err := s.writeRegister(ctx, tx, key)
	if err != nil {
		return nil, err
	}
	r := &nianbao.Request{ID: id, Body: key}
	if r.Events, err = s.events(ctx, tx, id, false); err != nil {
		return nil, err
	}
	if r.Clock, ev, err = ledger.Add(r.Events, ev, e); err != nil {
		return nil, err
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	if err := s.insertEvent(ctx, tx, id, &ev, files, now); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, updateClock, append(clockRow(r).args(), now, id)...); err != nil {
		return nil, internal(err)
	}
	if err := tx.Commit(); err != nil {
		return nil, internal(err)
	}
	return s.FindRequest(ctx, id, 0)
}

func noRequest(id int64) error {
	return nianbao.Errorf(nianbao.ENOTFOUND, "没有编号为 %d 的申请", id)
}

// events returns a request's events in order, with their attachments
// when asked.
func (s *Store) events(ctx context.Context, q querier, id int64, attachments bool) ([]nianbao.Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT data, recorded_at FROM ledger_events WHERE request_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []nianbao.Event
	for rows.Next() {
		var data []byte
		var recorded time.Time
		if err := rows.Scan(&data, &recorded); err != nil {
			return nil, internal(err)
		}
		ev, err := decodeEvent(id, data, recorded)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil || !attachments {
		return out, internal(err)
	}
	rows.Close()
	arows, err := q.QueryContext(ctx, `SELECT id, seq, name, content_type, size, sha256 FROM ledger_attachments WHERE request_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, internal(err)
	}
	defer arows.Close()
	for arows.Next() {
		var a nianbao.Attachment
		var seq int
		if err := arows.Scan(&a.ID, &seq, &a.Name, &a.ContentType, &a.Size, &a.SHA256); err != nil {
			return nil, internal(err)
		}
		if seq >= 1 && seq <= len(out) {
			out[seq-1].Attachments = append(out[seq-1].Attachments, a)
		}
	}
	return out, internal(arows.Err())
}

// decodeEvent reads an event of request id as ledger_events keeps it.
func decodeEvent(id int64, data []byte, recorded time.Time) (nianbao.Event, error) {
	var ev nianbao.Event
	if err := json.Unmarshal(data, &ev); err != nil {
		return ev, internal(fmt.Errorf("request %d event: %w", id, err))
	}
	ev.RecordedAt = recorded.UTC()
	return ev, nil
}

// FindRequest returns one request with its events and its clock as of
// asOf (zero: today), the reasoning included.
func (s *Store) FindRequest(ctx context.Context, id int64, asOf nianbao.Date) (*nianbao.Request, error) {
	r := &nianbao.Request{ID: id}
	var place, settings string
	err := s.db.QueryRowContext(ctx, `SELECT r.body_key, r.number, r.created_at, r.updated_at, b.place, b.settings
		FROM ledger_requests r JOIN ledger_bodies b ON b.key = r.body_key WHERE r.id = $1`, id).
		Scan(&r.Body, &r.Number, &r.CreatedAt, &r.UpdatedAt, &place, &settings)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, noRequest(id)
	} else if err != nil {
		return nil, internal(err)
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	var set nianbao.LedgerSettings
	if err := json.Unmarshal([]byte(settings), &set); err != nil {
		return nil, internal(err)
	}
	if r.Events, err = s.events(ctx, s.db, id, true); err != nil {
		return nil, err
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return nil, err
	}
	if asOf == 0 {
		asOf = today()
	}
	if r.Clock, err = deriveClock(r.Events, cal, place, set, asOf); err != nil {
		return nil, internal(fmt.Errorf("request %d: %w", id, err))
	}
	return r, nil
}

// Attachment returns a file kept with an event.
func (s *Store) Attachment(ctx context.Context, id int64) (*nianbao.Attachment, []byte, error) {
	var a nianbao.Attachment
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT id, name, content_type, size, sha256, data FROM ledger_attachments WHERE id = $1`, id).
		Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nianbao.Errorf(nianbao.ENOTFOUND, "没有编号为 %d 的附件", id)
	} else if err != nil {
		return nil, nil, internal(err)
	}
	return &a, data, nil
}

// Summaries returns every request of a body's register as table 三 counts them.
func (s *Store) Summaries(ctx context.Context, body string) ([]nianbao.RequestSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, applicant, items, received_on, concluded_on, outcome, withdrawn,
		elapsed_wd, late, extended, corrected, fee, fee_paid_on FROM ledger_requests WHERE body_key = $1 ORDER BY id`, body)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	out := []nianbao.RequestSummary{}
	var applicant, received string
	var concluded, outcome, feePaid sql.NullString
	var elapsed sql.NullInt64
	for rows.Next() {
		var r nianbao.RequestSummary
		if err := rows.Scan(&r.ID, &applicant, &r.Items, &received, &concluded, &outcome, &r.Withdrawn,
			&elapsed, &r.Late, &r.Extended, &r.Corrected, &r.Fee, &feePaid); err != nil {
			return nil, internal(err)
		}
		r.Applicant, _ = nianbao.ColumnByKey(applicant)
		r.Received, _ = nianbao.ParseDate(received)
		r.Concluded, r.FeePaidOn = parseNullDate(concluded), parseNullDate(feePaid)
		if outcome.Valid {
			r.Outcome, _ = nianbao.RowByKey(outcome.String)
		}
		r.ElapsedWD = int(elapsed.Int64)
		out = append(out, r)
	}
	if len(out) == 0 {
		if _, err := s.FindBody(ctx, body); err != nil {
			return nil, err
		}
	}
	return out, internal(rows.Err())
}

// clockColumns is a request's derived columns, comparable, in the order
// of updateClock.
type clockColumns struct {
	state, receivedOn                      string
	dueOn, dueStatus, concludedOn, outcome sql.NullString
	withdrawn, late, extended, corrected   bool
	elapsedWD                              sql.NullInt64
	fee                                    int64
	feePaidOn                              sql.NullString
}

func (c clockColumns) args() []any {
	return []any{c.state, c.receivedOn, c.dueOn, c.dueStatus, c.concludedOn, c.outcome,
		c.withdrawn, c.late, c.extended, c.corrected, c.elapsedWD, c.fee, c.feePaidOn}
}

const updateClock = `UPDATE ledger_requests SET state = $1, received_on = $2, due_on = $3, due_status = $4,
	concluded_on = $5, outcome = $6, withdrawn = $7, late = $8, extended = $9, corrected = $10, elapsed_wd = $11,
	fee = $12, fee_paid_on = $13, updated_at = $14 WHERE id = $15`

func nullDate(d nianbao.Date) sql.NullString {
	return sql.NullString{String: d.String(), Valid: d != 0}
}

// clockRow is the derived columns of a request's clock.
func clockRow(r *nianbao.Request) clockColumns {
	c := r.Clock
	row := clockColumns{state: string(c.State), receivedOn: c.Received.String(), dueOn: nullDate(c.Due),
		concludedOn: nullDate(c.Concluded), withdrawn: c.Withdrawn, late: c.Late, extended: c.Extended,
		corrected: c.Corrected, fee: c.FeeCharged, feePaidOn: nullDate(c.FeePaidOn)}
	if c.DueStatus != "" {
		row.dueStatus = sql.NullString{String: string(c.DueStatus), Valid: true}
	}
	if c.Outcome != 0 {
		row.outcome = sql.NullString{String: c.Outcome.Key(), Valid: true}
	}
	if c.State == nianbao.StateConcluded {
		row.elapsedWD = sql.NullInt64{Int64: int64(c.ElapsedWD), Valid: true}
	}
	return row
}

// clockSelect lists the derived columns of ledger_requests r in the order
// of clockColumns.dest.
const clockSelect = `r.state, r.received_on, r.due_on, r.due_status, r.concluded_on, r.outcome, r.withdrawn, r.late,
	r.extended, r.corrected, r.elapsed_wd, r.fee, r.fee_paid_on`

// dest is where Scan puts the columns of clockSelect.
func (c *clockColumns) dest() []any {
	return []any{&c.state, &c.receivedOn, &c.dueOn, &c.dueStatus, &c.concludedOn, &c.outcome, &c.withdrawn, &c.late,
		&c.extended, &c.corrected, &c.elapsedWD, &c.fee, &c.feePaidOn}
}
