import type { Queryable } from '../db/database.js';
import { UncoveredWindowError } from '../errors.js';
import { addDays, type LocalTimestamp } from './as-of.js';
import { readWarehouseCoverage } from './warehouse-coverage.js';

/**
 * Refuses a back-test whose outcome window, the `days` after its cut-off, runs past the data: what the
 * customers did in the days the warehouse does not hold yet would be read as nothing (no order, no spend),
 * and the figures would look like a result. Covered as a scheduled report's period is: the latest invoice
 * may trail the window's end by the default stale-data tolerance (the shop does not trade every day).
 */
export async function requireOutcomeWindow(db: Queryable, what: string, cutoff: LocalTimestamp, days: number): Promise<void> {
  const coverage = await readWarehouseCoverage(db);
  const end = addDays(cutoff, days);
  if (coverage.covers(end)) return;
  const latestInvoice = coverage.dataEndsAt;
  throw new UncoveredWindowError(
    `${what} compares the cut-off ${cutoff} with the ${days} days after it, up to ${end}, but the warehouse's latest invoice is ${latestInvoice ?? 'none'}: choose a cut-off at least ${days} days before the data ends`,
    { option: 'cutoff', cutoff, days, windowEnd: end, latestInvoice },
  );
}
