package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"nianbao"
	"nianbao/calendar"
	"nianbao/ingest"
	"nianbao/internal/ledgergen"
	"nianbao/ledger"
	"nianbao/register"
	"nianbao/store"
	"nianbao/web"
)

// The ledger's pages run on a real SQLite store (package store, here in
// tests only), which is also the server's ReportService.

type ledgerFixture struct {
	*fixture
	st   *store.Store
	body *nianbao.Body
}

func newLedgerFixture(t *testing.T, bodyName string) *ledgerFixture {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &ledgerFixture{fixture: &fixture{t: t, h: web.NewServer(ingest.NewService(st), web.Options{Ledger: st})}, st: st}
	res := f.post("/ledger/bodies", url.Values{"name": {bodyName}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new body: %d", res.StatusCode)
	}
	if f.body, err = st.FindBody(context.Background(), strings.Join(strings.Fields(bodyName), "")); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *ledgerFixture) bodyPath(rest string) string {
	return "/ledger/bodies/" + url.PathEscape(f.body.Key) + rest
}

func (f *ledgerFixture) post(path string, form url.Values) *http.Response {
	f.t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return f.do(req)
}

// postMultipart posts a form with files under "file".
func (f *ledgerFixture) postMultipart(path string, form url.Values, files ...fileField) *http.Response {
	f.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, file := range files {
		w, _ := mw.CreateFormFile("file", file.name)
		w.Write(file.data)
	}
	mw.Close()
	req := httptest.NewRequest("POST", path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return f.do(req)
}

func bodyText(res *http.Response) string {
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// daysAgo is the date n days before today in China.
func daysAgo(n int) string { return nianbao.Today(time.Now()).Add(-n).String() }

// TestLedgerRequestPages: a request registered through the form (its due
// date previewed without JavaScript first), events added through their
// forms, an event the law refuses shown again with the reason, the
// timeline and the attachment.
func TestLedgerRequestPages(t *testing.T) {
	f := newLedgerFixture(t, "某市生态环境局")
	form := url.Values{"channel": {"post"}, "date": {"2026-09-18"}, "applicant": {"commercial"},
		"applicant_name": {"某科技有限公司"}, "subject": {"某项目的环评批复"}}
	preview := url.Values{"preview": {"1"}}
	for k, v := range form {
		preview[k] = v
	}
	res := f.postMultipart(f.bodyPath("/requests"), preview)
	body := bodyText(res)
	if res.StatusCode != 200 || !strings.Contains(body, "答复期限：2026年10月22日（星期四）") || !strings.Contains(body, "国庆节 2026年10月1日至10月7日") {
		t.Fatalf("preview: %d\n%.2000s", res.StatusCode, body)
	}
	application := fileField{"申请表.pdf", []byte("%PDF-1.4 申请表")}
	res = f.postMultipart(f.bodyPath("/requests"), form, application)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d\n%s", res.StatusCode, bodyText(res))
	}
	reqPath := res.Header.Get("Location")
	doc := f.page(reqPath, 200)
	if got := textOf(query(t, doc, ".clock .due")); !strings.Contains(got, "2026年10月22日") {
		t.Errorf("due shown as %q", got)
	}
	if n := len(queryAll(t, doc, "ol.events li.event")); n != 1 {
		t.Errorf("%d events on the timeline", n)
	}
	a := query(t, doc, ".attachments a")
	if _, data := f.get(attr(a, "href")); !bytes.Equal(data, application.data) {
		t.Errorf("attachment reads back as %q", data)
	}
	// Refused: an extension without the head's approval.
	res = f.postMultipart(reqPath+"/events", url.Values{"kind": {"extended"}, "date": {"2026-10-16"}})
	body = bodyText(res)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "第2个事件（延期答复，2026-10-16）") || !strings.Contains(body, "负责人同意") {
		t.Fatalf("refused extension: %d\n%.1500s", res.StatusCode, body)
	}
	doc = parseHTML(t, body)
	if open := query(t, doc, "details.event-form-box[open] input[name=kind]"); attr(open, "value") != "extended" {
		t.Errorf("the failed form is not the one open")
	}
	for _, ev := range []url.Values{
		{"kind": {"consultation_sent"}, "date": {"2026-09-24"}, "party": {"甲公司"}, "party_kind": {"third_party"}},
		{"kind": {"consultation_answered"}, "date": {"2026-10-15"}},
		{"kind": {"extended"}, "date": {"2026-10-16"}, "approved_on": {"2026-10-16"}, "days": {"20"}},
		{"kind": {"fee_notice"}, "date": {"2026-10-19"}, "fee_basis": {"per_page"}, "fee_units": {"250"}},
		{"kind": {"fee_paid"}, "date": {"2026-10-21"}},
		{"kind": {"answered"}, "date": {"2026-11-20"}, "outcome": {"partially_granted"}, "ground": {"条例第三十七条"}},
	} {
		if res := f.postMultipart(reqPath+"/events", ev, fileField{ev.Get("kind") + ".docx", []byte("PK")}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d\n%.1500s", ev.Get("kind"), res.StatusCode, bodyText(res))
		}
	}
	doc = f.page(reqPath, 200)
	if n := len(queryAll(t, doc, "ol.events li.event")); n != 7 {
		t.Errorf("%d events on the timeline", n)
	}
	if got := textOf(query(t, doc, "li.kind-fee_notice .detail")); !strings.Contains(got, "4700 元") {
		t.Errorf("fee notice shows %q: the 109号 fee of 250 pages is 4700元", got)
	}
	if got := textOf(query(t, doc, ".clock")); !strings.Contains(got, "（二）部分公开") || !strings.Contains(got, "征求意见所需时间不计入") {
		t.Errorf("clock: %q", got)
	}
	if len(queryAll(t, doc, "details.event-form-box")) != 0 {
		t.Error("a concluded request still offers events")
	}
	var api nianbao.Request
	f.getJSON("/api"+reqPath, 200, &api)
	if api.Clock.State != nianbao.StateConcluded || api.Clock.FeeCharged != 4700 || len(api.Events) != 7 || len(api.Events[6].Attachments) != 1 {
		t.Errorf("API: %+v", api.Clock)
	}
}

// TestLedgerRegisterPage: the overdue and due-soon lists, the search,
// the settings.
func TestLedgerRegisterPage(t *testing.T) {
	f := newLedgerFixture(t, "甲县人民政府")
	ctx := context.Background()
	rec := func(date, subject string) nianbao.Event {
		d, _ := nianbao.ParseDate(date)
		return nianbao.Event{Kind: nianbao.EventReceived, Date: d, Channel: nianbao.ChannelOnline, Subject: subject}
	}
	old, err := f.st.AddRequest(ctx, f.body.Key, "", rec(daysAgo(60), "早已逾期的申请"), nil)
	if err != nil {
		t.Fatal(err)
	}
	soon, _ := f.st.AddRequest(ctx, f.body.Key, "", rec(daysAgo(24), "快到期的申请"), nil)
	f.st.AddRequest(ctx, f.body.Key, "", rec(daysAgo(0), "新收的申请"), nil)
	doc := f.page(f.bodyPath(""), 200)
	if rows := queryAll(t, doc, "section.overdue-list tr[data-id]"); len(rows) != 1 || attr(rows[0], "data-id") != strconv.FormatInt(old.ID, 10) {
		t.Errorf("overdue list: %d rows", len(rows))
	}
	if got := textOf(query(t, doc, "section.overdue-list td.left")); !strings.HasPrefix(got, "逾期") {
		t.Errorf("overdue says %q", got)
	}
	// 24 days ago plus 20 working days is within the next few days, unless
	// a long holiday lies between.
	if soon.Clock.DaysLeft >= 0 && soon.Clock.DaysLeft <= 5 {
		if rows := queryAll(t, doc, "section.due-soon-list tr[data-id]"); len(rows) != 1 {
			t.Errorf("due-soon list: %d rows", len(rows))
		}
	}
	doc = f.page(f.bodyPath("?q="+url.QueryEscape("新收")), 200)
	if got := textOf(query(t, doc, "#total")); got != "1" {
		t.Errorf("search found %s", got)
	}
	doc = f.page(f.bodyPath("?overdue=1"), 200)
	if got := textOf(query(t, doc, "#total")); got != "1" {
		t.Errorf("overdue search found %s", got)
	}
	res := f.post(f.bodyPath("/settings"), url.Values{"name": {"甲县人民政府"}, "place": {"某自治区"}, "withdrawn_row": {"not_processed_duplicate"}, "fee_pauses_clock": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d %s", res.StatusCode, bodyText(res))
	}
	b, _ := f.st.FindBody(ctx, f.body.Key)
	if b.Place != "某自治区" || b.Settings.WithdrawnRow != nianbao.NotProcessedDuplicate || !b.Settings.FeePausesClock || b.Settings.CountItems {
		t.Errorf("settings saved as %+v", b)
	}
	f.page("/ledger/bodies/"+url.PathEscape("无此机关"), 404)
	res = f.post("/ledger/bodies", url.Values{"name": {" "}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bodyText(res), "请写明机关名称") {
		t.Errorf("a body without a name: %d", res.StatusCode)
	}
	doc = f.page("/ledger", 200)
	if len(queryAll(t, doc, "td.agency a")) != 1 || len(queryAll(t, doc, "header.site nav a[href=\"/ledger\"]")) != 1 {
		t.Error("the bodies page lacks the register or the navigation its link")
	}
}

// TestLedgerTablePage: table 三 from a register, each number linking to
// exactly its requests, the draft JSON whose identities hold, and the
// body's published report compared cell by cell.
func TestLedgerTablePage(t *testing.T) {
	f := newLedgerFixture(t, "路北街道")
	ctx := context.Background()
	env := ledger.Env{Calendar: calendar.Default(), Settings: f.body.Settings, AsOf: nianbao.Today(time.Now())}
	rs := ledgergen.Requests(rand.New(rand.NewPCG(3, 4)), 120, ledgergen.Options{From: nianbao.MakeDate(2023, 11, 1), To: nianbao.MakeDate(2024, 12, 20)}, env)
	if err := f.st.ImportRequests(ctx, f.body.Key, rs); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ingest.New(f.st).AddReport(ctx, seedLubei, readSeed(t, seedLubei)); err != nil {
		t.Fatal(err)
	}
	doc := f.page(f.bodyPath("/table?year=2024"), 200)
	links := queryAll(t, doc, "table.table3 td a")
	if len(links) < 10 {
		t.Fatalf("%d cells link to their requests", len(links))
	}
	for _, a := range links[:10] {
		want := textOf(a)
		cell := f.page(attr(a, "href"), 200)
		if got := textOf(query(t, cell, "h2")); !strings.HasSuffix(got, "："+want+" 件申请") {
			t.Errorf("%s: the cell says %s, its list %q", attr(a, "href"), want, got)
		}
		if n := len(queryAll(t, cell, "table.requests tbody tr")); n != min(50, atoi(want)) {
			t.Errorf("%s: %d rows listed for %s", attr(a, "href"), n, want)
		}
	}
	if fs := queryAll(t, doc, "section.published li[data-rule=\"ledger.table3\"]"); len(fs) == 0 || !strings.Contains(textOf(fs[0]), "本机关台账计得") {
		t.Errorf("the published report is not compared: %d findings", len(fs))
	}
	res, data := f.get(f.bodyPath("/table.json?year=2024"))
	var rep nianbao.Report
	if err := json.Unmarshal(data, &rep); err != nil || res.StatusCode != 200 || rep.Year != 2024 || rep.Agency != "路北街道" {
		t.Fatalf("table.json: %d %v", res.StatusCode, err)
	}
	for _, id := range rep.Identities() {
		if id.Rule != nianbao.RuleReviewTotal && !id.Holds(&rep) {
			t.Errorf("the draft's %s does not hold", id.Rule)
		}
	}
	var api struct {
		Requests map[string][]int64 `json:"requests"`
		Method   string             `json:"method"`
	}
	f.getJSON("/api"+f.bodyPath("/table?year=2024"), 200, &api)
	if n, _ := rep.Cell(nianbao.NewReceived, nianbao.ColumnTotal).Int64(); int64(len(api.Requests["new_received.total"])) != n || api.Method == "" {
		t.Errorf("API lists %d requests for 一·总计 = %d", len(api.Requests["new_received.total"]), n)
	}
	doc = f.page(f.bodyPath("/stats?year=2024"), 200)
	if cards := queryAll(t, doc, ".card .value"); len(cards) != 8 || textOf(cards[0]) == "0" {
		t.Errorf("stats cards: %d", len(cards))
	}
	var st ledger.Stats
	f.getJSON("/api"+f.bodyPath("/stats?year=2024"), 200, &st)
	if st.Year != 2024 || st.Received == 0 || len(st.Outcomes) == 0 {
		t.Errorf("stats API %+v", st)
	}
	f.page(f.bodyPath("/table?year=二零二四"), 422)
	f.page(f.bodyPath("?year=2024&cell=granted.nobody"), 422)
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// TestLedgerImportPages: a CSV register with bad rows previewed row by
// row; storing it whole refused; its good rows stored when chosen; the
// register exported and read back.
func TestLedgerImportPages(t *testing.T) {
	f := newLedgerFixture(t, "某市生态环境局")
	csv := "某市生态环境局依申请公开台账\n登记编号,收到日期,申请人类别,申请方式,申请内容,办理结果,答复日期\n" +
		"A-1,2026-09-18,自然人,网上,甲,予以公开,2026-10-09\n" +
		",,,,,,\n" +
		"A-2,2026-09-31,自然人,网上,乙,,\n" +
		"A-3,46285,企业,邮寄,丙,部分公开,2026-10-12\n" +
		"A-4,2026-09-22,公民,当面,丁,予以公开,2026-09-21\n" +
		"合计,,,,,,\n"
	res := f.postMultipart(f.bodyPath("/import"), url.Values{}, fileField{"台账.csv", []byte(csv)})
	body := bodyText(res)
	if res.StatusCode != 200 {
		t.Fatalf("preview: %d\n%.1000s", res.StatusCode, body)
	}
	doc := parseHTML(t, body)
	problems := map[string]string{}
	for _, tr := range queryAll(t, doc, "table.preview tbody tr") {
		problems[attr(tr, "data-line")] = textOf(query(t, tr, "td.problem"))
	}
	for line, want := range map[string]string{"3": "", "4": "跳过：空行", "5": "第5行：收到申请日期“2026-09-31”不是日期", "6": "", "7": "早于收到申请之日", "8": "跳过：合计行"} {
		if got := problems[line]; want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("row %s: %q; want %q", line, got, want)
		}
	}
	confirm := url.Values{}
	for _, in := range queryAll(t, doc, "form input[type=hidden]") {
		confirm.Set(attr(in, "name"), attr(in, "value"))
	}
	for _, sel := range queryAll(t, doc, "table.mapping select") {
		for _, o := range queryAll(t, sel, "option[selected]") {
			confirm.Set(attr(sel, "name"), attr(o, "value"))
		}
	}
	confirm.Set("store", "all")
	res = f.post(f.bodyPath("/import/confirm"), confirm)
	if body := bodyText(res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "有 2 行有误，未导入任何一行") {
		t.Fatalf("store all: %d\n%.800s", res.StatusCode, body)
	}
	if rs, _ := f.st.Summaries(context.Background(), f.body.Key); len(rs) != 0 {
		t.Fatalf("%d requests stored from a file with errors", len(rs))
	}
	confirm.Set("store", "good")
	res = f.post(f.bodyPath("/import/confirm"), confirm)
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "imported=2") {
		t.Fatalf("store good: %d %s", res.StatusCode, bodyText(res))
	}
	doc = f.page(res.Header.Get("Location"), 200)
	if got := textOf(query(t, doc, ".done")); !strings.Contains(got, "已导入 2 件") {
		t.Errorf("after import: %q", got)
	}
	res, data := f.get(f.bodyPath("/export.xlsx"))
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("export: %d", res.StatusCode)
	}
	sheet, err := register.Read("export.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	rows := register.Convert(sheet, register.Guess(sheet.Headers), register.Defaults{})
	if good, bad, _ := register.Counts(rows); good != 2 || bad != 0 || rows[1].Request.Number != "A-3" {
		t.Errorf("the export reads back as %d good, %d bad rows", good, bad)
	}
}

// TestLedgerCalendarPage: 2027's notice loaded moves the due dates that
// cross into 2027 from provisional to official, and says so; a correction
// without its basis is refused; the counter counts.
func TestLedgerCalendarPage(t *testing.T) {
	f := newLedgerFixture(t, "某市生态环境局")
	d, _ := nianbao.ParseDate("2026-12-04")
	if _, err := f.st.AddRequest(context.Background(), f.body.Key, "", nianbao.Event{Kind: nianbao.EventReceived, Date: d, Channel: nianbao.ChannelOnline}, nil); err != nil {
		t.Skip("2026-12-04 is after today on this machine's clock")
	}
	doc := f.page("/ledger/calendar?date=2026-12-31&days=20", 200)
	if got := textOf(query(t, doc, ".due-preview")); !strings.Contains(got, "2027年1月29日") || !strings.Contains(got, "暂定") {
		t.Errorf("counter: %q", got)
	}
	data, err := os.ReadFile("../calendar/testdata/2027.json")
	if err != nil {
		t.Fatal(err)
	}
	res := f.postMultipart("/ledger/calendar/years", url.Values{}, fileField{"2027.json", data})
	body := bodyText(res)
	if res.StatusCode != 200 || !strings.Contains(body, "已载入 2027.json：1 件申请的期限改变") {
		t.Fatalf("load: %d\n%.1500s", res.StatusCode, body)
	}
	doc = parseHTML(t, body)
	if rows := queryAll(t, doc, "table.changes tbody tr"); len(rows) != 2 || !strings.Contains(textOf(rows[0]), "（暂定）") || !strings.Contains(textOf(rows[0]), "（正式）") {
		t.Errorf("changes listed: %d", len(rows))
	}
	res = f.post("/ledger/calendar/days", url.Values{"date": {"2026-12-31"}, "name": {"元旦"}, "off": {"1"}})
	if body := bodyText(res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "须写明依据") {
		t.Errorf("correction without basis: %d", res.StatusCode)
	}
	var cal struct {
		Years   []nianbao.CalendarYear `json:"years"`
		Changes []nianbao.DueChange    `json:"changes"`
	}
	f.getJSON("/api/ledger/calendar", 200, &cal)
	if len(cal.Changes) != 1 || cal.Years[len(cal.Years)-2].Status != nianbao.CalendarOfficial {
		t.Errorf("calendar API: %+v", cal)
	}
	f.page("/ledger/calendar?date=明天&days=20", 422)
}

// TestLedgerAPI: the due date as the form asks for it, the fee, events
// posted as JSON, errors in Chinese.
func TestLedgerAPI(t *testing.T) {
	f := newLedgerFixture(t, "某市生态环境局")
	var due struct {
		Due       string   `json:"due"`
		Status    string   `json:"status"`
		DateLabel string   `json:"date_label"`
		Reasons   []string `json:"reasons"`
	}
	q := "/api/ledger/due?body=" + url.QueryEscape(f.body.Key)
	f.getJSON(q+"&channel=post&date=2025-09-26", 200, &due)
	if due.Due != "2025-10-30" || due.Status != "official" || due.DateLabel != "签收日期" || len(due.Reasons) < 4 {
		t.Errorf("due %+v", due)
	}
	var e apiError
	f.getJSON(q+"&channel=post&date=2025-02-30", 422, &e)
	if e.Error != "invalid" || !strings.Contains(e.Message, "不是日期") {
		t.Errorf("bad date: %+v", e)
	}
	f.getJSON(q+"&channel=pigeon&date=2025-09-26", 422, &e)
	if !strings.Contains(e.Message, "请选择申请方式") {
		t.Errorf("bad channel: %+v", e)
	}
	var fee struct {
		Amount int64    `json:"amount"`
		Bands  []string `json:"bands"`
	}
	f.getJSON("/api/ledger/fee?basis=per_application&units=45", 200, &fee)
	if fee.Amount != 5500 || len(fee.Bands) != 4 {
		t.Errorf("fee %+v", fee)
	}
	f.getJSON("/api/ledger/fee?basis=per_word&units=45", 422, &e)

	r, err := f.st.AddRequest(context.Background(), f.body.Key, "", nianbao.Event{Kind: nianbao.EventReceived, Date: nianbao.MakeDate(2026, 9, 18), Channel: nianbao.ChannelOnline}, nil)
	if err != nil {
		t.Fatal(err)
	}
	post := func(v string) (*http.Response, string) {
		req := httptest.NewRequest("POST", fmt.Sprintf("/api/ledger/requests/%d/events", r.ID), strings.NewReader(v))
		req.Header.Set("Content-Type", "application/json")
		res := f.do(req)
		return res, bodyText(res)
	}
	res, body := post(`{"kind": "extended", "date": "2026-10-20", "approved_on": "2026-10-19", "days": 10}`)
	if res.StatusCode != 200 || !strings.Contains(body, `"due":"2026-11-05"`) {
		t.Errorf("extension: %d %s", res.StatusCode, body)
	}
	res, body = post(`{"kind": "extended", "date": "2026-10-21", "approved_on": "2026-10-21"}`)
	if res.StatusCode != 422 || !strings.Contains(body, "延期答复只能一次") {
		t.Errorf("second extension: %d %s", res.StatusCode, body)
	}
	res, _ = post(`{"kind": `)
	if res.StatusCode != 422 {
		t.Errorf("bad JSON: %d", res.StatusCode)
	}
	var list struct {
		Total    int                `json:"total"`
		Requests []*nianbao.Request `json:"requests"`
	}
	f.getJSON("/api"+f.bodyPath("/requests?year=2026"), 200, &list)
	if list.Total != 1 || list.Requests[0].Clock.Due.String() != "2026-11-05" {
		t.Errorf("requests API: %+v", list)
	}
	f.getJSON("/api"+f.bodyPath("/requests?year=x"), 422, &e)
	f.getJSON("/api/ledger/requests/999", 404, &e)
	var bodies []nianbao.Body
	f.getJSON("/api/ledger/bodies", 200, &bodies)
	if len(bodies) != 1 || bodies[0].Key != f.body.Key {
		t.Errorf("bodies API %+v", bodies)
	}
}

// TestLedgerOff: without a ledger the server has no /ledger and no link to it.
func TestLedgerOff(t *testing.T) {
	f := seedFixture(t)
	f.page("/ledger", 404)
	if doc := f.page("/reports", 200); len(queryAll(t, doc, "header.site nav a[href=\"/ledger\"]")) != 0 {
		t.Error("a link to the registers without them")
	}
}
