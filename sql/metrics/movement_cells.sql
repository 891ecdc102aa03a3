-- Parameters: $1 text int[] customers scored at D1, $2 text int[] their cells at D1, $3 text numeric[] their
-- monetary value at D1 (from segments_and_cells.sql); $4 text int[] customers scored at D0, $5 text int[]
-- their cells at D0 (segment_cells.sql); $6 text[25] segment grid.
-- The movement matrix: customers scored at D1 per (segment at D0, or '(new)' when not scored at D0;
-- segment at D1), with the sum of their D1 monetary (values travel as numeric text, exactly; the sums of
-- the cells of a segment pair are added up).
SELECT coalesce(($6::text[])[before_cell], '(new)') AS from_segment,
       ($6::text[])[now_cell] AS to_segment,
       sum(customers)::int AS customers,
       round(sum(monetary), 2)::float8 AS monetary
FROM movement_cells($1::int[], $2::int[], $3::numeric[], $4::int[], $5::int[])
GROUP BY 1, 2
ORDER BY 1, 2
