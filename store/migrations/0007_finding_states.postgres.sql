-- What reviewers decided about findings (nianbao.FindingReview), by the
-- body, the reporting year and the finding's key (nianbao.Finding.Key: rule
-- and cells, or the quote) rather than by report or position: a re-audit
-- when a neighbouring year arrives, or the same report read again, keeps
-- them. Keep it in step with 0007_finding_states.sqlite.sql.
CREATE TABLE finding_states (
	agency_key  TEXT NOT NULL,    -- nianbao.AgencyKey of the body
	year        INTEGER NOT NULL, -- the reporting year
	finding_key TEXT NOT NULL,    -- nianbao.Finding.Key
	state       TEXT NOT NULL,    -- nianbao.FindingState, never open
	comment     TEXT NOT NULL,
	set_by      TEXT NOT NULL,    -- the account; '' for the command line
	set_at      TIMESTAMP NOT NULL,
	PRIMARY KEY (agency_key, year, finding_key)
);
