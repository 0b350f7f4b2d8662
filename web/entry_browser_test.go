package web_test

import (
	"context"
	"encoding/base64"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"nianbao"
	"nianbao/reader"
)

// steps returns a runner of the browser's actions, which ends the test
// at the first step that fails, named.
func steps(t *testing.T, ctx context.Context) func(step string, actions ...chromedp.Action[chromedp.Void]) {
	return func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
}

// TestEntryBrowser fills the entry form in a real headless Chromium: a
// row whose 总计 does not add up is highlighted with the rule's title, the
// derivable total is offered and filled with a click, Enter moves down the
// column, and the report exported as DOCX reads back with what was typed —
// numbers, a "/" and the blanks.
func TestEntryBrowser(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, nil)
	srv := httptest.NewServer(f.h)
	defer srv.Close()
	run := steps(t, ctx)
	cell := func(row, col string) string { return `input[name="cell.requests.` + row + `.` + col + `"]` }
	td := func(row, col string) string { return `td[data-cell="cell.requests.` + row + `.` + col + `"]` }

	run("open the form",
		chromedp.Navigate(srv.URL+"/entry"),
		chromedp.WaitVisible(chromedp.CSS("table.table3")),
		chromedp.SendKeys(chromedp.CSS("#entry-agency"), "某某区人民政府办公室"),
		chromedp.SetValue(chromedp.CSS("#entry-year"), "2024"),
		chromedp.SendKeys(chromedp.CSS(cell("new_received", "natural_person")), "3"),
		chromedp.SendKeys(chromedp.CSS(cell("new_received", "commercial")), "0"),
		chromedp.SendKeys(chromedp.CSS(cell("new_received", "research")), "0"),
		chromedp.SendKeys(chromedp.CSS(cell("new_received", "public_interest")), "/"),
		chromedp.SendKeys(chromedp.CSS(cell("new_received", "legal_services")), "0"),
		chromedp.SendKeys(chromedp.CSS(cell("new_received", "other_org")), "0"),
		chromedp.SendKeys(chromedp.CSS(cell("new_received", "total")), "4"),
	)
	// A "/" is a mark, not 0: the row's identity cannot be checked yet.
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("td.broken").length`)); n != 0 {
		t.Errorf("%d cells broken while the row holds a \"/\"", n)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector('`+cell("new_received", "public_interest")+`').value = ""; return true })()`)); err != nil {
		t.Fatal(err)
	}
	run("break the row total",
		chromedp.SendKeys(chromedp.CSS(cell("new_received", "public_interest")), "0"),
		chromedp.WaitVisible(chromedp.CSS(td("new_received", "total")+".broken")),
	)
	title, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(cell("new_received", "total")), "title"))
	if err != nil || !strings.Contains(title.Value, nianbao.RuleRowTotal.Title()) {
		t.Errorf("broken cell's title %q (%v); want the rule %q", title.Value, err, nianbao.RuleRowTotal.Title())
	}
	if status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#entry-status"))); !strings.Contains(status, "1 条勾稽关系不成立") {
		t.Errorf("status %q", status)
	}
	// The total it should be is offered beside it; the clerk fills it.
	run("fill the total",
		chromedp.WaitVisible(chromedp.CSS(td("new_received", "total")+" button.fill")),
		chromedp.Click(chromedp.CSS(td("new_received", "total")+" button.fill")),
		chromedp.WaitNotPresent(chromedp.CSS(td("new_received", "total")+".broken")),
	)
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('`+cell("new_received", "total")+`').value`)); v != "3" {
		t.Errorf("filled total %q; want 3", v)
	}
	// Enter moves down the column.
	run("enter", chromedp.Focus(chromedp.CSS(cell("new_received", "natural_person"))), chromedp.KeyEvent("\r"))
	if name, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.name`)); name != "cell.requests.carried_over.natural_person" {
		t.Errorf("Enter moved to %q; want the cell below", name)
	}
	run("a mark in table 四", chromedp.SendKeys(chromedp.CSS(`input[name="cell.review.reconsideration.upheld"]`), "/"))

	// Export: post the form as its button would, and read the DOCX back.
	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
		const fd = new FormData(document.getElementById("entry-form"));
		fd.set("format", "docx");
		const r = await fetch("/entry/export", {method: "POST", body: fd});
		if (!r.ok) return "HTTP " + r.status;
		const b = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (const c of b) s += String.fromCharCode(c);
		return btoa(s);
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	docx, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatalf("export: %.80s", b64)
	}
	rep, err := reader.Read("export.docx", docx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Agency != "某某区人民政府办公室" || rep.Year != 2024 {
		t.Errorf("exported %q %d", rep.Agency, rep.Year)
	}
	idx := rep.CellIndex()
	for _, tc := range []struct {
		key  nianbao.CellKey
		want nianbao.Printed
	}{
		{nianbao.RequestCell(nianbao.NewReceived, nianbao.NaturalPerson).Key, nianbao.Printed{Num: nianbao.Int(3), Kind: nianbao.KindNumber, Text: "3"}},
		{nianbao.RequestCell(nianbao.NewReceived, nianbao.ColumnTotal).Key, nianbao.Printed{Num: nianbao.Int(3), Kind: nianbao.KindNumber, Text: "3"}},
		{nianbao.RequestCell(nianbao.NewReceived, nianbao.PublicInterest).Key, nianbao.Printed{Num: nianbao.Int(0), Kind: nianbao.KindNumber, Text: "0"}},
		{nianbao.RequestCell(nianbao.Granted, nianbao.NaturalPerson).Key, nianbao.Printed{Kind: nianbao.KindBlank}},
		{nianbao.ReviewCell(nianbao.Reconsideration, nianbao.Upheld).Key, nianbao.Printed{Kind: nianbao.KindMark, Text: "/"}},
	} {
		if got := rep.Printed(idx, tc.key); !got.Same(tc.want) || got.Kind != tc.want.Kind {
			t.Errorf("%v read back as %+v; want %+v", tc.key, got, tc.want)
		}
	}
}

