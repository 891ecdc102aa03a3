import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { QueryError } from '../errors.js';
import type { Database, Queryable, Row } from './database.js';
import { lockEmbeddedFolder } from './embedded-lock.js';

type Engine = PGlite | Transaction;

export interface EmbeddedOptions {
  /** COPY input per statement (32 MB); tests make it small. */
  copyBatchBytes?: number;
}

function queryableOn(engine: Engine, options: Required<EmbeddedOptions>): Queryable {
  return {
    async query<R extends Row>(text: string, params: readonly unknown[] = [], name = 'inline') {
      try {
        const result = await engine.query<R>(text, params as unknown[]);
        return result.rows;
      } catch (error) {
        throw new QueryError(name, error);
      }
    },
    async exec(script: string, name = 'script') {
      try {
        await engine.exec(script);
      } catch (error) {
        throw new QueryError(name, error);
      }
    },
    async copyFrom(copyStatement: string, data: AsyncIterable<Uint8Array>, name = 'copy') {
      // PGlite has no COPY protocol stream; it reads COPY input from a blob mounted at /dev/blob. The rows
      // go a batch at a time (each chunk ends at a row's end, as Queryable.copyFrom asks), so a large file is
      // never held in memory whole: the full file's 1.07 M lines are ~100 MB of COPY text.
      const statement = copyStatement.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'");
      let batch: Uint8Array[] = [];
      let bytes = 0;
      let batches = 0;
      const copy = async () => {
        try {
          await engine.query(statement, [], { blob: new Blob(batch) });
        } catch (error) {
          throw new QueryError(name, error);
        }
        batch = [];
        bytes = 0;
        batches++;
      };
      for await (const part of data) {
        batch.push(part);
        bytes += part.byteLength;
        if (bytes >= options.copyBatchBytes) await copy();
      }
      if (bytes > 0 || batches === 0) await copy();
    },
    async *copyTo(copyStatement: string) {
      // As for COPY FROM: PGlite writes COPY output to a blob instead of a stream.
      const statement = copyStatement.replace(/\bTO\s+STDOUT\b/i, "TO '/dev/blob'");
      let blob: Blob | undefined;
      try {
        blob = (await engine.query(statement)).blob;
      } catch (error) {
        throw new QueryError('copy to', error);
      }
      if (blob) yield Buffer.from(await blob.arrayBuffer());
    },
  };
}

/**
 * An embedded PostgreSQL kept in `dataDir`, so a user with no server can run everything. Its first start
 * runs initdb (several seconds); later starts reuse the folder. One process at a time: another that opens the
 * folder meanwhile gets EmbeddedDatabaseInUseError at once; the lock goes with close() or the holder's end.
 */
export async function openEmbedded(dataDir: string, embeddedOptions: EmbeddedOptions = {}): Promise<Database> {
  const options = { copyBatchBytes: 32 << 20, ...embeddedOptions };
  mkdirSync(dataDir, { recursive: true });
  // PGlite does not stop a second process from opening the folder, and two writing it break it for good.
  const release = lockEmbeddedFolder(dataDir);
  let engine: PGlite;
  try {
    engine = await PGlite.create(dataDir);
  } catch (error) {
    release();
    throw error;
  }
  // The folder's lock keeps the embedded database in this one process, so an in-process queue per key is the
  // whole lock.
  const locks = new Map<string, Promise<unknown>>();
  return {
    engine: 'embedded',
    location: dataDir,
    ...queryableOn(engine, options),
    transaction: (work) => engine.transaction((tx) => work(queryableOn(tx, options))),
    // One process, one connection: nothing can commit between the statements of a transaction.
    readSnapshot: (work) => engine.transaction((tx) => work(queryableOn(tx, options))),
    async withLock(key, work) {
      const before = locks.get(key) ?? Promise.resolve();
      const mine = before.catch(() => undefined).then(() => work(new AbortController().signal));
      locks.set(key, mine);
      try {
        return await mine;
      } finally {
        if (locks.get(key) === mine) locks.delete(key);
      }
    },
    // The embedded database has one process, so its locks are this map's keys (set while held or awaited).
    isLocked: async (key) => locks.has(key),
    async close() {
      try {
        await engine.close();
      } finally {
        release();
      }
    },
  };
}
