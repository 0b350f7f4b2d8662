package web_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLedgerBrowser: in a real Chromium, the new-request form shows the
// due date as the receipt date and channel are typed, names the channel's
// date, and registers the request with that date.
func TestLedgerBrowser(t *testing.T) {
	ctx := browser(t)
	f := newLedgerFixture(t, "某市生态环境局")
	srv := httptest.NewServer(f.h)
	defer srv.Close()
	// Typing into a date field differs between browsers: set the value
	// and announce it as typing does.
	const typeDate = `(() => { const d = document.getElementById("date"); d.value = "2025-09-26"; d.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+f.bodyPath("/new")),
		chromedp.WaitVisible(chromedp.CSS("#due-preview .due")),
		chromedp.SetValue(chromedp.CSS("#channel"), "post"),
		chromedp.Evaluate[chromedp.Void](typeDate),
		chromedp.Poll[chromedp.Void](`document.getElementById("due-preview").textContent.includes("2025年10月30日")`),
	)
	if err != nil {
		t.Fatalf("due date as typed: %v", err)
	}
	label, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#date-label")))
	if err != nil || label != "签收日期" {
		t.Errorf("date label %q, %v", label, err)
	}
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("button[name=preview]").hidden`))
	if err != nil || !hidden {
		t.Errorf("the button for pages without JavaScript still shows (%v)", err)
	}
	if reasons, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#due-preview ol.reasons"))); !strings.Contains(reasons, "调休上班日") {
		t.Errorf("reasons %q", reasons)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#new-request button[type=submit]:not([name])`)),
		chromedp.WaitVisible(chromedp.CSS(".clock .due")),
	)
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	if due, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".clock .due"))); !strings.Contains(due, "2025年10月30日") {
		t.Errorf("the request's due date %q", due)
	}
}
