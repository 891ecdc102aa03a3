import type { Database } from '../db/database.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { reportInstants } from '../metrics/rfm-instants.js';
import { storeReads } from '../queries/stored-reads.js';
import { readBriefLineAggregates } from './segment-brief.js';

/**
 * Stores what the segment briefs would aggregate over every line of their customers (their products and
 * the products bought together, src/queries/stored-reads.ts) at the instants briefs are read at by
 * default, given the data's as-of. Run by the scoring step after a load adds lines: the briefs of those
 * instants then read rows instead of a million lines. Only those reads are made (not the customer lists,
 * which at 10× the data would weigh on the scoring step's memory). The number of reads stored.
 */
export async function storeBriefReads(db: Database, asOf: LocalTimestamp, sentAt?: (instant: LocalTimestamp) => boolean): Promise<number> {
  let stored = 0;
  for (const instant of reportInstants(asOf, sentAt)) stored += await storeReads(db, (reader) => readBriefLineAggregates(reader, instant));
  return stored;
}
