-- Parameters: none. The newest load that added lines, and whether the stored scores have not seen it
-- (no refresh recorded after it: the process that loaded it stopped before its refresh finished).
SELECT l.load_id, coalesce(l.load_id > (SELECT r.load_id FROM score_refresh AS r), l.load_id IS NOT NULL) AS behind
FROM (SELECT latest_data_load() AS load_id) AS l
