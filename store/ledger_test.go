package store

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"nianbao"
	"nianbao/calendar"
	"nianbao/internal/ledgergen"
	"nianbao/ledger"
)

func ldate(t testing.TB, s string) nianbao.Date {
	t.Helper()
	d, err := nianbao.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func saveBody(t testing.TB, s *Store, name, place string) *nianbao.Body {
	t.Helper()
	b, err := s.SaveBody(context.Background(), nianbao.Body{Name: name, Place: place, Settings: nianbao.DefaultLedgerSettings()})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func receivedOn(t testing.TB, date string, applicant nianbao.Column) nianbao.Event {
	return nianbao.Event{Kind: nianbao.EventReceived, Date: ldate(t, date), Channel: nianbao.ChannelPost,
		Applicant: applicant, ApplicantName: "张三", Subject: "2025年某道路改造工程的招标文件"}
}

func addRequest(t testing.TB, s *Store, body, number string, ev nianbao.Event, files ...nianbao.File) *nianbao.Request {
	t.Helper()
	r, err := s.AddRequest(context.Background(), body, number, ev, files)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestLedgerBodies(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		b := saveBody(t, s, " 某市 生态环境局 ", "")
		if b.Key != "某市生态环境局" || b.Name != "某市 生态环境局" || b.Settings.WithdrawnRow != nianbao.OtherOther {
			t.Errorf("saved %+v", b)
		}
		b.Place, b.Settings.CountItems = "某自治区", true
		if _, err := s.SaveBody(ctx, *b); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindBody(ctx, "某市生态环境局")
		if err != nil || got.Place != "某自治区" || !got.Settings.CountItems {
			t.Errorf("FindBody: %+v, %v", got, err)
		}
		saveBody(t, s, "甲县人民政府", "")
		bs, err := s.Bodies(ctx)
		if err != nil || len(bs) != 2 || bs[0].Name != "某市 生态环境局" {
			t.Errorf("Bodies: %+v, %v", bs, err)
		}
		if _, err := s.FindBody(ctx, "无此机关"); nianbao.ErrorCode(err) != nianbao.ENOTFOUND {
			t.Errorf("missing body: %v", err)
		}
		bad := nianbao.Body{Name: "乙局", Settings: nianbao.LedgerSettings{WithdrawnRow: nianbao.Total}}
		if _, err := s.SaveBody(ctx, bad); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("withdrawals under 总计: %v", err)
		}
		if _, err := s.SaveBody(ctx, nianbao.Body{}); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("no name: %v", err)
		}
	})
}

