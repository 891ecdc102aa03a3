-- Parameters: $1 run id, $2 message key, $3 text[] recipients, $4 text[] their kinds (to/cc/owner), $5 Message-ID.
INSERT INTO delivery (run_id, message_key, recipient, kind, message_id)
SELECT $1, $2, r.recipient, r.kind, $5
FROM unnest($3::text[], $4::text[]) AS r (recipient, kind)
ON CONFLICT (run_id, message_key, recipient) DO NOTHING
