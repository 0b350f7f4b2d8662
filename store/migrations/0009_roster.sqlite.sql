-- The rosters of supervising offices (nianbao.RosterEntry): the bodies
-- each expects a report from, per reporting year. A body is expected once
-- a year, whichever office listed it, so the key is the year and its
-- agency key, the column reports link a body's years by. place_key is
-- place.Key of the body's division, as in reports (0005): a supervisor's
-- scope and "everything under a place" are the same BETWEEN on it. Keep
-- it in step with 0009_roster.postgres.sql.
CREATE TABLE roster (
	year       INTEGER NOT NULL,
	agency_key TEXT    NOT NULL, -- nianbao.AgencyKey(agency)
	agency     TEXT    NOT NULL, -- as the office wrote it
	place_key  INTEGER  NOT NULL, -- place.Key of the body's division
	kind       TEXT    NOT NULL, -- place.Kind, '' when unknown
	note       TEXT    NOT NULL, -- where the place and kind came from
	added_by   TEXT    NOT NULL, -- the account; '' for the command line
	added_at   TIMESTAMP NOT NULL,
	PRIMARY KEY (year, agency_key)
);
CREATE INDEX roster_place ON roster (year, place_key);
