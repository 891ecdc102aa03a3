import type { Queryable } from '../db/database.js';
import { EmptyWarehouseError, LgsError } from '../errors.js';
import * as q from '../queries/metric-queries.js';
import { addDays, reportWeek, type LocalTimestamp } from './as-of.js';
import {
  shapeCountries,
  shapeIngestSource,
  shapeScoresStatus,
  shapeMonthly,
  shapeProducts,
  shapeSegments,
  shapeWeekly,
  type MetricsReport,
  type QualityReport,
} from './metrics-report.js';
import { segmentGrid } from './rfm-segments.js';
import { shapeCohorts } from '../campaigns/cohort-retention.js';
import { movementStart, shapeMovement } from '../campaigns/segment-movement.js';
import { cohortRetention, segmentsAndMovement } from '../queries/campaign-queries.js';

/** Product lists follow the season: the 4 weeks up to the report week's end. */
export const PRODUCT_PERIOD_DAYS = 28;
/** Geography moves slowly: the 52 weeks up to the report week's end. */
export const COUNTRY_PERIOD_DAYS = 364;
export const PRODUCT_LIST_LENGTH = 10;

/** The as-of to use: the one asked for, else the day after the last invoice. Fails on an empty warehouse. */
export async function resolveAsOf(db: Queryable, requested?: LocalTimestamp): Promise<LocalTimestamp> {
  if (requested) return requested;
  const [window] = await q.dataWindow(db);
  if (!window?.default_as_of) {
    throw new EmptyWarehouseError('the warehouse holds no invoices yet: run `lgs load <file>` first', { hint: 'lgs load' });
  }
  return window.default_as_of;
}

/** What each ingest source last did, the latest active first (for `lgs quality` and the stale notice). */
export async function collectIngestStatus(db: Queryable): Promise<QualityReport['ingest']> {
  return (await q.ingestSources(db)).map(shapeIngestSource);
}

export async function collectQuality(db: Queryable, asOf: LocalTimestamp): Promise<QualityReport> {
  const [[warehouse], loads, ingest, scores, reasons, byMonth, byCountry] = await Promise.all([
    q.warehouseSummary(db),
    q.recentLoads(db, 10),
    collectIngestStatus(db),
    q.scoresBehind(db, 0),
    q.rejectReasons(db),
    q.missingCustomersByMonth(db, asOf),
    q.missingCustomersByCountry(db, asOf),
  ]);
  const lines = byMonth.reduce((sum, row) => sum + row.lines, 0);
  const linesWithoutCustomer = byMonth.reduce((sum, row) => sum + row.lines_without_customer, 0);
  const salesWithoutCustomerCents = byMonth.reduce((sum, row) => sum + Math.round(row.sales_without_customer * 100), 0);
  const missing = <R extends { lines: number; lines_without_customer: number; share: number; sales_without_customer: number }>(row: R) => ({
    lines: row.lines,
    linesWithoutCustomer: row.lines_without_customer,
    share: row.share,
    salesWithoutCustomer: row.sales_without_customer,
  });
  return {
    warehouse: {
      distinctLines: warehouse?.distinct_lines ?? 0,
      duplicateCopies: warehouse?.duplicate_copies ?? 0,
      orderLines: warehouse?.order_lines ?? 0,
      cancellationLines: warehouse?.cancellation_lines ?? 0,
      adjustmentLines: warehouse?.adjustment_lines ?? 0,
      adjustmentInvoices: warehouse?.adjustment_invoices ?? 0,
      adjustmentAmount: warehouse?.adjustment_amount ?? 0,
      linesWithoutCustomer: warehouse?.lines_without_customer ?? 0,
      zeroPriceLines: warehouse?.zero_price_lines ?? 0,
      negativePriceLines: warehouse?.negative_price_lines ?? 0,
      firstInvoiceAt: warehouse?.first_invoice_at ?? null,
      lastInvoiceAt: warehouse?.last_invoice_at ?? null,
    },
    loads: loads.map((load) => ({
      loadId: load.load_id,
      sourceFile: load.source_file,
      layout: load.layout,
      loadedAt: load.loaded_at,
      linesRead: load.lines_read,
      linesLoaded: load.lines_loaded,
      linesRejected: load.lines_rejected,
      duplicateCopiesInFile: load.duplicate_copies_in_file,
      newLines: load.new_lines,
    })),
    ingest,
    scores: shapeScoresStatus(scores),
    rejectReasons: reasons.map((row) => ({ reason: row.reason, lines: row.lines, firstLine: row.first_line })),
    missingCustomers: {
      lines,
      linesWithoutCustomer,
      share: lines === 0 ? null : linesWithoutCustomer / lines,
      salesWithoutCustomer: salesWithoutCustomerCents / 100,
      byMonth: byMonth.map((row) => ({ month: row.month, ...missing(row) })),
      byCountry: byCountry.map((row) => ({ country: row.country, ...missing(row) })),
    },
  };
}

/** Runs every metric query for one as-of instant and shapes the results. */
export async function collectMetrics(db: Queryable, requestedAsOf?: LocalTimestamp): Promise<MetricsReport> {
  const asOf = await resolveAsOf(db, requestedAsOf);
  const week = reportWeek(asOf);
  const grid = segmentGrid();
  const products = { from: addDays(week.end, -PRODUCT_PERIOD_DAYS), to: week.end };
  const countryPeriod = { from: addDays(week.end, -COUNTRY_PERIOD_DAYS), to: week.end };
  // Segments and movement first: their two scorings are the longest queries, and should not wait for a connection.
  const [{ segments, movement }, amounts, monthly, weekly, productRows, countryRows, quality, cohortRows] = await Promise.all([
    segmentsAndMovement(db, asOf, movementStart(asOf), grid),
    q.invoiceAmounts(db, asOf),
    q.monthly(db, asOf),
    q.weeklyKpis(db, week),
    q.productPopularity(db, products.from, products.to, PRODUCT_LIST_LENGTH),
    q.countries(db, countryPeriod.from, countryPeriod.to),
    collectQuality(db, asOf),
    cohortRetention(db, asOf),
  ]);
  return {
    asOf,
    invoiceAmounts: amounts,
    monthly: shapeMonthly(monthly),
    rfm: shapeSegments(segments),
    weekly: shapeWeekly(weekly, week),
    periods: { products, countries: countryPeriod },
    ...shapeProducts(productRows, PRODUCT_LIST_LENGTH),
    countries: shapeCountries(countryRows),
    quality,
    movement: shapeMovement(movement, asOf),
    cohorts: shapeCohorts(cohortRows),
  };
}
