package nianbao

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Role is what an account may do. The web application's route table says
// which roles may use each page and each part of the JSON API.
type Role string

// The roles of accounts.
const (
	// RoleAdmin manages accounts, reads the audit log and sees every report.
	RoleAdmin Role = "admin"
	// RoleSupervisor is a supervising office (政务公开办): it sees and
	// reviews the reports of bodies placed under its places, and uploads.
	RoleSupervisor Role = "supervisor"
	// RoleEditor is a reporting body: it uploads and sees its own reports.
	RoleEditor Role = "editor"
)

// Roles lists the roles in the order pages offer them.
var Roles = []Role{RoleAdmin, RoleSupervisor, RoleEditor}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleSupervisor, RoleEditor:
		return true
	}
	return false
}

// Label names the role in Chinese.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "管理员"
	case RoleSupervisor:
		return "监督机构"
	case RoleEditor:
		return "填报机关"
	}
	return "未知角色"
}

// User is an account of a person who signs in to the web application.
// Accounts are never deleted, only disabled, so that the audit log's
// names keep meaning the same person.
type User struct {
	ID   int64  `json:"id"`
	Name string `json:"name"` // what the person signs in with; unique
	Role Role   `json:"role"`
	// Places are a supervisor's divisions (place codes such as "3208"
	// 淮安市): it sees the reports of bodies placed in them or under them.
	Places []string `json:"places,omitempty"`
	// Body is an editor's reporting body, named as its reports name it: it
	// sees the reports whose body is the same (AgencyKey of both).
	Body      string    `json:"body,omitempty"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// The bounds of names and passwords.
const (
	MaxUserName       = 64   // characters
	MinPasswordLength = 8    // characters
	MaxPasswordBytes  = 1024 // a passphrase longer than this is a mistake or an attack on the hash
)

// Validate checks what an account must have whatever stores it: a name
// of printable characters without spaces or "/", a role, places for a
// supervisor and only for one, a body for an editor and only for one.
// Whether the places are divisions is for the store to check, which knows
// the division table.
func (u *User) Validate() error {
	n := utf8.RuneCountInString(u.Name)
	switch {
	case n == 0:
		return Errorf(EINVALID, "账号名称不能为空")
	case n > MaxUserName:
		return Errorf(EINVALID, "账号名称过长：最多 %d 个字", MaxUserName)
	case strings.ContainsFunc(u.Name, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) || r == '/' }):
		return Errorf(EINVALID, "账号名称“%s”含有空格、“/”或不可见的字符", u.Name)
	case !u.Role.Valid():
		return Errorf(EINVALID, "角色应为 admin（管理员）、supervisor（监督机构）或 editor（填报机关），收到“%s”", u.Role)
	case u.Role == RoleSupervisor && len(u.Places) == 0:
		return Errorf(EINVALID, "监督机构账号须指定负责的地区（区划代码，如 3208 淮安市）")
	case u.Role != RoleSupervisor && len(u.Places) > 0:
		return Errorf(EINVALID, "只有监督机构账号指定地区；%s账号看到的报告不按地区划分", u.Role.Label())
	case u.Role == RoleEditor && strings.TrimSpace(u.Body) == "":
		return Errorf(EINVALID, "填报机关账号须指定本机关的名称（与其报告所写的机关名称相同）")
	case u.Role != RoleEditor && u.Body != "":
		return Errorf(EINVALID, "只有填报机关账号指定机关；%s账号不限于一个机关", u.Role.Label())
	}
	return nil
}

// ValidatePassword checks a new password: long enough to resist guessing
// under the login throttle, short enough to hash, and not the name.
func ValidatePassword(name, password string) error {
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return Errorf(EINVALID, "密码太短：至少 %d 个字符", MinPasswordLength)
	case len(password) > MaxPasswordBytes:
		return Errorf(EINVALID, "密码太长：最多 %d 字节", MaxPasswordBytes)
	case !utf8.ValidString(password):
		return Errorf(EINVALID, "密码含有无效的字符")
	case strings.EqualFold(password, name):
		return Errorf(EINVALID, "密码不能与账号名称相同")
	}
	return nil
}

// Session is a browser signed in to an account. The browser's cookie
// holds Token; the store keeps only its hash, so that a copy of the
// database signs no one in.
type Session struct {
	Token     string    `json:"-"` // set only when the session is created
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Token is an API token of an account, for scripts: sent as
// "Authorization: Bearer …", it acts as the account. Its secret is shown
// once, when it is created, and stored only as a hash.
type Token struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	Label      string    `json:"label"` // what it is for, as its owner named it
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"` // zero when never used
}

