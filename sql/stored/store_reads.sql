-- Parameters: $1 int the latest load that added lines when the reads were made; $2 text[] query names;
-- $3 text[] sha256 of their SQL texts; $4 jsonb[] their parameters; $5 jsonb[] their rows.
-- Stores the reads, replacing a read stored under the same key. Reads made before a newer load committed
-- are stale already and not kept; a load committing while this statement runs leaves them labelled with
-- the load they were made after, so they are never read. The number of reads stored.
WITH stored AS (
  INSERT INTO stored_read AS s (query, sql_sha256, params, load_id, rows)
  SELECT r.query, r.sql_sha256, r.params, $1, r.rows
  FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::jsonb[]) AS r (query, sql_sha256, params, rows)
  WHERE $1 = latest_data_load()
  ON CONFLICT (query, sql_sha256, params) DO UPDATE
    SET load_id = excluded.load_id, rows = excluded.rows, stored_at = now()
  RETURNING 1
)
SELECT count(*)::int AS stored FROM stored
