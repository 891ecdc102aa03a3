import { CronExpressionParser } from 'cron-parser';

/** The next `count` fire times of a cron pattern in an IANA time zone, after `from`. Pure. */
export function nextRuns(pattern: string, timezone: string, from: Date, count: number): Date[] {
  const expression = CronExpressionParser.parse(pattern, { tz: timezone, currentDate: from });
  return Array.from({ length: count }, () => expression.next().toDate());
}
