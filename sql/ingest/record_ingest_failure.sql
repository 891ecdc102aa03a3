-- Parameters: $1 text the source ('folder <path>' or 'table <name>'); $2 timestamptz the database's time
-- when the failed run took the ingest lock, or null when it failed before (then now); $3 text why it
-- failed. The latest failure is kept; the looks are left as they are (quality/ingest_sources.sql shows a
-- failure while no later run has finished).
INSERT INTO ingest_source AS s (source, last_failure_at, last_failure)
VALUES ($1, coalesce($2::timestamptz, clock_timestamp()), $3)
ON CONFLICT (source) DO UPDATE
SET last_failure_at = excluded.last_failure_at,
    last_failure = excluded.last_failure
WHERE s.last_failure_at IS NULL OR excluded.last_failure_at >= s.last_failure_at
