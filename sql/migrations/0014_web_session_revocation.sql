-- Sessions of the managers' page ended by logout. The session lives in an encrypted cookie the browser
-- holds, so without this a copy of the cookie (taken from a shared computer, a proxy log, malware) would
-- keep opening pages until the session's own time ran out. Every request looks its session id up here.
-- A row is needed only until the session would have ended anyway (LGS_SESSION_MAX_HOURS after its login):
-- `expires_at`; each logout deletes the rows past it, so the table stays as small as the logouts of the
-- last few hours.
CREATE TABLE web_session_revoked (
  session_id text PRIMARY KEY,
  revoked_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX web_session_revoked_expires_at ON web_session_revoked (expires_at);
