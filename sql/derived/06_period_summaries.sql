-- Script (no parameters): brings the period summaries of migration 0012 (invoice_month, order_amount_month,
-- customer_month, cohort_month, country_week, country_customer_week) up to date after a load. They are
-- recomputed from the month and week of the earliest invoice this load touched (`touched_invoice`, from
-- 01_invoice.sql, at its time after the load) on; nothing earlier can have changed (see the function's
-- comment in sql/migrations/0012_metric_summaries.sql). An append of recent lines reads its own weeks.
SELECT refresh_period_summaries(min(i.invoiced_at))
FROM invoice AS i
JOIN touched_invoice AS t USING (invoice);
