-- Without SMTP_URL messages are written to the outbox folder: such a delivery is recorded as
-- `written-to-outbox`, never as `sent` (nothing left the machine). It is not retried.
ALTER TABLE delivery DROP CONSTRAINT delivery_status_check;
ALTER TABLE delivery ADD CONSTRAINT delivery_status_check
  CHECK (status IN ('pending', 'sending', 'sent', 'written-to-outbox', 'uncertain', 'failed'));
