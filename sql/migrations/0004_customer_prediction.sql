-- Per-customer predictions written by `lgs predict`: the chance of ordering in the 90 days after the
-- as-of, and the expected spend in the 12 months after it. One set per as-of; a new run replaces it.
CREATE TABLE customer_prediction (
  as_of                 timestamp NOT NULL,
  customer_id           integer   NOT NULL,
  order_probability_90d double precision NOT NULL CHECK (order_probability_90d BETWEEN 0 AND 1),
  expected_spend_12m    numeric   NOT NULL,
  model                 text      NOT NULL,
  predicted_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (as_of, customer_id)
);
