import type { AsOfRule } from '../config/schedules-schema.js';
import { parseAsOf, reportWeek, type LocalTimestamp } from '../metrics/as-of.js';

/** The wall-clock date and time of an instant in a time zone, as 'YYYY-MM-DDTHH:MM:SS'. */
export function wallClock(instant: Date, timezone: string): LocalTimestamp {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * The as-of instant of a run fired at `firedAt`: for last-complete-week, the Monday 00:00 (shop time) that
 * began the week it fired in, i.e. the end of the last complete ISO week; a fixed date as written.
 * `latest-data` is resolved later from the warehouse, so it returns undefined here. Pure.
 */
export function resolveAsOf(rule: AsOfRule, firedAt: Date, timezone: string): LocalTimestamp | undefined {
  if (rule === 'latest-data') return undefined;
  if (rule !== 'last-complete-week') return parseAsOf(rule);
  // The Monday 00:00 at or before the shop-local firing time: where that time's report week ends.
  return reportWeek(wallClock(firedAt, timezone)).end;
}
