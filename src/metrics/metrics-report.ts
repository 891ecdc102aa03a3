import type { CountryRow, IngestSourceRow, MonthlyRow, ProductRow, RfmSegmentRow, ScoresBehindRow, WeeklyKpiRow } from '../queries/metric-queries.js';
import type { Cohort } from '../campaigns/cohort-retention.js';
import type { SegmentMovement } from '../campaigns/segment-movement.js';
import type { LocalTimestamp } from './as-of.js';
import { actionFor, SEGMENT_NAMES, type SegmentName } from './rfm-segments.js';

/**
 * The shape `lgs metrics --json` prints and the reports read, and the pure functions that shape query
 * rows into it. Money is rounded to cents (by SQL), ratios are left unrounded.
 */
export interface MonthlyMetrics {
  month: string;
  placedOrders: number;
  cancelledOrders: number;
  sales: number;
  salesGrowth: number | null;
  activeCustomers: number;
  newCustomers: number;
  existingCustomers: number;
  partial: boolean;
}

export interface SegmentMetrics {
  segment: SegmentName;
  customers: number;
  customerShare: number;
  monetary: number;
  monetaryShare: number;
  recencyMean: number | null;
  frequencyMean: number | null;
  monetaryMean: number | null;
  action: string;
}

export interface WeekKpis {
  sales: number;
  orders: number;
  averageOrderValue: number | null;
  cancellationRate: number | null;
  activeCustomers: number;
  newCustomers: number;
}
export type KpiName = keyof WeekKpis;
export const KPI_NAMES: readonly KpiName[] = ['sales', 'orders', 'averageOrderValue', 'cancellationRate', 'activeCustomers', 'newCustomers'];
/** The KPIs that are ratios (the others are money in pence, or counts). */
export const RATE_KPIS: ReadonlySet<KpiName> = new Set<KpiName>(['cancellationRate']);

export interface KpiChange {
  absolute: number | null;
  /** (current − previous) / previous; null when either is missing or previous is 0. */
  relative: number | null;
}

export interface WeeklyMetrics {
  weekStart: string;
  weekEnd: string;
  previousWeekStart: string;
  current: WeekKpis;
  previous: WeekKpis;
  change: Record<KpiName, KpiChange>;
}

export interface ProductMetrics {
  stockCode: string;
  description: string;
  quantity: number;
  sales: number;
  orderLines: number;
  cancellationLines: number;
  cancelledQuantity: number;
}

export interface CountryMetrics {
  country: string;
  customers: number;
  orders: number;
  sales: number;
  salesShare: number | null;
}

export interface Period {
  from: LocalTimestamp;
  to: LocalTimestamp;
}

/** What an ingest source last did: when the worker looked, when a look brought new lines, what waits on a person. */
export interface IngestSourceStatus {
  /** 'folder <path>' or 'table <name>'. */
  source: string;
  lastLookAt: string | null;
  lastNewLinesAt: string | null;
  /** Files the last run left unread, each with why (a person must act: the worker retries every run). */
  needsAttention: string[];
  /** The latest failure, while no run has finished since. */
  failure: { at: string; reason: string } | null;
}

/** The stored scores (RFM, predictions, recommendations, the briefs' reads) against the data. */
export interface ScoresStatus {
  /** When the last refresh finished (UTC), null before the first. */
  refreshedAt: string | null;
  /** The newest load with new lines that refresh had seen. */
  refreshedAfterLoad: number | null;
  /** The newest load with new lines. */
  newestDataLoad: number | null;
  /** A load with new lines came after the last refresh (or there was none): RFM is scored live meanwhile. */
  behind: boolean;
}

export function shapeScoresStatus(row: ScoresBehindRow): ScoresStatus {
  return {
    refreshedAt: row.refreshed_at,
    refreshedAfterLoad: row.refreshed_after_load,
    newestDataLoad: row.newest_data_load,
    behind: row.behind,
  };
}

export function shapeIngestSource(row: IngestSourceRow): IngestSourceStatus {
  return {
    source: row.source,
    lastLookAt: row.last_look_at,
    lastNewLinesAt: row.last_new_lines_at,
    needsAttention: row.needs_attention,
    failure: row.failed_at !== null && row.failure !== null ? { at: row.failed_at, reason: row.failure } : null,
  };
}

export interface QualityReport {
  warehouse: {
    distinctLines: number;
    duplicateCopies: number;
    orderLines: number;
    cancellationLines: number;
    adjustmentLines: number;
    adjustmentInvoices: number;
    adjustmentAmount: number;
    linesWithoutCustomer: number;
    zeroPriceLines: number;
    negativePriceLines: number;
    firstInvoiceAt: string | null;
    lastInvoiceAt: string | null;
  };
  loads: {
    loadId: number;
    sourceFile: string;
    layout: string;
    loadedAt: string;
    linesRead: number;
    linesLoaded: number;
    linesRejected: number;
    duplicateCopiesInFile: number;
    newLines: number;
  }[];
  /** Each ingest source the worker has run (the schedules file's `ingest:`), the latest active first. */
  ingest: IngestSourceStatus[];
  /** Whether the stored scores have seen the newest load that added lines (they are refreshed after it). */
  scores: ScoresStatus;
  rejectReasons: { reason: string; lines: number; firstLine: number }[];
  missingCustomers: {
    lines: number;
    linesWithoutCustomer: number;
    share: number | null;
    salesWithoutCustomer: number;
    byMonth: { month: string; lines: number; linesWithoutCustomer: number; share: number; salesWithoutCustomer: number }[];
    byCountry: { country: string; lines: number; linesWithoutCustomer: number; share: number; salesWithoutCustomer: number }[];
  };
}

