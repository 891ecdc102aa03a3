import { movementStart } from '../campaigns/segment-movement.js';
import { reportWeek, type LocalTimestamp } from './as-of.js';

/**
 * The instants reports score customers at by default, given the data's as-of: that as-of (`lgs metrics`,
 * `lgs report`, the briefs) and the end of its last complete week (a schedule's default as-of), each
 * preceded by the start of its movement matrix, so that a scoring stored in this order finds the one it is
 * compared with stored already (src/ingest/refresh-scores.ts).
 */
export function rfmInstants(asOf: LocalTimestamp): LocalTimestamp[] {
  const ends = [asOf, reportWeek(asOf).end];
  return [...new Set(ends.flatMap((end) => [movementStart(end), end]))];
}
