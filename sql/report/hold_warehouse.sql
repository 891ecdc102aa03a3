-- Script (no parameters): the first statement of a report's read-only REPEATABLE READ transaction, run
-- before its snapshot is taken (LOCK is not a query, so the snapshot starts at the next SELECT). A load
-- rebuilds the derived tables with TRUNCATE, which is not MVCC-safe: a snapshot older than its commit
-- would see a rebuilt table empty. Holding ACCESS SHARE on every table a report reads makes a load wait
-- for the report to finish reading, and a report wait for a load in progress to commit, so a report
-- always reads one whole state. Reads and other reports are not blocked.
LOCK TABLE invoice_line, invoice, customer, product, product_week, line_coverage, warehouse_quality, customer_prediction
  IN ACCESS SHARE MODE
