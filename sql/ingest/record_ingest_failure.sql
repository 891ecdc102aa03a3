-- Parameters: $1 text the source ('folder <path>' or 'table <name>'); $2 text why the run failed. The
-- looks before it are kept: `lgs quality` shows a failure while it is newer than the last look.
INSERT INTO ingest_source AS s (source, last_failure_at, last_failure)
VALUES ($1, now(), $2)
ON CONFLICT (source) DO UPDATE
SET last_failure_at = excluded.last_failure_at,
    last_failure = excluded.last_failure
