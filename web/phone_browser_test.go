package web_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"nianbao"
	"nianbao/web"
)

// TestPhoneLayout: on a phone's width (375 CSS pixels) no page scrolls
// sideways: wide tables scroll in their own box, long names wrap.
func TestPhoneLayout(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, realFiles(t, "hongze-2024.pdf", "huaian-2024.pdf", "hongze-2023.pdf"))
	srv := httptest.NewServer(f.h)
	defer srv.Close()
	id := strconv.FormatInt(f.ids["hongze-2023.pdf"], 10)
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(375, 800)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/reports", "/reports/" + id, "/reports/" + id + "/compare", "/problems", "/dashboard", "/upload", "/check",
		"/aggregate?place=3208&year=2024", "/roster?place=3208&year=2024", "/entry"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		w, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if w[0] > w[1] {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const out = []; for (const e of document.querySelectorAll("body *")) { const r = e.getBoundingClientRect(); if (r.right > window.innerWidth + 1 && !e.closest(".table-wrap, .tables")) out.push(e.tagName + "." + e.className + " " + Math.round(r.right)); } return out.slice(0, 8).join("; "); })()`))
			t.Errorf("%s scrolls sideways on a phone: %d px wide in %d (%s)", path, w[0], w[1], wide)
		}
	}
}

// TestPrintLayout: printed, the report page and the problem list keep the
// report and the list and drop the application around them: navigation,
// filters and the forms of review.
func TestPrintLayout(t *testing.T) {
	ctx := browser(t)
	// Local mode (no accounts): the page offers every form of review.
	a := newAccountFixture(t, web.Options{}, true)
	svc := reportService(a.st)
	a.h = web.NewServer(svc, web.Options{Users: a.st, Audit: a.st, Reviews: a.st, Reviser: svc.(nianbao.Reviser), Places: svc.(web.BodyPlacer)})
	sr := addHongze(t, a)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	print := chromedp.Action[chromedp.Void](func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		return chromedp.Void{}, t.Call(ctx, "Emulation.setEmulatedMedia", map[string]any{"media": "print"}, nil)
	})
	if err := chromedp.Do(ctx, print); err != nil {
		t.Fatal(err)
	}
	shown := func(sel string) bool {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("`+sel+`")].filter(e => e.getClientRects().length > 0).length`))
		if err != nil {
			t.Fatal(err)
		}
		return n > 0
	}
	id := strconv.FormatInt(sr.ID, 10)
	if _, body := a.get("/reports/"+id, ""); !strings.Contains(string(body), `class="delete-form"`) {
		t.Fatal("the report page offers no forms to hide")
	}
	for path, keep := range map[string]string{"/reports/" + id: "table.report-table", "/problems": "table.problems"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !shown(keep) {
			t.Errorf("%s printed without %s", path, keep)
		}
		for _, sel := range []string{"header.site", "footer.site", "form.filters", "form.review-form", "form.delete-form", "form.place-form", "form.correct-form"} {
			if shown(sel) {
				t.Errorf("%s prints %s", path, sel)
			}
		}
	}
}
