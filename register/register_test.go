package register_test

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"nianbao"
	"nianbao/calendar"
	"nianbao/internal/ledgergen"
	"nianbao/ledger"
	"nianbao/register"
)

// messyXLSX is a register as agencies keep one: a title merged across
// the table, a two-row header with merged cells (收到日期 down two rows,
// 申请人 across 姓名 and 类别), dates typed as text in three ways and as
// Excel dates, blank rows, a row of totals, and bad rows.
func messyXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	set := func(cell string, v any) {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(a, b string) {
		if err := f.MergeCell(sh, a, b); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "某市生态环境局2026年政府信息公开申请登记台账")
	merge("A1", "H1")
	for col, h := range map[string]string{"A2": "登记编号", "B2": "收到日期", "C2": "申请人", "E2": "申请方式", "F2": "申请内容", "G2": "办理结果", "H2": "答复日期"} {
		set(col, h)
	}
	merge("A2", "A3")
	merge("B2", "B3")
	merge("C2", "D2")
	set("C3", "姓名")
	set("D3", "类别")
	for _, c := range []string{"E", "F", "G", "H"} {
		merge(c+"2", c+"3")
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	rows := [][]any{
		{"2026-001", time.Date(2026, 9, 18, 0, 0, 0, 0, time.UTC), "张三", "自然人", "网上申请", "某项目环评批复", "予以公开", time.Date(2026, 10, 9, 0, 0, 0, 0, time.UTC)}, // row 4: Excel dates
		{"2026-002", "2026年9月21日", "某科技有限公司", "企业", "邮寄", "某许可证", "部分公开", "2026/10/12"},                                                                  // row 5: text dates
		{}, // row 6: blank
		{"2026-003", "2026.9.22", "李四", "公民", "当面", "某文件", "", ""},                             // row 7: open
		{"2026-004", "2026-02-30", "王五", "自然人", "当面", "某文件", "", ""},                           // row 8: no such day
		{"2026-005", "2026-09-23", "某研究院", "外国人", "当面", "某文件", "", ""},                         // row 9: unknown class
		{"2026-006", "2026-09-24", "赵六", "自然人", "当面", "某文件", "予以公开", ""},                       // row 10: no answer date
		{"2026-001", "2026-09-25", "钱七", "自然人", "当面", "某文件", "", ""},                           // row 11: number again
		{"2026-007", "46290", "孙八", "律师事务所", "传真", "某文件", "（三）不予公开·4.保护第三方合法权益", "2026-10-20"}, // row 12: a serial as text
		{},
		{"合计", "", "", "", "", "", "7件", ""}, // row 14: totals
	}
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+4)
			set(cell, v)
			if _, ok := v.(time.Time); ok {
				f.SetCellStyle(sh, cell, cell, dateStyle)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadMessy: the header under the title, the merged header's names
// joined, every row by its number in the file, bad rows with their reason.
func TestReadMessy(t *testing.T) {
	s, err := register.Read("台账.xlsx", messyXLSX(t))
	if err != nil {
		t.Fatal(err)
	}
	wantHeaders := []string{"登记编号", "收到日期", "申请人·姓名", "申请人·类别", "申请方式", "申请内容", "办理结果", "答复日期"}
	if strings.Join(s.Headers, "|") != strings.Join(wantHeaders, "|") || len(s.HeaderRows) != 2 || s.HeaderRows[0] != 2 {
		t.Fatalf("headers %q rows %v", s.Headers, s.HeaderRows)
	}
	m := register.Guess(s.Headers)
	want := register.Mapping{register.FieldNumber: 0, register.FieldReceived: 1, register.FieldApplicantName: 2, register.FieldApplicant: 3,
		register.FieldChannel: 4, register.FieldSubject: 5, register.FieldOutcome: 6, register.FieldAnswered: 7}
	for f, c := range want {
		if m[f] != c {
			t.Errorf("%s mapped to %d; want %d", f.Label(), m[f], c)
		}
	}
	rows := register.Convert(s, m, register.Defaults{})
	byLine := map[int]register.Row{}
	for _, r := range rows {
		byLine[r.Line] = r
	}
	for line, want := range map[int]string{
		8: "收到申请日期“2026-02-30”不是日期", 9: "申请人类别“外国人”", 10: "有办理结果“予以公开”而无答复日期", 11: "登记编号“2026-001”与第4行重复",
	} {
		if got := byLine[line].Err; !strings.Contains(got, want) {
			t.Errorf("row %d: %q; want %q", line, got, want)
		}
	}
	for _, line := range []int{6, 13, 14} {
		if r := byLine[line]; r.Skip == "" || r.Request != nil || r.Err != "" {
			t.Errorf("row %d not skipped: %+v", line, r)
		}
	}
	good, bad, skipped := register.Counts(rows)
	if good != 4 || bad != 4 || skipped != 3 {
		t.Errorf("good %d, bad %d, skipped %d", good, bad, skipped)
	}
	r := byLine[4].Request
	if r.Number != "2026-001" || r.Events[0].Date.String() != "2026-09-18" || r.Events[0].Channel != nianbao.ChannelOnline ||
		r.Events[0].ApplicantName != "张三" || len(r.Events) != 2 || r.Events[1].Outcome != nianbao.Granted || r.Events[1].Date.String() != "2026-10-09" {
		t.Errorf("row 4: %+v", r)
	}
	if r := byLine[5].Request; r.Events[0].Date.String() != "2026-09-21" || r.Events[0].Applicant != nianbao.Commercial || r.Events[1].Outcome != nianbao.PartiallyGranted {
		t.Errorf("row 5: %+v", r)
	}
	if r := byLine[12].Request; r.Events[0].Date.String() != "2026-09-25" || r.Events[0].Applicant != nianbao.LegalServices || r.Events[1].Outcome != nianbao.WithheldThirdParty {
		t.Errorf("row 12: %+v", r)
	}
	// The good rows pass the law's checks too.
	env := ledger.Env{Calendar: calendar.Default(), Settings: nianbao.DefaultLedgerSettings(), AsOf: nianbao.MakeDate(2026, 12, 1)}
	for _, r := range register.Requests(rows) {
		if _, err := ledger.Verify(r.Events, env); err != nil {
			t.Errorf("%s: %v", r.Number, err)
		}
	}
}

// TestReadCSV: a CSV saved in GB18030 with a header continued on a second
// row, a mapping given by hand, defaults for the columns it lacks.
func TestReadCSV(t *testing.T) {
	text := "序号,收到,申请人,,内容,结果,办结日期\n,,名称,性质,,,\n1,2026-09-18,甲,自然人,某文件,重复申请,2026-09-30\n2,2026-09-19,乙,其他组织,某文件,,\n"
	data := gb18030(t, text)
	s, err := register.Read("台账.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Headers, "|"); got != "序号|收到|申请人·名称|性质|内容|结果|办结日期" {
		t.Fatalf("headers %q", got)
	}
	m := register.Guess(s.Headers)
	if m[register.FieldNumber] != 0 || m[register.FieldApplicant] != 3 || m[register.FieldAnswered] != 6 {
		t.Errorf("mapping %v", m)
	}
	rows := register.Convert(s, m, register.Defaults{})
	if !strings.Contains(rows[0].Err, "缺少申请方式") {
		t.Errorf("row 3 without a channel: %+v", rows[0])
	}
	rows = register.Convert(s, m, register.Defaults{Channel: nianbao.ChannelOnline})
	if good, bad, _ := register.Counts(rows); good != 2 || bad != 0 || rows[0].Line != 3 || rows[0].Request.Events[1].Outcome != nianbao.NotProcessedDuplicate || rows[1].Request.Events[0].Applicant != nianbao.OtherOrg {
		t.Errorf("rows %+v", rows)
	}
	hand, err := register.ParseMapping("received=2, applicant=D, applicant_name=3,outcome=F,answered=G")
	if err != nil || hand[register.FieldReceived] != 1 || hand[register.FieldApplicant] != 3 {
		t.Errorf("ParseMapping: %v, %v", hand, err)
	}
	for _, bad := range []string{"received", "when=2", "received=0", "received=ZZZZ"} {
		if _, err := register.ParseMapping(bad); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("ParseMapping(%q): %v", bad, err)
		}
	}
	for _, bad := range [][]byte{{}, []byte("\x00\x01\x02PNG"), []byte("只有一列\n")} {
		if _, err := register.Read("x.csv", bad); nianbao.ErrorCode(err) != nianbao.EINVALID || !strings.HasPrefix(err.Error(), "x.csv: ") {
			t.Errorf("Read(%q): %v", bad, err)
		}
	}
}

func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(b)
}

