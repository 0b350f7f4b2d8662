package store

import (
	"context"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao"
	"nianbao/password"
	"nianbao/place"
)

// The store's tests hash passwords with a light argon2id: Default's cost
// is the password package's benchmark, not the store's.
func init() {
	password.Default = password.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// clock fixes the store's time for a test; the func it returns moves it.
func clock(t *testing.T) func(time.Duration) {
	at := time.Date(2025, 2, 1, 9, 0, 0, 0, time.UTC)
	old := now
	now = func() time.Time { return at }
	t.Cleanup(func() { now = old })
	return func(d time.Duration) { at = at.Add(d) }
}

func code(err error) string { return nianbao.ErrorCode(err) }

const pw = "正确的密码-2025"

func addUser(t *testing.T, s *Store, u *nianbao.User) *nianbao.User {
	t.Helper()
	if err := s.CreateUser(context.Background(), u, pw); err != nil {
		t.Fatalf("CreateUser %s: %v", u.Name, err)
	}
	return u
}

// accounts adds an administrator, a supervisor of 淮安市 and an editor of
// 路北街道办事处.
func accounts(t *testing.T, s *Store) (admin, sup, ed *nianbao.User) {
	return addUser(t, s, &nianbao.User{Name: "admin", Role: nianbao.RoleAdmin}),
		addUser(t, s, &nianbao.User{Name: "淮安监督", Role: nianbao.RoleSupervisor, Places: []string{"3208", " 3208"}}),
		addUser(t, s, &nianbao.User{Name: "路北", Role: nianbao.RoleEditor, Body: " 路北街道办事处 "})
}

func TestUsers(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if has, err := s.HasUsers(ctx); err != nil || has {
			t.Fatalf("HasUsers of a new store: %v, %v", has, err)
		}
		admin, sup, ed := accounts(t, s)
		if has, _ := s.HasUsers(ctx); !has {
			t.Fatal("HasUsers false with three accounts")
		}
		if admin.ID == 0 || admin.CreatedAt.IsZero() {
			t.Errorf("CreateUser did not set ID and CreatedAt: %+v", admin)
		}
		got, err := s.FindUser(ctx, "淮安监督")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != sup.ID || got.Role != nianbao.RoleSupervisor || strings.Join(got.Places, ",") != "3208" {
			t.Errorf("FindUser = %+v; want the supervisor with its one place 3208", got)
		}
		if got, _ := s.FindUser(ctx, "路北"); got.Body != "路北街道办事处" {
			t.Errorf("editor's body %q, want it trimmed", got.Body)
		}
		if _, err := s.FindUser(ctx, "nobody"); code(err) != nianbao.ENOTFOUND {
			t.Errorf("FindUser of no account: %v", err)
		}
		all, err := s.Users(ctx)
		if err != nil || len(all) != 3 || all[0].ID != admin.ID || all[2].ID != ed.ID {
			t.Fatalf("Users = %v, %v; want the three in creation order", all, err)
		}

		for _, c := range []struct {
			name string
			u    nianbao.User
			pw   string
			want string // in the message
		}{
			{"no name", nianbao.User{Role: nianbao.RoleAdmin}, pw, "不能为空"},
			{"space in name", nianbao.User{Name: "a b", Role: nianbao.RoleAdmin}, pw, "空格"},
			{"bad role", nianbao.User{Name: "x", Role: "root"}, pw, "角色"},
			{"supervisor without place", nianbao.User{Name: "x", Role: nianbao.RoleSupervisor}, pw, "地区"},
			{"not a division", nianbao.User{Name: "x", Role: nianbao.RoleSupervisor, Places: []string{"9999"}}, pw, "9999"},
			{"editor without body", nianbao.User{Name: "x", Role: nianbao.RoleEditor}, pw, "机关"},
			{"admin with place", nianbao.User{Name: "x", Role: nianbao.RoleAdmin, Places: []string{"32"}}, pw, "只有监督机构"},
			{"short password", nianbao.User{Name: "x", Role: nianbao.RoleAdmin}, "short", "太短"},
			{"password is the name", nianbao.User{Name: "administrator", Role: nianbao.RoleAdmin}, "Administrator", "相同"},
			{"name taken", nianbao.User{Name: "admin", Role: nianbao.RoleAdmin}, pw, "已被使用"},
		} {
			u := c.u
			err := s.CreateUser(ctx, &u, c.pw)
			if code(err) != nianbao.EINVALID || !strings.Contains(nianbao.ErrorMessage(err), c.want) {
				t.Errorf("%s: %v; want invalid, saying %q", c.name, err, c.want)
			}
		}
		if all, _ := s.Users(ctx); len(all) != 3 {
			t.Errorf("%d accounts after the refused ones, want 3", len(all))
		}
	})
}

