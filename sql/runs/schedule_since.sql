-- Parameters: $1 schedule. Since when its current definition holds (ms since epoch).
SELECT (extract(epoch FROM since) * 1000)::float8 AS since_ms FROM schedule_definition WHERE schedule = $1
