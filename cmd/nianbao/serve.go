package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"path"
	"time"
	_ "time/tzdata" // --tz works on machines without a time zone database

	"nianbao"
	"nianbao/ingest"
	"nianbao/isolate"
	"nianbao/reader"
	"nianbao/store"
	"nianbao/web"
)

// runServe serves the web application and its JSON API over the store at
// --db until ctx is done (SIGINT), then shuts down gracefully.
func (m *Main) runServe(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址")
	db := fs.String("db", store.DefaultPath, "数据库：SQLite 文件路径，或 postgres:// 开头的 PostgreSQL 地址")
	demo := fs.Bool("demo", false, "载入随附的样本报告，打开即可看到数据")
	tz := fs.String("tz", "Asia/Shanghai", "页面和导出中时间的时区")
	readMemory := fs.Int64("read-memory", isolate.DefaultMemory>>20, "读取一个上传文件的子进程最多可用的内存（MB）")
	readTimeout := fs.Duration("read-timeout", isolate.DefaultTimeout, "读取一个上传文件的时限")
	readOnly := fs.Bool("read-only", false, "只读：不接受上传（尚未创建账号时，在非本机地址上提供服务须加此项）")
	public := fs.Bool("public", false, "未登录的访客也可查看报告（只读）；默认须登录")
	proxy := fs.Bool("proxy", false, "在反向代理之后：客户端地址取自 X-Forwarded-For，X-Forwarded-Proto 为 https 时登录 Cookie 只经 HTTPS 发送")
	var hosts []string
	fs.Func("host", "另外允许的主机名（经域名或反向代理访问时），可多次给出", func(h string) error {
		hosts = append(hosts, h)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return exitFailed
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "nianbao serve: 多余的参数 %q\n", fs.Args())
		return exitFailed
	}
	logger := slog.New(slog.NewTextHandler(m.Stderr, nil))
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao serve: 不认识的时区 %q（例如 Asia/Shanghai）\n", *tz)
		return exitFailed
	}

	st, err := store.Open(ctx, *db)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao serve: 无法打开数据库 %s: %s\n", store.Redact(*db), nianbao.ErrorMessage(err))
		return exitFailed
	}
	defer st.Close()
	if !m.accountsCheck(ctx, st, *addr, *readOnly, *proxy) {
		return exitFailed
	}
	svc := ingest.NewService(st)
	if *demo { // the bundled samples are ours: read in this process
		n, err := loadSamples(ctx, svc)
		if err != nil {
			fmt.Fprintf(m.Stderr, "nianbao serve: 载入样本报告失败: %s\n", nianbao.ErrorMessage(err))
			return exitFailed
		}
		fmt.Fprintf(m.Stdout, "nianbao: 已载入样本报告 %d 份\n", n)
	}
	// Uploads are anyone's: each is read in a child process with a memory
	// limit and a deadline, so that no file can take the server down.
	child := &isolate.Reader{Memory: *readMemory << 20, Timeout: *readTimeout}
	svc.Read = func(ctx context.Context, f reader.File) (*nianbao.Report, error) {
		return child.Read(ctx, f.Name, f.Data)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao serve: 无法监听 %s: %v\n", *addr, err)
		return exitFailed
	}
	srv := web.NewServer(svc, web.Options{Logger: logger, Addr: *addr, Hosts: hosts, Location: loc, Ledger: st,
		Users: st, Audit: st, Places: svc, Reviews: st, Reviser: svc, Roster: st, Deadlines: svc, Public: *public, ReadOnly: *readOnly, TrustProxy: *proxy}).HTTPServer()
	srv.ErrorLog = slog.NewLogLogger(logger.Handler(), slog.LevelWarn)
	fmt.Fprintf(m.Stdout, "nianbao: 正在 http://%s/ 提供服务（按 Ctrl+C 停止）\n", ln.Addr())

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(m.Stderr, "nianbao serve: %v\n", err)
		return exitFailed
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(m.Stderr, "nianbao serve: 关闭时出错: %v\n", err)
		return exitFailed
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(m.Stderr, "nianbao serve: %v\n", err)
		return exitFailed
	}
	fmt.Fprintln(m.Stdout, "nianbao: 已停止")
	return exitOK
}

// loadSamples adds the bundled sample reports to svc; those already there
// are left as they are. It returns how many samples there are.
func loadSamples(ctx context.Context, svc nianbao.ReportService) (int, error) {
	var names []string
	err := fs.WalkDir(nianbao.SampleReports, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, name)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	for _, name := range names {
		data, err := fs.ReadFile(nianbao.SampleReports, name)
		if err != nil {
			return 0, err
		}
		if _, _, err := svc.AddReport(ctx, path.Base(name), data); err != nil {
			return 0, fmt.Errorf("%s: %w", path.Base(name), err)
		}
	}
	return len(names), nil
}

// accountsCheck refuses to serve an instance without accounts to anyone
// but the machine itself, unless it is read-only, and says how the
// instance runs. It reports whether to go on.
func (m *Main) accountsCheck(ctx context.Context, st *store.Store, addr string, readOnly, proxy bool) bool {
	has, err := st.HasUsers(ctx)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao serve: %s\n", nianbao.ErrorMessage(err))
		return false
	}
	local := web.Loopback(addr) && !proxy
	switch {
	case !has && !local && !readOnly:
		where := "监听地址 " + addr + " 不是本机地址"
		if proxy {
			where = "在反向代理之后"
		}
		fmt.Fprintf(m.Stderr, "nianbao serve: 尚未创建任何账号，%s，任何能访问它的人都能上传报告，因此不启动。\n"+
			"请先创建管理员账号（nianbao user add --db … --role admin 名称），或加 --read-only 以只读方式启动。\n", where)
		return false
	case !has && !local:
		fmt.Fprintln(m.Stdout, "nianbao: 尚未创建任何账号：以只读方式提供服务，能访问的人都可查看报告，不能上传")
	case !has:
		fmt.Fprintln(m.Stdout, "nianbao: 本机模式，未启用账号：只有本机可以访问，不需登录；用 nianbao user add 创建账号后即须登录")
	case readOnly:
		fmt.Fprintln(m.Stdout, "nianbao: 只读模式：不接受上传")
	}
	return true
}
