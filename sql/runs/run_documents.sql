-- Parameters: $1 run id. The run's archived files in the order they were made.
SELECT message_key, archive_key, file_name, content_type, bytes, sha256, segment
FROM report_document
WHERE run_id = $1
ORDER BY position