// TestLedgerRequests: a request registered, its clock as events are
// added, an invalid event refused with nothing stored, attachments kept
// byte for byte, the lists and the search.
func TestLedgerRequests(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		b := saveBody(t, s, "某市生态环境局", "")
		application := nianbao.File{Name: "申请表.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 申请表\x00\xff")}
		r := addRequest(t, s, b.Key, "", receivedOn(t, "2026-09-18", nianbao.Commercial), application)
		if r.Number != "2026-0001" || r.Clock.Due.String() != "2026-10-22" || r.Clock.State != nianbao.StateOpen ||
			r.Clock.DueStatus != nianbao.CalendarOfficial || r.Clock.Reckoning == nil || len(r.Events[0].Attachments) != 1 {
			t.Fatalf("registered %+v", r)
		}
		a := r.Events[0].Attachments[0]
		meta, data, err := s.Attachment(ctx, a.ID)
		if err != nil || !bytes.Equal(data, application.Data) || meta.Name != "申请表.pdf" || meta.Size != int64(len(data)) || len(meta.SHA256) != 64 {
			t.Errorf("attachment %+v, %v", meta, err)
		}
		if _, _, err := s.Attachment(ctx, a.ID+100); nianbao.ErrorCode(err) != nianbao.ENOTFOUND {
			t.Errorf("missing attachment: %v", err)
		}
		r2 := addRequest(t, s, b.Key, "", receivedOn(t, "2026-09-18", nianbao.NaturalPerson))
		if r2.Number != "2026-0002" {
			t.Errorf("second number %s", r2.Number)
		}
		if _, err := s.AddRequest(ctx, b.Key, "2026-0002", receivedOn(t, "2026-09-21", nianbao.NaturalPerson), nil); nianbao.ErrorCode(err) != nianbao.EINVALID || !strings.Contains(err.Error(), "已在本机关的台账中") {
			t.Errorf("duplicate number: %v", err)
		}
		if _, err := s.AddRequest(ctx, "无此机关", "", receivedOn(t, "2026-09-21", nianbao.NaturalPerson), nil); nianbao.ErrorCode(err) != nianbao.ENOTFOUND {
			t.Errorf("no body: %v", err)
		}

		ext := nianbao.Event{Kind: nianbao.EventExtended, Date: ldate(t, "2026-10-20"), ApprovedOn: ldate(t, "2026-10-19")}
		notice := nianbao.File{Name: "延期答复告知书.docx", Data: []byte("PK\x03\x04")}
		r, err = s.AddEvent(ctx, r.ID, ext, []nianbao.File{notice})
		if err != nil || r.Clock.Due.String() != "2026-11-19" || !r.Clock.Extended || len(r.Events) != 2 || len(r.Events[1].Attachments) != 1 || r.Events[1].Seq != 2 {
			t.Fatalf("extended: %+v, %v", r, err)
		}
		if _, err := s.AddEvent(ctx, r.ID, ext, nil); nianbao.ErrorCode(err) != nianbao.EINVALID || !strings.Contains(err.Error(), "延期答复只能一次") {
			t.Errorf("second extension: %v", err)
		}
		if _, err := s.AddEvent(ctx, r.ID+100, ext, nil); nianbao.ErrorCode(err) != nianbao.ENOTFOUND {
			t.Errorf("no request: %v", err)
		}
		if got, _ := s.FindRequest(ctx, r.ID, 0); len(got.Events) != 2 {
			t.Errorf("the refused event was stored: %d events", len(got.Events))
		}
		answer := nianbao.Event{Kind: nianbao.EventAnswered, Date: ldate(t, "2026-11-02"), Outcome: nianbao.PartiallyGranted, Ground: "条例第三十七条"}
		if r, err = s.AddEvent(ctx, r.ID, answer, nil); err != nil || r.Clock.State != nianbao.StateConcluded || r.Clock.Late {
			t.Fatalf("answered: %+v, %v", r.Clock, err)
		}
		// A third, overdue as of 2026-10-23; the second's due is 2026-10-22.
		addRequest(t, s, b.Key, "甲-3", receivedOn(t, "2026-10-09", nianbao.NaturalPerson))
		asOf := ldate(t, "2026-10-23")
		rs, total, err := s.FindRequests(ctx, nianbao.RequestFilter{Body: b.Key, Overdue: true, AsOf: asOf})
		if err != nil || total != 1 || rs[0].ID != r2.ID || !rs[0].Clock.Overdue || rs[0].Clock.DaysLeft != -1 || rs[0].Received().Subject == "" {
			t.Errorf("overdue: %d %+v, %v", total, rs, err)
		}
		rs, total, err = s.FindRequests(ctx, nianbao.RequestFilter{Body: b.Key, DueWithin: 20, AsOf: asOf})
		if err != nil || total != 1 || rs[0].Number != "甲-3" || rs[0].Clock.DaysLeft != 9 {
			t.Errorf("due within 20: %d %+v, %v", total, rs, err)
		}
		for _, tt := range []struct {
			f    nianbao.RequestFilter
			want int
		}{
			{nianbao.RequestFilter{Body: b.Key}, 3},
			{nianbao.RequestFilter{Body: b.Key, Q: "招标"}, 3},
			{nianbao.RequestFilter{Body: b.Key, Q: "甲-"}, 1},
			{nianbao.RequestFilter{Body: b.Key, Q: "100%"}, 0},
			{nianbao.RequestFilter{Body: b.Key, State: nianbao.StateConcluded}, 1},
			{nianbao.RequestFilter{Body: b.Key, Open: true}, 2},
			{nianbao.RequestFilter{Body: b.Key, Year: 2025}, 0},
			{nianbao.RequestFilter{Body: b.Key, IDs: []int64{r2.ID, r.ID}}, 2},
			{nianbao.RequestFilter{Body: b.Key, Sort: "-number", Limit: 1}, 3},
		} {
			rs, total, err := s.FindRequests(ctx, tt.f)
			if err != nil || total != tt.want {
				t.Errorf("%+v: %d, %v; want %d", tt.f, total, err, tt.want)
			}
			if tt.f.IDs != nil && (len(rs) != 2 || rs[0].ID != r2.ID) {
				t.Errorf("IDs not in their order: %+v", rs)
			}
			if tt.f.Limit == 1 && (len(rs) != 1 || rs[0].Number != "甲-3") {
				t.Errorf("-number: %+v", rs)
			}
		}
		if _, _, err := s.FindRequests(ctx, nianbao.RequestFilter{Sort: "applicant"}); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("bad sort: %v", err)
		}
		sums, err := s.Summaries(ctx, b.Key)
		if err != nil || len(sums) != 3 || sums[0].Outcome != nianbao.PartiallyGranted || sums[0].Applicant != nianbao.Commercial || !sums[0].Extended || sums[0].ElapsedWD == 0 {
			t.Errorf("summaries %+v, %v", sums, err)
		}
		if _, err := s.Summaries(ctx, "无此机关"); nianbao.ErrorCode(err) != nianbao.ENOTFOUND {
			t.Errorf("summaries of no body: %v", err)
		}
		if c, err := s.PreviewRequest(ctx, b.Key, receivedOn(t, "2025-09-26", nianbao.NaturalPerson)); err != nil || c.Due.String() != "2025-10-30" {
			t.Errorf("preview: %+v, %v", c, err)
		}
	})
}

