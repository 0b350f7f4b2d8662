package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nianbao/render"
	"nianbao/web"
)

// browser starts a headless Chromium for a test, or skips the test when
// there is none (or in -short mode). The context ends with the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	exe := render.Chromium()
	if exe == "" {
		t.Skip("no Chromium on PATH (chromium, chromium-browser, google-chrome); Debian: apt-get install chromium")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	// Only the flags this closed network allows: nothing may call home.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	ctx, cancel := context.WithTimeout(t.Context(), 45*time.Second)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelBrowser := chromedp.NewContext(ctx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelBrowser)
	return ctx
}

// TestBrowser drives a real headless Chromium: sign in as a body's editor
// on the login page the upload page sends it to, upload a report through
// the upload page's file input, follow the result to the report page, see
// table 三 and a highlighted finding whose message shows on focus and on
// hover, see the dashboard draw its charts with the embedded ECharts, and
// sign out.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	a := newAccountFixture(t, web.Options{}, false)
	srv := httptest.NewServer(a.h) // 127.0.0.1 on a free port
	defer srv.Close()

	file := filepath.Join(t.TempDir(), "路北街道2024年报.txt")
	if err := os.WriteFile(file, brokenLubei(t), 0o644); err != nil {
		t.Fatal(err)
	}

	run := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	run("login",
		chromedp.Navigate(srv.URL+"/upload"),
		chromedp.WaitVisible(chromedp.CSS("form.login")),
		chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "路北"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "wrong-password"),
		chromedp.Submit(chromedp.CSS("form.login")),
		chromedp.WaitVisible(chromedp.CSS(".form-error")),
	)
	if msg := text(".form-error"); msg != "账号或密码不正确" {
		t.Errorf("wrong password: %q", msg)
	}
	run("login again",
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
		chromedp.Submit(chromedp.CSS("form.login")),
		chromedp.WaitReady(chromedp.CSS("#file-input")),
	)
	if who := text("header.site .who"); who != "路北（填报机关）" {
		t.Errorf("header shows %q; want the editor signed in", who)
	}
	// The session cookie is HTTP-only: no script reads it.
	if cookies, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie`)); err != nil || strings.Contains(cookies, "nianbao_session") {
		t.Errorf("document.cookie %q (%v): the session is readable by scripts", cookies, err)
	}

	run("upload",
		chromedp.WaitReady(chromedp.CSS("#file-input")),
		chromedp.SetUploadFiles(chromedp.CSS("#file-input"), []string{file}),
		chromedp.WaitVisible(chromedp.CSS("#upload-list li.done a.report-link")),
	)
	if result := text("#upload-list li.done .result"); !strings.Contains(result, "路北街道") || !strings.Contains(result, "错误") {
		t.Errorf("upload result %q; want the agency and its errors", result)
	}
	link, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#upload-list li.done a.report-link"), "href"))
	if err != nil || !link.Exists {
		t.Fatalf("report link: %v", err)
	}

	const cell = "table.table3 td#cell-requests-granted-total"
	run("report page",
		chromedp.Navigate(srv.URL+link.Value),
		chromedp.WaitVisible(chromedp.CSS("table.table3")),
		chromedp.WaitVisible(chromedp.CSS(cell+".finding-error .flag")),
		// The message is hidden until asked for …
		chromedp.WaitNotVisible(chromedp.CSS(cell+" .tip")),
	)
	if caption := text("table.table3 caption"); caption != "三、收到和处理政府信息公开申请情况" {
		t.Errorf("table 三 caption %q", caption)
	}
	// … shown on focus (the keyboard's way) …
	run("focus",
		chromedp.Focus(chromedp.CSS(cell+" .flag")),
		chromedp.WaitVisible(chromedp.CSS(cell+" .tip")),
	)
	tip := text(cell + " .tip")
	if !strings.HasPrefix(tip, "错误：") {
		t.Errorf("tooltip on focus %q; want the finding's message", tip)
	}
	run("blur",
		chromedp.Blur(chromedp.CSS(cell+" .flag")),
		chromedp.WaitNotVisible(chromedp.CSS(cell+" .tip")),
		chromedp.ScrollIntoView(chromedp.CSS(cell)),
	)
	// … and on hover.
	at, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector("`+cell+` .flag").getBoundingClientRect(); return [r.x + r.width/2, r.y + r.height/2]; })()`))
	if err != nil {
		t.Fatalf("cell position: %v", err)
	}
	run("hover",
		chromedp.MouseEvent(chromedp.MouseMoved, at[0], at[1]),
		chromedp.WaitVisible(chromedp.CSS(cell+" .tip")),
	)
	if hover := text(cell + " .tip"); hover != tip {
		t.Errorf("tooltip on hover %q; want %q", hover, tip)
	}

	// On a phone the report page does not scroll sideways (its tables
	// scroll in their own box), and sections 二–四 point to the tables
	// rather than repeat their text.
	run("phone",
		chromedp.EmulateViewport(375, 800, chromedp.EmulateMobile),
		chromedp.Navigate(srv.URL+link.Value),
		chromedp.WaitVisible(chromedp.CSS("table.table3")),
	)
	if over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`)); err != nil || over > 0 {
		t.Errorf("on a phone the report page is %d px wider than the screen (%v)", over, err)
	}
	if s := text("#section-3"); strings.Contains(s, "|") || !strings.Contains(s, "见上方") {
		t.Errorf("section 三 on the page: %q", s)
	}
	run("desktop", chromedp.EmulateReset())

	// The dashboard draws its charts with the embedded ECharts (no
	// network, a strict Content-Security-Policy).
	run("dashboard",
		chromedp.Navigate(srv.URL+"/dashboard"),
		chromedp.WaitVisible(chromedp.CSS("#chart-years svg")),
	)
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".chart svg").length`))
	if err != nil || charts != 5 {
		t.Errorf("%d charts drawn (%v); want 5", charts, err)
	}

	run("logout",
		chromedp.Click(chromedp.CSS(`header.site form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS("form.login")),
		chromedp.Navigate(srv.URL+"/reports"),
		chromedp.WaitVisible(chromedp.CSS("form.login")),
	)
}
