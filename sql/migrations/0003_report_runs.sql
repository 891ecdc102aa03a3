-- The run log of scheduled reports and the delivery of each message to each recipient. A run is
-- identified by (schedule, period): whatever fires it, how often, and on which worker, it is made once
-- and each recipient is sent each message once.
CREATE TABLE report_run (
  run_id       serial      PRIMARY KEY,
  schedule     text        NOT NULL,
  period       text        NOT NULL,
  report       text        NOT NULL,
  as_of        timestamp   NOT NULL,
  status       text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'produced', 'sent', 'failed')),
  attempts     integer     NOT NULL DEFAULT 0,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  -- milliseconds per step (queries+charts+pdf, archive, mail) of the latest attempt
  timings      jsonb       NOT NULL DEFAULT '{}',
  -- what the e-mail bodies summarise (KPIs, segment sizes), kept so a retry mails the same text
  summary      jsonb,
  error        text,
  UNIQUE (schedule, period)
);

-- The archived files of a run, in the order they were made.
CREATE TABLE report_document (
  run_id        integer NOT NULL REFERENCES report_run (run_id) ON DELETE CASCADE,
  position      integer NOT NULL,
  message_key   text    NOT NULL,
  archive_key   text    NOT NULL,
  file_name     text    NOT NULL,
  content_type  text    NOT NULL,
  bytes         integer NOT NULL,
  sha256        text    NOT NULL,
  segment       text,
  PRIMARY KEY (run_id, position),
  UNIQUE (archive_key)
);

-- One row per message and recipient. `message_id` is fixed per message, so a resend after a crash
-- carries the same Message-ID.
CREATE TABLE delivery (
  run_id       integer     NOT NULL REFERENCES report_run (run_id) ON DELETE CASCADE,
  message_key  text        NOT NULL,
  recipient    text        NOT NULL,
  kind         text        NOT NULL CHECK (kind IN ('to', 'cc', 'owner')),
  message_id   text        NOT NULL,
  status       text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts     integer     NOT NULL DEFAULT 0,
  last_error   text,
  sent_at      timestamptz,
  PRIMARY KEY (run_id, message_key, recipient)
);
