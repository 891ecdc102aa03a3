-- Product recommendations written by `lgs recommend`: for each customer, up to k merchandise products they
-- had not ordered before the as-of, best first. One set per as-of; a new run replaces it. The run row says
-- when and from which data the set was made, so a report can say when its recommendations are older than
-- the data it prints.
CREATE TABLE recommendation_run (
  as_of            timestamp   PRIMARY KEY,
  method           text        NOT NULL,
  customers        integer     NOT NULL,
  -- The last order invoice before the as-of that the set was learnt from.
  learnt_until     timestamp,
  computed_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE product_recommendation (
  as_of        timestamp NOT NULL REFERENCES recommendation_run (as_of) ON DELETE CASCADE,
  customer_id  integer   NOT NULL,
  rank         smallint  NOT NULL CHECK (rank >= 1),
  stock_code   text      NOT NULL,
  PRIMARY KEY (as_of, customer_id, rank),
  UNIQUE (as_of, customer_id, stock_code)
);