// TestEntryDraftBrowser: the clerk starts from last year (table 三's
// 二、上年结转 filled from 路北街道's 2024 四, with the warning about
// copied text), sees the prose check's findings appear, saves the draft
// and finds the form filled with it again.
func TestEntryDraftBrowser(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, map[string][]byte{seedLubei: readSeed(t, seedLubei)})
	last, err := f.svc.FindReport(t.Context(), f.ids[seedLubei])
	if err != nil {
		t.Fatal(err)
	}
	want := last.Report.Value(nianbao.RequestCell(nianbao.CarriedForward, nianbao.ColumnTotal).Key).String()
	srv := httptest.NewServer(f.h)
	defer srv.Close()
	run := steps(t, ctx)
	carried := `input[name="cell.requests.carried_over.total"]`
	value := func(sel string) string {
		v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('`+sel+`').value`))
		return v
	}
	run("start from last year",
		chromedp.Navigate(srv.URL+"/entry"),
		chromedp.WaitVisible(chromedp.CSS("table.table3")),
		chromedp.SendKeys(chromedp.CSS("#entry-agency"), "路北街道"),
		chromedp.SetValue(chromedp.CSS("#entry-year"), "2025"),
		chromedp.Click(chromedp.CSS("#entry-previous")),
		chromedp.WaitVisible(chromedp.CSS("#entry-previous-notes p.warning")),
	)
	if got := value(carried); got != want {
		t.Errorf("二、上年结转 总计 %q; last year's 结转下年度 %q", got, want)
	}
	run("the prose check",
		chromedp.SendKeys(chromedp.CSS(`input[name="cell.requests.new_received.total"]`), "12"),
		chromedp.SetValue(chromedp.CSS(`textarea[name="section1"]`), "2025年，我街道共收到政府信息公开申请999件。"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="section1"]`), " "),
		chromedp.WaitVisible(chromedp.CSS(`#entry-prose li[data-rule="text.received"]`)),
	)
	run("save the draft",
		chromedp.Click(chromedp.CSS("#entry-save")),
		chromedp.WaitVisible(chromedp.CSS(".entry-draft")),
	)
	if got := value(carried); got != want {
		t.Errorf("the reopened draft's 上年结转 %q; want %q", got, want)
	}
	if got := value(`#entry-agency`); got != "路北街道" {
		t.Errorf("the reopened draft's agency %q", got)
	}
}