// TestLedgerImportRequests: a register stored whole reads back as it was
// derived, and counts into the same table 三; a register with one bad
// request stores nothing.
func TestLedgerImportRequests(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		b := saveBody(t, s, "某市生态环境局", "")
		asOf := today()
		env := ledger.Env{Calendar: calendar.Default(), Settings: b.Settings, AsOf: asOf}
		rs := ledgergen.Requests(rand.New(rand.NewPCG(5, 5)), 150, ledgergen.Options{
			From: ldate(t, "2024-12-01"), To: ldate(t, "2026-06-30")}, env)
		var want []nianbao.RequestSummary
		for _, r := range rs {
			r.Number = ""
			want = append(want, ledgergen.Summarize(r))
		}
		bad := &nianbao.Request{Number: "坏-1", Events: []nianbao.Event{receivedOn(t, "2026-01-05", nianbao.NaturalPerson),
			{Kind: nianbao.EventAnswered, Date: ldate(t, "2026-01-04"), Outcome: nianbao.Granted}}}
		err := s.ImportRequests(ctx, b.Key, append(append([]*nianbao.Request{}, rs[:10]...), bad))
		if nianbao.ErrorCode(err) != nianbao.EINVALID || !strings.Contains(err.Error(), "第11件申请（坏-1）") || !strings.Contains(err.Error(), "早于收到申请之日") {
			t.Fatalf("bad register: %v", err)
		}
		if got, _ := s.Summaries(ctx, b.Key); len(got) != 0 {
			t.Fatalf("%d requests stored from a register with an error", len(got))
		}
		errs, err := s.VerifyRequests(ctx, b.Key, append(append([]*nianbao.Request{}, rs...), bad))
		if err != nil || len(errs) != len(rs)+1 || errs[len(rs)] == nil || !strings.Contains(errs[len(rs)].Error(), "早于收到申请之日") {
			t.Fatalf("verify: %v, %v", errs, err)
		}
		for i, e := range errs[:len(rs)] {
			if e != nil {
				t.Fatalf("request %d: %v", i, e)
			}
		}
		if err := s.ImportRequests(ctx, b.Key, rs); err != nil {
			t.Fatal(err)
		}
		if errs, _ := s.VerifyRequests(ctx, b.Key, []*nianbao.Request{{Number: rs[0].Number, Events: rs[0].Events}}); len(errs) != 1 || errs[0] == nil || !strings.Contains(errs[0].Error(), "已在本机关的台账中") {
			t.Errorf("verify a number taken: %v", errs)
		}
		got, err := s.Summaries(ctx, b.Key)
		if err != nil || len(got) != len(want) {
			t.Fatalf("%d summaries, %v", len(got), err)
		}
		for i := range got {
			want[i].ID = got[i].ID
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("request %d stored as %+v; derived %+v", i, got[i], want[i])
			}
		}
		for _, year := range []int{2025, 2026} {
			if a, b := ledger.Count(*b, got, year).Report.Requests, ledger.Count(*b, want, year).Report.Requests; a != b {
				t.Errorf("%d: table 三 from the store differs", year)
			}
		}
		r, err := s.FindRequest(ctx, got[0].ID, 0)
		if err != nil || !reflect.DeepEqual(stripAll(r.Events), stripAll(rs[0].Events)) {
			t.Errorf("events do not read back: %v\n%+v\n%+v", err, r.Events, rs[0].Events)
		}
	})
}

