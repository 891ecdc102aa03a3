-- Parameters: $1 int how many of the latest loads.
-- Every file load; a table source's runs only when they changed something (new lines, more copies of a
-- held line, or a rejected row): polled every few minutes with nothing new, its empty runs pushed every
-- real load out of the latest ten within the hour.
SELECT load_id, source_file, layout, to_char(loaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS loaded_at,
       lines_read, lines_loaded, lines_rejected, duplicate_copies_in_file, new_lines, lines_with_more_copies
FROM load_run
WHERE source_kind <> 'table' OR new_lines > 0 OR lines_with_more_copies > 0 OR lines_rejected > 0
ORDER BY load_id DESC
LIMIT $1
