-- Parameters: $1 load id, $2 int[] line numbers, $3 text[] reasons, $4 text[] raw records.
INSERT INTO load_reject (load_id, line_number, reason, raw_record)
SELECT $1, r.line_number, r.reason, r.raw_record
FROM unnest($2::int[], $3::text[], $4::text[]) AS r (line_number, reason, raw_record)