func stripAll(evs []nianbao.Event) []nianbao.Event {
	out := make([]nianbao.Event, len(evs))
	for i, e := range evs {
		out[i] = stripped(e)
	}
	return out
}

// TestLedgerCalendar: loading 2027's notice recomputes the open requests
// whose periods cross into 2027 and logs each date that moved (here the
// status: provisional → official); a correction moves dates; a regional
// day moves them at its place only; a concluded request is not logged.
func TestLedgerCalendar(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		b := saveBody(t, s, "某市生态环境局", "")
		other := saveBody(t, s, "某自治区某局", "某自治区")
		late := addRequest(t, s, b.Key, "", receivedOn(t, "2026-12-04", nianbao.NaturalPerson))
		early := addRequest(t, s, b.Key, "", receivedOn(t, "2026-09-18", nianbao.NaturalPerson))
		there := addRequest(t, s, other.Key, "", receivedOn(t, "2026-12-04", nianbao.NaturalPerson))
		done := addRequest(t, s, other.Key, "", receivedOn(t, "2026-12-01", nianbao.NaturalPerson))
		if _, err := s.AddEvent(ctx, done.ID, nianbao.Event{Kind: nianbao.EventAnswered, Date: ldate(t, "2026-12-02"), Outcome: nianbao.Granted}, nil); err != nil {
			t.Fatal(err)
		}
		if late.Clock.Due.String() != "2027-01-04" || late.Clock.DueStatus != nianbao.CalendarProvisional {
			t.Fatalf("2026-12-04 + 20: %s %s", late.Clock.Due, late.Clock.DueStatus)
		}
		ys, err := s.CalendarYears(ctx)
		if err != nil || ys[len(ys)-1].Year != 2027 || ys[len(ys)-1].Status != nianbao.CalendarProvisional {
			t.Fatalf("years %+v, %v", ys, err)
		}
		if _, err := s.LoadCalendarYear(ctx, "2027.json", []byte(`{"year": 2027, "papers": [], "days": []}`)); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("empty file: %v", err)
		}
		if _, err := s.LoadCalendarYear(ctx, "x.json", []byte(`{"year": 2027}x`)); nianbao.ErrorCode(err) != nianbao.EINVALID || !strings.Contains(err.Error(), "x.json") {
			t.Errorf("bad file: %v", err)
		}
		data, err := os.ReadFile(filepath.Join("..", "calendar", "testdata", "2027.json"))
		if err != nil {
			t.Fatal(err)
		}
		changes, err := s.LoadCalendarYear(ctx, "国办发明电2027.json", data)
		if err != nil {
			t.Fatal(err)
		}
		// 2027-01-01 is a statutory day either way: the dates stay and
		// become official.
		if len(changes) != 2 || changes[0].RequestID != late.ID || changes[0].Old != changes[0].New ||
			changes[0].OldStatus != nianbao.CalendarProvisional || changes[0].NewStatus != nianbao.CalendarOfficial || !strings.Contains(changes[0].Cause, "2027年") {
			t.Errorf("changes %+v", changes)
		}
		ys, _ = s.CalendarYears(ctx)
		if y := ys[len(ys)-2]; y.Year != 2027 || y.Status != nianbao.CalendarOfficial || !strings.Contains(y.Source, "国办发明电2027.json") {
			t.Errorf("2027 after loading: %+v", y)
		}
		if r, _ := s.FindRequest(ctx, late.ID, 0); r.Clock.DueStatus != nianbao.CalendarOfficial {
			t.Errorf("2026-12-04 after loading 2027: %s", r.Clock.DueStatus)
		}
		// A correction: 2026-12-31 becomes a day off everywhere.
		if _, err := s.CorrectCalendar(ctx, nianbao.CalendarDay{Date: ldate(t, "2026-12-31"), Name: "元旦", Off: true}); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("correction without basis: %v", err)
		}
		changes, err = s.CorrectCalendar(ctx, nianbao.CalendarDay{Date: ldate(t, "2026-12-31"), Name: "元旦", Off: true, Note: "某通知（示例）"})
		if err != nil || len(changes) != 2 || changes[0].New.String() != "2027-01-05" || changes[1].RequestID != there.ID {
			t.Errorf("correction: %+v, %v", changes, err)
		}
		// A regional day: only the request at that place moves.
		changes, err = s.CorrectCalendar(ctx, nianbao.CalendarDay{Date: ldate(t, "2026-12-30"), Name: "地方节日", Off: true, Place: "某自治区"})
		if err != nil || len(changes) != 1 || changes[0].RequestID != there.ID || changes[0].New.String() != "2027-01-06" {
			t.Errorf("regional: %+v, %v", changes, err)
		}
		days, err := s.CalendarDays(ctx)
		if err != nil || len(days) != 2 || days[0].Place != "" || days[1].Place != "某自治区" {
			t.Errorf("days %+v, %v", days, err)
		}
		log, err := s.DueChanges(ctx, 0)
		if err != nil || len(log) != 5 || log[0].RequestID != there.ID || log[4].RequestID != late.ID || log[0].Body != other.Key {
			t.Errorf("log %+v, %v", log, err)
		}
		for _, c := range log {
			if c.RequestID == early.ID || c.RequestID == done.ID {
				t.Errorf("logged a request the change cannot move: %+v", c)
			}
		}
		// Moving the body elsewhere moves its date back.
		other.Place = ""
		if _, err := s.SaveBody(ctx, *other); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.FindRequest(ctx, there.ID, 0); r.Clock.Due.String() != "2027-01-05" {
			t.Errorf("after leaving the place: %s", r.Clock.Due)
		}
		if log, _ := s.DueChanges(ctx, 1); len(log) != 1 || !strings.Contains(log[0].Cause, "本机关的地方") {
			t.Errorf("log %+v", log)
		}
		r, err := s.Reckon(ctx, "", ldate(t, "2026-12-31"), 20)
		if err != nil || r.Due.String() != "2027-01-29" || r.Status != nianbao.CalendarOfficial {
			t.Errorf("reckon: %+v, %v", r, err)
		}
	})
}

// TestLedgerCalendarShared: a calendar change made through one store is
// seen by another process's store on the same database.
func TestLedgerCalendarShared(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	a, b := openSQLiteStore(t, path), openSQLiteStore(t, path)
	ctx := context.Background()
	if r, _ := b.Reckon(ctx, "", ldate(t, "2026-12-31"), 20); r.Status != nianbao.CalendarProvisional {
		t.Fatalf("before: %s", r.Status)
	}
	data, err := os.ReadFile(filepath.Join("..", "calendar", "testdata", "2027.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.LoadCalendarYear(ctx, "2027.json", data); err != nil {
		t.Fatal(err)
	}
	if r, _ := b.Reckon(ctx, "", ldate(t, "2026-12-31"), 20); r.Status != nianbao.CalendarOfficial {
		t.Errorf("the other store still sees %s", r.Status)
	}
}
