-- Parameters: $1 timestamp as-of. The campaigns that existed at the as-of (made for an as-of before or at
-- it), newest first, with their window's end.
SELECT c.campaign_id,
       c.segment,
       to_char(c.as_of, 'YYYY-MM-DD"T"HH24:MI:SS') AS as_of,
       c.holdout_share::float8 AS holdout_share,
       c.window_days,
       to_char(c.as_of + c.window_days * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS') AS window_end
FROM campaign AS c
WHERE c.as_of <= $1::timestamp
ORDER BY c.as_of DESC, c.segment
