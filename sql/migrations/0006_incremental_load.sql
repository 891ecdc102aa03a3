-- Incremental loads: each load refreshes the derived tables for the keys its new lines touch instead of
-- rebuilding them from every line (sql/derived), recognises a file it has already loaded byte for byte,
-- and remembers how far it has read a source table.

-- The sha256 of the loaded file's bytes (NULL for table loads): the same file again is skipped at once.
ALTER TABLE load_run ADD COLUMN file_sha256 text;
CREATE INDEX load_run_file_sha256 ON load_run (file_sha256) WHERE file_sha256 IS NOT NULL;
-- What a load read: a file, or a table (then source_file holds the table's name).
ALTER TABLE load_run ADD COLUMN source_kind text NOT NULL DEFAULT 'file' CHECK (source_kind IN ('file', 'table'));

-- A new file's lines are looked up among the held ones by their hash (a re-export holds mostly known
-- lines; an append a few new ones): an index keeps that lookup in proportion to the file, not the history.
CREATE INDEX invoice_line_line_hash ON invoice_line (line_hash);

-- Derived: distinct lines per stock code and description, so a load can pick a product's most frequent
-- description again from counts instead of from every line of the product.
CREATE TABLE product_description (
  stock_code  text    NOT NULL,
  description text,
  lines       integer NOT NULL,
  CONSTRAINT product_description_key UNIQUE NULLS NOT DISTINCT (stock_code, description)
);
INSERT INTO product_description (stock_code, description, lines)
SELECT stock_code, description, count(*) FROM invoice_line GROUP BY stock_code, description;


-- How far `lgs load --from-table` has read each source table: later runs read from the latest invoice
-- date seen (inclusive; lines already held are recognised by their hash), so their cost follows the new rows.
CREATE TABLE load_source_watermark (
  source             text        PRIMARY KEY,
  last_invoice_date  timestamp   NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
