package store

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"nianbao"
	"nianbao/password"
	"nianbao/place"
)

// The store keeps accounts (users), the sessions of signed-in browsers
// (sessions), API tokens (tokens), failed logins (login_failures) and
// records every change of them in the audit log (auditlog.go), in the
// same transaction as the change.

var _ nianbao.UserService = (*Store)(nil)

// SessionLifetime is how long a sign-in lasts: a working day, after
// which the browser signs in again.
const SessionLifetime = 12 * time.Hour

// The login throttle. After AccountFailures failed logins of one account,
// or AddressFailures from one client address, each further attempt waits
// ThrottleBase, doubled for every failure since, up to ThrottleMax;
// failures are forgotten ThrottleWindow after the last one, and an
// account's when it signs in. The counts are in the database, so that a
// restart does not reset them. An address allows more failures than an
// account: an office's clerks may share one address through its gateway.
const (
	AccountFailures = 5
	AddressFailures = 20
	ThrottleBase    = 2 * time.Second
	ThrottleMax     = 15 * time.Minute
	ThrottleWindow  = time.Hour
)

// now is the store's clock for accounts, sessions and the audit log; the
// tests move it.
var now = func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

const userColumns = `id, name, role, places, body, disabled, created_at`

func scanUser(sc interface{ Scan(...any) error }, extra ...any) (*nianbao.User, error) {
	var u nianbao.User
	var places string
	if err := sc.Scan(append([]any{&u.ID, &u.Name, &u.Role, &places, &u.Body, &u.Disabled, &u.CreatedAt}, extra...)...); err != nil {
		return nil, err
	}
	if places != "" {
		u.Places = strings.Split(places, ",")
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return &u, nil
}

// checkUser validates u and puts its places and body in their stored
// form: trimmed, each place a division's code, none twice.
func checkUser(u *nianbao.User) error {
	u.Name = strings.TrimSpace(u.Name)
	u.Body = strings.TrimSpace(u.Body)
	var codes []string
	for _, c := range u.Places {
		p, ok := place.Lookup(c)
		if !ok {
			return nianbao.Errorf(nianbao.EINVALID, "区划代码“%s”不在区划表中", c)
		}
		if !slices.Contains(codes, p.Code) {
			codes = append(codes, p.Code)
		}
	}
	u.Places = codes
	return u.Validate()
}

// lockUsers serialises the transactions that change accounts, so that two
// administrators demoting each other at once still leave one. On SQLite
// every write transaction is serialised already.
func (s *Store) lockUsers(ctx context.Context, tx *sql.Tx) error {
	if s.dialect.name != "postgres" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`)
	return err
}

// inTx runs f in a write transaction and commits it when f succeeds.
func (s *Store) inTx(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return internal(err)
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return internal(err)
	}
	return internal(tx.Commit())
}

// CreateUser adds an account (see nianbao.UserService).
func (s *Store) CreateUser(ctx context.Context, u *nianbao.User, pw string) error {
	if err := checkUser(u); err != nil {
		return err
	}
	hash, err := hashPassword(u.Name, pw)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockUsers(ctx, tx); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE name = $1`, u.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nianbao.Errorf(nianbao.EINVALID, "账号名称“%s”已被使用", u.Name)
		}
		t := now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (name, role, places, body, password, disabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			u.Name, string(u.Role), strings.Join(u.Places, ","), u.Body, hash, u.Disabled, t).Scan(&u.ID); err != nil {
			return err
		}
		u.CreatedAt = t
		return s.audit(ctx, tx, &nianbao.AuditEntry{Action: nianbao.ActionUserAdd, User: u.Name, Detail: describeUser(u)})
	})
}

// describeUser says what an account may see, for the audit log.
func describeUser(u *nianbao.User) string {
	d := "角色：" + u.Role.Label()
	switch u.Role {
	case nianbao.RoleSupervisor:
		d += "；地区：" + placeList(u.Places)
	case nianbao.RoleEditor:
		d += "；机关：" + u.Body
	}
	return d
}

func placeList(codes []string) string {
	if len(codes) == 0 {
		return "无"
	}
	labels := make([]string, len(codes))
	for i, c := range codes {
		labels[i] = place.Label(c)
	}
	return strings.Join(labels, "、")
}