// UserService keeps accounts, their sessions and API tokens, and checks
// passwords. Implementations: package store. Changes are recorded in the
// audit log (AuditLog) in the same transaction, with the actor the context
// carries (WithActor).
type UserService interface {
	// CreateUser adds u with its password and sets u.ID and u.CreatedAt.
	// EINVALID for a bad field, a place that is not a division, a bad
	// password, or a name already taken.
	CreateUser(ctx context.Context, u *User, password string) error
	// FindUser returns the account named name (ENOTFOUND when none).
	FindUser(ctx context.Context, name string) (*User, error)
	// Users returns every account, by name.
	Users(ctx context.Context) ([]*User, error)
	// HasUsers reports whether any account exists: until one does, the
	// application may run without accounts on the machine itself.
	HasUsers(ctx context.Context) (bool, error)
	// UpdateUser saves the role, places, body and disabled flag of the
	// account u.ID. Disabling an account ends its sessions; the last
	// enabled administrator can be neither disabled nor demoted.
	UpdateUser(ctx context.Context, u *User) error
	// SetPassword replaces an account's password (an administrator's
	// reset) and ends every session of the account.
	SetPassword(ctx context.Context, userID int64, password string) error
	// ChangePassword replaces an account's password after checking the
	// old one (throttled like a login) and ends every session of the
	// account.
	ChangePassword(ctx context.Context, userID int64, old, password string) error

	// Authenticate checks a name and password given from client address
	// addr. A wrong name or password is EUNAUTHORIZED (the same for both);
	// too many failures for the account or the address are ETHROTTLED
	// until a back-off ends. A disabled account is EFORBIDDEN.
	Authenticate(ctx context.Context, name, password, addr string) (*User, error)

	// CreateSession starts a session of the account (Token set).
	CreateSession(ctx context.Context, userID int64) (*Session, error)
	// SessionUser returns the account of a live session: EUNAUTHORIZED
	// when the token is unknown, expired or revoked, or its account is
	// disabled.
	SessionUser(ctx context.Context, token string) (*User, *Session, error)
	// DeleteSession ends a session (signing out).
	DeleteSession(ctx context.Context, token string) error

	// CreateToken makes an API token for the account and returns it with
	// its secret, which is not kept and cannot be shown again.
	CreateToken(ctx context.Context, userID int64, label string) (*Token, string, error)
	// TokenUser returns the account of a token's secret (EUNAUTHORIZED
	// when unknown, revoked, or its account is disabled).
	TokenUser(ctx context.Context, secret string) (*User, error)
	// Tokens returns the tokens of an account, newest first.
	Tokens(ctx context.Context, userID int64) ([]*Token, error)
	// DeleteToken revokes a token of the account (ENOTFOUND when the
	// account has no such token).
	DeleteToken(ctx context.Context, userID, tokenID int64) error
}

// Actor is who makes a change: the account signed in and the client's
// address, or neither for the command line on the machine itself.
type Actor struct {
	Name string // the account's name; "" for the command line
	Addr string // the client's address; "" for the command line
}

type actorKey struct{}

// WithActor returns ctx carrying who acts, for the audit log.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns who acts in ctx: the zero Actor (the command line)
// when ctx carries none.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// Scope is the part of the stored reports someone may see: the reports of
// one body (an editor's), or of the bodies placed under some divisions (a
// supervisor's), or both. A ReportFilter without a Scope selects every
// report; an empty Scope allows none, so that an account whose places or
// body are missing sees nothing rather than everything.
type Scope struct {
	Agency string      // a body's AgencyKey
	Places []PlaceSpan // ranges of place keys (package place: Key, Span)
}

// PlaceSpan is the range of place keys of a division and everything under
// it, both ends included (place.Span).
type PlaceSpan struct {
	Lo, Hi int64
}

// Allows reports whether sc allows a report of the body with the given
// agency key, placed at placeKey (0 when unplaced). A nil Scope allows
// every report. Stores apply the same condition in their queries
// (ReportFilter.Scope).
func (sc *Scope) Allows(agencyKey string, placeKey int64) bool {
	if sc == nil {
		return true
	}
	if sc.Agency != "" && agencyKey == sc.Agency {
		return true
	}
	if placeKey != 0 {
		for _, p := range sc.Places {
			if p.Lo <= placeKey && placeKey <= p.Hi {
				return true
			}
		}
	}
	return false
}
