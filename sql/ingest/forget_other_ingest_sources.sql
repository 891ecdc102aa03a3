-- Parameters: $1 text the source the schedules file runs now (src/ingest/ingest-status.ts, ingestSourceName),
-- or null when it runs none. The others' rows go: they would read as pollers that stopped looking.
DELETE FROM ingest_source WHERE source IS DISTINCT FROM $1
