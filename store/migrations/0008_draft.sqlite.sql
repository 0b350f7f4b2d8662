-- Drafts typed into the entry form (nianbao.StoredReport.Draft): stored
-- like any report, listed and compared, counted in no statistics. A body
-- keeps at most one draft a year; the store replaces it on every save.
-- Keep it in step with 0008_draft.postgres.sql.
ALTER TABLE reports ADD COLUMN draft BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX reports_draft ON reports (agency_key, year) WHERE draft;
