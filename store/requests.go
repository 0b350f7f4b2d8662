package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"nianbao"
	"nianbao/calendar"
)

// requestSorts maps RequestFilter.Sort to the columns it orders by.
var requestSorts = map[string]string{
	"due":      "r.due_on",
	"received": "r.received_on",
	"number":   "r.number",
}

// openStates selects the requests not concluded, in the words of the
// partial index ledger_requests_open, which the due lists read in order.
const openStates = `r.state <> 'concluded'`

// FindRequests returns a page of the requests f selects, light: each
// with its received event only and its clock from the stored columns
// (state, dates, outcome, days left as of f.AsOf; no reasoning). FindRequest
// gives the whole request. With f.IDs, the page is of those requests in
// that order, and the other filters are not applied.
func (s *Store) FindRequests(ctx context.Context, f nianbao.RequestFilter) ([]*nianbao.Request, int, error) {
	asOf := f.AsOf
	if asOf == 0 {
		asOf = today()
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	offset := max(f.Offset, 0)
	if f.IDs != nil {
		ids := f.IDs[min(offset, len(f.IDs)):min(offset+limit, len(f.IDs))]
		if len(ids) == 0 {
			return []*nianbao.Request{}, len(f.IDs), nil
		}
		list, args := idList(ids)
		rs, err := s.requestList(ctx, cal, asOf, f.Full, ` WHERE r.id IN `+list, args...)
		if err != nil {
			return nil, 0, err
		}
		slices.SortFunc(rs, func(a, b *nianbao.Request) int {
			return slices.Index(ids, a.ID) - slices.Index(ids, b.ID)
		})
		return rs, len(f.IDs), nil
	}

	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	place := ""
	if f.Body != "" {
		b, err := s.FindBody(ctx, f.Body)
		if err != nil {
			return nil, 0, err
		}
		place = b.Place
		conds = append(conds, "r.body_key = "+arg(f.Body))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		like := arg("%" + likeEscape(q) + "%")
		conds = append(conds, fmt.Sprintf(`(r.number LIKE %[1]s ESCAPE '\' OR r.applicant_name LIKE %[1]s ESCAPE '\' OR r.subject LIKE %[1]s ESCAPE '\')`, like))
	}
	if f.State != "" {
		conds = append(conds, "r.state = "+arg(string(f.State)))
	}
	if f.Open || f.Overdue || f.DueWithin > 0 {
		conds = append(conds, openStates)
	}
	if f.Overdue {
		conds = append(conds, "r.due_on < "+arg(asOf.String()))
	}
	if f.DueWithin > 0 {
		conds = append(conds, "r.due_on >= "+arg(asOf.String()), "r.due_on <= "+arg(cal.AddWorkdays(asOf, f.DueWithin, place).String()))
	}
	if f.Year > 0 {
		conds = append(conds, "r.received_on >= "+arg(fmt.Sprintf("%04d-01-01", f.Year)),
			"r.received_on <= "+arg(fmt.Sprintf("%04d-12-31", f.Year)))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	sort, dir := f.Sort, "ASC"
	if sort == "" {
		sort = "due"
	}
	if strings.HasPrefix(sort, "-") {
		sort, dir = sort[1:], "DESC"
	}
	col, ok := requestSorts[sort]
	if !ok {
		return nil, 0, nianbao.Errorf(nianbao.EINVALID, "不能按“%s”排序（可用 due、received、number，前加“-”为降序）", f.Sort)
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_requests r`+where, args...).Scan(&total); err != nil {
		return nil, 0, internal(err)
	}
	if total == 0 || offset >= total {
		return []*nianbao.Request{}, total, nil
	}
	// The page's ids first, from the indexes alone; then the joins for
	// those only.
	order := fmt.Sprintf(" ORDER BY %s %s NULLS LAST, r.id %s", col, dir, dir)
	page := fmt.Sprintf("SELECT r.id FROM ledger_requests r%s%s LIMIT %d OFFSET %d", where, order, limit, offset)
	rs, err := s.requestList(ctx, cal, asOf, f.Full, " WHERE r.id IN ("+page+")"+order, args...)
	return rs, total, err
}

// idList is "($1,$2,…)" for ids and the arguments it takes: pages hold at
// most MaxLimit, well within both databases' limits on parameters.
func idList(ids []int64) (string, []any) {
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = fmt.Sprintf("$%d", i+1), id
	}
	return "(" + strings.Join(marks, ",") + ")", args
}

// likeEscape escapes LIKE's wildcards in s (with \ as the escape).
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// requestList reads light requests: the stored columns and the received
// event, or every event when full.
func (s *Store) requestList(ctx context.Context, cal *calendar.Calendar, asOf nianbao.Date, full bool, tail string, args ...any) ([]*nianbao.Request, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.body_key, r.number, r.created_at, r.updated_at, b.place, e.data, `+
		clockSelect+` FROM ledger_requests r JOIN ledger_bodies b ON b.key = r.body_key
		JOIN ledger_events e ON e.request_id = r.id AND e.seq = 1`+tail, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	out := []*nianbao.Request{}
	for rows.Next() {
		r := new(nianbao.Request)
		var place string
		var data []byte
		var c clockColumns
		if err := rows.Scan(append([]any{&r.ID, &r.Body, &r.Number, &r.CreatedAt, &r.UpdatedAt, &place, &data}, c.dest()...)...); err != nil {
			return nil, internal(err)
		}
		r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
		ev, err := decodeEvent(r.ID, data, time.Time{})
		if err != nil {
			return nil, err
		}
		r.Events = []nianbao.Event{ev}
		r.Clock = c.clock()
		if k := &r.Clock; k.State != nianbao.StateConcluded && k.Due != 0 {
			k.AsOf = asOf
			k.DaysLeft = cal.Workdays(asOf, k.Due, place)
			k.Overdue = asOf > k.Due
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil || !full || len(out) == 0 {
		return out, internal(err)
	}
	rows.Close()
	return out, s.allEvents(ctx, s.db, out)
}

// allEvents reads the events of requests (at most MaxLimit), one query
// for them all.
func (s *Store) allEvents(ctx context.Context, q querier, rs []*nianbao.Request) error {
	byID := make(map[int64]*nianbao.Request, len(rs))
	ids := make([]int64, len(rs))
	for i, r := range rs {
		byID[r.ID], ids[i] = r, r.ID
		r.Events = r.Events[:0]
	}
	list, args := idList(ids)
	rows, err := q.QueryContext(ctx, `SELECT request_id, data, recorded_at FROM ledger_events WHERE request_id IN `+
		list+` ORDER BY request_id, seq`, args...)
	if err != nil {
		return internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var data []byte
		var recorded time.Time
		if err := rows.Scan(&id, &data, &recorded); err != nil {
			return internal(err)
		}
		ev, err := decodeEvent(id, data, recorded)
		if err != nil {
			return err
		}
		byID[id].Events = append(byID[id].Events, ev)
	}
	return internal(rows.Err())
}

// clock is the clock as the stored columns give it.
func (c clockColumns) clock() nianbao.Clock {
	k := nianbao.Clock{State: nianbao.RequestState(c.state), Due: parseNullDate(c.dueOn),
		DueStatus: nianbao.CalendarStatus(c.dueStatus.String), Concluded: parseNullDate(c.concludedOn),
		Withdrawn: c.withdrawn, Late: c.late, Extended: c.extended, Corrected: c.corrected,
		ElapsedWD: int(c.elapsedWD.Int64), FeeCharged: c.fee, FeePaidOn: parseNullDate(c.feePaidOn)}
	k.Received, _ = nianbao.ParseDate(c.receivedOn)
	if c.outcome.Valid {
		k.Outcome, _ = nianbao.RowByKey(c.outcome.String)
	}
	return k
}
