-- Where an office placed a body by hand (place.Manual), by agency key: it
-- holds for every year's report of the body and survives reading the files
-- again, and the reports' place columns (0005) follow it. Keep it in step
-- with 0006_body_places.sqlite.sql.
CREATE TABLE body_places (
	agency_key TEXT PRIMARY KEY, -- nianbao.AgencyKey of the body
	code       TEXT NOT NULL,    -- the division (place.Lookup)
	kind       TEXT NOT NULL,    -- place.Kind; '' keeps the kind the report gives
	note       TEXT NOT NULL,    -- why, in Chinese
	placed_by  TEXT NOT NULL,    -- the account; '' for the command line
	placed_at  TIMESTAMP NOT NULL
);
