-- Parameters: none. Drops from the staged rejects the records an earlier load rejected already, as many
-- copies of each as were rejected before (the first in line order); how many. A re-export holds the bad
-- lines of the exports before it, and a table source reads again from its watermark, so a rejected row
-- dated at or after it (or with no date) comes back on every run. As with lines, the same record in a
-- later source is the same record, and the rejects stand at the most copies any one source held: copies
-- beyond those rejected before are new.
WITH rejected_before AS (
  SELECT raw_record, count(*) AS copies
  FROM load_reject
  WHERE raw_record IN (SELECT raw_record FROM incoming_reject)
  GROUP BY raw_record
), known AS (
  SELECT i.ctid AS row_id, row_number() OVER (PARTITION BY i.raw_record ORDER BY i.line_number) AS nth, b.copies
  FROM incoming_reject AS i
  JOIN rejected_before AS b USING (raw_record)
), forgotten AS (
  DELETE FROM incoming_reject AS r USING known AS k WHERE r.ctid = k.row_id AND k.nth <= k.copies
  RETURNING 1
)
SELECT count(*)::int AS rejected_before FROM forgotten
