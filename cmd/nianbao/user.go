package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"
	"golang.org/x/text/width"

	"nianbao"
	"nianbao/place"
	"nianbao/store"
)

const userUsage = `用法:
  nianbao user add [--db nianbao.db] --role admin|supervisor|editor [--place P]... [--body 机关] [--password 密码] 名称
        新建账号。监督机构（supervisor）用 --place 给出负责的地区（区划代码如 3208，或唯一的名称如 淮安市，可多次给出）；
        填报机关（editor）用 --body 给出本机关的名称（与其报告所写相同）。
        密码在终端中输入（不显示）；标准输入不是终端时读其第一行；--password 供脚本使用（会留在命令历史中）。
  nianbao user list [--db nianbao.db]
  nianbao user disable [--db nianbao.db] 名称      停用账号并结束其全部登录
  nianbao user enable [--db nianbao.db] 名称       重新启用账号
  nianbao user passwd [--db nianbao.db] [--password 密码] 名称
                                                   重设密码并结束其全部登录
  nianbao user token [--db nianbao.db] [--label 用途] 名称
                                                   新建接口令牌（只显示这一次）
  nianbao user token [--db nianbao.db] --list 名称 | --revoke 编号 名称
`

// runUser manages the accounts of the store at --db. It works on the
// database directly, as the person at the machine, and needs no login;
// what it changes is in the audit log as done from the command line.
func (m *Main) runUser(ctx context.Context, args []string) int {
	cmd, args, fs, db, ok := m.subcommand("user", userUsage, args)
	if !ok {
		return exitFailed
	}
	var role, body, pw, label, revoke *string
	var places []string
	var list *bool
	switch cmd {
	case "add":
		role = fs.String("role", "", "角色：admin（管理员）、supervisor（监督机构）或 editor（填报机关）")
		fs.Func("place", "监督机构负责的地区：区划代码或唯一的名称，可多次给出", func(p string) error {
			places = append(places, p)
			return nil
		})
		body = fs.String("body", "", "填报机关的名称，与其报告所写相同")
		fallthrough
	case "passwd":
		pw = fs.String("password", "", "密码（供脚本使用；不给出时从终端或标准输入读取）")
	case "token":
		label = fs.String("label", "", "令牌的用途说明")
		list = fs.Bool("list", false, "列出该账号的令牌")
		revoke = fs.String("revoke", "", "撤销编号为此的令牌")
	case "list", "disable", "enable":
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, userUsage)
		return exitOK
	default:
		fmt.Fprintf(m.Stderr, "nianbao user: 未知的子命令 %q\n\n%s", cmd, userUsage)
		return exitFailed
	}
	if err := fs.Parse(args); err != nil {
		return exitFailed
	}
	wantArgs := 1
	if cmd == "list" {
		wantArgs = 0
	}
	if fs.NArg() != wantArgs {
		fmt.Fprintf(m.Stderr, "nianbao user %s: 参数有误（选项须写在名称之前）\n\n%s", cmd, userUsage)
		return exitFailed
	}
	name := fs.Arg(0)
	fail := func(err error) int {
		fmt.Fprintf(m.Stderr, "nianbao user %s: %s\n", cmd, nianbao.ErrorMessage(err))
		return exitFailed
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao user: 无法打开数据库 %s: %s\n", store.Redact(*db), nianbao.ErrorMessage(err))
		return exitFailed
	}
	defer st.Close()

	switch cmd {
	case "list":
		return m.listUsers(ctx, st)
	case "add":
		u := &nianbao.User{Name: name, Role: nianbao.Role(*role), Body: *body}
		for _, p := range places {
			pl, err := place.Resolve(p)
			if err != nil {
				return fail(err)
			}
			u.Places = append(u.Places, pl.Code)
		}
		if err := u.Validate(); err != nil { // before asking for a password
			return fail(err)
		}
		secret, err := m.password(fs, *pw)
		if err != nil {
			return fail(err)
		}
		if err := st.CreateUser(ctx, u, secret); err != nil {
			return fail(err)
		}
		fmt.Fprintf(m.Stdout, "已新建账号“%s”（%s）\n", u.Name, u.Role.Label())
		return exitOK
	}
	u, err := st.FindUser(ctx, name)
	if err != nil {
		return fail(err)
	}
	switch cmd {
	case "disable", "enable":
		u.Disabled = cmd == "disable"
		if err := st.UpdateUser(ctx, u); err != nil {
			return fail(err)
		}
		fmt.Fprintf(m.Stdout, "已%s账号“%s”\n", map[bool]string{true: "停用", false: "启用"}[u.Disabled], u.Name)
	case "passwd":
		secret, err := m.password(fs, *pw)
		if err != nil {
			return fail(err)
		}
		if err := st.SetPassword(ctx, u.ID, secret); err != nil {
			return fail(err)
		}
		fmt.Fprintf(m.Stdout, "已重设账号“%s”的密码，其全部登录已结束\n", u.Name)
	case "token":
		switch {
		case *list:
			return m.listTokens(ctx, st, u)
		case *revoke != "":
			id, err := strconv.ParseInt(*revoke, 10, 64)
			if err != nil {
				return fail(nianbao.Errorf(nianbao.EINVALID, "令牌编号应为整数，收到 %q", *revoke))
			}
			if err := st.DeleteToken(ctx, u.ID, id); err != nil {
				return fail(err)
			}
			fmt.Fprintf(m.Stdout, "已撤销账号“%s”的接口令牌 %d\n", u.Name, id)
		default:
			tok, secret, err := st.CreateToken(ctx, u.ID, *label)
			if err != nil {
				return fail(err)
			}
			fmt.Fprintf(m.Stderr, "已为账号“%s”新建接口令牌 %d；请立即保存，此后不再显示：\n", u.Name, tok.ID)
			fmt.Fprintln(m.Stdout, secret)
		}
	}
	return exitOK
}

