-- Parameters: $1 text session id, $2 float8 now (ms since 1970), $3 float8 when the session would end
-- anyway (its login plus the absolute age, ms). Ends the session for every copy of its cookie, and forgets
-- sessions that have ended by age since (their cookies are refused without a row).
WITH forgotten AS (
  DELETE FROM web_session_revoked WHERE expires_at <= to_timestamp($2::float8 / 1000)
)
INSERT INTO web_session_revoked (session_id, revoked_at, expires_at)
VALUES ($1, to_timestamp($2::float8 / 1000), to_timestamp($3::float8 / 1000))
ON CONFLICT (session_id) DO NOTHING
