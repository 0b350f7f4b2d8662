-- The request ledger (依申请公开台账) and its working-day calendar
-- (SQLite). Keep it in step with 0100_ledger.postgres.sql. Dates are ISO
-- text (YYYY-MM-DD), which sorts as the dates do.

-- A body that keeps its register here. A register belongs to a body: the
-- accounts of a later issue attach an editor's role to a body's key.
CREATE TABLE ledger_bodies (
	key        TEXT PRIMARY KEY, -- audit.AgencyKey(name): links the register to the body's reports
	name       TEXT NOT NULL,
	place      TEXT NOT NULL,    -- where its regional days off apply, '' for none
	settings   TEXT NOT NULL,    -- JSON nianbao.LedgerSettings
	created_at TIMESTAMP NOT NULL
);

-- One row per request. The events (ledger_events) are the truth; the
-- rest is derived from them and the calendar by package ledger, stored
-- for the register's lists and for counting table 三 without replaying
-- them, and recomputed when an event is added or the calendar changes.
CREATE TABLE ledger_requests (
	id             INTEGER PRIMARY KEY,
	body_key       TEXT    NOT NULL REFERENCES ledger_bodies (key),
	number         TEXT    NOT NULL, -- 登记编号, unique in the register
	applicant      TEXT    NOT NULL, -- table 三 column key
	applicant_name TEXT    NOT NULL,
	subject        TEXT    NOT NULL, -- the information asked for
	items          INTEGER NOT NULL, -- 一事一申请: the items it is split into, at least 1
	state          TEXT    NOT NULL, -- open, correction, consultation, fee, concluded
	received_on    TEXT    NOT NULL, -- the receipt date, its channel's rule applied
	due_on         TEXT,             -- NULL while the clock stops or is suspended
	due_status     TEXT,             -- official, provisional, unknown; NULL when the body set the date
	concluded_on   TEXT,
	outcome        TEXT,             -- table 三 row key; NULL while open and for withdrawals
	withdrawn      BOOLEAN NOT NULL,
	late           BOOLEAN NOT NULL,
	extended       BOOLEAN NOT NULL,
	corrected      BOOLEAN NOT NULL, -- a 补正 notice was sent
	elapsed_wd     INTEGER,          -- working days from receipt to conclusion, NULL while open
	fee            INTEGER NOT NULL, -- 元 paid
	fee_paid_on    TEXT,
	created_at     TIMESTAMP NOT NULL,
	updated_at     TIMESTAMP NOT NULL,
	UNIQUE (body_key, number)
);
-- The due-soon and overdue lists (the open requests by due date), and a
-- year's requests.
CREATE INDEX ledger_requests_open ON ledger_requests (body_key, due_on) WHERE state <> 'concluded';
CREATE INDEX ledger_requests_received ON ledger_requests (body_key, received_on);
-- A register in order, for counting it (the rowid follows body_key in the index).
CREATE INDEX ledger_requests_body ON ledger_requests (body_key);

-- What happened to a request, in order: the truth its clock is derived from.
CREATE TABLE ledger_events (
	request_id  INTEGER NOT NULL REFERENCES ledger_requests (id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL, -- 1 for the receipt, then in order
	kind        TEXT    NOT NULL,
	date        TEXT    NOT NULL,
	data        TEXT    NOT NULL, -- JSON nianbao.Event, without its attachments
	recorded_at TIMESTAMP NOT NULL,
	PRIMARY KEY (request_id, seq)
) WITHOUT ROWID;

-- Files kept with events (the application, a notice, the reply), byte for byte.
CREATE TABLE ledger_attachments (
	id           INTEGER PRIMARY KEY,
	request_id   INTEGER NOT NULL,
	seq          INTEGER NOT NULL,
	name         TEXT    NOT NULL,
	content_type TEXT    NOT NULL,
	size         INTEGER NOT NULL,
	sha256       TEXT    NOT NULL,
	data         BLOB    NOT NULL,
	FOREIGN KEY (request_id, seq) REFERENCES ledger_events (request_id, seq) ON DELETE CASCADE
);
CREATE INDEX ledger_attachments_event ON ledger_attachments (request_id, seq);

-- Holiday files an administrator loaded (holiday-cn's format): each
-- replaces the embedded file of its year.
CREATE TABLE calendar_years (
	year      INTEGER PRIMARY KEY,
	source    TEXT NOT NULL, -- the file's name
	data      TEXT NOT NULL, -- the file as calendar.Year writes it
	loaded_at TIMESTAMP NOT NULL
);

-- Single days an administrator entered: place '' corrects the national
-- calendar (note: on what basis), any other place adds a day off there.
CREATE TABLE calendar_days (
	place      TEXT    NOT NULL,
	date       TEXT    NOT NULL,
	name       TEXT    NOT NULL,
	off        BOOLEAN NOT NULL,
	note       TEXT    NOT NULL,
	entered_at TIMESTAMP NOT NULL,
	PRIMARY KEY (place, date)
);

-- Counts calendar changes, so that every process sharing the database
-- notices one and builds its calendar again.
CREATE TABLE calendar_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO calendar_version (id, version) VALUES (1, 0);

-- Every due date a change of the calendar (or of a body's place or
-- settings) moved, and why.
CREATE TABLE ledger_due_changes (
	id         INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES ledger_requests (id) ON DELETE CASCADE,
	old_due    TEXT,
	new_due    TEXT,
	old_status TEXT,
	new_status TEXT,
	cause      TEXT NOT NULL,
	changed_at TIMESTAMP NOT NULL
);
CREATE INDEX ledger_due_changes_request ON ledger_due_changes (request_id);
