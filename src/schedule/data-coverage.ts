import type { LocalTimestamp } from '../metrics/as-of.js';

/**
 * Whether the warehouse covers a period: its latest invoice may trail the period's end by at most
 * `toleranceHours` (the shop does not trade every day, so a short gap is normal). A period after the
 * latest invoice by more than that would print as an empty or half week presented as complete. Pure.
 */
export function coversPeriod(periodEnd: LocalTimestamp, latestInvoice: LocalTimestamp | null, toleranceHours: number): boolean {
  if (latestInvoice === null) return false;
  const gapMs = Date.parse(`${periodEnd}Z`) - Date.parse(`${latestInvoice}Z`);
  return gapMs <= toleranceHours * 3_600_000;
}
