import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import type { LocalTimestamp, ReportWeek } from '../metrics/as-of.js';
import { runQuery, runSingleRowQuery } from './run-query.js';

/**
 * One typed function per metric query in sql/metrics and sql/quality. Row schemas mirror the SQL's
 * column list; the SQL casts (int, float8, text) so both database engines return these JavaScript types.
 */
const num = z.number();
const count = z.number().int();
const text = z.string();

const dataWindowRow = z.object({ first_invoice_at: text.nullable(), last_invoice_at: text.nullable(), default_as_of: text.nullable() });
export const dataWindow = (db: Queryable) => runQuery(db, 'metrics/data_window', [], dataWindowRow);

const invoiceAmountsRow = z.object({
  count,
  mean: num.nullable(),
  min: num.nullable(),
  p25: num.nullable(),
  median: num.nullable(),
  p75: num.nullable(),
  p85: num.nullable(),
  max: num.nullable(),
});
export const invoiceAmounts = (db: Queryable, asOf: LocalTimestamp) =>
  runSingleRowQuery(db, 'metrics/invoice_amounts', [asOf], invoiceAmountsRow);

const monthlyRow = z.object({
  month: text,
  placed_orders: count,
  cancelled_orders: count,
  sales: num,
  sales_growth: num.nullable(),
  active_customers: count,
  new_customers: count,
  existing_customers: count,
  partial: z.boolean(),
});
export type MonthlyRow = z.infer<typeof monthlyRow>;
export const monthly = (db: Queryable, asOf: LocalTimestamp) => runQuery(db, 'metrics/monthly', [asOf], monthlyRow);

export const rfmSegmentRow = z.object({
  segment: text,
  customers: count,
  customer_share: num,
  monetary: num,
  monetary_share: num,
  recency_mean: num,
  frequency_mean: num,
  monetary_mean: num,
});
export type RfmSegmentRow = z.infer<typeof rfmSegmentRow>;

const rfmCustomerRow = z.object({
  customer_id: count,
  country: text,
  recency_days: count,
  frequency: count,
  monetary: num,
  r: count,
  f: count,
  m: count,
  segment: text,
  order_probability_90d: num.nullable(),
  expected_spend_12m: num.nullable(),
  /** YYYY-MM-DD; null with a probability: unlikely within 90 days; null without: not scored. */
  expected_next_order: z.string().nullable(),
  spend_method: z.enum(['model', 'naive']).nullable(),
});
export type RfmCustomerRow = z.infer<typeof rfmCustomerRow>;
export const rfmCustomers = (db: Queryable, asOf: LocalTimestamp, grid: readonly string[]) =>
  runQuery(db, 'metrics/rfm_customers', [asOf, grid], rfmCustomerRow);

/** Scores every customer at the as-of and stores the scoring, compared with `movementFrom` (migration 0015). */
export const storeRfmScoring = async (db: Queryable, asOf: LocalTimestamp, movementFrom: LocalTimestamp) =>
  (await runSingleRowQuery(db, 'ingest/store_rfm_scoring', [asOf, movementFrom], z.object({ customers: count }))).customers;

const weeklyKpiRow = z.object({
  week: z.enum(['previous', 'current']),
  week_start: text,
  sales: num,
  orders: count,
  average_order_value: num.nullable(),
  cancellation_rate: num.nullable(),
  active_customers: count,
  new_customers: count,
});
export type WeeklyKpiRow = z.infer<typeof weeklyKpiRow>;
export const weeklyKpis = (db: Queryable, week: ReportWeek) =>
  runQuery(db, 'metrics/weekly_kpis', [week.previousStart, week.start, week.end], weeklyKpiRow);

const productRow = z.object({
  stock_code: text,
  description: text,
  quantity: count,
  sales: num,
  order_lines: count,
  cancellation_lines: count,
  cancelled_quantity: count,
  quantity_rank: count,
  sales_rank: count,
  cancellation_rank: count.nullable(),
});
export type ProductRow = z.infer<typeof productRow>;
export const productPopularity = (db: Queryable, from: LocalTimestamp, to: LocalTimestamp, listLength: number) =>
  runQuery(db, 'metrics/product_popularity', [from.slice(0, 10), to.slice(0, 10), listLength], productRow);

const countryRow = z.object({ country: text, customers: count, orders: count, sales: num });
export type CountryRow = z.infer<typeof countryRow>;
export const countries = (db: Queryable, from: LocalTimestamp, to: LocalTimestamp) =>
  runQuery(db, 'metrics/countries', [from.slice(0, 10), to.slice(0, 10)], countryRow);

const warehouseRow = z.object({
  distinct_lines: count,
  duplicate_copies: count,
  order_lines: count,
  cancellation_lines: count,
  adjustment_lines: count,
  lines_without_customer: count,
  zero_price_lines: count,
  negative_price_lines: count,
  first_invoice_at: text.nullable(),
  last_invoice_at: text.nullable(),
  adjustment_invoices: count,
  adjustment_amount: num,
});
export type WarehouseRow = z.infer<typeof warehouseRow>;
export const warehouseSummary = (db: Queryable) => runQuery(db, 'quality/warehouse', [], warehouseRow);

const loadRow = z.object({
  load_id: count,
  source_file: text,
  layout: text,
  loaded_at: text,
  lines_read: count,
  lines_loaded: count,
  lines_rejected: count,
  duplicate_copies_in_file: count,
  new_lines: count,
  lines_with_more_copies: count,
});
export type LoadRow = z.infer<typeof loadRow>;
export const recentLoads = (db: Queryable, howMany: number) => runQuery(db, 'quality/loads', [howMany], loadRow);

const ingestSourceRow = z.object({
  source: text,
  last_look_at: text.nullable(),
  last_new_lines_at: text.nullable(),
  needs_attention: z.array(text),
  failed_at: text.nullable(),
  failure: text.nullable(),
});
export type IngestSourceRow = z.infer<typeof ingestSourceRow>;
export const ingestSources = (db: Queryable) => runQuery(db, 'quality/ingest_sources', [], ingestSourceRow);

const scoresBehindRow = z.object({
  newest_data_load: count.nullable(),
  refreshed_after_load: count.nullable(),
  refreshed_at: text.nullable(),
  behind: z.boolean(),
  refreshed_recently: z.boolean(),
});
export type ScoresBehindRow = z.infer<typeof scoresBehindRow>;
/** The stored scores against the newest load with lines, and whether they were refreshed less than `minutes` ago. */
export const scoresBehind = (db: Queryable, minutes: number) => runSingleRowQuery(db, 'ingest/scores_behind', [minutes], scoresBehindRow);

const rejectReasonRow = z.object({ reason: text, lines: count, first_line: count });
export const rejectReasons = (db: Queryable) => runQuery(db, 'quality/reject_reasons', [], rejectReasonRow);

const missingCustomersRow = z.object({
  lines: count,
  lines_without_customer: count,
  share: num,
  sales_without_customer: num,
});
export const missingCustomersByMonth = (db: Queryable, asOf: LocalTimestamp) =>
  runQuery(db, 'quality/missing_customers_by_month', [asOf], missingCustomersRow.extend({ month: text }));
export const missingCustomersByCountry = (db: Queryable, asOf: LocalTimestamp) =>
  runQuery(db, 'quality/missing_customers_by_country', [asOf], missingCustomersRow.extend({ country: text }));