// password returns the password of --password when it was given, else
// one typed at the terminal without echo (twice), else the first line of
// standard input. There is never a default.
func (m *Main) password(fs *flag.FlagSet, given string) (string, error) {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "password" })
	if set {
		return given, nil
	}
	if f, ok := m.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		read := func(prompt string) (string, error) {
			fmt.Fprint(m.Stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(m.Stderr)
			return string(b), err
		}
		p, err := read("密码：")
		if err != nil {
			return "", err
		}
		again, err := read("再输入一次：")
		if err != nil {
			return "", err
		}
		if p != again {
			return "", nianbao.Errorf(nianbao.EINVALID, "两次输入的密码不一致")
		}
		return p, nil
	}
	line, err := bufio.NewReader(m.Stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		return "", nianbao.Errorf(nianbao.EINVALID, "没有收到密码：请在终端中输入，或由标准输入给出一行，或用 --password")
	}
	return line, nil
}

// cliTime is the zone the command line shows times in, as the pages do
// by default; time/tzdata is linked in (serve.go), so it always loads.
var cliTime, _ = time.LoadLocation("Asia/Shanghai")

func (m *Main) listUsers(ctx context.Context, st *store.Store) int {
	users, err := st.Users(ctx)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao user list: %s\n", nianbao.ErrorMessage(err))
		return exitFailed
	}
	if len(users) == 0 {
		fmt.Fprintln(m.Stdout, "尚无账号：用 nianbao user add --role admin 名称 创建管理员")
		return exitOK
	}
	rows := [][]string{{"账号", "角色", "地区或机关", "状态", "创建时间"}}
	for _, u := range users {
		var where []string
		for _, c := range u.Places {
			where = append(where, place.Label(c))
		}
		if u.Body != "" {
			where = append(where, u.Body)
		}
		status := "可用"
		if u.Disabled {
			status = "已停用"
		}
		rows = append(rows, []string{u.Name, u.Role.Label(), cmp.Or(strings.Join(where, "、"), "—"), status,
			u.CreatedAt.In(cliTime).Format("2006-01-02 15:04")})
	}
	writeTable(m.Stdout, rows)
	return exitOK
}

func (m *Main) listTokens(ctx context.Context, st *store.Store, u *nianbao.User) int {
	toks, err := st.Tokens(ctx, u.ID)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao user token: %s\n", nianbao.ErrorMessage(err))
		return exitFailed
	}
	if len(toks) == 0 {
		fmt.Fprintf(m.Stdout, "账号“%s”没有接口令牌\n", u.Name)
		return exitOK
	}
	rows := [][]string{{"编号", "用途", "创建时间", "最近使用"}}
	for _, t := range toks {
		used := "从未使用"
		if !t.LastUsedAt.IsZero() {
			used = t.LastUsedAt.In(cliTime).Format("2006-01-02 15:04")
		}
		rows = append(rows, []string{strconv.FormatInt(t.ID, 10), cmp.Or(t.Label, "—"), t.CreatedAt.In(cliTime).Format("2006-01-02 15:04"), used})
	}
	writeTable(m.Stdout, rows)
	return exitOK
}

// writeTable writes rows as columns aligned on a terminal, where a
// Chinese character takes two columns (text/tabwriter counts one).
func writeTable(w io.Writer, rows [][]string) {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		fmt.Fprintln(w, b.String())
	}
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
