-- Parameters: $1 run id, $2 position, $3 message key, $4 archive key, $5 file name, $6 content type,
-- $7 size in bytes, $8 sha256 hex, $9 segment (null for the weekly report).
INSERT INTO report_document (run_id, position, message_key, archive_key, file_name, content_type, bytes, sha256, segment)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