func TestAuthenticate(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		clock(t)
		_, _, ed := accounts(t, s)
		u, err := s.Authenticate(ctx, "路北", pw, "10.0.0.1")
		if err != nil || u.ID != ed.ID || u.Body != "路北街道办事处" {
			t.Fatalf("Authenticate = %+v, %v", u, err)
		}
		_, wrong := s.Authenticate(ctx, "路北", pw+"x", "10.0.0.1")
		_, unknown := s.Authenticate(ctx, "nobody", pw, "10.0.0.1")
		if code(wrong) != nianbao.EUNAUTHORIZED || code(unknown) != nianbao.EUNAUTHORIZED {
			t.Fatalf("wrong password %v, unknown name %v: want unauthorized", wrong, unknown)
		}
		if wrong.Error() != unknown.Error() {
			t.Errorf("a wrong password (%q) and an unknown name (%q) must read the same", wrong, unknown)
		}
		ed.Disabled = true
		if err := s.UpdateUser(ctx, ed); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "路北", pw, "10.0.0.1"); code(err) != nianbao.EFORBIDDEN {
			t.Errorf("disabled account, right password: %v, want forbidden", err)
		}
		if _, err := s.Authenticate(ctx, "路北", "guess-guess", "10.0.0.1"); code(err) != nianbao.EUNAUTHORIZED {
			t.Errorf("disabled account, wrong password: %v, want unauthorized (no hint that it exists)", err)
		}
	})
}

// TestRehash: a hash made with other parameters is made again with the
// current ones at the next login.
func TestRehash(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		admin := addUser(t, s, &nianbao.User{Name: "admin", Role: nianbao.RoleAdmin})
		old := password.Default
		password.Default.Time = 2
		t.Cleanup(func() { password.Default = old })
		if _, err := s.Authenticate(ctx, "admin", pw, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
		_, hash, err := userByID(ctx, s.db, admin.ID)
		if err != nil || !strings.Contains(hash, "t=2,") {
			t.Fatalf("stored hash %q, %v: want it made again with t=2", hash, err)
		}
		if _, err := s.Authenticate(ctx, "admin", pw, "127.0.0.1"); err != nil {
			t.Fatalf("login with the new hash: %v", err)
		}
	})
}

func TestThrottle(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		advance := clock(t)
		accounts(t, s)
		for i := range AccountFailures {
			if _, err := s.Authenticate(ctx, "admin", "wrong-guess", "10.0.0.1"); code(err) != nianbao.EUNAUTHORIZED {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		_, err := s.Authenticate(ctx, "admin", pw, "10.0.0.2")
		if code(err) != nianbao.ETHROTTLED || !strings.Contains(err.Error(), "2 秒") {
			t.Fatalf("after %d failures, the right password from another address: %v; want throttled for 2 秒", AccountFailures, err)
		}
		if _, err := s.Authenticate(ctx, "路北", pw, "10.0.0.1"); err != nil {
			t.Fatalf("another account from the same address is not throttled below %d failures: %v", AddressFailures, err)
		}
		advance(ThrottleBase)
		if _, err := s.Authenticate(ctx, "admin", "wrong-guess", "10.0.0.1"); code(err) != nianbao.EUNAUTHORIZED {
			t.Fatalf("after the back-off: %v", err)
		}
		if _, err := s.Authenticate(ctx, "admin", pw, "10.0.0.1"); code(err) != nianbao.ETHROTTLED || !strings.Contains(err.Error(), "4 秒") {
			t.Fatalf("the back-off doubles: %v", err)
		}
		advance(2 * ThrottleBase)
		if _, err := s.Authenticate(ctx, "admin", pw, "10.0.0.1"); err != nil {
			t.Fatalf("the right password after the back-off: %v", err)
		}
		if _, err := s.Authenticate(ctx, "admin", "wrong-guess", "10.0.0.1"); code(err) != nianbao.EUNAUTHORIZED {
			t.Fatalf("a login resets the account's count: %v", err)
		}

		// One address trying many names is throttled as an address; an
		// IPv6 client by its /64.
		for i := range AddressFailures {
			s.Authenticate(ctx, "guess"+string(rune('a'+i)), "wrong-guess", "2001:db8::1")
		}
		if _, err := s.Authenticate(ctx, "路北", pw, "2001:db8::ffff"); code(err) != nianbao.ETHROTTLED {
			t.Fatalf("after %d failures from one /64: %v", AddressFailures, err)
		}
		if _, err := s.Authenticate(ctx, "路北", pw, "2001:db8:1::1"); err != nil {
			t.Fatalf("another /64: %v", err)
		}
		advance(ThrottleWindow)
		if _, err := s.Authenticate(ctx, "路北", pw, "2001:db8::1"); err != nil {
			t.Fatalf("failures are forgotten after %v: %v", ThrottleWindow, err)
		}
	})
}

