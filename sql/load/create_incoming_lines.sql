-- Script (no parameters): the staging table of a load into a warehouse that already holds lines. Temporary,
-- so it writes no WAL and vanishes with the transaction.
CREATE TEMP TABLE incoming_line (LIKE invoice_line INCLUDING DEFAULTS) ON COMMIT DROP;
