package main

import (
	"context"
	"flag"
	"fmt"

	"nianbao"
	"nianbao/ingest"
	"nianbao/store"
)

// runPlace places the bodies of stored reports from their stored text
// (ingest.Service.PlaceStored): the reports a database kept from before
// reports kept their place, which stay unplaced until then, or with --all
// every report not placed by hand.
func (m *Main) runPlace(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("place", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := fs.String("db", store.DefaultPath, "数据库：SQLite 文件或 postgres:// 地址")
	all := fs.Bool("all", false, "重新定位全部报告（人工定位的除外），而不只是从未定位的")
	if err := fs.Parse(args); err != nil {
		return exitFailed
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(m.Stderr, "用法: nianbao place [--db nianbao.db] [--all]")
		return exitFailed
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao place: 无法打开数据库 %s: %s\n", store.Redact(*db), nianbao.ErrorMessage(err))
		return exitFailed
	}
	defer st.Close()
	placed, unplaced, err := ingest.NewService(st).PlaceStored(ctx, *all)
	fmt.Fprintf(m.Stdout, "定位 %d 份报告，未能定位 %d 份（报告页的定位说明列出原因和候选，可人工定位）\n", placed, unplaced)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao place: %s\n", nianbao.ErrorMessage(err))
		return exitFailed
	}
	return exitOK
}