// TestThrottleSurvivesRestart: the counts are in the database.
func TestThrottleSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	clock(t)
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	addUser(t, s, &nianbao.User{Name: "admin", Role: nianbao.RoleAdmin})
	for range AccountFailures {
		s.Authenticate(ctx, "admin", "wrong-guess", "10.0.0.1")
	}
	s.Close()
	s = openSQLiteStore(t, path)
	if _, err := s.Authenticate(ctx, "admin", pw, "10.0.0.1"); code(err) != nianbao.ETHROTTLED {
		t.Fatalf("after a restart: %v, want still throttled", err)
	}
}

func TestSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		advance := clock(t)
		admin, sup, ed := accounts(t, s)
		sess, err := s.CreateSession(ctx, sup.ID)
		if err != nil || len(sess.Token) < 40 {
			t.Fatalf("CreateSession = %+v, %v", sess, err)
		}
		var stored int
		s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE token_hash = $1`, sess.Token).Scan(&stored)
		if stored != 0 {
			t.Error("the session's token is stored as it is, not hashed")
		}
		u, got, err := s.SessionUser(ctx, sess.Token)
		if err != nil || u.ID != sup.ID || !got.ExpiresAt.Equal(sess.ExpiresAt) {
			t.Fatalf("SessionUser = %+v %+v, %v", u, got, err)
		}
		if _, _, err := s.SessionUser(ctx, sess.Token+"x"); code(err) != nianbao.EUNAUTHORIZED {
			t.Errorf("unknown token: %v", err)
		}
		advance(SessionLifetime)
		if _, _, err := s.SessionUser(ctx, sess.Token); code(err) != nianbao.EUNAUTHORIZED {
			t.Errorf("expired session: %v", err)
		}

		// Signing out, a password change and disabling end sessions.
		one, _ := s.CreateSession(ctx, ed.ID)
		if err := s.DeleteSession(ctx, one.Token); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionUser(ctx, one.Token); code(err) != nianbao.EUNAUTHORIZED {
			t.Errorf("after signing out: %v", err)
		}
		if err := s.DeleteSession(ctx, one.Token); err != nil {
			t.Errorf("signing out twice: %v", err)
		}
		two, _ := s.CreateSession(ctx, ed.ID)
		if err := s.ChangePassword(ctx, ed.ID, "not-the-password", "新的密码-2026"); code(err) != nianbao.EUNAUTHORIZED {
			t.Fatalf("ChangePassword with a wrong old password: %v", err)
		}
		if _, _, err := s.SessionUser(ctx, two.Token); err != nil {
			t.Fatalf("a refused password change ended the session: %v", err)
		}
		if err := s.ChangePassword(ctx, ed.ID, pw, "新的密码-2026"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionUser(ctx, two.Token); code(err) != nianbao.EUNAUTHORIZED {
			t.Errorf("after a password change: %v", err)
		}
		if _, err := s.Authenticate(ctx, "路北", "新的密码-2026", "10.0.0.1"); err != nil {
			t.Errorf("login with the new password: %v", err)
		}
		three, _ := s.CreateSession(ctx, ed.ID)
		if err := s.SetPassword(ctx, ed.ID, "管理员重设-2026"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionUser(ctx, three.Token); code(err) != nianbao.EUNAUTHORIZED {
			t.Errorf("after a reset: %v", err)
		}
		four, _ := s.CreateSession(ctx, admin.ID)
		other := addUser(t, s, &nianbao.User{Name: "admin2", Role: nianbao.RoleAdmin})
		other.Disabled = true
		five, _ := s.CreateSession(ctx, other.ID)
		if err := s.UpdateUser(ctx, other); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionUser(ctx, five.Token); code(err) != nianbao.EUNAUTHORIZED {
			t.Errorf("a disabled account's session: %v", err)
		}
		other.Disabled = false
		s.UpdateUser(ctx, other)
		if _, _, err := s.SessionUser(ctx, five.Token); code(err) != nianbao.EUNAUTHORIZED {
			t.Errorf("enabling an account again brought back its session: %v", err)
		}
		if _, _, err := s.SessionUser(ctx, four.Token); err != nil {
			t.Errorf("another account's session ended: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		advance := clock(t)
		admin, sup, ed := accounts(t, s)
		tok, sec, err := s.CreateToken(ctx, sup.ID, "每晚导出")
		if err != nil || !strings.HasPrefix(sec, TokenPrefix) || tok.ID == 0 || tok.Label != "每晚导出" {
			t.Fatalf("CreateToken = %+v %q, %v", tok, sec, err)
		}
		var n int
		s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM tokens WHERE token_hash = $1 OR label = $1`, sec).Scan(&n)
		if n != 0 {
			t.Error("the token's secret is stored")
		}
		u, err := s.TokenUser(ctx, sec)
		if err != nil || u.ID != sup.ID {
			t.Fatalf("TokenUser = %+v, %v", u, err)
		}
		for _, bad := range []string{"", sec + "x", strings.TrimPrefix(sec, TokenPrefix)} {
			if _, err := s.TokenUser(ctx, bad); code(err) != nianbao.EUNAUTHORIZED {
				t.Errorf("TokenUser(%q): %v", bad, err)
			}
		}
		toks, err := s.Tokens(ctx, sup.ID)
		if err != nil || len(toks) != 1 || toks[0].LastUsedAt.IsZero() {
			t.Fatalf("Tokens = %+v, %v; want one, used", toks, err)
		}
		used := toks[0].LastUsedAt
		advance(time.Second)
		s.TokenUser(ctx, sec)
		if toks, _ := s.Tokens(ctx, sup.ID); !toks[0].LastUsedAt.Equal(used) {
			t.Error("last use written again within a minute")
		}
		advance(tokenTouch)
		s.TokenUser(ctx, sec)
		if toks, _ := s.Tokens(ctx, sup.ID); !toks[0].LastUsedAt.After(used) {
			t.Error("last use not written after a minute")
		}
		if err := s.DeleteToken(ctx, ed.ID, tok.ID); code(err) != nianbao.ENOTFOUND {
			t.Errorf("revoking another account's token: %v", err)
		}
		// A disabled account's tokens stop working.
		_, edSec, _ := s.CreateToken(ctx, ed.ID, "")
		ed.Disabled = true
		s.UpdateUser(ctx, ed)
		if _, err := s.TokenUser(ctx, edSec); code(err) != nianbao.EUNAUTHORIZED {
			t.Errorf("a disabled account's token: %v", err)
		}
		if err := s.DeleteToken(ctx, sup.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, sec); code(err) != nianbao.EUNAUTHORIZED {
			t.Errorf("a revoked token: %v", err)
		}
		if toks, _ := s.Tokens(ctx, admin.ID); len(toks) != 0 {
			t.Errorf("the administrator has tokens: %v", toks)
		}
	})
}

