-- Parameters: $1 int minutes. The stored scores (RFM scorings, lapse predictions, recommendations, the
-- briefs' reads) against the data: the newest load that added lines; the last refresh (when it finished,
-- UTC, and the newest load it had seen); whether the scores have not seen that newest load (no refresh
-- recorded after it: the process that loaded it stopped before its refresh finished, or the ingest's cron
-- left it for later); and whether the last refresh finished less than $1 minutes ago (by the database's
-- clock, which every worker shares). One row (nulls when there is no load or no refresh yet). Read by the
-- refresh, the reconciler and `lgs quality` alike.
SELECT l.load_id AS newest_data_load,
       r.load_id AS refreshed_after_load,
       to_char(r.refreshed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS refreshed_at,
       coalesce(l.load_id > r.load_id, l.load_id IS NOT NULL) AS behind,
       coalesce(r.refreshed_at > now() - make_interval(mins => $1), false) AS refreshed_recently
FROM (SELECT latest_data_load() AS load_id) AS l
LEFT JOIN score_refresh AS r ON true
