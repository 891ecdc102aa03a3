-- Parameters: $1 text session id. One row when that session was ended by logout.
SELECT 1 AS revoked
FROM web_session_revoked
WHERE session_id = $1
