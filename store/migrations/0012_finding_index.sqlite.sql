-- The findings of each report by rule, severity and key (nianbao.Finding),
-- beside the compressed list in report_data.findings that is read whole:
-- so that reports can be filtered by their findings' rule, severity and
-- state (with finding_states) without reading every report's findings.
-- The data migration fills it from report_data; a write of findings
-- rewrites a report's rows. Keep it in step with 0012_finding_index.postgres.sql.
CREATE TABLE report_findings (
	report_id   INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
	rule        TEXT NOT NULL, -- nianbao.RuleID
	severity    TEXT NOT NULL, -- nianbao.Severity
	finding_key TEXT NOT NULL  -- nianbao.Finding.Key, as finding_states keys reviews
);
CREATE INDEX report_findings_rule ON report_findings (rule, severity);
CREATE INDEX report_findings_severity ON report_findings (severity);
CREATE INDEX report_findings_report ON report_findings (report_id);
