import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Database, Queryable } from '../../src/db/database.js';
import { SAMPLE, writeTempFile } from './fixtures.js';

/**
 * The committed sample (every line of ~300 real customers) as two loads: up to 2011-11-01 less the
 * invoices whose number ends in 3 (`before`), then those and the November and December lines (`after`):
 * the second changes the scores at the first one's as-of. `heldAgain`: 40 lines the first load holds
 * already, as a table source polled with nothing new reads them again. Files named with `prefix`.
 */
export function sampleInTwoLoads(prefix: string): { before: string; heldAgain: string; after: string } {
  const [header, ...lines] = gunzipSync(readFileSync(SAMPLE)).toString('utf8').trimEnd().split('\n') as [string, ...string[]];
  const dateOf = (line: string) => line.split(',').at(-4)!;
  const heldBack = (line: string) => dateOf(line) >= '2011-11-01 00:00:00' || line.slice(0, line.indexOf(',')).endsWith('3');
  const csv = (name: string, body: readonly string[]) => writeTempFile(`${prefix}-${name}`, [header, ...body].join('\n') + '\n');
  const beforeLines = lines.filter((line) => !heldBack(line));
  return { before: csv('to-october.csv', beforeLines), heldAgain: csv('held-again.csv', beforeLines.slice(-40)), after: csv('the-rest.csv', lines.filter(heldBack)) };
}

class RolledBack extends Error {}

/**
 * What `read` gets with nothing stored: `forget` (statements emptying a store) run in a transaction that
 * is rolled back after the read.
 */
export async function readWithout<T>(db: Database, forget: string, read: (reader: Queryable) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await db
    .transaction(async (tx) => {
      await tx.query(forget);
      result = await read(tx);
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return result as T;
}
