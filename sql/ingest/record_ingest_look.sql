-- Parameters: $1 text the source ('folder <path>' or 'table <name>'); $2 timestamptz the database's time
-- when the run took the ingest lock; $3 boolean whether it added lines; $4 text[] what waits on a person
-- after it (files left unread, each with its reason). Runs may be recorded out of order (the scoring runs
-- after the lock): the times only move forward, and the list is the one of the latest run.
INSERT INTO ingest_source AS s (source, last_look_at, last_new_lines_at, needs_attention)
VALUES ($1, $2, CASE WHEN $3 THEN $2::timestamptz END, $4)
ON CONFLICT (source) DO UPDATE
SET last_look_at = greatest(s.last_look_at, excluded.last_look_at),
    last_new_lines_at = greatest(s.last_new_lines_at, excluded.last_new_lines_at),
    needs_attention = CASE WHEN s.last_look_at IS NULL OR excluded.last_look_at >= s.last_look_at
                           THEN excluded.needs_attention ELSE s.needs_attention END
