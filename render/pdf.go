package render

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"

	"nianbao"
	"nianbao/internal/soffice"
)

// Chromium returns the path of a Chromium or Chrome on PATH, or "".
func Chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// errNoPDF says what to install.
var errNoPDF = nianbao.Errorf(nianbao.EUNSUPPORTED,
	"生成 PDF 需要 Chromium 或 LibreOffice，本机都未安装（Debian: apt-get install chromium 或 apt-get install libreoffice-writer-nogui）；也可先生成 Word（--to docx）或网页（--to html）再自行打印")

// RenderPDF prints the report to PDF: the DOCX converted by LibreOffice
// when it is installed, else the HTML rendering printed by headless
// Chromium (its @page rules give A4, the margins and the page numbers).
//
// LibreOffice comes first for the text a PDF carries: Chromium writes, for
// a character whose glyph the font shares with a CJK radical, the radical
// (人⺠政府 for 人民政府, with Noto CJK), so the PDF's text would not
// search or copy as printed (nianbao's own PDF reader maps the radicals
// back).
func RenderPDF(ctx context.Context, rep *nianbao.Report) ([]byte, error) {
	if soffice.Path() != "" {
		return LibreOfficePDF(ctx, RenderDOCX(rep))
	}
	if exe := Chromium(); exe != "" {
		return ChromiumPDF(ctx, exe, RenderHTML(rep))
	}
	return nil, errNoPDF
}

// LibreOfficePDF converts a DOCX to PDF with LibreOffice.
func LibreOfficePDF(ctx context.Context, docx []byte) ([]byte, error) {
	return soffice.Convert(ctx, docx, "docx", "pdf", "libreoffice-writer-nogui")
}

// pdfTimeout bounds one run of Chromium (starting it takes about a second),
// and pageTimeout adds to it for each page printed (about a tenth of one
// each, more on a busy machine).
const pdfTimeout, pageTimeout = time.Minute, 10 * time.Second

// ChromiumPDF prints an HTML page to PDF with the Chromium at exe.
func ChromiumPDF(ctx context.Context, exe string, page []byte) ([]byte, error) {
	out, err := ChromiumPDFs(ctx, exe, [][]byte{page})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// ChromiumPDFs prints HTML pages to PDF with one run of the Chromium at
// exe: starting it takes about a second, printing a report a tenth of one.
// Each page is loaded from a temporary file, and the browser is kept off
// the network: the pages need nothing from it.
func ChromiumPDFs(ctx context.Context, exe string, pages [][]byte) ([][]byte, error) {
	dir, err := os.MkdirTemp("", "nianbao-pdf-")
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINTERNAL, "无法创建临时目录: %v", err)
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout+pageTimeout*time.Duration(len(pages)))
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("proxy-server", "127.0.0.1:9"), // nothing may go out
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
	)
	defer cancelAlloc()
	ctx, cancelBrowser := chromedp.NewContext(ctx)
	defer cancelBrowser()
	out := make([][]byte, len(pages))
	for i, page := range pages {
		file := filepath.Join(dir, fmt.Sprintf("report%d.html", i))
		if err := os.WriteFile(file, page, 0o600); err != nil {
			return nil, nianbao.Errorf(nianbao.EINTERNAL, "无法写入临时文件: %v", err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(file))); err != nil {
			return nil, nianbao.Errorf(nianbao.EINTERNAL, "Chromium 无法打开报告页面: %v", err)
		}
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize(), chromedp.PDFOutlineAndTagged()))
		if err != nil {
			return nil, nianbao.Errorf(nianbao.EINTERNAL, "Chromium 无法打印 PDF: %v", err)
		}
		out[i] = pdf
	}
	return out, nil
}
