-- Parameter: $1 the sha256 of a file. The loads of anything else (other files, table polls that brought
-- lines), the latest first: what `lgs demo` would mix the sample into.
SELECT count(*)::int AS loads,
       (array_agg(source_file ORDER BY load_id DESC))[1] AS latest_source
FROM load_run
WHERE file_sha256 IS DISTINCT FROM $1
  AND (source_kind = 'file' OR new_lines > 0)
