-- Parameters: none. Whether the stored scores (RFM scorings, lapse predictions, recommendations, the
-- briefs' reads) have seen the newest load that added lines: when they were last refreshed, after which
-- load, that newest load, and whether they are behind it (the rule of ingest/scores_behind.sql). One row
-- (nulls when there is no load or no refresh yet).
SELECT to_char(r.refreshed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS refreshed_at,
       r.load_id AS refreshed_after_load,
       l.load_id AS newest_data_load,
       coalesce(l.load_id > r.load_id, l.load_id IS NOT NULL) AS behind
FROM (SELECT latest_data_load() AS load_id) AS l
LEFT JOIN score_refresh AS r ON true
