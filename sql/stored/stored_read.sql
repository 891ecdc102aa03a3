-- Parameters: $1 text query name; $2 text sha256 of its SQL text; $3 jsonb its parameters.
-- The rows stored for exactly this read (migration 0019), if they are current: stored since the latest load
-- that added lines.
SELECT s.rows
FROM stored_read AS s
WHERE s.query = $1 AND s.sql_sha256 = $2 AND s.params = $3::jsonb AND s.load_id = latest_data_load()
