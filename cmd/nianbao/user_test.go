package main

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"nianbao"
	"nianbao/password"
	"nianbao/store"
)

func init() {
	// Default's cost belongs to the password package's benchmark.
	password.Default = password.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// TestUserCommands: nianbao user add, list, disable, enable, passwd and
// token on a database, as a person at the machine runs them.
func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "nianbao.db")
	for _, c := range []struct {
		stdin string
		args  []string
		code  int
		out   string // in stdout (code 0) or stderr
	}{
		{"管理员的密码-0001\n", []string{"user", "add", "--db", db, "--role", "admin", "管理员"}, 0, "已新建账号“管理员”（管理员）"},
		{"", []string{"user", "add", "--db", db, "--role", "supervisor", "--place", "淮安市", "--place", "320813", "--password", "监督机构的密码-01", "淮安"}, 0, "监督机构"},
		{"", []string{"user", "add", "--db", db, "--role", "editor", "--body", "路北街道办事处", "--password", "填报机关的密码-01", "路北"}, 0, "填报机关"},
		{"", []string{"user", "add", "--db", db, "--role", "admin", "没有密码"}, 2, "没有收到密码"},
		{"", []string{"user", "add", "--db", db, "--role", "admin", "--password", "short", "短"}, 2, "密码太短"},
		{"", []string{"user", "add", "--db", db, "--role", "root", "--password", "long-enough", "x"}, 2, "角色应为"},
		{"", []string{"user", "add", "--db", db, "--role", "supervisor", "--place", "鼓楼区", "--password", "long-enough", "x"}, 2, "可指 4 个地区"},
		{"", []string{"user", "add", "--db", db, "--role", "editor", "--password", "long-enough", "x"}, 2, "本机关的名称"},
		{"", []string{"user", "add", "--db", db, "--role", "admin", "--password", "long-enough", "管理员"}, 2, "已被使用"},
		{"", []string{"user", "add", "--db", db, "--role", "admin"}, 2, "选项须写在名称之前"},
		{"", []string{"user", "list", "--db", db}, 0, "江苏省淮安市（3208）、江苏省淮安市洪泽区（320813）"},
		{"", []string{"user", "disable", "--db", db, "管理员"}, 2, "至少要保留一个可用的管理员账号"},
		{"", []string{"user", "disable", "--db", db, "路北"}, 0, "已停用账号“路北”"},
		{"", []string{"user", "list", "--db", db}, 0, "已停用"},
		{"", []string{"user", "enable", "--db", db, "路北"}, 0, "已启用账号“路北”"},
		{"新的密码-2026\n", []string{"user", "passwd", "--db", db, "路北"}, 0, "已重设账号“路北”的密码"},
		{"", []string{"user", "passwd", "--db", db, "--password", "x", "nobody"}, 2, "没有名为“nobody”的账号"},
		{"", []string{"user", "token", "--db", db, "--label", "每晚导出", "淮安"}, 0, store.TokenPrefix},
		{"", []string{"user", "token", "--db", db, "--list", "淮安"}, 0, "每晚导出"},
		{"", []string{"user", "token", "--db", db, "--revoke", "1", "路北"}, 2, "没有编号为 1 的接口令牌"},
		{"", []string{"user", "token", "--db", db, "--revoke", "1", "淮安"}, 0, "已撤销"},
		{"", []string{"user", "token", "--db", db, "--list", "淮安"}, 0, "没有接口令牌"},
		{"", []string{"user", "frobnicate"}, 2, "未知的子命令"},
	} {
		code, out, errOut := run(t, c.stdin, c.args...)
		got := out
		if c.code != 0 {
			got = errOut
		}
		if code != c.code || !strings.Contains(got, c.out) {
			t.Errorf("%s: exit %d; want %d with %q\nstdout: %s\nstderr: %s", strings.Join(c.args, " "), code, c.code, c.out, out, errOut)
		}
	}

	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Authenticate(context.Background(), "路北", "新的密码-2026", "127.0.0.1"); err != nil {
		t.Errorf("the password set by user passwd from standard input: %v", err)
	}
	if _, err := st.Authenticate(context.Background(), "管理员", "管理员的密码-0001", "127.0.0.1"); err != nil {
		t.Errorf("the password of user add from standard input: %v", err)
	}
	entries, _, err := st.AuditEntries(context.Background(), nianbao.AuditFilter{Action: nianbao.ActionUserAdd})
	if err != nil || len(entries) != 3 || entries[0].Actor != "" || entries[0].Addr != "" {
		t.Errorf("user.add entries %+v, %v; want three, from the command line", entries, err)
	}
}

// TestServeNeedsAccounts: serve refuses an address others reach without
// any account, and says so in Chinese; once there is one, it asks for it.
func TestServeNeedsAccounts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "nianbao.db")
	code, _, errOut := run(t, "", "serve", "--db", db, "--addr", "0.0.0.0:0")
	if code != exitFailed || !strings.Contains(errOut, "尚未创建任何账号") || !strings.Contains(errOut, "--read-only") {
		t.Fatalf("serve on 0.0.0.0 without accounts: exit %d\n%s", code, errOut)
	}
	code, _, errOut = run(t, "", "serve", "--db", db, "--proxy")
	if code != exitFailed || !strings.Contains(errOut, "反向代理") {
		t.Fatalf("serve behind a proxy without accounts: exit %d\n%s", code, errOut)
	}
	if code, _, errOut := run(t, "", "user", "add", "--db", db, "--role", "admin", "--password", "管理员的密码-0001", "admin"); code != 0 {
		t.Fatal(errOut)
	}
	url, stop := startServe(t, "--db", db)
	defer stop()
	res, err := http.Get(url + "api/reports")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /api/reports without signing in: %d, want 401", res.StatusCode)
	}
}
