import { CronExpressionParser } from 'cron-parser';

/**
 * The fire times of a cron pattern in an IANA time zone after `from` and up to `until`, latest first, at
 * most `limit` of them (a per-second schedule has no use for a week of catch-up, one run per period
 * does). Pure.
 */
export function previousRuns(pattern: string, timezone: string, from: Date, until: Date, limit: number): Date[] {
  // cron-parser's prev() is strictly before currentDate: a fire time exactly at `until` counts.
  const expression = CronExpressionParser.parse(pattern, { tz: timezone, currentDate: new Date(until.getTime() + 1) });
  const fires: Date[] = [];
  while (fires.length < limit) {
    const fire = expression.prev().toDate();
    if (fire.getTime() <= from.getTime()) break;
    fires.push(fire);
  }
  return fires;
}