export interface MetricsReport {
  asOf: LocalTimestamp;
  invoiceAmounts: { count: number; mean: number | null; min: number | null; p25: number | null; median: number | null; p75: number | null; p85: number | null; max: number | null };
  monthly: MonthlyMetrics[];
  rfm: { customers: number; monetary: number; segments: SegmentMetrics[] };
  weekly: WeeklyMetrics;
  periods: { products: Period; countries: Period };
  topProducts: ProductMetrics[];
  productsByQuantity: ProductMetrics[];
  mostCancelledProducts: ProductMetrics[];
  countries: CountryMetrics[];
  quality: QualityReport;
  /** Segment changes between the as-of and 28 days before it. */
  movement: SegmentMovement;
  /** Retention by months since the first order, one entry per first-order month. */
  cohorts: Cohort[];
}

export function shapeMonthly(rows: readonly MonthlyRow[]): MonthlyMetrics[] {
  return rows.map((row) => ({
    month: row.month,
    placedOrders: row.placed_orders,
    cancelledOrders: row.cancelled_orders,
    sales: row.sales,
    salesGrowth: row.sales_growth,
    activeCustomers: row.active_customers,
    newCustomers: row.new_customers,
    existingCustomers: row.existing_customers,
    partial: row.partial,
  }));
}

/** Every segment, in the order marketing reads them (best first), with zeros for empty segments. */
export function shapeSegments(rows: readonly RfmSegmentRow[]): MetricsReport['rfm'] {
  const bySegment = new Map(rows.map((row) => [row.segment, row]));
  const segments = SEGMENT_NAMES.map((segment): SegmentMetrics => {
    const row = bySegment.get(segment);
    return {
      segment,
      customers: row?.customers ?? 0,
      customerShare: row?.customer_share ?? 0,
      monetary: row?.monetary ?? 0,
      monetaryShare: row?.monetary_share ?? 0,
      recencyMean: row?.recency_mean ?? null,
      frequencyMean: row?.frequency_mean ?? null,
      monetaryMean: row?.monetary_mean ?? null,
      action: actionFor(segment),
    };
  });
  const customers = segments.reduce((sum, s) => sum + s.customers, 0);
  // Summing cents as integers keeps the total exact.
  const monetaryCents = segments.reduce((sum, s) => sum + Math.round(s.monetary * 100), 0);
  return { customers, monetary: monetaryCents / 100, segments };
}

function weekKpis(row: WeeklyKpiRow | undefined): WeekKpis {
  return {
    sales: row?.sales ?? 0,
    orders: row?.orders ?? 0,
    averageOrderValue: row?.average_order_value ?? null,
    cancellationRate: row?.cancellation_rate ?? null,
    activeCustomers: row?.active_customers ?? 0,
    newCustomers: row?.new_customers ?? 0,
  };
}

/**
 * An amount's change is rounded to pence: both weeks are in pence (or whole counts), so this only drops the
 * floating-point noise of the subtraction. A rate's change is a ratio, and ratios are never rounded.
 */
export function kpiChange(current: number | null, previous: number | null, kind: 'amount' | 'rate' = 'amount'): KpiChange {
  if (current === null || previous === null) return { absolute: null, relative: null };
  const difference = current - previous;
  const absolute = kind === 'rate' ? difference : Math.round(difference * 100) / 100;
  return { absolute, relative: previous === 0 ? null : difference / previous };
}

export function shapeWeekly(rows: readonly WeeklyKpiRow[], week: { previousStart: string; start: string; end: string }): WeeklyMetrics {
  const current = weekKpis(rows.find((row) => row.week === 'current'));
  const previous = weekKpis(rows.find((row) => row.week === 'previous'));
  const change = Object.fromEntries(KPI_NAMES.map((name) => [name, kpiChange(current[name], previous[name], RATE_KPIS.has(name) ? 'rate' : 'amount')])) as Record<KpiName, KpiChange>;
  return {
    weekStart: week.start.slice(0, 10),
    weekEnd: week.end.slice(0, 10),
    previousWeekStart: week.previousStart.slice(0, 10),
    current,
    previous,
    change,
  };
}

function product(row: ProductRow): ProductMetrics {
  return {
    stockCode: row.stock_code,
    description: row.description,
    quantity: row.quantity,
    sales: row.sales,
    orderLines: row.order_lines,
    cancellationLines: row.cancellation_lines,
    cancelledQuantity: row.cancelled_quantity,
  };
}

/** Splits the ranked product rows into the three lists, each cut to `listLength`. */
export function shapeProducts(rows: readonly ProductRow[], listLength: number) {
  const list = (rank: (row: ProductRow) => number | null) =>
    rows
      .filter((row) => { const r = rank(row); return r !== null && r <= listLength; })
      .sort((a, b) => rank(a)! - rank(b)!)
      .map(product);
  return {
    topProducts: list((row) => row.sales_rank),
    productsByQuantity: list((row) => row.quantity_rank),
    mostCancelledProducts: list((row) => row.cancellation_rank),
  };
}

export function shapeCountries(rows: readonly CountryRow[]): CountryMetrics[] {
  const total = rows.reduce((sum, row) => sum + row.sales, 0);
  return rows.map((row) => ({ ...row, salesShare: total === 0 ? null : row.sales / total }));
}
