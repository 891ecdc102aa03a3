-- Parameters: $1 text the source ('folder <path>' or 'table <name>'); $2 timestamptz the database's time
-- when the failed run took the ingest lock, or null when it failed before (then now); $3 text why it
-- failed; $4 boolean whether loads of the run committed new lines before it failed (a folder's earlier
-- files). The latest failure is kept; the last look is left as it is (quality/ingest_sources.sql shows a
-- failure while no later run has finished), the last new lines move forward to this run when it had some.
INSERT INTO ingest_source AS s (source, last_new_lines_at, last_failure_at, last_failure)
VALUES ($1, CASE WHEN $4 THEN coalesce($2::timestamptz, clock_timestamp()) END, coalesce($2::timestamptz, clock_timestamp()), $3)
ON CONFLICT (source) DO UPDATE
SET last_new_lines_at = greatest(s.last_new_lines_at, excluded.last_new_lines_at),
    last_failure_at = CASE WHEN s.last_failure_at IS NULL OR excluded.last_failure_at >= s.last_failure_at
                           THEN excluded.last_failure_at ELSE s.last_failure_at END,
    last_failure = CASE WHEN s.last_failure_at IS NULL OR excluded.last_failure_at >= s.last_failure_at
                        THEN excluded.last_failure ELSE s.last_failure END
