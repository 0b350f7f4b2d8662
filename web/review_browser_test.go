package web_test

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestReviewBrowser drives the office's review in a real headless
// Chromium: sign in as the supervisor of 淮安市 from 洪泽区's report page,
// correct a misread cell (the table marks it, its tip says what was read),
// mark a finding 误报, and export the problem list, which carries it.
func TestReviewBrowser(t *testing.T) {
	ctx := browser(t)
	a, sr := newReviseFixture(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	run := steps(t, ctx)
	page := srv.URL + "/reports/" + strconv.FormatInt(sr.ID, 10)
	const cell = "td#cell-requests-new_received-natural_person"

	run("login",
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS("form.login")),
		chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "淮安"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
		chromedp.Submit(chromedp.CSS("form.login")),
		chromedp.WaitVisible(chromedp.CSS("form.correct-form")),
	)
	run("correct a cell",
		chromedp.SetValue(chromedp.CSS(`form.correct-form select[name="cell"]`), "requests/new_received/natural_person"),
		chromedp.SendKeys(chromedp.CSS(`form.correct-form input[name="text"]`), "99"),
		chromedp.SendKeys(chromedp.CSS(`form.correct-form input[name="reason"]`), "原文件第2页此格为 99"),
		chromedp.Submit(chromedp.CSS("form.correct-form")),
		chromedp.WaitVisible(chromedp.CSS(cell+".corrected")),
		chromedp.Focus(chromedp.CSS(cell+" .flag")),
		chromedp.WaitVisible(chromedp.CSS(cell+" .tip")),
	)
	tip, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(cell+" .tip")))
	if err != nil || !strings.Contains(tip, "已更正：读取为") || !strings.Contains(tip, "（淮安，") {
		t.Errorf("the corrected cell's tip %q (%v)", tip, err)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(cell+" .flag"))); !strings.HasPrefix(got, "99") {
		t.Errorf("the corrected cell shows %q", got)
	}

	run("mark a finding",
		chromedp.SetValue(chromedp.CSS(`.finding-item form.review-form select[name="state"]`), "false"),
		chromedp.SendKeys(chromedp.CSS(`.finding-item form.review-form input[name="comment"]`), "核对原件无误"),
		chromedp.Submit(chromedp.CSS(".finding-item form.review-form")),
		chromedp.WaitVisible(chromedp.CSS(".finding-state.state-false")),
	)

	run("the problem list",
		chromedp.Navigate(srv.URL+"/problems?state=false"),
		chromedp.WaitVisible(chromedp.CSS("table.problems")),
	)
	csv, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector("a.export-csv").href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.Contains(csv, "洪泽区") || !strings.Contains(csv, "误报") || !strings.Contains(csv, "核对原件无误") {
		t.Errorf("the exported problem list (%v):\n%.600s", err, csv)
	}
}
