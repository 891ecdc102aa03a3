-- Parameters: $1 int[] line hashes that occur more than once in the source (all, or one group of buckets).
-- As collapse_file_duplicates.sql, on the staged lines of a load into a warehouse that already holds lines.
WITH duplicate AS (
  SELECT array_agg(ctid ORDER BY source_line) AS row_ids, count(*)::int AS copies
  FROM incoming_line
  WHERE line_hash = ANY ($1::int[])
  GROUP BY invoice, stock_code, description, quantity, invoice_date, price, customer_id, country
  HAVING count(*) > 1
), kept AS (
  UPDATE incoming_line AS l
  SET copies = d.copies
  FROM duplicate AS d
  WHERE l.ctid = ANY (ARRAY(SELECT row_ids[1] FROM duplicate)) AND l.ctid = d.row_ids[1]
  RETURNING 1
), dropped AS (
  DELETE FROM incoming_line
  WHERE ctid = ANY (ARRAY(SELECT unnest(row_ids[2:]) FROM duplicate))
  RETURNING 1
)
SELECT (SELECT count(*) FROM dropped)::int AS duplicate_copies, (SELECT count(*) FROM kept)::int AS duplicated_lines
