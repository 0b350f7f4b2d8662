package nianbao

import (
	"context"
	"time"
)

// AuditAction is what an audit log entry records. Each kind of change that
// must be answerable for (who uploaded this, who changed that role) has one;
// the reviews (versions, deletions, corrections, finding states) name the
// report they concern in AuditEntry.Report.
type AuditAction string

// The actions the audit log records.
const (
	ActionLogin        AuditAction = "login"           // signed in
	ActionLoginFailed  AuditAction = "login.failed"    // a wrong name or password, or a disabled account
	ActionLogout       AuditAction = "logout"          // signed out
	ActionUpload       AuditAction = "report.upload"   // a report file stored
	ActionPlace        AuditAction = "report.place"    // a body placed by hand (all its reports)
	ActionVersion      AuditAction = "report.version"  // a report replaced by a new version of it
	ActionDelete       AuditAction = "report.delete"   // a report deleted (softly)
	ActionRestore      AuditAction = "report.restore"  // a deleted report restored
	ActionCorrect      AuditAction = "report.correct"  // a misread cell corrected, or its correction taken back
	ActionFindingState AuditAction = "finding.state"   // a finding reviewed: 已核实, 误报, 已整改
	ActionUserAdd      AuditAction = "user.add"        // an account created
	ActionUserRole     AuditAction = "user.role"       // an account's role changed
	ActionUserChange   AuditAction = "user.change"     // an account's places or body changed
	ActionUserDisable  AuditAction = "user.disable"    // an account disabled (its sessions ended)
	ActionUserEnable   AuditAction = "user.enable"     // an account enabled again
	ActionUserPassword AuditAction = "user.password"   // a password changed or reset (every session ended)
	ActionTokenAdd     AuditAction = "token.add"       // an API token made
	ActionTokenRevoke  AuditAction = "token.revoke"    // an API token revoked
	ActionRosterImport AuditAction = "roster.import"   // a roster imported (应报机关名单)
	ActionRosterDelete AuditAction = "roster.delete"   // a body taken off a roster
	ActionDeadlineSet  AuditAction = "deadline.set"    // a local deadline set (audit.LocalDeadline)
	ActionDeadlineDrop AuditAction = "deadline.remove" // a local deadline removed
)

// AuditActions lists the actions in the order pages offer them.
var AuditActions = []AuditAction{
	ActionLogin, ActionLoginFailed, ActionLogout, ActionUpload, ActionVersion, ActionDelete, ActionRestore, ActionCorrect, ActionPlace, ActionFindingState,
	ActionUserAdd, ActionUserRole, ActionUserChange, ActionUserDisable, ActionUserEnable, ActionUserPassword,
	ActionTokenAdd, ActionTokenRevoke, ActionRosterImport, ActionRosterDelete,
	ActionDeadlineSet, ActionDeadlineDrop,
}

var actionLabels = map[AuditAction]string{
	ActionLogin:        "登录",
	ActionLoginFailed:  "登录失败",
	ActionLogout:       "退出登录",
	ActionUpload:       "上传报告",
	ActionPlace:        "人工定位",
	ActionVersion:      "新版本",
	ActionDelete:       "删除报告",
	ActionRestore:      "恢复报告",
	ActionCorrect:      "更正读取",
	ActionFindingState: "核实问题",
	ActionUserAdd:      "新建账号",
	ActionUserRole:     "更改角色",
	ActionUserChange:   "更改账号",
	ActionUserDisable:  "停用账号",
	ActionUserEnable:   "启用账号",
	ActionUserPassword: "更改密码",
	ActionTokenAdd:     "新建接口令牌",
	ActionTokenRevoke:  "撤销接口令牌",
	ActionRosterImport: "导入应报名单",
	ActionRosterDelete: "移出应报名单",
	ActionDeadlineSet:  "设置地方期限",
	ActionDeadlineDrop: "移除地方期限",
}

// Valid reports whether a is one of AuditActions.
func (a AuditAction) Valid() bool { _, ok := actionLabels[a]; return ok }

// Label names the action in Chinese.
func (a AuditAction) Label() string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return "其他操作"
}

// AuditEntry is one line of the audit log: who did what, when, from where.
type AuditEntry struct {
	ID     int64       `json:"id"`
	At     time.Time   `json:"at"`
	Actor  string      `json:"actor"` // the account that acted; "" when no one was signed in, or the command line
	Addr   string      `json:"addr"`  // the client's address; "" for the command line
	Action AuditAction `json:"action"`
	// What the action concerns: a report, an account (the account a
	// failed login tried, the account an administrator changed).
	Report int64  `json:"report,omitempty"`
	User   string `json:"user,omitempty"`
	Detail string `json:"detail"` // what happened, in Chinese: "角色：填报机关 → 监督机构"
}

// AuditFilter selects audit log entries, newest first. Zero fields select
// everything.
type AuditFilter struct {
	Action AuditAction
	Name   string // entries whose actor or account is this account
	Report int64
	// Before keeps the entries older than entry Before (by ID), to read
	// the whole log page after page while it grows.
	Before int64
	Offset int
	Limit  int // 0 = the log's default page size
}

// AuditLog keeps the audit log. Implementations: package store, which
// also records the changes of a UserService in it.
type AuditLog interface {
	// Record appends e with the actor of ctx (WithActor) and the time now;
	// it sets e.ID, e.At, e.Actor and e.Addr.
	Record(ctx context.Context, e *AuditEntry) error
	// AuditEntries returns a page of the entries f selects, newest first,
	// and how many it selects in all.
	AuditEntries(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error)
}
