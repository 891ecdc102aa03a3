-- What each ingest source (the schedules file's `ingest:`) last did, for the people who watch it: when the
-- worker last looked, when a look last brought new lines, what waits on a person, and the last failure.
-- A table polled every few minutes with nothing new leaves its looks here: `lgs quality` lists only the
-- loads that changed something, so without this a poller that had stopped looked like a quiet shop. A file
-- in the drop folder the worker may not read stays there, and was only named in a log line nobody reads.
-- One row a source, rewritten by every run (it does not grow with the polls); the worker forgets the
-- sources the schedules file no longer names.
CREATE TABLE ingest_source (
  source             text        PRIMARY KEY,            -- 'folder <path>' or 'table <name>'
  last_look_at       timestamptz,                        -- the start of the latest run that finished its load
  last_new_lines_at  timestamptz,                        -- the start of the latest run that added lines
  needs_attention    text[]      NOT NULL DEFAULT '{}',  -- as of that run: files left unread, with why
  last_failure_at    timestamptz,                        -- the start of the latest run that failed
  last_failure       text
);
