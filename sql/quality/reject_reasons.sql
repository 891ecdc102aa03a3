-- Parameters: none. Rejected records of all loads, by reason (quoted values folded so alike reasons group).
SELECT regexp_replace(reason, '"[^"]*"', '"…"', 'g') AS reason, count(*)::int AS lines, min(line_number) AS first_line
FROM load_reject
GROUP BY 1
ORDER BY lines DESC, reason
