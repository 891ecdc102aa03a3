-- Parameters: $1 int how many of the latest loads.
SELECT load_id, source_file, layout, to_char(loaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS loaded_at,
       lines_read, lines_loaded, lines_rejected, duplicate_copies_in_file, new_lines, lines_with_more_copies
FROM load_run
ORDER BY load_id DESC
LIMIT $1
