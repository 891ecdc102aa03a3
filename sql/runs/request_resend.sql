-- Parameters: $1 run id, $2 recipient. An admin's resend: the recipient's deliveries of the run's
-- reports (not owner notices) wait to be sent again, and the run is reopened so a worker sends them.
WITH reset AS (
  UPDATE delivery
  SET status = 'pending', last_error = 'resend requested by an admin (was ' || status || ')'
  WHERE run_id = $1 AND lower(recipient) = lower($2) AND kind <> 'owner'
  RETURNING message_key, recipient
), reopened AS (
  UPDATE report_run
  SET status = 'produced', updated_at = now()
  WHERE run_id = $1 AND summary IS NOT NULL AND EXISTS (SELECT 1 FROM reset)
  RETURNING run_id
)
SELECT message_key, recipient FROM reset ORDER BY message_key
