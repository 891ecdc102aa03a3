-- Script (no parameters): the first statement of a report's read-only REPEATABLE READ transaction, run
-- before its snapshot is taken (LOCK is not a query, so the snapshot starts at the next SELECT). The
-- snapshot alone keeps a report in one state while a load's row changes commit; this lock also covers
-- what a snapshot cannot: TRUNCATE, DROP or ALTER of a table the report has still to read (TRUNCATE is not
-- MVCC-safe, so an older snapshot would see the table empty). Such a statement waits for the report, and
-- the report for it. Row changes, other reads and other reports are not blocked.
LOCK TABLE invoice_line, invoice, customer, product, product_week, line_coverage, warehouse_quality, customer_prediction
  IN ACCESS SHARE MODE
