-- Accounts, their sessions and API tokens, the login throttle and the
-- audit log (SQLite). Keep it in step with 0300_accounts.postgres.sql.

-- One row per account. Accounts are never deleted, only disabled, so
-- that the audit log's names keep meaning one person.
CREATE TABLE users (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL UNIQUE, -- what the person signs in with
	role       TEXT    NOT NULL,        -- admin, supervisor, editor
	places     TEXT    NOT NULL,        -- a supervisor's division codes, comma-separated; '' for the others
	body       TEXT    NOT NULL,        -- an editor's body as its reports name it; '' for the others
	password   TEXT    NOT NULL,        -- argon2id in the PHC string format (package password)
	disabled   BOOLEAN NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

-- A browser signed in. The cookie holds a random token; only its SHA-256
-- is kept, so that a copy of the database signs no one in.
CREATE TABLE sessions (
	token_hash TEXT    PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	addr       TEXT    NOT NULL, -- the client's address at sign-in
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- API tokens, kept as the SHA-256 of the secret shown once.
CREATE TABLE tokens (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	token_hash   TEXT    NOT NULL UNIQUE,
	label        TEXT    NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	last_used_at TIMESTAMP -- NULL until used; updated at most once a minute
);
CREATE INDEX tokens_user ON tokens (user_id);

-- Failed logins by account ('user:' name) and by client address ('addr:'
-- address, IPv6 by its /64), so that the back-off survives a restart.
CREATE TABLE login_failures (
	key      TEXT    PRIMARY KEY,
	failures INTEGER NOT NULL,
	last_at  TIMESTAMP NOT NULL
);

-- Who did what, when, from where. Entries are only ever added. report_id
-- has no foreign key: the log outlives what it tells of.
CREATE TABLE audit_log (
	id        INTEGER PRIMARY KEY,
	at        TIMESTAMP NOT NULL,
	actor     TEXT    NOT NULL, -- the account that acted; '' when none (a failed login, the command line)
	addr      TEXT    NOT NULL, -- the client's address; '' for the command line
	action    TEXT    NOT NULL, -- nianbao.AuditAction
	report_id INTEGER,          -- the report it concerns, if any
	user_name TEXT    NOT NULL, -- the account it concerns, '' if none
	detail    TEXT    NOT NULL  -- what happened, in Chinese
);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_user ON audit_log (user_name, id);
CREATE INDEX audit_log_report ON audit_log (report_id, id);
