-- Parameters: $1 int minutes. The newest load that added lines; whether the stored scores have not seen it
-- (no refresh recorded after it: the process that loaded it stopped before its refresh finished, or the
-- ingest's cron left it for later); and whether the last refresh finished less than $1 minutes ago (by the
-- database's clock, which every worker shares).
SELECT l.load_id,
       coalesce(l.load_id > r.load_id, l.load_id IS NOT NULL) AS behind,
       coalesce(r.refreshed_at > now() - make_interval(mins => $1), false) AS refreshed_recently
FROM (SELECT latest_data_load() AS load_id) AS l
LEFT JOIN score_refresh AS r ON true
