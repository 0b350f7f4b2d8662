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
	if *demo {
		n, err := loadSamples(ctx, st)
		if err != nil {
			fmt.Fprintf(m.Stderr, "nianbao serve: 载入样本报告失败: %s\n", nianbao.ErrorMessage(err))
			return exitFailed
		}
		fmt.Fprintf(m.Stdout, "nianbao: 已载入样本报告 %d 份\n", n)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao serve: 无法监听 %s: %v\n", *addr, err)
		return exitFailed
	}
	srv := web.NewServer(st, web.Options{Logger: logger, Addr: *addr, Hosts: hosts, Location: loc, Ledger: st}).HTTPServer()
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
