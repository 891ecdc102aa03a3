import type { LocalTimestamp } from '../metrics/as-of.js';
import { instantOf } from './zoned-instant.js';

/** The gap allowed when nothing configures one (LGS_STALE_TOLERANCE_HOURS): a weekend and a Monday off. */
export const DEFAULT_STALE_TOLERANCE_HOURS = 72;

/**
 * Whether the warehouse covers a period: its latest invoice may trail the period's end by at most
 * `toleranceHours` (the shop does not trade every day, so a short gap is normal). A period after the
 * latest invoice by more than that would print as an empty or half week presented as complete. Both are
 * wall-clock times of `timezone` (the schedule's), and the gap is counted in real hours: across the
 * autumn change a Friday-midnight to Monday-midnight gap is 73 hours, not 72. Pure.
 */
export function coversPeriod(periodEnd: LocalTimestamp, latestInvoice: LocalTimestamp | null, toleranceHours: number, timezone: string): boolean {
  if (latestInvoice === null) return false;
  const gapMs = instantOf(periodEnd, timezone).getTime() - instantOf(latestInvoice, timezone).getTime();
  return gapMs <= toleranceHours * 3_600_000;
}
