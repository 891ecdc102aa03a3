-- Parameters: $1 timestamp as-of; $2 timestamp the instant its movement matrix starts at. Scores every
-- customer at the as-of and stores the scoring, its cell sums and (when a current scoring at $2 is stored)
-- its movement, for rfm_scores() and the metric queries to read while no load has followed (migration
-- 0015). The number of customers stored.
SELECT store_rfm_scoring($1::timestamp, $2::timestamp) AS customers
