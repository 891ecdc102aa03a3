import { DEFAULT_TIMEZONE } from '../config/schedules-schema.js';
import type { Queryable } from '../db/database.js';
import { dataWindow } from '../queries/metric-queries.js';
import { coversPeriod, DEFAULT_STALE_TOLERANCE_HOURS } from '../schedule/data-coverage.js';
import type { LocalTimestamp } from './as-of.js';

export interface WarehouseCoverage {
  /** The latest invoice the warehouse holds (null when it holds none). */
  dataEndsAt: LocalTimestamp | null;
  /** Whether the data reaches a window ending at `end`, within the tolerance (schedule/data-coverage.ts). */
  covers(end: LocalTimestamp): boolean;
}

/**
 * How far the warehouse's data reaches, judged as a scheduled report's period is, in the shop's zone: what
 * campaign results and back-tests ask before they measure a window that may run past the data.
 */
export async function readWarehouseCoverage(db: Queryable, toleranceHours = DEFAULT_STALE_TOLERANCE_HOURS): Promise<WarehouseCoverage> {
  const [window] = await dataWindow(db);
  const dataEndsAt = window?.last_invoice_at ?? null;
  return { dataEndsAt, covers: (end) => coversPeriod(end, dataEndsAt, toleranceHours, DEFAULT_TIMEZONE) };
}
