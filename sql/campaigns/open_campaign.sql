-- Parameters: $1 text segment; $2 timestamp as-of; $3 numeric hold-out share; $4 int window days.
-- The campaign of one segment at one as-of, made on first use. A second print (or a concurrent one) gets
-- the same row with the share and window it was first made with: the no-op update makes RETURNING
-- return the existing row too.
INSERT INTO campaign (segment, as_of, holdout_share, window_days)
VALUES ($1::text, $2::timestamp, $3::numeric, $4::int)
ON CONFLICT (segment, as_of) DO UPDATE SET segment = EXCLUDED.segment
RETURNING campaign_id, segment, to_char(as_of, 'YYYY-MM-DD"T"HH24:MI:SS') AS as_of,
          holdout_share::float8 AS holdout_share, window_days
