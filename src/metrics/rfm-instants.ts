import { movementStart } from '../campaigns/segment-movement.js';
import { reportWeek, type LocalTimestamp } from './as-of.js';

/**
 * The instants reports are read at by default, given the data's as-of: that as-of (`lgs metrics`, `lgs
 * report`, the briefs) and the end of its last complete week (a schedule's default as-of).
 */
export function reportInstants(asOf: LocalTimestamp): LocalTimestamp[] {
  return [...new Set([asOf, reportWeek(asOf).end])];
}

/**
 * The instants reports score customers at by default: reportInstants, each preceded by the start of its
 * movement matrix, so that a scoring stored in this order finds the one it is
 * compared with stored already (src/ingest/refresh-scores.ts).
 */
export function rfmInstants(asOf: LocalTimestamp): LocalTimestamp[] {
  return [...new Set(reportInstants(asOf).flatMap((end) => [movementStart(end), end]))];
}
