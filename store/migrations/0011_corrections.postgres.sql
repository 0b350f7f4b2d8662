-- Corrections of misreadings (nianbao.Correction): what the document
-- prints in a cell nianbao read wrongly or left unread, as a reviewer
-- typed it, with the reading it replaces (the value as read and the text
-- as printed) and why. report_data holds the corrected report, which the
-- audit, lists and exports use; this table keeps what was read, so that a
-- correction can be shown beside it and taken back. One a cell. Keep it in
-- step with 0011_corrections.sqlite.sql.
CREATE TABLE corrections (
	report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
	tbl       TEXT NOT NULL,      -- nianbao.CellKey
	row_key   TEXT NOT NULL,
	col_key   TEXT NOT NULL,
	text      TEXT NOT NULL,      -- what the document prints, '' for a blank
	kind      TEXT NOT NULL,      -- nianbao.Kind of text
	read_text TEXT NOT NULL,      -- the cell as read
	read_kind TEXT NOT NULL,      -- '' when nothing was read there
	printed   TEXT NOT NULL,      -- the provenance's raw text where it was read
	reason    TEXT NOT NULL,
	set_by    TEXT NOT NULL,      -- the account; '' for the command line
	set_at    TIMESTAMP NOT NULL,
	PRIMARY KEY (report_id, tbl, row_key, col_key)
);
