-- Parameters: $1 text sha256 of a file's bytes. The load that read the same bytes before, if any.
SELECT load_id, source_file, to_char(loaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS loaded_at
FROM load_run
WHERE file_sha256 = $1
ORDER BY load_id
LIMIT 1
