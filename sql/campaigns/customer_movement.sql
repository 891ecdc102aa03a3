-- Parameters: $1 timestamp as-of D1; $2 timestamp comparison instant D0; $3 text[25] segment grid.
-- Each customer scored at D1 with their segment at D0, or NULL when not scored at D0 (the "(new)" row).
SELECT n.customer_id,
       ($3::text[])[(b.r - 1) * 5 + b.f] AS from_segment
FROM rfm_scores($1::timestamp, false) AS n
LEFT JOIN rfm_scores($2::timestamp, false) AS b USING (customer_id)
ORDER BY n.customer_id
