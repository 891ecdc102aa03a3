-- Delivery that holds under faults (issue 11) and the stale-data guard (issue 10.5).
--
-- A delivery row is marked `sending` (committed) before its SMTP transaction. A row found `sending` by a
-- later attempt belonged to a worker that died or lost the database mid-transaction: the server may or
-- may not have the message, so it becomes `uncertain` and is never sent again without an admin's
-- `lgs resend`. `smtp_reply` keeps the server's answer (accepted or refused) for the run log.
ALTER TABLE delivery DROP CONSTRAINT delivery_status_check;
ALTER TABLE delivery ADD CONSTRAINT delivery_status_check
  CHECK (status IN ('pending', 'sending', 'sent', 'uncertain', 'failed'));
ALTER TABLE delivery
  ADD COLUMN sending_since timestamptz,
  ADD COLUMN smtp_reply    text;

-- A run is `stale` while the warehouse does not cover its period (waiting for data; the owner was told),
-- `uncertain` when every recipient was reached except some whose delivery is unknown (the owner was told).
ALTER TABLE report_run DROP CONSTRAINT report_run_status_check;
ALTER TABLE report_run ADD CONSTRAINT report_run_status_check
  CHECK (status IN ('running', 'produced', 'sent', 'failed', 'stale', 'uncertain'));
ALTER TABLE report_run
  -- the planned fire time of the job that opened the run (null for runs before this migration)
  ADD COLUMN fired_at   timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Since when each schedule has had its current definition: the reconciler catches up only on fire times
-- after it, so a new or edited schedule does not send past periods on its first start.
CREATE TABLE schedule_definition (
  schedule    text        PRIMARY KEY,
  definition  text        NOT NULL,
  since       timestamptz NOT NULL DEFAULT now()
);

-- One random id per installation (per database): part of every Message-ID, so two installs, or a reset
-- database that counts runs from 1 again, never produce the same Message-ID for different reports.
CREATE TABLE installation (
  singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
  install_id  text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO installation (install_id) VALUES (replace(gen_random_uuid()::text, '-', ''));
