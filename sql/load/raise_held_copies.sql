-- Parameters: none. A held line that this source holds more copies of keeps the larger count (a file
-- loaded again changes nothing). Rows are addressed by ctid so only those rows are touched.
WITH raised AS (
  UPDATE invoice_line AS held
  SET copies = m.copies
  FROM incoming_match AS m
  WHERE held.ctid = ANY (ARRAY(SELECT held_row FROM incoming_match WHERE copies > held_copies))
    AND held.ctid = m.held_row AND m.copies > m.held_copies
  RETURNING m.copies - m.held_copies AS extra
)
SELECT count(*)::int AS lines_with_more_copies,
       coalesce(sum(extra), 0)::int AS raised_copies,
       (SELECT count(*) FROM incoming_match WHERE held_row IS NOT NULL)::int AS known_lines
FROM raised
