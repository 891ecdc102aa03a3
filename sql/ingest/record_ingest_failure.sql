-- Parameters: $1 text the source ('folder <path>' or 'table <name>'); $2 timestamptz when the failed run
-- started; $3 text why it failed. The latest-started failure is kept; the looks are left as they are
-- (quality/ingest_sources.sql shows a failure while no later-started run has finished).
INSERT INTO ingest_source AS s (source, last_failure_at, last_failure)
VALUES ($1, $2, $3)
ON CONFLICT (source) DO UPDATE
SET last_failure_at = excluded.last_failure_at,
    last_failure = excluded.last_failure
WHERE s.last_failure_at IS NULL OR excluded.last_failure_at >= s.last_failure_at
