/**
 * A campaign's measured response: pure arithmetic on the counts per group (docs/metrics.md, "Campaigns
 * and hold-outs"). Uplift is the difference of conversion rates in percentage points with the normal
 * approximation's 95 % interval.
 */
export interface GroupCounts {
  customers: number;
  converted: number;
  netSales: number;
}

export interface GroupResponse extends GroupCounts {
  /** converted / customers; null for an empty group. */
  conversion: number | null;
  /** Net sales of the group's customers in the window / group size; null for an empty group. */
  netSalesPerCustomer: number | null;
}

export interface Uplift {
  /** conversion(target) − conversion(hold-out), in percentage points. */
  points: number;
  low: number;
  high: number;
  /** The interval includes zero: the campaign's effect is not distinguishable from none. */
  includesZero: boolean;
  /**
   * The normal approximation behind the interval holds: each group has at least 5 converted and 5 not
   * converted customers. When false the interval is still given but should not be trusted.
   */
  reliable: boolean;
}

export const Z_95 = 1.96;
/** The usual rule of thumb for the normal approximation of a proportion: n·p and n·(1 − p) at least 5. */
export const MIN_EACH_OUTCOME = 5;

export function groupResponse(counts: GroupCounts): GroupResponse {
  const empty = counts.customers === 0;
  return {
    ...counts,
    conversion: empty ? null : counts.converted / counts.customers,
    netSalesPerCustomer: empty ? null : Math.round((counts.netSales / counts.customers) * 100) / 100,
  };
}

/** Null when either group is empty: there is nothing to compare. */
export function uplift(target: GroupCounts, holdout: GroupCounts): Uplift | null {
  if (target.customers === 0 || holdout.customers === 0) return null;
  const p1 = target.converted / target.customers;
  const p2 = holdout.converted / holdout.customers;
  const halfWidth = Z_95 * Math.sqrt((p1 * (1 - p1)) / target.customers + (p2 * (1 - p2)) / holdout.customers);
  const difference = p1 - p2;
  const low = (difference - halfWidth) * 100;
  const high = (difference + halfWidth) * 100;
  const enough = (g: GroupCounts) => g.converted >= MIN_EACH_OUTCOME && g.customers - g.converted >= MIN_EACH_OUTCOME;
  return { points: difference * 100, low, high, includesZero: low <= 0 && high >= 0, reliable: enough(target) && enough(holdout) };
}