// FindUser returns the account named name.
func (s *Store) FindUser(ctx context.Context, name string) (*nianbao.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE name = $1`, strings.TrimSpace(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nianbao.Errorf(nianbao.ENOTFOUND, "没有名为“%s”的账号", name)
	}
	return u, internal(err)
}

// userByID returns account id with its password hash, read by q.
func userByID(ctx context.Context, q querier, id int64) (*nianbao.User, string, error) {
	var hash string
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+`, password FROM users WHERE id = $1`, id), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", nianbao.Errorf(nianbao.ENOTFOUND, "没有编号为 %d 的账号", id)
	}
	return u, hash, internal(err)
}

// Users returns every account in the order they were created.
func (s *Store) Users(ctx context.Context) ([]*nianbao.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY id`)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	out := []*nianbao.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, internal(err)
		}
		out = append(out, u)
	}
	return out, internal(rows.Err())
}

// HasUsers reports whether any account exists.
func (s *Store) HasUsers(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) AS one`).Scan(&n)
	return n > 0, internal(err)
}

var errLastAdmin = nianbao.Errorf(nianbao.EINVALID, "至少要保留一个可用的管理员账号：请先把另一个账号设为管理员")

// UpdateUser saves an account's role, places, body and disabled flag, and
// records each change in the audit log.
func (s *Store) UpdateUser(ctx context.Context, u *nianbao.User) error {
	if err := checkUser(u); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockUsers(ctx, tx); err != nil {
			return err
		}
		old, _, err := userByID(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		if u.Name != old.Name {
			return nianbao.Errorf(nianbao.EINVALID, "账号名称不能更改（“%s”）", old.Name)
		}
		wasAdmin := old.Role == nianbao.RoleAdmin && !old.Disabled
		if wasAdmin && (u.Role != nianbao.RoleAdmin || u.Disabled) {
			var admins int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin' AND NOT disabled AND id <> $1`, u.ID).Scan(&admins); err != nil {
				return err
			}
			if admins == 0 {
				return errLastAdmin
			}
		}
		var changes []*nianbao.AuditEntry
		change := func(a nianbao.AuditAction, detail string) {
			changes = append(changes, &nianbao.AuditEntry{Action: a, User: u.Name, Detail: detail})
		}
		if u.Role != old.Role {
			change(nianbao.ActionUserRole, "角色："+old.Role.Label()+" → "+u.Role.Label())
		}
		if !slices.Equal(u.Places, old.Places) {
			change(nianbao.ActionUserChange, "地区："+placeList(old.Places)+" → "+placeList(u.Places))
		}
		if u.Body != old.Body {
			change(nianbao.ActionUserChange, "机关："+cmp.Or(old.Body, "无")+" → "+cmp.Or(u.Body, "无"))
		}
		if u.Disabled != old.Disabled {
			if u.Disabled {
				change(nianbao.ActionUserDisable, "停用账号，结束其全部登录")
			} else {
				change(nianbao.ActionUserEnable, "重新启用账号")
			}
		}
		if len(changes) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = $1, places = $2, body = $3, disabled = $4, updated_at = $5 WHERE id = $6`,
			string(u.Role), strings.Join(u.Places, ","), u.Body, u.Disabled, now(), u.ID); err != nil {
			return err
		}
		if u.Disabled && !old.Disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
				return err
			}
		}
		if !u.Disabled && old.Disabled {
			// Whoever re-enables an account lets it try again at once.
			if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, accountKey(u.Name)); err != nil {
				return err
			}
		}
		u.CreatedAt = old.CreatedAt
		for _, e := range changes {
			if err := s.audit(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetPassword replaces an account's password and ends its sessions.
func (s *Store) SetPassword(ctx context.Context, userID int64, pw string) error {
	u, _, err := userByID(ctx, s.db, userID)
	if err != nil {
		return err
	}
	return s.setPassword(ctx, u, pw, "重设密码，结束其全部登录")
}

// hashPassword checks a new password of the account named name and
// returns its hash.
func hashPassword(name, pw string) (string, error) {
	if err := nianbao.ValidatePassword(name, pw); err != nil {
		return "", err
	}
	hash, err := password.Hash(pw)
	return hash, internal(err)
}

func (s *Store) setPassword(ctx context.Context, u *nianbao.User, pw, detail string) error {
	hash, err := hashPassword(u.Name, pw)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`UPDATE users SET password = $1, updated_at = $2 WHERE id = $3`, []any{hash, now(), u.ID}},
			{`DELETE FROM sessions WHERE user_id = $1`, []any{u.ID}},
			{`DELETE FROM login_failures WHERE key = $1`, []any{accountKey(u.Name)}},
		} {
			if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, &nianbao.AuditEntry{Action: nianbao.ActionUserPassword, User: u.Name, Detail: detail})
	})
}

// ChangePassword replaces an account's password after checking the old
// one, and ends its sessions.
func (s *Store) ChangePassword(ctx context.Context, userID int64, old, pw string) error {
	u, hash, err := userByID(ctx, s.db, userID)
	if err != nil {
		return err
	}
	addr := nianbao.ActorFrom(ctx).Addr
	if err := s.throttled(ctx, u.Name, addr); err != nil {
		return err
	}
	if ok, _, err := password.Verify(hash, old); err != nil {
		return internal(err)
	} else if !ok {
		if err := s.failed(ctx, u.Name, addr, "修改密码时原密码不正确"); err != nil {
			return err
		}
		return nianbao.Errorf(nianbao.EUNAUTHORIZED, "原密码不正确")
	}
	return s.setPassword(ctx, u, pw, "本人修改密码，结束其全部登录")
}

// dummyHash is verified for names no account has, so that a login takes
// as long whether or not the name exists.
var dummyHash = sync.OnceValue(func() string {
	h, err := password.Hash("no account has this password")
	if err != nil {
		panic(err)
	}
	return h
})

var errLogin = nianbao.Errorf(nianbao.EUNAUTHORIZED, "账号或密码不正确")

// Authenticate checks a name and password (see nianbao.UserService).
func (s *Store) Authenticate(ctx context.Context, name, pw, addr string) (*nianbao.User, error) {
	name = strings.TrimSpace(name)
	if err := s.throttled(ctx, name, addr); err != nil {
		return nil, err
	}
	var hash string
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, password FROM users WHERE name = $1`, name), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		u, hash = nil, dummyHash()
	} else if err != nil {
		return nil, internal(err)
	}
	ok, rehash, err := password.Verify(hash, pw)
	if err != nil {
		return nil, internal(err)
	}
	// A failure is logged without an actor: no one has signed in.
	fail := func(err error, detail string) (*nianbao.User, error) {
		if ferr := s.failed(nianbao.WithActor(ctx, nianbao.Actor{Addr: addr}), name, addr, detail); ferr != nil {
			return nil, ferr
		}
		return nil, err
	}
	switch {
	case u == nil:
		return fail(errLogin, "没有这个账号")
	case !ok:
		return fail(errLogin, "密码不正确")
	case u.Disabled:
		// Only the right password learns that the account is disabled.
		return fail(nianbao.Errorf(nianbao.EFORBIDDEN, "账号“%s”已停用，请与管理员联系", name), "账号已停用")
	}
	var newHash string
	if rehash {
		if newHash, err = password.Hash(pw); err != nil {
			return nil, internal(err)
		}
	}
	ctx = nianbao.WithActor(ctx, nianbao.Actor{Name: u.Name, Addr: addr})
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, accountKey(name)); err != nil {
			return err
		}
		if newHash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password = $1 WHERE id = $2`, newHash, u.ID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, &nianbao.AuditEntry{Action: nianbao.ActionLogin, User: u.Name, Detail: "登录成功"})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

func accountKey(name string) string { return "user:" + name }

// addressKey is the throttle's key of a client address: an IPv6 address
// by its /64, which one client usually holds whole.
func addressKey(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return "addr:" + addr
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return "addr:" + p.String()
	}
	return "addr:" + ip.String()
}

// wait returns how long the next attempt must wait after failures, the
// last at last: nothing below the limit, then ThrottleBase doubling.
func wait(failures, limit int, last, t time.Time) time.Duration {
	if failures < limit || t.Sub(last) >= ThrottleWindow {
		return 0
	}
	d := ThrottleMax
	if n := failures - limit; n < 20 {
		d = min(ThrottleBase<<n, ThrottleMax)
	}
	return max(last.Add(d).Sub(t), 0)
}

// throttled returns ETHROTTLED while the account or the address waits
// out a back-off. Such attempts are not logged: a client hammering the
// login would only fill the log.
func (s *Store) throttled(ctx context.Context, name, addr string) error {
	rows, err := s.db.QueryContext(ctx, `SELECT key, failures, last_at FROM login_failures WHERE key IN ($1, $2)`, accountKey(name), addressKey(addr))
	if err != nil {
		return internal(err)
	}
	defer rows.Close()
	t := now()
	var longest time.Duration
	for rows.Next() {
		var key string
		var n int
		var last time.Time
		if err := rows.Scan(&key, &n, &last); err != nil {
			return internal(err)
		}
		limit := AccountFailures
		if strings.HasPrefix(key, "addr:") {
			limit = AddressFailures
		}
		longest = max(longest, wait(n, limit, last, t))
	}
	if err := rows.Err(); err != nil {
		return internal(err)
	}
	if longest > 0 {
		return nianbao.Errorf(nianbao.ETHROTTLED, "登录失败次数过多，请%s后再试", waitText(longest))
	}
	return nil
}

// waitText says a wait in Chinese, rounded up: 3 秒, 2 分钟.
func waitText(d time.Duration) string {
	if d <= time.Minute {
		return fmt.Sprintf(" %d 秒", int((d+time.Second-1)/time.Second))
	}
	return fmt.Sprintf(" %d 分钟", int((d+time.Minute-1)/time.Minute))
}

// failed counts a failed login of name from addr and logs it, saying when
// it starts a back-off.
func (s *Store) failed(ctx context.Context, name, addr, detail string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		t := now()
		// Counts past the window count for nothing: drop them, so that
		// names tried once do not pile up.
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE last_at <= $1`, t.Add(-ThrottleWindow)); err != nil {
			return err
		}
		var longest time.Duration
		for _, k := range []struct {
			key   string
			limit int
		}{{accountKey(name), AccountFailures}, {addressKey(addr), AddressFailures}} {
			var n int
			var last time.Time
			err := tx.QueryRowContext(ctx, `SELECT failures, last_at FROM login_failures WHERE key = $1`, k.key).Scan(&n, &last)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				_, err = tx.ExecContext(ctx, `INSERT INTO login_failures (key, failures, last_at) VALUES ($1, 1, $2)`, k.key, t)
				n = 1
			case err == nil:
				if t.Sub(last) >= ThrottleWindow {
					n = 0
				}
				n++
				_, err = tx.ExecContext(ctx, `UPDATE login_failures SET failures = $1, last_at = $2 WHERE key = $3`, n, t, k.key)
			}
			if err != nil {
				return err
			}
			longest = max(longest, wait(n, k.limit, t, t))
		}
		if longest > 0 {
			detail += "；此后须等待" + waitText(longest) + "才能再试"
		}
		return s.audit(ctx, tx, &nianbao.AuditEntry{Action: nianbao.ActionLoginFailed, User: name, Detail: detail})
	})
}

