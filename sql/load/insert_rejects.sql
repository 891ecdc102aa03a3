-- Parameters: $1 load id. Keeps the staged rejects (forget_rejected_before.sql ran first) with the load.
INSERT INTO load_reject (load_id, line_number, reason, raw_record)
SELECT $1, line_number, reason, raw_record FROM incoming_reject
