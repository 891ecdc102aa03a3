import type { CohortCellRow } from '../queries/campaign-queries.js';

/**
 * Cohort retention (docs/metrics.md): pure shaping of the triangle and its one-line reading.
 */
export interface CohortMonth {
  /** Months since the cohort's first month (0 = the first month, retention 1 by definition). */
  monthsSince: number;
  customers: number;
  rate: number;
  /** The calendar month is covered by the data only in part. */
  partial: boolean;
}

export interface Cohort {
  /** 'YYYY-MM' of the customers' first order invoice. */
  cohort: string;
  customers: number;
  retention: CohortMonth[];
}

export function shapeCohorts(rows: readonly CohortCellRow[]): Cohort[] {
  const cohorts = new Map<string, Cohort>();
  for (const row of rows) {
    let cohort = cohorts.get(row.cohort);
    if (!cohort) cohorts.set(row.cohort, (cohort = { cohort: row.cohort, customers: row.size, retention: [] }));
    cohort.retention.push({ monthsSince: row.months_since, customers: row.customers, rate: row.retention, partial: row.partial });
  }
  return [...cohorts.values()];
}

export interface RetentionComparison {
  monthsSince: number;
  thisYear: { year: string; months: string[]; customers: number; retained: number; rate: number };
  lastYear: { year: string; months: string[]; customers: number; retained: number; rate: number };
}

/**
 * Month-k retention of this year's cohorts against the same calendar months' cohorts a year earlier (like
 * for like: gift-ware is seasonal, so a December cohort is compared with a December cohort). Only cohorts
 * whose month k is complete count; "this year" is the latest year with such a cohort. Customer-weighted.
 */
export function compareRetention(cohorts: readonly Cohort[], monthsSince = 3): RetentionComparison | null {
  const complete = new Map<string, CohortMonth & { size: number }>();
  for (const c of cohorts) {
    const month = c.retention.find((r) => r.monthsSince === monthsSince);
    if (month && !month.partial) complete.set(c.cohort, { ...month, size: c.customers });
  }
  const years = [...new Set([...complete.keys()].map((cohort) => cohort.slice(0, 4)))].sort();
  const year = years.at(-1);
  if (!year) return null;
  const previousYear = String(Number(year) - 1);
  const months = [...complete.keys()].filter((cohort) => cohort.startsWith(year)).map((cohort) => cohort.slice(5));
  const paired = months.filter((month) => complete.has(`${previousYear}-${month}`));
  if (paired.length === 0) return null;
  const sum = (y: string) => {
    const cells = paired.map((month) => complete.get(`${y}-${month}`)!);
    const customers = cells.reduce((s, c) => s + c.size, 0);
    const retained = cells.reduce((s, c) => s + c.customers, 0);
    return { year: y, months: paired, customers, retained, rate: customers === 0 ? 0 : retained / customers };
  };
  return { monthsSince, thisYear: sum(year), lastYear: sum(previousYear) };
}
