-- Parameters: $1 text the table source's name (load_run.source_file); $2 text[] the records this load
-- rejected, as read. Those an earlier load of the same table rejected already: a table source reads again
-- from its watermark, so a rejected row dated at or after it (or with no date) comes back on every run.
SELECT DISTINCT r.raw_record
FROM load_reject AS r
JOIN load_run AS l USING (load_id)
WHERE l.source_kind = 'table' AND l.source_file = $1 AND r.raw_record = ANY ($2::text[])
