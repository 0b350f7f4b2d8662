-- The first schema (SQLite). Keep it in step with 0001_init.postgres.sql:
-- the same tables, columns and indexes, in SQLite's types.

-- One row per stored report file: what lists, filters, sorts and the
-- dashboard need, so that they never read the report itself (report_json).
CREATE TABLE reports (
	id           INTEGER PRIMARY KEY,
	sha256       TEXT    NOT NULL UNIQUE, -- of the original file: imports are idempotent by it
	source_name  TEXT    NOT NULL,        -- the file's name when it was imported
	format       TEXT    NOT NULL,        -- text, html, docx, xlsx, doc, …
	size         INTEGER NOT NULL,        -- bytes
	encoding     TEXT    NOT NULL,        -- text encoding, '' when not a text format
	agency       TEXT    NOT NULL,        -- the reporting body as the report names itself
	agency_key   TEXT    NOT NULL,        -- audit.AgencyKey(agency): links one body's reports over the years
	year         INTEGER NOT NULL,        -- reporting year, 0 when unknown
	template     TEXT    NOT NULL,        -- '2019' or '2021'
	published_on TEXT,                    -- ISO date the report states, NULL when none
	-- 表三 总计 column: 一、本年新收 and the outcome groups （一）…（六）,
	-- summed over the group's rows; NULL when the report states none of them.
	received          INTEGER,
	granted           INTEGER,
	partially_granted INTEGER,
	withheld          INTEGER,
	unavailable       INTEGER,
	not_processed     INTEGER,
	other             INTEGER,
	errors       INTEGER NOT NULL,        -- findings by severity (report_json.findings)
	warnings     INTEGER NOT NULL,
	infos        INTEGER NOT NULL,
	late         BOOLEAN NOT NULL,        -- a time.late finding
	imported_at  TIMESTAMP NOT NULL,
	audited_at   TIMESTAMP NOT NULL       -- last audit: later than imported_at when a neighbouring year arrived
);
-- Linking a body's years, the year filter and the sorts. Format, template,
-- errors, warnings and late have a few values each: filters on them scan.
CREATE INDEX reports_agency_year ON reports (agency_key, year);
CREATE INDEX reports_year ON reports (year);
CREATE INDEX reports_agency ON reports (agency);
CREATE INDEX reports_received ON reports (received);

-- The report itself, in its JSON contract, and what its audit found: kept
-- apart from reports so that a scan of reports reads small rows.
CREATE TABLE report_json (
	report_id INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
	report    TEXT NOT NULL, -- the report in the JSON contract
	findings  TEXT NOT NULL  -- JSON array of nianbao.Finding, as of the last audit
);

-- The original file, byte for byte, for downloading it again.
CREATE TABLE sources (
	report_id INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
	data      BLOB NOT NULL
);

-- Every cell of tables 二, 三 and 四 that the report prints or states,
-- one row each, for plain SQL across reports. value is the number (NULL
-- for a blank or a mark); exact is the same number as the exact decimal
-- text the report states ('7730.28'), since SQLite keeps NUMERIC decimals
-- as floating point; kind says what the cell held (number, blank, mark,
-- inferred).
CREATE TABLE cells (
	report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
	tbl       TEXT    NOT NULL, -- active, requests, review
	row_key   TEXT    NOT NULL, -- row (requests), item (active) or group (review) key of template.md
	col_key   TEXT    NOT NULL, -- column key
	value     NUMERIC,
	exact     TEXT,
	kind      TEXT    NOT NULL,
	PRIMARY KEY (report_id, tbl, row_key, col_key)
) WITHOUT ROWID;
-- One cell across reports (sums by year, filters by a cell). Its entries
-- for a cell are in report order, so a batch of imports adds to the end of
-- each cell's range and touches few pages.
CREATE INDEX cells_cell ON cells (tbl, row_key, col_key);