// secret returns a new random secret (256 bits) with prefix, and the hash
// the store keeps of it.
func secret(prefix string) (string, string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", internal(err)
	}
	s := prefix + base64.RawURLEncoding.EncodeToString(b)
	return s, secretHash(s), nil
}

// secretHash is what the store keeps of a session's or token's secret. A
// fast hash is enough: the secrets are random, not guessable words.
func secretHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// CreateSession starts a session of the account, and removes the
// sessions that have expired.
func (s *Store) CreateSession(ctx context.Context, userID int64) (*nianbao.Session, error) {
	token, hash, err := secret("")
	if err != nil {
		return nil, err
	}
	t := now()
	sess := &nianbao.Session{Token: token, UserID: userID, CreatedAt: t, ExpiresAt: t.Add(SessionLifetime)}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, t); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, addr, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			hash, userID, nianbao.ActorFrom(ctx).Addr, t, sess.ExpiresAt)
		return err
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

var errSession = nianbao.Errorf(nianbao.EUNAUTHORIZED, "登录已过期或已退出，请重新登录")

// SessionUser returns the account of a live session.
func (s *Store) SessionUser(ctx context.Context, token string) (*nianbao.User, *nianbao.Session, error) {
	var sess nianbao.Session
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT u.id, u.name, u.role, u.places, u.body, u.disabled, u.created_at, s.created_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`, secretHash(token), now()), &sess.CreatedAt, &sess.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errSession
	} else if err != nil {
		return nil, nil, internal(err)
	}
	sess.UserID = u.ID
	sess.CreatedAt, sess.ExpiresAt = sess.CreatedAt.UTC(), sess.ExpiresAt.UTC()
	return u, &sess, nil
}

// DeleteSession ends a session and logs the sign-out; an unknown or
// expired session is nothing to end.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT u.name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, secretHash(token)).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, secretHash(token)); err != nil {
			return err
		}
		return s.audit(ctx, tx, &nianbao.AuditEntry{Action: nianbao.ActionLogout, User: name, Detail: "退出登录"})
	})
}

// TokenPrefix starts every API token, so that one pasted where it should
// not be is easy to recognise (and to search for in logs).
const TokenPrefix = "nbt_"

// MaxTokenLabel bounds a token's label, in characters.
const MaxTokenLabel = 100

// CreateToken makes an API token for the account.
func (s *Store) CreateToken(ctx context.Context, userID int64, label string) (*nianbao.Token, string, error) {
	label = strings.TrimSpace(label)
	if len([]rune(label)) > MaxTokenLabel {
		return nil, "", nianbao.Errorf(nianbao.EINVALID, "令牌说明过长：最多 %d 个字", MaxTokenLabel)
	}
	u, _, err := userByID(ctx, s.db, userID)
	if err != nil {
		return nil, "", err
	}
	sec, hash, err := secret(TokenPrefix)
	if err != nil {
		return nil, "", err
	}
	tok := &nianbao.Token{UserID: userID, Label: label, CreatedAt: now()}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO tokens (user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			userID, hash, label, tok.CreatedAt).Scan(&tok.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, &nianbao.AuditEntry{Action: nianbao.ActionTokenAdd, User: u.Name,
			Detail: fmt.Sprintf("新建接口令牌 %d（%s）", tok.ID, cmp.Or(label, "无说明"))})
	})
	if err != nil {
		return nil, "", err
	}
	return tok, sec, nil
}

var errToken = nianbao.Errorf(nianbao.EUNAUTHORIZED, "接口令牌无效或已撤销")

// tokenTouch is how stale a token's last use may get before it is
// written again: a script calling the API in a loop writes once a minute.
const tokenTouch = time.Minute

// TokenUser returns the account of a token's secret.
func (s *Store) TokenUser(ctx context.Context, sec string) (*nianbao.User, error) {
	if !strings.HasPrefix(sec, TokenPrefix) {
		return nil, errToken
	}
	var id int64
	var used sql.NullTime
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT u.id, u.name, u.role, u.places, u.body, u.disabled, u.created_at, t.id, t.last_used_at
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND NOT u.disabled`, secretHash(sec)), &id, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errToken
	} else if err != nil {
		return nil, internal(err)
	}
	if t := now(); !used.Valid || t.Sub(used.Time) >= tokenTouch {
		if _, err := s.wdb.ExecContext(ctx, `UPDATE tokens SET last_used_at = $1 WHERE id = $2`, t, id); err != nil {
			return nil, internal(err)
		}
	}
	return u, nil
}

