-- Parameters: none. A per-load staging table for the file's valid lines; dropped at commit.
CREATE TEMP TABLE load_stage (
  source_line   integer   NOT NULL,
  line_hash     integer   NOT NULL,
  invoice       text      NOT NULL,
  stock_code    text      NOT NULL,
  description   text,
  quantity      integer   NOT NULL,
  invoice_date  timestamp NOT NULL,
  price         numeric   NOT NULL,
  customer_id   integer,
  country       text      NOT NULL,
  copies        integer   NOT NULL DEFAULT 1
) ON COMMIT DROP
