-- Parameters: none. Health check: the database answers.
SELECT 1 AS ok
