-- Summaries the metric queries read instead of every invoice (issue 10, item 9: metric queries at 10×
-- within 150 ms). Whole months and weeks come from these tables; only the as-of's own, partial month (or
-- the orders after the as-of) is read from `invoice`, through its index on invoiced_at. Each load keeps
-- them up to date (sql/derived/06_period_summaries.sql, 07_customer_order_total.sql); this migration fills
-- them from the invoices already held.

-- Per calendar month: the non-adjustment invoices (the monthly series and the data window).
CREATE TABLE invoice_month (
  month             date      PRIMARY KEY,
  placed_orders     integer   NOT NULL,
  cancelled_orders  integer   NOT NULL,
  sales             numeric   NOT NULL,
  first_invoice_at  timestamp NOT NULL,
  last_invoice_at   timestamp NOT NULL
);

-- Order invoices with a positive amount, counted per month and amount (the amount distribution). The
-- amount is stored with trailing zeros trimmed so equal amounts written 10.5 and 10.50 are one row;
-- amount_sum keeps their exact sum, as written, for the mean.
CREATE TABLE order_amount_month (
  month       date    NOT NULL,
  amount      numeric NOT NULL,
  invoices    integer NOT NULL,
  amount_sum  numeric NOT NULL,
  PRIMARY KEY (month, amount)
);

-- Per customer and month with an order invoice: the month's last order, and the customer's last order
-- before the month (RFM recency at an as-of inside or before the month).
CREATE TABLE customer_month (
  customer_id        integer   NOT NULL,
  month              date      NOT NULL,
  last_order_at      timestamp NOT NULL,
  previous_order_at  timestamp,
  PRIMARY KEY (customer_id, month)
);
CREATE INDEX customer_month_month ON customer_month (month);

