-- Parameters: none. The newest load that added lines, and whether the stored scores have not seen it
-- (no refresh recorded after it: the process that loaded it stopped before its refresh finished).
SELECT max(l.load_id) AS load_id,
       coalesce(max(l.load_id) > (SELECT r.load_id FROM score_refresh AS r), max(l.load_id) IS NOT NULL) AS behind
FROM load_run AS l
WHERE l.new_lines > 0
