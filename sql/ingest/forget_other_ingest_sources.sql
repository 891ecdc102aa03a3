-- Parameters: $1 text the source the schedules file names now ('folder <path>' or 'table <name>'), or null
-- when it names none. The others' rows go: they would read as pollers that stopped looking.
DELETE FROM ingest_source WHERE source IS DISTINCT FROM $1