-- Per cohort (month of a customer's first order ever) and month: the cohort's customers with an order
-- invoice in the month (cohort retention; the diagonal is the cohort's size, the new customers of the month).
CREATE TABLE cohort_month (
  cohort     date    NOT NULL,
  month      date    NOT NULL,
  customers  integer NOT NULL,
  PRIMARY KEY (month, cohort)
);

-- Per customer, all their order invoices: RFM at the default as-of reads these and nothing else; at an
-- earlier as-of the orders from its month on are taken off.
CREATE TABLE customer_order_total (
  customer_id    integer   PRIMARY KEY,
  orders         integer   NOT NULL,
  monetary       numeric   NOT NULL,
  last_order_at  timestamp NOT NULL
);

-- Per ISO week (Monday) and country: order invoices and net sales of orders and cancellations (geography).
CREATE TABLE country_week (
  week_start  date    NOT NULL,
  country     text    NOT NULL,
  orders      integer NOT NULL,
  sales       numeric NOT NULL,
  PRIMARY KEY (week_start, country)
);

-- Per country, customer and week with an order invoice there, and the pair's next such week ('infinity'
-- when none). A pair bought in [from, to) when one of its weeks there has its next week at or after `to`,
-- and exactly one does: counting those counts the distinct customers of a country in a period without
-- reading the period's every week.
CREATE TABLE country_customer_week (
  country          text    NOT NULL,
  customer_id      integer NOT NULL,
  week_start       date    NOT NULL,
  next_week_start  date    NOT NULL,
  PRIMARY KEY (country, customer_id, week_start)
);
CREATE INDEX country_customer_week_next ON country_customer_week (next_week_start, week_start) INCLUDE (country);
-- A load recomputes the weeks from its earliest one on.
CREATE INDEX country_customer_week_week ON country_customer_week (week_start);

-- The quality section's adjustment count and amount read the few adjustment invoices, not all of them.
CREATE INDEX invoice_adjustment ON invoice (invoice) INCLUDE (amount) WHERE kind = 'adjustment';

-- Recomputes every period summary from the period holding `since` on, from `invoice` and `customer`.
-- A load calls it with the earliest time of the invoices it touched: an invoice's time only moves earlier
-- (the least of its lines'), so every month and week whose figures the load can change lies at or after
-- that time's month and week, and earlier periods stay as they are (a cohort changes only when a
-- customer's first order moves, and both the old and the new first order are then at or after `since`).
-- PL/pgSQL so each statement is planned with the actual `since`: an append reads the last weeks through
-- the invoiced_at index, a first load scans everything.
CREATE FUNCTION refresh_period_summaries(since timestamp) RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
  since_month date := date_trunc('month', since)::date;
  since_week date := date_trunc('week', since)::date;
BEGIN
  IF since IS NULL THEN
    RETURN;
  END IF;
  -- The invoices from the earlier of the two period starts, read once: a time range of `invoice` is
  -- spread over much of its pages, and six statements below read it.
  DROP TABLE IF EXISTS pg_temp.period_invoice;
  CREATE TEMP TABLE period_invoice ON COMMIT DROP AS
  SELECT kind, customer_id, country, invoiced_at, amount
  FROM invoice
  WHERE kind <> 'adjustment' AND invoiced_at >= least(since_month, since_week);

  DELETE FROM invoice_month WHERE month >= since_month;
  INSERT INTO invoice_month (month, placed_orders, cancelled_orders, sales, first_invoice_at, last_invoice_at)
  SELECT date_trunc('month', invoiced_at)::date,
         count(*) FILTER (WHERE kind = 'order'),
         count(*) FILTER (WHERE kind = 'cancellation'),
         sum(amount),
         min(invoiced_at),
         max(invoiced_at)
  FROM period_invoice
  WHERE invoiced_at >= since_month
  GROUP BY 1;

  DELETE FROM order_amount_month WHERE month >= since_month;
  INSERT INTO order_amount_month (month, amount, invoices, amount_sum)
  SELECT date_trunc('month', invoiced_at)::date, trim_scale(amount), count(*), sum(amount)
  FROM period_invoice
  WHERE kind = 'order' AND amount > 0 AND invoiced_at >= since_month
  GROUP BY 1, 2;

  DELETE FROM customer_month WHERE month >= since_month;
  -- Each customer's last order before `since` is read once, before anything is written: as a subquery per
  -- row it scanned customer_month once per customer whenever the planner took the table for empty (a
  -- first load, whose statistics are the migration's), and the rows this INSERT adds made every scan
  -- longer: 53 s at the 10× bench's 58,530 customers.
  WITH months AS (
    SELECT customer_id, date_trunc('month', invoiced_at)::date AS month, max(invoiced_at) AS last_order_at
    FROM period_invoice
    WHERE kind = 'order' AND customer_id IS NOT NULL AND invoiced_at >= since_month
    GROUP BY 1, 2
  ), earlier AS MATERIALIZED (
    SELECT p.customer_id, max(p.last_order_at) AS last_order_at
    FROM customer_month AS p
    WHERE p.month < since_month AND p.customer_id IN (SELECT customer_id FROM months)
    GROUP BY p.customer_id
  )
  INSERT INTO customer_month (customer_id, month, last_order_at, previous_order_at)
  SELECT m.customer_id,
         m.month,
         m.last_order_at,
         coalesce(lag(m.last_order_at) OVER (PARTITION BY m.customer_id ORDER BY m.month), e.last_order_at)
  FROM months AS m
  LEFT JOIN earlier AS e USING (customer_id);

  DELETE FROM cohort_month WHERE month >= since_month;
  INSERT INTO cohort_month (cohort, month, customers)
  SELECT date_trunc('month', c.first_order_at)::date, m.month, count(*)
  FROM customer_month AS m
  JOIN customer AS c USING (customer_id)
  WHERE m.month >= since_month
  GROUP BY 1, 2;

  DELETE FROM country_week WHERE week_start >= since_week;
  INSERT INTO country_week (week_start, country, orders, sales)
  SELECT date_trunc('week', invoiced_at)::date, country, count(*) FILTER (WHERE kind = 'order'), sum(amount)
  FROM period_invoice
  WHERE invoiced_at >= since_week
  GROUP BY 1, 2;

  DELETE FROM country_customer_week WHERE week_start >= since_week;
  INSERT INTO country_customer_week (country, customer_id, week_start, next_week_start)
  SELECT country, customer_id, week_start,
         coalesce(lead(week_start) OVER (PARTITION BY country, customer_id ORDER BY week_start), 'infinity')
  FROM (
    SELECT DISTINCT country, customer_id, date_trunc('week', invoiced_at)::date AS week_start
    FROM period_invoice
    WHERE kind = 'order' AND customer_id IS NOT NULL AND invoiced_at >= since_week
  ) AS w;
  -- A pair's last week before `since` points at its first week from `since` on, or nowhere.
  UPDATE country_customer_week AS c
  SET next_week_start = f.first_week
  FROM (
    SELECT country, customer_id, min(week_start) AS first_week
    FROM country_customer_week
    WHERE week_start >= since_week
    GROUP BY 1, 2
  ) AS f
  WHERE c.country = f.country AND c.customer_id = f.customer_id
    AND c.week_start < since_week AND c.next_week_start >= since_week AND c.next_week_start <> f.first_week;
  UPDATE country_customer_week AS c
  SET next_week_start = 'infinity'
  WHERE c.next_week_start >= since_week AND c.next_week_start < 'infinity' AND c.week_start < since_week
    AND NOT EXISTS (
      SELECT 1 FROM country_customer_week AS n
      WHERE n.country = c.country AND n.customer_id = c.customer_id AND n.week_start >= since_week
    );
END
$$;

SELECT refresh_period_summaries(min(invoiced_at)) FROM invoice;

INSERT INTO customer_order_total (customer_id, orders, monetary, last_order_at)
SELECT customer_id, count(*), sum(amount), max(invoiced_at)
FROM invoice
WHERE kind = 'order' AND customer_id IS NOT NULL
GROUP BY customer_id;

ANALYZE invoice_month, order_amount_month, customer_month, cohort_month, customer_order_total, country_week, country_customer_week;

-- rfm_inputs(as_of): each customer's recency, frequency and monetary value at the as-of, as 0002's
-- rfm_scores defined them (order invoices before the as-of; customers whose orders sum to more than 0),
-- from the summaries: each customer's totals less their orders at or after the as-of (read from `invoice`
-- from the as-of's month on), the last order before the as-of from that month's orders or, failing them,
-- from customer_month (the last order before the customer's first month from then on). At the default
-- as-of nothing is taken off. PL/pgSQL so the invoice read is planned with the actual month. `monetary`
-- equals the old sum but may carry more trailing zeros (a difference of sums keeps the larger scale);
-- every query rounds it.
CREATE FUNCTION rfm_inputs(as_of timestamp)
RETURNS TABLE (
  customer_id   integer,
  recency_days  integer,
  frequency     integer,
  monetary      numeric
)
LANGUAGE plpgsql STABLE
ROWS 50000
AS $$
#variable_conflict use_column
DECLARE
  as_of_month date := date_trunc('month', as_of)::date;
BEGIN
  RETURN QUERY
  WITH recent AS (
    SELECT i.customer_id,
           count(*) FILTER (WHERE i.invoiced_at >= as_of) AS later_orders,
           coalesce(sum(i.amount) FILTER (WHERE i.invoiced_at >= as_of), 0) AS later_amount,
           max(i.invoiced_at) FILTER (WHERE i.invoiced_at < as_of) AS last_in_month,
           date_trunc('month', min(i.invoiced_at))::date AS first_month
    FROM invoice AS i
    WHERE i.kind = 'order' AND i.customer_id IS NOT NULL AND i.invoiced_at >= as_of_month
    GROUP BY i.customer_id
  ), per_customer AS (
    SELECT t.customer_id,
           CASE WHEN x.customer_id IS NULL THEN t.orders ELSE (t.orders - x.later_orders)::int END AS frequency,
           CASE WHEN x.customer_id IS NULL THEN t.monetary ELSE t.monetary - x.later_amount END AS monetary,
           -- no order in the month before the as-of: the last one before their first month from it on
           CASE WHEN x.customer_id IS NULL THEN t.last_order_at ELSE coalesce(x.last_in_month, cm.previous_order_at) END AS last_order_at
    FROM customer_order_total AS t
    LEFT JOIN recent AS x ON x.customer_id = t.customer_id
    LEFT JOIN customer_month AS cm ON cm.customer_id = x.customer_id AND cm.month = x.first_month AND cm.month >= as_of_month
  )
  SELECT p.customer_id, (as_of::date - p.last_order_at::date), p.frequency, p.monetary
  FROM per_customer AS p
  WHERE p.frequency > 0 AND p.monetary > 0;
END
$$;

-- rfm_scores(as_of): the 1..5 scores over rfm_inputs, as 0002 defined them: NTILE(5) over recency (most
-- recent 5), frequency and monetary, ties by customer id.
-- `score_monetary => false` leaves m NULL and skips its sort, for the queries that group by (r, f) only:
-- a sort of every scored customer is most of the function's time. Its own work_mem keeps the sorts in
-- memory; no JIT (the estimated cost is large, the run short).
DROP FUNCTION rfm_scores(timestamp);
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
SET work_mem = '64MB'
SET jit = off
-- The planner's guess of the rows (a PL/pgSQL function cannot tell it): the brief queries join the scores
-- with a million invoice lines, and at 50,000 it took a merge join over every line sorted by customer
-- (products over the whole history 0.86 -> 1.13 s, pairs over 365 days 0.65 -> 1.2 s on the real file);
-- at 2,000 it builds a hash of the customers, which stays right at the 10× bench's 58,500.
ROWS 2000
AS $$
BEGIN
  IF score_monetary THEN
    RETURN QUERY
    SELECT s.customer_id, s.recency_days, s.frequency, s.monetary,
           ntile(5) OVER (ORDER BY s.recency_days DESC, s.customer_id)::int,
           ntile(5) OVER (ORDER BY s.frequency, s.customer_id)::int,
           ntile(5) OVER (ORDER BY s.monetary, s.customer_id)::int
    FROM rfm_inputs(as_of) AS s;
  ELSE
    RETURN QUERY
    SELECT s.customer_id, s.recency_days, s.frequency, s.monetary,
           ntile(5) OVER (ORDER BY s.recency_days DESC, s.customer_id)::int,
           ntile(5) OVER (ORDER BY s.frequency, s.customer_id)::int,
           NULL::int
    FROM rfm_inputs(as_of) AS s;
  END IF;
END
$$;

-- movement_cells(...): customers and their summed monetary value per (cell at D0, cell at D1), from the two
-- scorings' per-customer lists (sql/metrics/segments_and_cells.sql and segment_cells.sql run them at once on
-- two connections; movement_cells.sql names the cells). A function for its settings: the planner has no
-- statistics on the arrays, guesses a join of millions of rows, and would compile it (JIT, 100 ms), spill
-- it to disk at the default work_mem and start parallel workers for 60,000 rows.
CREATE FUNCTION movement_cells(now_customers integer[], now_cells integer[], now_monetary numeric[],
                               before_customers integer[], before_cells integer[])
RETURNS TABLE (before_cell integer, now_cell integer, customers integer, monetary numeric)
LANGUAGE sql STABLE
SET work_mem = '64MB'
SET jit = off
SET max_parallel_workers_per_gather = 0
AS $$
  SELECT b.cell, n.cell, count(*)::int, sum(n.monetary)
  FROM unnest(now_customers, now_cells, now_monetary) AS n (customer_id, cell, monetary)
  LEFT JOIN unnest(before_customers, before_cells) AS b (customer_id, cell) ON b.customer_id = n.customer_id
  GROUP BY 1, 2
$$;
