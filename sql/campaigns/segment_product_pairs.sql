-- Parameters: $1 timestamp as-of T; $2 text[25] segment grid; $3 timestamp start of the period;
-- $4 text[] featured products' segments; $5 text[] their stock codes (pairwise: segment $4[i] features
-- product $5[i]: the segment's top products by net sales in the period, from segment_products.sql);
-- $6 int pairs per segment.
-- What each segment buys together: for each featured product, the other merchandise products on the same
-- order invoices of the segment's customers in [$3, T); each unordered pair counted once per invoice,
-- ranked by the number of invoices holding both.
-- Only the lines of the segments that feature a product are read on: a segment featured on another period
-- costs nothing here.
-- Codes, invoices and segments compare under the "C" collation: the joins and DISTINCTs below sort a few
-- hundred thousand rows, and byte order sorts them several times faster than the database's locale.
WITH segment_of AS (
  SELECT customer_id, ($2::text[])[(r - 1) * 5 + f] COLLATE "C" AS segment FROM rfm_scores($1::timestamp, false)
  WHERE ($2::text[])[(r - 1) * 5 + f] = ANY ($4::text[])
), featured AS (
  SELECT segment COLLATE "C" AS segment, stock_code COLLATE "C" AS stock_code
  FROM unnest($4::text[], $5::text[]) AS f(segment, stock_code)
), period_lines AS MATERIALIZED (
  SELECT s.segment, l.invoice COLLATE "C" AS invoice, l.stock_code COLLATE "C" AS stock_code
  FROM invoice_line AS l
  JOIN segment_of AS s USING (customer_id)
  JOIN product AS p USING (stock_code)
  WHERE p.is_merchandise AND left(l.invoice, 1) NOT IN ('A', 'C')
    AND l.invoice_date >= $3::timestamp AND l.invoice_date < $1::timestamp
), featured_on AS (
  SELECT DISTINCT l.segment, l.invoice, l.stock_code
  FROM period_lines AS l
  JOIN featured AS f USING (segment, stock_code)
), pair_invoices AS (
  SELECT DISTINCT a.segment, least(a.stock_code, b.stock_code) AS first_code, greatest(a.stock_code, b.stock_code) AS second_code, a.invoice
  FROM featured_on AS a
  JOIN period_lines AS b USING (segment, invoice)
  WHERE b.stock_code <> a.stock_code
), ranked_pairs AS (
  SELECT segment, first_code, second_code, count(*) AS invoices,
         row_number() OVER (PARTITION BY segment ORDER BY count(*) DESC, first_code, second_code) AS rank
  FROM pair_invoices
  GROUP BY segment, first_code, second_code
)
SELECT r.segment::text AS segment,
       r.first_code::text AS first_code,
       coalesce(p1.description, '') AS first_description,
       r.second_code::text AS second_code,
       coalesce(p2.description, '') AS second_description,
       r.invoices::int AS invoices
FROM ranked_pairs AS r
JOIN product AS p1 ON p1.stock_code = r.first_code
JOIN product AS p2 ON p2.stock_code = r.second_code
WHERE r.rank <= $6
ORDER BY r.segment, r.rank
