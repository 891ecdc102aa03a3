-- Issue 13: when each customer's next order is expected (null: unlikely within 90 days), and one row per
-- `lgs predict` run saying which spend method the scores hold and which load they were computed from, so a
-- report can tell when its scores are older than its data.
ALTER TABLE customer_prediction ADD COLUMN expected_next_order date;

CREATE TABLE prediction_run (
  as_of          timestamp   PRIMARY KEY,
  model          text        NOT NULL,
  -- 'model' when the spend model passed its back-test, else 'naive' (spend in the 365 days before the as-of).
  spend_method   text        NOT NULL CHECK (spend_method IN ('model', 'naive')),
  spend_note     text        NOT NULL,
  -- The newest load the scores saw (null: no load recorded, e.g. a hand-filled warehouse).
  last_load_id   integer,
  predicted_at   timestamptz NOT NULL DEFAULT now()
);
