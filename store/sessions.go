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
	"strings"
	"time"

	"nianbao"
)

// Sessions of signed-in browsers and API tokens: random secrets the store
// keeps only as hashes.

// SessionLifetime is how long a sign-in lasts: a working day, after
// which the browser signs in again.
const SessionLifetime = 12 * time.Hour

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
