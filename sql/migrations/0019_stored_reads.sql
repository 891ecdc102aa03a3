-- Stored results are current while no load has added lines since they were computed. 0015 and 0008 judged
-- that by the newest load of any kind, so a load that added nothing (a table source polled with no new rows,
-- on every cron tick; a re-export of lines already held) made the stored RFM scorings stale, and reports
-- went back to scoring live and called the predictions and recommendations older than the data. Loads
-- that add no line change nothing these results read (a raised copy count reaches only the quality counts).
-- A table source polled with nothing new adds a row on every run: the latest load with lines is found in
-- this index, not by reading every row (0.04 ms against 50 ms after 500,000 empty runs).
CREATE INDEX load_run_data_load ON load_run (load_id) WHERE new_lines > 0;

CREATE FUNCTION latest_data_load()
RETURNS integer
LANGUAGE sql STABLE
AS $$
  SELECT max(l.load_id) FROM load_run AS l WHERE l.new_lines > 0
$$;

CREATE OR REPLACE FUNCTION rfm_scoring_current(as_of timestamp)
RETURNS boolean
LANGUAGE sql STABLE
AS $$
  SELECT EXISTS (SELECT 1 FROM rfm_scoring AS s WHERE s.as_of = $1 AND s.load_id = latest_data_load())
$$;

-- 0017's body, with the latest load that added lines.
CREATE OR REPLACE FUNCTION store_rfm_scoring(as_of timestamp, movement_from timestamp)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
  latest integer;
  stored integer;
  compared timestamp;
BEGIN
  LOCK TABLE rfm_scoring IN SHARE ROW EXCLUSIVE MODE;
  latest := latest_data_load();
  IF latest IS NULL THEN
    RETURN 0;
  END IF;
  DELETE FROM rfm_scoring AS s WHERE s.as_of = store_rfm_scoring.as_of OR s.load_id <> latest;
  DELETE FROM rfm_scoring_customer AS c WHERE NOT EXISTS (SELECT 1 FROM rfm_scoring AS s WHERE s.as_of = c.as_of);
  DELETE FROM rfm_scoring_cell AS c WHERE NOT EXISTS (SELECT 1 FROM rfm_scoring AS s WHERE s.as_of = c.as_of);
  DELETE FROM rfm_scoring_move AS m WHERE NOT EXISTS (SELECT 1 FROM rfm_scoring AS s WHERE s.as_of = m.as_of);
  compared := CASE WHEN EXISTS (SELECT 1 FROM rfm_scoring AS s WHERE s.as_of = store_rfm_scoring.movement_from)
                   THEN store_rfm_scoring.movement_from END;
  INSERT INTO rfm_scoring (as_of, load_id, movement_from) VALUES (store_rfm_scoring.as_of, latest, compared);
  INSERT INTO rfm_scoring_customer (as_of, customer_id, recency_days, frequency, monetary, r, f, m)
  SELECT store_rfm_scoring.as_of, s.customer_id, s.recency_days, s.frequency, s.monetary, s.r, s.f, s.m
  FROM rfm_scores_live(store_rfm_scoring.as_of, true) AS s;
  GET DIAGNOSTICS stored = ROW_COUNT;
  INSERT INTO rfm_scoring_cell (as_of, cell, customers, monetary, recency_days, frequency)
  SELECT c.as_of, (c.r - 1) * 5 + c.f, count(*), sum(c.monetary), sum(c.recency_days), sum(c.frequency)
  FROM rfm_scoring_customer AS c
  WHERE c.as_of = store_rfm_scoring.as_of
  GROUP BY 1, 2;
  IF compared IS NOT NULL THEN
    -- The planner's statistics have not seen this scoring's instant (nor, often, the compared one): it
    -- takes each for one row and joins the two by a nested loop over every pair of customers. At 10× the
    -- real data (58,500 customers a scoring) that took 5 minutes instead of a fraction of a second.
    ANALYZE rfm_scoring_customer;
    INSERT INTO rfm_scoring_move (as_of, before_cell, cell, customers, monetary)
    SELECT n.as_of, (b.r - 1) * 5 + b.f, (n.r - 1) * 5 + n.f, count(*), sum(n.monetary)
    FROM rfm_scoring_customer AS n
    LEFT JOIN rfm_scoring_customer AS b ON b.as_of = compared AND b.customer_id = n.customer_id
    WHERE n.as_of = store_rfm_scoring.as_of
    GROUP BY 1, 2, 3;
  END IF;
  RETURN stored;
END
$$;

-- Results of the reads a scheduled report would otherwise compute while it prints, stored by the scoring step
-- after a load adds lines (src/queries/stored-reads.ts): the brief queries that aggregate every line of a
-- segment's customers (segment_products.sql over the whole history, segment_product_pairs.sql), at the
-- instants reports use by default. Keyed by the query, a digest of its SQL text (a changed query never
-- reads rows its older text stored) and its parameters; current while `load_id` is latest_data_load().
CREATE TABLE stored_read (
  query      text        NOT NULL,
  sql_sha256 text        NOT NULL,
  params     jsonb       NOT NULL,
  load_id    integer     NOT NULL,
  rows       jsonb       NOT NULL,
  stored_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (query, sql_sha256, params)
);
