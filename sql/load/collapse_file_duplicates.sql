-- Parameters: $1 int this load's id. Reads repeated_line_hash: the line hashes that occur more than once
-- in the file (create_repeated_line_hashes.sql).
-- Exact duplicate lines within the file collapse into their first occurrence, which records how many copies
-- there were. Only lines whose hash repeats are compared, column by column (GROUP BY treats NULLs as
-- equal), so a hash collision can never merge two different lines. Rows are addressed by ctid so the
-- update and delete touch just those rows instead of joining against the whole table. The lines with a
-- repeated hash are found by reading this load's lines once against a hash table of the repeats: the
-- line-hash index leads with the date (migration 0016).
WITH duplicate AS (
  SELECT array_agg(ctid ORDER BY source_line) AS row_ids, count(*)::int AS copies
  FROM invoice_line
  WHERE load_id = $1 AND line_hash IN (SELECT line_hash FROM repeated_line_hash)
  GROUP BY invoice, stock_code, description, quantity, invoice_date, price, customer_id, country
  HAVING count(*) > 1
), kept AS (
  UPDATE invoice_line AS l
  SET copies = d.copies
  FROM duplicate AS d
  WHERE l.ctid = ANY (ARRAY(SELECT row_ids[1] FROM duplicate)) AND l.ctid = d.row_ids[1]
  RETURNING 1
), dropped AS (
  DELETE FROM invoice_line
  WHERE ctid = ANY (ARRAY(SELECT unnest(row_ids[2:]) FROM duplicate))
  RETURNING 1
)
SELECT (SELECT count(*) FROM dropped)::int AS duplicate_copies, (SELECT count(*) FROM kept)::int AS duplicated_lines
