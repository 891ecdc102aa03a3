import type { CustomerHistory, CustomerList } from '../queries/predict-queries.js';
import { purchaseTimeQuantile, type BgNbdParameters } from './bgnbd.js';
import { purchaseSummary } from './purchase-summary.js';

/**
 * When a customer's next order is expected. Whether it comes within 90 days is the lapse model's call
 * (probability ≥ ½: a date; below: "unlikely within 90 days"); when, given that it comes, is the BG/NBD's
 * timing: the median of the next purchase time conditional on one within 90 days, in the season's
 * operational time (90·ρ days of purchase time are squeezed into 90 calendar days). Pure.
 */
export const NEXT_ORDER_WINDOW_DAYS = 90;
export const LIKELY_THRESHOLD = 0.5;

/** Days after the cut-off of the expected next order, given one within the window. */
export function expectedNextOrderDays(c: CustomerHistory, bgnbd: BgNbdParameters, seasonRatio: number): number {
  const operational = purchaseTimeQuantile(bgnbd, purchaseSummary(c), 0.5, NEXT_ORDER_WINDOW_DAYS * seasonRatio);
  return Math.min(NEXT_ORDER_WINDOW_DAYS - 1, Math.floor(operational / seasonRatio));
}

/**
 * The baseline: the last order plus the customer's mean gap between purchase days (for one-day customers,
 * the mean of everyone's gaps), never before the cut-off.
 */
export function meanGapNextOrderDays(c: CustomerHistory, populationMeanGap: number): number {
  const x = c.purchase_days - 1;
  const gap = x > 0 ? (c.tenure_days - c.recency_days) / x : populationMeanGap;
  return Math.max(0, Math.round(gap - c.recency_days));
}

export function populationMeanGap(customers: CustomerList): number {
  const gaps = customers.map((c) => (c.purchase_days > 1 ? (c.tenure_days - c.recency_days) / (c.purchase_days - 1) : null)).filter((gap) => gap !== null);
  return gaps.length === 0 ? NEXT_ORDER_WINDOW_DAYS : gaps.reduce((a, b) => a + b, 0) / gaps.length;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
