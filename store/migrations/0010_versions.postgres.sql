-- Versions and soft deletion (nianbao.StoredReport.Superseded, DeletedAt).
-- A second file for the same body and year is a new version of its
-- report: the older ones are kept, superseded, and only the newest stored
-- one that is not deleted is current — what lists, statistics, the
-- aggregation and exports count. A deleted report is kept until an
-- administrator restores it. Reports stored before are versions of each
-- other in the order they were stored. Keep it in step with
-- 0010_versions.sqlite.sql.
ALTER TABLE reports ADD COLUMN superseded BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE reports ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN deleted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN deleted_reason TEXT NOT NULL DEFAULT '';
UPDATE reports SET superseded = TRUE
	WHERE NOT draft AND agency_key <> '' AND year <> 0 AND EXISTS (SELECT 1 FROM reports n
		WHERE n.agency_key = reports.agency_key AND n.year = reports.year AND NOT n.draft AND n.id > reports.id);
CREATE INDEX reports_deleted ON reports (deleted_at) WHERE deleted_at IS NOT NULL;
