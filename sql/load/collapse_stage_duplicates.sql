-- Parameters: none.
-- Exact duplicate lines of the file collapse into their first occurrence, which records how many copies
-- there were. The loader hashes every line as it streams; only lines whose hash repeats are compared here,
-- column by column, so a hash collision can never merge two different lines.
WITH repeated AS (
  SELECT line_hash FROM load_stage GROUP BY line_hash HAVING count(*) > 1
), duplicate AS (
  SELECT min(source_line) AS kept_line, count(*)::int AS copies, array_agg(source_line) AS lines
  FROM load_stage
  WHERE line_hash IN (SELECT line_hash FROM repeated)
  GROUP BY invoice, stock_code, coalesce(description, ''), quantity, invoice_date, price, coalesce(customer_id, -1), country
  HAVING count(*) > 1
), kept AS (
  UPDATE load_stage AS s
  SET copies = d.copies
  FROM duplicate AS d
  WHERE s.source_line = d.kept_line
  RETURNING 1
), dropped AS (
  DELETE FROM load_stage AS s
  USING (SELECT unnest(lines) AS source_line, kept_line FROM duplicate) AS d
  WHERE s.source_line = d.source_line AND d.source_line <> d.kept_line
  RETURNING 1
)
SELECT (SELECT count(*) FROM dropped)::int AS duplicate_copies, (SELECT count(*) FROM kept)::int AS duplicated_lines
