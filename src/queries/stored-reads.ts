import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Database, Queryable, Row } from '../db/database.js';
import { checkRow, runQuery } from './run-query.js';
import { sqlFile } from './sql-files.js';

/**
 * Reads whose rows the scoring step stores after a load adds lines (migration 0019), so that a report at a
 * default instant reads them instead of aggregating every line of a segment's customers while it prints.
 * A stored read is keyed by the query, its SQL text and its exact parameters, and is only read while no
 * load has added lines since it was made: the rows are those the query would return, never an approximation.
 */
const digests = new Map<string, string>();
function sqlDigest(name: string): string {
  let digest = digests.get(name);
  if (digest === undefined) digests.set(name, (digest = createHash('sha256').update(sqlFile(name)).digest('hex')));
  return digest;
}

interface Read {
  query: string;
  params: readonly unknown[];
  rows: readonly Row[];
}

/**
 * A Queryable that makes the storable reads live (never from the store) and keeps their rows, for
 * storeReads. Everything else passes through.
 */
export class ReadRecorder implements Queryable {
  readonly reads: Read[] = [];
  constructor(private readonly inner: Queryable) {}
  query<R extends Row = Row>(text: string, params?: readonly unknown[], name?: string): Promise<R[]> {
    return this.inner.query<R>(text, params, name);
  }
  exec(script: string, name?: string): Promise<void> {
    return this.inner.exec(script, name);
  }
  copyFrom(copyStatement: string, data: AsyncIterable<Uint8Array>, name?: string): Promise<void> {
    return this.inner.copyFrom(copyStatement, data, name);
  }
  copyTo(copyStatement: string): AsyncIterable<Buffer> {
    return this.inner.copyTo(copyStatement);
  }
}

const storedRows = z.object({ rows: z.array(z.unknown()) });

/**
 * `sql/<name>.sql` as runQuery runs it, from the store when a current read with these parameters is stored.
 * `params` must be plain JSON values (strings, numbers, arrays, null): they are the key.
 */
export async function runStorableQuery<S extends z.ZodType>(db: Queryable, name: string, params: readonly unknown[], row: S): Promise<z.infer<S>[]> {
  if (db instanceof ReadRecorder) {
    const rows = await db.query(sqlFile(name), params, name);
    db.reads.push({ query: name, params, rows });
    return rows.map((value, index) => checkRow(name, index, row, value));
  }
  const [stored] = await db.query(sqlFile('stored/stored_read'), [name, sqlDigest(name), JSON.stringify(params)], 'stored/stored_read');
  if (stored === undefined) return runQuery(db, name, params, row);
  const { rows } = checkRow('stored/stored_read', 0, storedRows, stored);
  return rows.map((value, index) => checkRow(name, index, row, value));
}

const latestLoad = z.object({ load_id: z.number().int().nullable() });
const storedCount = z.object({ stored: z.number().int() });

/**
 * Makes the reads `collect` asks for in one snapshot, as a report would, and stores those runStorableQuery
 * serves, labelled with the latest load that snapshot saw; forgets reads of earlier loads. The number of
 * reads stored (0 when a load committed meanwhile: they would be stale at once).
 */
export async function storeReads(db: Database, collect: (reader: Queryable) => Promise<unknown>): Promise<number> {
  const { loadId, reads } = await db.readSnapshot(async (tx) => {
    // As a report reads (src/report/run-report.ts): the tables held against TRUNCATE and DDL meanwhile.
    await tx.exec(sqlFile('report/hold_warehouse'), 'report/hold_warehouse');
    const [latest] = await tx.query(sqlFile('stored/latest_data_load'), [], 'stored/latest_data_load');
    const recorder = new ReadRecorder(tx);
    await collect(recorder);
    return { loadId: checkRow('stored/latest_data_load', 0, latestLoad, latest).load_id, reads: recorder.reads };
  });
  if (loadId === null) return 0;
  // One read per key (a collection may ask for the same read twice), in key order: two storers then take
  // the rows' locks in the same order, where the order their queries finished in could deadlock them.
  const byKey = new Map(reads.map((read) => [`${read.query} ${JSON.stringify(read.params)}`, read]));
  const unique = [...byKey.keys()].sort().map((key) => byKey.get(key)!);
  return db.transaction(async (tx) => {
    await tx.query(sqlFile('stored/forget_stale_reads'), [], 'stored/forget_stale_reads');
    const [result] = await tx.query(
      sqlFile('stored/store_reads'),
      [
        loadId,
        unique.map((read) => read.query),
        unique.map((read) => sqlDigest(read.query)),
        unique.map((read) => JSON.stringify(read.params)),
        unique.map((read) => JSON.stringify(read.rows)),
      ],
      'stored/store_reads',
    );
    return checkRow('stored/store_reads', 0, storedCount, result).stored;
  });
}
