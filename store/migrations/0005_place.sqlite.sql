-- Where each report's body is placed (package place: Placement). place_key
-- is place.Key of its division, 0 when unplaced: "everything under a
-- place" is place_key BETWEEN lo AND hi (place.Span), which an integer
-- range answers from the index without a collation. Reports stored before
-- start unplaced; reading them again places them. Keep it in step with
-- 0005_place.postgres.sql.
ALTER TABLE reports ADD COLUMN place_key INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN place_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN place_note TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN place_manual BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX reports_place ON reports (place_key);