func TestLastAdmin(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		admin, sup, _ := accounts(t, s)
		demoted := *admin
		demoted.Role, demoted.Body = nianbao.RoleEditor, "某机关"
		disabled := *admin
		disabled.Disabled = true
		for _, u := range []*nianbao.User{&demoted, &disabled} {
			if err := s.UpdateUser(ctx, u); code(err) != nianbao.EINVALID || !strings.Contains(err.Error(), "管理员") {
				t.Errorf("the only administrator changed to %+v: %v", u, err)
			}
		}
		sup.Role, sup.Places = nianbao.RoleAdmin, nil
		if err := s.UpdateUser(ctx, sup); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateUser(ctx, &disabled); err != nil {
			t.Errorf("with a second administrator: %v", err)
		}
		renamed := *sup
		renamed.Name = "other"
		if err := s.UpdateUser(ctx, &renamed); code(err) != nianbao.EINVALID {
			t.Errorf("renaming: %v", err)
		}
	})
}

func TestAuditLog(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		advance := clock(t)
		cli := context.Background()
		web := nianbao.WithActor(cli, nianbao.Actor{Name: "admin", Addr: "10.0.0.9"})
		admin, sup, _ := accounts(t, s)
		advance(time.Minute)
		s.Authenticate(cli, "淮安监督", "wrong-guess", "10.0.0.1")
		s.Authenticate(cli, "淮安监督", pw, "10.0.0.1")
		sup.Places = []string{"320813"}
		s.UpdateUser(web, sup)
		sup.Role, sup.Places = nianbao.RoleAdmin, nil
		s.UpdateUser(web, sup)
		s.SetPassword(web, sup.ID, "重设的密码-2025")
		_, _, err := s.CreateToken(web, admin.ID, "脚本")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Record(web, &nianbao.AuditEntry{Action: nianbao.ActionUpload, Report: 7, Detail: "上传 a.txt"}); err != nil {
			t.Fatal(err)
		}
		if err := s.Record(web, &nianbao.AuditEntry{Action: "made.up"}); err == nil {
			t.Error("Record took an unknown action")
		}

		all, total, err := s.AuditEntries(cli, nianbao.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		type line struct {
			actor, addr string
			action      nianbao.AuditAction
			user        string
			detail      string
		}
		want := []line{ // newest first
			{"admin", "10.0.0.9", nianbao.ActionUpload, "", "上传 a.txt"},
			{"admin", "10.0.0.9", nianbao.ActionTokenAdd, "admin", "（脚本）"},
			{"admin", "10.0.0.9", nianbao.ActionUserPassword, "淮安监督", "重设密码"},
			{"admin", "10.0.0.9", nianbao.ActionUserChange, "淮安监督", "地区：江苏省淮安市洪泽区（320813） → 无"},
			{"admin", "10.0.0.9", nianbao.ActionUserRole, "淮安监督", "角色：监督机构 → 管理员"},
			{"admin", "10.0.0.9", nianbao.ActionUserChange, "淮安监督", "地区：江苏省淮安市（3208） → 江苏省淮安市洪泽区（320813）"},
			{"淮安监督", "10.0.0.1", nianbao.ActionLogin, "淮安监督", "登录成功"},
			{"", "10.0.0.1", nianbao.ActionLoginFailed, "淮安监督", "密码不正确"},
			{"", "", nianbao.ActionUserAdd, "路北", "角色：填报机关；机关：路北街道办事处"},
			{"", "", nianbao.ActionUserAdd, "淮安监督", "角色：监督机构；地区：江苏省淮安市（3208）"},
			{"", "", nianbao.ActionUserAdd, "admin", "角色：管理员"},
		}
		if total != len(want) || len(all) != len(want) {
			t.Fatalf("%d entries (total %d), want %d: %+v", len(all), total, len(want), all)
		}
		for i, w := range want {
			e := all[i]
			if e.Actor != w.actor || e.Addr != w.addr || e.Action != w.action || e.User != w.user || !strings.Contains(e.Detail, w.detail) {
				t.Errorf("entry %d = %+v\nwant %+v", i, e, w)
			}
		}
		if all[0].Report != 7 || all[1].Report != 0 {
			t.Errorf("reports %d, %d; want 7, 0", all[0].Report, all[1].Report)
		}
		if !all[0].At.Equal(now()) || all[0].At.Location() != time.UTC || !all[len(all)-1].At.Before(all[0].At) {
			t.Errorf("times %v … %v", all[len(all)-1].At, all[0].At)
		}

		for _, c := range []struct {
			f    nianbao.AuditFilter
			want int
		}{
			{nianbao.AuditFilter{Action: nianbao.ActionUserChange}, 2},
			{nianbao.AuditFilter{Name: "淮安监督"}, 7},
			{nianbao.AuditFilter{Name: "admin"}, 7}, // as actor, and the account of its own creation and token
			{nianbao.AuditFilter{Report: 7}, 1},
			{nianbao.AuditFilter{Before: all[2].ID}, len(want) - 3},
			{nianbao.AuditFilter{Action: nianbao.ActionLogin, Name: "路北"}, 0},
		} {
			got, total, err := s.AuditEntries(cli, c.f)
			if err != nil || total != c.want || len(got) != c.want {
				t.Errorf("%+v: %d (total %d), %v; want %d", c.f, len(got), total, err, c.want)
			}
		}
		page, total, _ := s.AuditEntries(cli, nianbao.AuditFilter{Offset: 3, Limit: 2})
		if total != len(want) || len(page) != 2 || page[0].ID != all[3].ID {
			t.Errorf("page 2 of 2: %+v (total %d)", page, total)
		}
	})
}

