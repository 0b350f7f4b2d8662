package main

import (
	"context"
	"flag"
	"fmt"

	"nianbao"
	"nianbao/store"
)

// runBackup copies the SQLite store at --db to FILE while it stays in use.
func (m *Main) runBackup(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := fs.String("db", store.DefaultPath, "要备份的 SQLite 数据库文件")
	if err := fs.Parse(args); err != nil {
		return exitFailed
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(m.Stderr, "用法: nianbao backup [--db nianbao.db] 备份文件")
		return exitFailed
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao backup: 无法打开数据库 %s: %s\n", store.Redact(*db), nianbao.ErrorMessage(err))
		return exitFailed
	}
	defer st.Close()
	if err := st.Backup(ctx, fs.Arg(0)); err != nil {
		fmt.Fprintf(m.Stderr, "nianbao backup: %s\n", nianbao.ErrorMessage(err))
		return exitFailed
	}
	fmt.Fprintf(m.Stdout, "已备份到 %s\n", fs.Arg(0))
	return exitOK
}

// runRestore replaces the SQLite store at --db by a backup.
func (m *Main) runRestore(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := fs.String("db", store.DefaultPath, "要恢复的 SQLite 数据库文件（恢复前请停止使用它的服务和导入）")
	if err := fs.Parse(args); err != nil {
		return exitFailed
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(m.Stderr, "用法: nianbao restore [--db nianbao.db] 备份文件")
		return exitFailed
	}
	if err := store.Restore(ctx, fs.Arg(0), *db); err != nil {
		fmt.Fprintf(m.Stderr, "nianbao restore: %s\n", nianbao.ErrorMessage(err))
		return exitFailed
	}
	fmt.Fprintf(m.Stdout, "已从 %s 恢复到 %s（原数据库保留为 %s.before-restore）\n", fs.Arg(0), *db, *db)
	return exitOK
}
