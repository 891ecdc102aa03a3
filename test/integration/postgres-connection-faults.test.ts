import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { connectPostgres } from '../../src/db/postgres.js';
import { QueryError } from '../../src/errors.js';
import { copyQueryRows } from '../../src/queries/copy-rows.js';
import { ADMIN_URL, freshPostgres, type TestDatabase } from '../support/databases.js';

/**
 * A connection that breaks while it is in use (src/db/postgres.ts): the statement on it fails with an error
 * its caller sees, nothing is thrown outside it (an uncaught exception ends a worker and its other jobs),
 * and the pool goes on answering. Real server; the break is pg_terminate_backend or node-postgres' own
 * read limit.
 */
const SERIES = 'SELECT g AS n FROM generate_series(1, 3000000) AS g';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a PostgreSQL connection that breaks while in use', () => {
  let database: TestDatabase;
  let admin: pg.Client;
  let db: Database | undefined;
  const uncaught: Error[] = [];
  const record = (error: Error) => uncaught.push(error);

  beforeAll(async () => {
    database = await freshPostgres({ migrated: false });
    admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    process.on('uncaughtException', record);
  });
  afterAll(async () => {
    process.off('uncaughtException', record);
    await admin.end();
    await database.dispose();
  });
  beforeEach(() => {
    uncaught.length = 0;
  });
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  const terminate = (pid: number) => admin.query('SELECT pg_terminate_backend($1)', [pid]);

  it('fails a transaction whose backend is terminated mid-statement, throws nothing outside it, and answers the next query', async () => {
    db = connectPostgres(database.location, { poolSize: 1 });
    const failure = await db
      .transaction(async (tx) => {
        const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        setTimeout(() => void terminate(row!.pid), 200);
        await tx.query('SELECT pg_sleep(5)');
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryError);
    await pause(200);
    expect(uncaught).toEqual([]);
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('fails a COPY TO whose backend is terminated while its reader is slow, throws nothing outside it, and answers the next query', async () => {
    db = connectPostgres(database.location, { poolSize: 1 });
    const [{ pid }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
    let rows = 0;
    const failure = await (async () => {
      for await (const _row of copyQueryRows(db!, SERIES, 'test/series', [], ['n'])) {
        // A reader slower than the server: the server is blocked sending when it is terminated, and closes
        // without a word.
        if (++rows === 1000) {
          await pause(300);
          await terminate(pid);
          await pause(100);
        }
      }
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryError);
    expect(rows).toBeLessThan(3_000_000);
    await pause(200);
    expect(uncaught).toEqual([]);
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('drops a connection whose COPY TO node-postgres cut by its read limit, instead of reusing it mid-COPY', async () => {
    // A 1 s statement limit gives a 6 s read limit; the server's own limit is lifted for the session, so
    // the client's is the one that fires while the reader is stalled.
    db = connectPostgres(database.location, { poolSize: 1, statementTimeoutMs: 1_000 });
    await db.query('SET statement_timeout = 0');
    const failure = await (async () => {
      let rows = 0;
      for await (const _row of copyQueryRows(db!, SERIES, 'test/series', [], ['n'])) if (++rows === 1000) await pause(7_000);
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryError);
    expect((failure as QueryError).message).toMatch(/timeout/i);
    await pause(200);
    expect(uncaught).toEqual([]);
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
