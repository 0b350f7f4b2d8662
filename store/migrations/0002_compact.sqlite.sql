-- Each fact once, and what is only read whole compressed (issue 14): a
-- report was 45 KB of JSON in report_json and 23 KB of rows in cells, its
-- numbers and provenance stored up to three times. Keep it in step with
-- 0002_compact.postgres.sql.

-- Where each cell of a template is kept in report_data.kinds and .texts:
-- its place (pos, from 0) in the template's list of cells. Rows are added
-- when a template gains a cell and never change, so that stored reports
-- keep their meaning whatever order the code lists cells in.
CREATE TABLE cell_names (
	template TEXT    NOT NULL, -- '2019' or '2021'
	pos      INTEGER NOT NULL,
	tbl      TEXT    NOT NULL, -- active, requests, review
	row_key  TEXT    NOT NULL, -- row (requests), item (active) or group (review) key of template.md
	col_key  TEXT    NOT NULL, -- column key
	PRIMARY KEY (template, pos),
	UNIQUE (template, tbl, row_key, col_key)
) WITHOUT ROWID;

-- The report itself, beside its row in reports. kinds and texts hold the
-- tables, one place per cell of the report's template (cell_names), in
-- plain text so that SQL reads them (the cells view below):
--   kinds: one letter a cell: n a number, i a number not printed but
--          deduced from the report's own arithmetic, b blank, m a mark
--          ("/", "—", "无"), - not printed and stating nothing;
--   texts: a JSON array, one element a cell: the number as exact decimal
--          text ('7730.28') for n and i, the mark as printed for m, null
--          otherwise.
-- What is only ever read whole is binary or compressed (store/codec.go):
-- cells is the provenance of every cell (the text printed where it
-- differs from texts, and its place in the file), body the sections,
-- notes and source details as deflated JSON, findings the audit's
-- findings as deflated JSON.
CREATE TABLE report_data (
	report_id INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
	kinds     TEXT NOT NULL,
	texts     TEXT NOT NULL,
	cells     BLOB NOT NULL,
	body      BLOB NOT NULL,
	findings  BLOB NOT NULL
);
-- The reports stored before this migration move from report_json to
-- report_data in Go (store.convertReportJSON), in this migration's
-- transaction; 0003 then drops the old tables.
