-- The local deadlines an office sets for the bodies of its region and a
-- reporting year (audit.LocalDeadline), earlier than the law's: some cities
-- require the departments' reports by 1月26日–1月28日. One per region, year
-- and kind; the audit takes them all (audit.Options.Deadlines). Keep it in
-- step with 0013_deadlines.sqlite.sql.
CREATE TABLE deadlines (
	region  TEXT NOT NULL,    -- the division's code (place.Lookup): everything under it
	year    INTEGER NOT NULL, -- the reporting year; the date falls in the year after
	kind    TEXT NOT NULL,    -- place.Kind it binds; '' departments and townships
	due     TEXT NOT NULL,    -- ISO date
	basis   TEXT NOT NULL,    -- the office's notice, cited in findings
	set_by  TEXT NOT NULL,    -- the account; '' for the command line
	set_at  TIMESTAMP NOT NULL,
	PRIMARY KEY (region, year, kind)
);
