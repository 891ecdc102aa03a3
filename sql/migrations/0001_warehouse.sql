-- Warehouse schema: the invoice lines as loaded, the load log with its rejected lines, and the derived
-- tables that metric queries read instead of scanning a million lines.

-- One row per distinct invoice line. `copies` is how many identical lines the source file held: exact
-- duplicates count once in every metric but stay countable (sum(copies - 1)). `line_hash` is the
-- loader's hash of the line's text: equal lines have equal hashes, so finding duplicates compares lines
-- only where hashes match.
CREATE TABLE invoice_line (
  invoice       text      NOT NULL CHECK (invoice <> ''),
  stock_code    text      NOT NULL CHECK (stock_code <> ''),
  description   text,
  quantity      integer   NOT NULL,
  invoice_date  timestamp NOT NULL,
  price         numeric   NOT NULL,
  customer_id   integer,
  country       text      NOT NULL,
  copies        integer   NOT NULL DEFAULT 1 CHECK (copies >= 1),
  load_id       integer   NOT NULL,
  source_line   integer   NOT NULL,
  line_hash     integer   NOT NULL
);

-- One row per `lgs load`: what was read, what was kept, what was refused.
CREATE TABLE load_run (
  load_id                  serial PRIMARY KEY,
  source_file              text        NOT NULL,
  layout                   text        NOT NULL,
  loaded_at                timestamptz NOT NULL DEFAULT now(),
  lines_read               integer     NOT NULL,
  lines_loaded             integer     NOT NULL,
  lines_rejected           integer     NOT NULL,
  duplicate_copies_in_file integer     NOT NULL,
  new_lines                integer     NOT NULL,
  lines_with_more_copies   integer     NOT NULL,
  CHECK (lines_loaded + lines_rejected = lines_read)
);

-- Rejected CSV records, kept verbatim with where they were and why.
CREATE TABLE load_reject (
  load_id     integer NOT NULL REFERENCES load_run (load_id) ON DELETE CASCADE,
  line_number integer NOT NULL,
  reason      text    NOT NULL,
  raw_record  text    NOT NULL,
  PRIMARY KEY (load_id, line_number)
);

-- Derived: one row per invoice (orders, cancellations, adjustments).
CREATE TABLE invoice (
  invoice      text      PRIMARY KEY,
  kind         text      NOT NULL CHECK (kind IN ('order', 'cancellation', 'adjustment')),
  customer_id  integer,
  country      text      NOT NULL,
  invoiced_at  timestamp NOT NULL,
  amount       numeric   NOT NULL,
  line_count   integer   NOT NULL,
  quantity     bigint    NOT NULL
);
CREATE INDEX invoice_invoiced_at ON invoice (invoiced_at);
CREATE INDEX invoice_customer ON invoice (customer_id, invoiced_at) WHERE customer_id IS NOT NULL;

-- Derived: one row per known customer, with the first order ever (for new-versus-existing).
CREATE TABLE customer (
  customer_id     integer   PRIMARY KEY,
  first_order_at  timestamp,
  country         text      NOT NULL
);

-- Derived: one row per stock code, with its most frequent description.
CREATE TABLE product (
  stock_code      text    PRIMARY KEY,
  description     text,
  is_merchandise  boolean NOT NULL
);

-- Derived: net quantity and sales per product and ISO week (Monday start); orders and cancellations only.
CREATE TABLE product_week (
  week_start          date    NOT NULL,
  stock_code          text    NOT NULL,
  quantity            bigint  NOT NULL,
  sales               numeric NOT NULL,
  order_lines         integer NOT NULL,
  cancellation_lines  integer NOT NULL,
  cancelled_quantity  bigint  NOT NULL
);
-- Not a primary key: the rebuild's GROUP BY makes rows unique, and a text key index cost 0.8 s per load.
CREATE INDEX product_week_week_start ON product_week (week_start);

-- Derived: order and cancellation lines with and without a customer per day and country (missing data).
CREATE TABLE line_coverage (
  day                     date    NOT NULL,
  country                 text    NOT NULL,
  lines                   integer NOT NULL,
  lines_without_customer  integer NOT NULL,
  sales                   numeric NOT NULL,
  sales_without_customer  numeric NOT NULL,
  PRIMARY KEY (day, country)
);

-- Derived: one row describing the whole warehouse (the data-quality section).
CREATE TABLE warehouse_quality (
  singleton               boolean   PRIMARY KEY DEFAULT true CHECK (singleton),
  distinct_lines          integer   NOT NULL,
  duplicate_copies        integer   NOT NULL,
  order_lines             integer   NOT NULL,
  cancellation_lines      integer   NOT NULL,
  adjustment_lines        integer   NOT NULL,
  lines_without_customer  integer   NOT NULL,
  zero_price_lines        integer   NOT NULL,
  negative_price_lines    integer   NOT NULL,
  first_invoice_at        timestamp,
  last_invoice_at         timestamp
);
