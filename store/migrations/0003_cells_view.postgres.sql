-- report_data holds every report now (0002): the old copies go, and cells
-- becomes a view with the columns it had, so that the SQL of the README
-- reads as before. Keep it in step with 0003_cells_view.sqlite.sql.
DROP TABLE report_json;
DROP TABLE cells;

-- Every cell of tables 二, 三 and 四 that a report prints or states, one
-- row each. value is the exact number (NULL for a blank or a mark); exact
-- is the same number as the decimal text the report states ('7730.28'),
-- as in SQLite; kind says what the cell held (number, blank, mark,
-- inferred).
CREATE VIEW cells (report_id, tbl, row_key, col_key, value, exact, kind) AS
SELECT report_id, tbl, row_key, col_key, CAST(exact AS NUMERIC), exact, kind FROM (
	SELECT d.report_id, n.tbl, n.row_key, n.col_key,
		CASE substr(d.kinds, n.pos + 1, 1)
			WHEN 'n' THEN 'number' WHEN 'i' THEN 'inferred' WHEN 'b' THEN 'blank' WHEN 'm' THEN 'mark' END AS kind,
		CASE WHEN substr(d.kinds, n.pos + 1, 1) IN ('n', 'i') THEN d.texts ->> n.pos END AS exact
	FROM report_data d JOIN reports r ON r.id = d.report_id JOIN cell_names n ON n.template = r.template
) c WHERE kind IS NOT NULL;
