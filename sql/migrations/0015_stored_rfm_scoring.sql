-- Stored RFM scorings. Scoring sorts every customer three times (the NTILEs), which at 10× the real data
-- (58,500 customers) was most of `lgs metrics`, of the weekly report's data and of the briefs' segment
-- table, and all of them score the same few instants: the data's default as-of, the end of its last
-- complete week, and the start of each one's movement matrix. After each load that adds lines, the
-- loader's scoring step (src/ingest/refresh-scores.ts, beside the predictions and recommendations) stores
-- the scores at those instants, with what the metrics read of them summed per cell and per movement.
-- rfm_scores() and the metric queries read a stored scoring while it is current and score live otherwise,
-- so results never depend on whether a scoring was stored.
--
-- Current means: stored when the latest load (max load_id of load_run) was the latest it is now. Every
-- change to the lines a scoring reads is a load, and every load records its load_run row in its own
-- transaction, so a new row means the stored scores may be stale; a load rolled back leaves no row. A
-- reader's snapshot sees a scoring and load_run in one state, so it never takes scores of another.

CREATE TABLE rfm_scoring (
  as_of         timestamp   PRIMARY KEY,
  load_id       integer     NOT NULL,
  -- the instant rfm_scoring_move compares with (a current scoring stored there first), or NULL
  movement_from timestamp,
  stored_at     timestamptz NOT NULL DEFAULT now()
);

-- No foreign keys to rfm_scoring in the tables below: the check per row doubled the time of storing
-- 58,500 customers. store_rfm_scoring() deletes their rows with their scoring's.
CREATE TABLE rfm_scoring_customer (
  as_of        timestamp NOT NULL,
  customer_id  integer   NOT NULL,
  recency_days integer   NOT NULL,
  frequency    integer   NOT NULL,
  monetary     numeric   NOT NULL,
  r            integer   NOT NULL,
  f            integer   NOT NULL,
  m            integer   NOT NULL,
  PRIMARY KEY (as_of, customer_id)
);

-- Per (r, f) cell, (r - 1) * 5 + f: the sums the segment table is made of (a segment is a set of cells;
-- an average is a sum over a count, as avg() computes it, so the table comes out exactly the same).
CREATE TABLE rfm_scoring_cell (
  as_of          timestamp NOT NULL,
  cell           integer   NOT NULL,
  customers      integer   NOT NULL,
  monetary       numeric   NOT NULL,
  recency_days   bigint    NOT NULL,
  frequency      bigint    NOT NULL,
  PRIMARY KEY (as_of, cell)
);

-- Customers scored at as_of per (cell at the scoring's movement_from, NULL when not scored then; cell at
-- as_of), with their monetary value at as_of summed.
CREATE TABLE rfm_scoring_move (
  as_of       timestamp NOT NULL,
  before_cell integer,
  cell        integer   NOT NULL,
  customers   integer   NOT NULL,
  monetary    numeric   NOT NULL
);
CREATE INDEX rfm_scoring_move_as_of ON rfm_scoring_move (as_of);

-- 0012's scoring, unchanged (settings and body), under the name the store and the readers call.
ALTER FUNCTION rfm_scores(timestamp, boolean) RENAME TO rfm_scores_live;

-- rfm_scoring_current(as_of): a scoring at the as-of is stored and no load has followed it.
CREATE FUNCTION rfm_scoring_current(as_of timestamp)
RETURNS boolean
LANGUAGE sql STABLE
AS $$
  SELECT EXISTS (SELECT 1 FROM rfm_scoring AS s WHERE s.as_of = $1 AND s.load_id = (SELECT max(l.load_id) FROM load_run AS l))
$$;

-- rfm_movement_current(as_of, movement_from): the scoring at the as-of is current and its movement was
-- stored against a scoring at movement_from.
CREATE FUNCTION rfm_movement_current(as_of timestamp, movement_from timestamp)
RETURNS boolean
LANGUAGE sql STABLE
AS $$
  SELECT rfm_scoring_current($1) AND EXISTS (SELECT 1 FROM rfm_scoring AS s WHERE s.as_of = $1 AND s.movement_from = $2)
$$;

-- rfm_scores(as_of, score_monetary): the stored scoring when current, else rfm_scores_live. Still
-- PL/pgSQL with 0012's row estimate, so the brief queries that join it with invoice lines keep their plans.
CREATE FUNCTION rfm_scores(as_of timestamp, score_monetary boolean DEFAULT true)
RETURNS TABLE (
  customer_id   integer,
  recency_days  integer,
  frequency     integer,
  monetary      numeric,
  r             integer,
  f             integer,
  m             integer
)
LANGUAGE plpgsql STABLE
ROWS 2000
AS $$
#variable_conflict use_column
BEGIN
  IF rfm_scoring_current(rfm_scores.as_of) THEN
    RETURN QUERY
    SELECT c.customer_id, c.recency_days, c.frequency, c.monetary, c.r, c.f,
           CASE WHEN rfm_scores.score_monetary THEN c.m END
    FROM rfm_scoring_customer AS c
    WHERE c.as_of = rfm_scores.as_of;
  ELSE
    RETURN QUERY SELECT * FROM rfm_scores_live(rfm_scores.as_of, rfm_scores.score_monetary);
  END IF;
END
$$;

-- store_rfm_scoring(as_of, movement_from): scores every customer at the as-of and stores them, their cell
-- sums and, when a current scoring at movement_from is stored, their movement since it; replaces the
-- scoring stored at that instant and every scoring of an earlier warehouse. Returns the customers stored
-- (0 and nothing stored on a warehouse that has seen no load). The lock makes two storers take turns;
-- readers are not blocked. The latest load is read before the lines are scored: a load committing in
-- between leaves a scoring labelled with the load before it, which is then never read.
CREATE FUNCTION store_rfm_scoring(as_of timestamp, movement_from timestamp)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
  latest integer;
  stored integer;
  compared timestamp;
BEGIN
  LOCK TABLE rfm_scoring IN SHARE ROW EXCLUSIVE MODE;
  SELECT max(l.load_id) INTO latest FROM load_run AS l;
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

-- The movement matrix is read from rfm_scoring_move or scored live by one query now
-- (sql/metrics/segment_movement.sql): the arrays this function joined cost more than the scores when stored.
DROP FUNCTION movement_cells(integer[], integer[], numeric[], integer[], integer[]);
