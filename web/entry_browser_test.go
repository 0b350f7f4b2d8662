package web_test

import (
	"encoding/base64"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"nianbao"
	"nianbao/reader"
)

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
	run := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
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