// TestScope: a filter's Scope selects what Scope.Allows allows.
func TestScope(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		var reports []*nianbao.StoredReport
		for name, data := range seedFiles(t) {
			reports = append(reports, add(t, s, name, data))
		}
		lubei := nianbao.AgencyKey("路北街道办事处")
		for _, sc := range []*nianbao.Scope{
			nil,
			{},
			{Agency: lubei},
			{Agency: "没有这个机关"},
			{Places: []nianbao.PlaceSpan{{Lo: 100000000, Hi: 999999999}}},
		} {
			got, total, err := s.FindReports(ctx, nianbao.ReportFilter{Scope: sc})
			if err != nil {
				t.Fatal(err)
			}
			var want int
			for _, r := range reports {
				if sc.Allows(nianbao.AgencyKey(r.Report.Agency), r.PlaceKey) {
					want++
				}
			}
			if total != want || len(got) != want {
				t.Errorf("scope %+v: %d reports (total %d), Allows allows %d", sc, len(got), total, want)
			}
			st, err := s.Stats(ctx, nianbao.ReportFilter{Scope: sc})
			if err != nil || st.Reports != want {
				t.Errorf("scope %+v: Stats counts %d, %v; want %d", sc, st.Reports, err, want)
			}
			if sc != nil && sc.Agency == lubei && want != 1 {
				t.Errorf("路北街道办事处 has %d seed reports, want 1", want)
			}
		}
	})
}

