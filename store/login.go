package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"nianbao"
	"nianbao/password"
)

// Logins: the password check and the throttle that slows guessing.

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