// Tokens returns the account's tokens, newest first.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]*nianbao.Token, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, user_id, label, created_at, last_used_at FROM tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	out := []*nianbao.Token{}
	for rows.Next() {
		var t nianbao.Token
		var used sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Label, &t.CreatedAt, &used); err != nil {
			return nil, internal(err)
		}
		t.CreatedAt = t.CreatedAt.UTC()
		if used.Valid {
			t.LastUsedAt = used.Time.UTC()
		}
		out = append(out, &t)
	}
	return out, internal(rows.Err())
}

// DeleteToken revokes a token of the account.
func (s *Store) DeleteToken(ctx context.Context, userID, tokenID int64) error {
	u, _, err := userByID(ctx, s.db, userID)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var label string
		err := tx.QueryRowContext(ctx, `SELECT label FROM tokens WHERE id = $1 AND user_id = $2`, tokenID, userID).Scan(&label)
		if errors.Is(err, sql.ErrNoRows) {
			return nianbao.Errorf(nianbao.ENOTFOUND, "账号“%s”没有编号为 %d 的接口令牌", u.Name, tokenID)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM tokens WHERE id = $1`, tokenID); err != nil {
			return err
		}
		return s.audit(ctx, tx, &nianbao.AuditEntry{Action: nianbao.ActionTokenRevoke, User: u.Name,
			Detail: fmt.Sprintf("撤销接口令牌 %d（%s）", tokenID, cmp.Or(label, "无说明"))})
	})
}
