-- Parameters: $1 int run id, $2 int position. One archived file: where it is and how to serve it.
SELECT archive_key, file_name, content_type, bytes, sha256
FROM report_document
WHERE run_id = $1 AND position = $2
