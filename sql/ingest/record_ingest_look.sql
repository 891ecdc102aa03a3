-- Parameters: $1 text the source ('folder <path>' or 'table <name>'); $2 boolean whether this run added
-- lines; $3 text[] what waits on a person after it (files left unread, each with its reason).
INSERT INTO ingest_source AS s (source, last_look_at, last_new_lines_at, needs_attention)
VALUES ($1, now(), CASE WHEN $2 THEN now() END, $3)
ON CONFLICT (source) DO UPDATE
SET last_look_at = excluded.last_look_at,
    last_new_lines_at = coalesce(excluded.last_new_lines_at, s.last_new_lines_at),
    needs_attention = excluded.needs_attention
