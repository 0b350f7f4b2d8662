package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
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