// TestRoundTrip: a register exported to XLSX and read back gives the same
// table 三, every request read.
func TestRoundTrip(t *testing.T) {
	env := ledger.Env{Calendar: calendar.Default(), Settings: nianbao.DefaultLedgerSettings(), AsOf: nianbao.MakeDate(2026, 12, 1)}
	rs := ledgergen.Requests(rand.New(rand.NewPCG(9, 9)), 400, ledgergen.Options{
		From: nianbao.MakeDate(2025, 1, 1), To: nianbao.MakeDate(2026, 11, 1)}, env)
	body := &nianbao.Body{Key: "某局", Name: "某局", Settings: env.Settings}
	var buf bytes.Buffer
	sent := false
	err := register.WriteXLSX(&buf, body, func() ([]*nianbao.Request, error) {
		if sent {
			return nil, nil
		}
		sent = true
		return rs, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := register.Read("export.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	m := register.Guess(s.Headers)
	for _, f := range register.Fields {
		if _, ok := m[f]; !ok {
			t.Errorf("the export's column %s is not recognised", f.Label())
		}
	}
	rows := register.Convert(s, m, register.Defaults{})
	if good, bad, skipped := register.Counts(rows); good != len(rs) || bad+skipped != 0 {
		t.Fatalf("good %d, bad %d, skipped %d of %d", good, bad, skipped, len(rs))
	}
	var before, after []nianbao.RequestSummary
	for i, r := range register.Requests(rows) {
		c, err := ledger.Verify(r.Events, env)
		if err != nil {
			t.Fatalf("row %d (%s): %v\n%+v", rows[i].Line, r.Number, err, rs[i].Events)
		}
		r.Clock, r.ID = c, int64(i+1)
		after = append(after, ledgergen.Summarize(r))
		before = append(before, ledgergen.Summarize(rs[i]))
	}
	for _, y := range []int{2025, 2026} {
		if a, b := ledger.Count(*body, before, y).Report.Requests, ledger.Count(*body, after, y).Report.Requests; a != b {
			t.Errorf("%d: table 三 differs after the round trip", y)
		}
	}
}

func TestValues(t *testing.T) {
	for s, want := range map[string]nianbao.Channel{"网上申请": nianbao.ChannelOnline, "政府网站": nianbao.ChannelOnline, "平信": nianbao.ChannelLetter,
		"挂号信": nianbao.ChannelPost, "EMS": nianbao.ChannelPost, "电子邮件": nianbao.ChannelEmail, "现场": nianbao.ChannelInPerson, "传真": nianbao.ChannelFax, "飞鸽": ""} {
		if got := register.ChannelOf(s); got != want {
			t.Errorf("ChannelOf(%q) = %q; want %q", s, got, want)
		}
	}
	for s, want := range map[string]nianbao.Row{"予以公开": nianbao.Granted, "公开": nianbao.Granted, "部分公开": nianbao.PartiallyGranted,
		"不予公开（国家秘密）": nianbao.WithheldStateSecret, "信息不存在": nianbao.UnavailableNotHeld, "（五）不予处理·1.信访举报投诉类申请": nianbao.NotProcessedPetition,
		"（六）其他处理·3.其他": nianbao.OtherOther, "（四）无法提供·3.补正后申请内容仍不明确": nianbao.UnavailableUnclear} {
		if kind, got, ok := register.OutcomeOf(s); !ok || kind != nianbao.EventAnswered || got != want {
			t.Errorf("OutcomeOf(%q) = %s %s %v; want %s", s, kind, got.Key(), ok, want.Key())
		}
	}
	for s, want := range map[string]nianbao.EventKind{"申请人撤回": nianbao.EventWithdrawn, "逾期不补正": nianbao.EventCorrectionLapsed,
		"逾期未缴费": nianbao.EventFeeLapsed, "告知向市自然资源局申请": nianbao.EventForwarded} {
		if kind, _, ok := register.OutcomeOf(s); !ok || kind != want {
			t.Errorf("OutcomeOf(%q) = %s; want %s", s, kind, want)
		}
	}
	for _, s := range []string{"不予公开", "已办", ""} {
		if _, _, ok := register.OutcomeOf(s); ok {
			t.Errorf("OutcomeOf(%q) read", s)
		}
	}
	for s, want := range map[string]string{"46283": "2026-09-18", "46283.5": "2026-09-18", "2026-09-18 10:30:00": "2026-09-18", "2026年9月18日": "2026-09-18", "": ""} {
		if d, err := register.DateCell(s); err != nil || d.String() != want {
			t.Errorf("DateCell(%q) = %s, %v; want %s", s, d, err, want)
		}
	}
	if c, ok := register.ApplicantOf("法人或其他组织"); ok {
		t.Errorf("ApplicantOf(法人或其他组织) = %s; the five kinds are told apart", c.Label())
	}
}

// FuzzRead: any file reads without panicking, and whatever reads converts.
func FuzzRead(f *testing.F) {
	f.Add([]byte("登记编号,收到日期,类别,方式\n1,2026-09-18,自然人,当面\n"))
	f.Add([]byte("a,b\n,\n46283,x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := register.Read("fuzz", data)
		if err != nil {
			if nianbao.ErrorCode(err) != nianbao.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		register.Convert(s, register.Guess(s.Headers), register.Defaults{Channel: nianbao.ChannelOnline})
	})
}
