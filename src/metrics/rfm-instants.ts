import { movementStart } from '../campaigns/segment-movement.js';
import { addDays, reportWeek, type LocalTimestamp } from './as-of.js';

/**
 * The instants reports are read at by default, given the data's as-of: that as-of (`lgs metrics`, `lgs
 * report`, the briefs) and the Monday 00:00 a weekly schedule's default as-of (last-complete-week) falls
 * on around it: the end of the as-of's last complete week (a schedule firing after data of its own week
 * came in), and the next Monday when `sentAt` says a run at it would be sent on this data rather than held
 * back as stale (data of a shop closed at weekends ends on a Friday, and Monday's run is covered within the
 * stale-data tolerance). One instant when the as-of is a Monday 00:00.
 */
export function reportInstants(asOf: LocalTimestamp, sentAt: (instant: LocalTimestamp) => boolean = () => true): LocalTimestamp[] {
  const weekEnd = reportWeek(asOf).end;
  const nextMonday = weekEnd === asOf ? asOf : addDays(weekEnd, 7);
  return [...new Set([asOf, weekEnd, ...(sentAt(nextMonday) ? [nextMonday] : [])])];
}

/**
 * The instants reports score customers at by default: reportInstants, each preceded by the start of its
 * movement matrix, so that a scoring stored in this order finds the one it is compared with stored
 * already (src/ingest/refresh-scores.ts).
 */
export function rfmInstants(asOf: LocalTimestamp, sentAt?: (instant: LocalTimestamp) => boolean): LocalTimestamp[] {
  return [...new Set(reportInstants(asOf, sentAt).flatMap((end) => [movementStart(end), end]))];
}
