-- Parameters: $1 run id, $2 message key, $3 text[] recipients, $4 text[] their kinds (to/cc/owner),
-- $5 text[] their Message-IDs. A delivery keeps the Message-ID it was first recorded with.
INSERT INTO delivery (run_id, message_key, recipient, kind, message_id)
SELECT $1, $2, r.recipient, r.kind, r.message_id
FROM unnest($3::text[], $4::text[], $5::text[]) AS r (recipient, kind, message_id)
ON CONFLICT (run_id, message_key, recipient) DO NOTHING
