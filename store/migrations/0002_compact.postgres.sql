-- Each fact once, and what is only read whole compressed (issue 14): a
-- report was 45 KB of JSON in report_json and 23 KB of rows in cells, its
-- numbers and provenance stored up to three times. Keep it in step with
-- 0002_compact.sqlite.sql, which says what the columns hold.

CREATE TABLE cell_names (
	template TEXT    NOT NULL,
	pos      INTEGER NOT NULL,
	tbl      TEXT    NOT NULL,
	row_key  TEXT    NOT NULL,
	col_key  TEXT    NOT NULL,
	PRIMARY KEY (template, pos),
	UNIQUE (template, tbl, row_key, col_key)
);

CREATE TABLE report_data (
	report_id BIGINT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
	kinds     TEXT  NOT NULL,
	texts     JSON  NOT NULL,
	cells     BYTEA NOT NULL,
	body      BYTEA NOT NULL,
	findings  BYTEA NOT NULL
);
-- cells, body and findings are compressed or binary already: PostgreSQL
-- need not try to compress them again.
ALTER TABLE report_data ALTER COLUMN cells SET STORAGE EXTERNAL,
	ALTER COLUMN body SET STORAGE EXTERNAL,
	ALTER COLUMN findings SET STORAGE EXTERNAL;
-- A report's row (about 6 KB) stays in its page rather than in the TOAST
-- table, so that reading a report is one lookup.
ALTER TABLE report_data SET (toast_tuple_target = 8160);
