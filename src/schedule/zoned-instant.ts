import type { LocalTimestamp } from '../metrics/as-of.js';
import { wallClock } from './resolve-as-of.js';

/**
 * The instant a wall-clock time ('YYYY-MM-DD[T ]HH:MM:SS') names in `timezone`. A time the clocks skip is
 * read with the offset before the change; one they pass twice, as either of the two (callers measure
 * gaps of hours, where that hour does not matter). Pure.
 */
export function instantOf(local: LocalTimestamp, timezone: string): Date {
  const asUtc = Date.parse(`${local.replace(' ', 'T')}Z`);
  const offsetAt = (ms: number) => Date.parse(`${wallClock(new Date(ms), timezone)}Z`) - ms;
  return new Date(asUtc - offsetAt(asUtc - offsetAt(asUtc)));
}