// TestScopeByPlace: a supervisor of 淮安市 sees 洪泽区's and 淮安市's
// reports and no other (place_key BETWEEN the span of 3208).
func TestScopeByPlace(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		files := seedFiles(t)
		for _, name := range []string{"testdata/real/hongze-2024.pdf", "testdata/real/huaian-2024.pdf"} {
			data, err := fs.ReadFile(nianbao.SampleReports, name)
			if err != nil {
				t.Fatal(err)
			}
			files[path.Base(name)] = data
		}
		for name, data := range files {
			add(t, s, name, data)
		}
		lo, hi, _ := place.Span("3208")
		got, total, err := s.FindReports(ctx, nianbao.ReportFilter{Scope: &nianbao.Scope{Places: []nianbao.PlaceSpan{{Lo: lo, Hi: hi}}}})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 {
			t.Errorf("淮安市's scope selects %d reports, want 洪泽区's and 淮安市's", total)
		}
		for _, r := range got {
			if !strings.Contains(r.Report.Agency, "淮安") && !strings.Contains(r.Report.Agency, "洪泽") {
				t.Errorf("淮安市's scope selects %s", r.Report.Agency)
			}
			if r.PlaceKey < lo || r.PlaceKey > hi || r.PlaceKind == "" || r.PlaceNote == "" {
				t.Errorf("%s is placed at %d (%s, %s)", r.Report.Agency, r.PlaceKey, r.PlaceKind, r.PlaceNote)
			}
		}
		// The filter by place selects the same, and everything under it.
		for code, want := range map[string]int{"3208": 2, "320813": 1, "32": 2, "3201": 0, "99": 0} {
			if _, n, err := s.FindReports(ctx, nianbao.ReportFilter{Place: code}); err != nil || n != want {
				t.Errorf("Place %s selects %d reports (%v), want %d", code, n, err, want)
			}
		}
	})
}
