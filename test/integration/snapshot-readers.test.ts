import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres } from '../../src/db/postgres.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';

// A report's snapshot (db.readSnapshot) lends its independent queries a second connection that imports the
// same snapshot, so they run side by side and still read one committed state.
describe('a report snapshot read over two connections', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshPostgres({ migrated: false });
    await database.db.exec('CREATE TABLE probe (n integer); INSERT INTO probe VALUES (1), (2)');
  });
  afterAll(() => database?.dispose());

  const backendOf = (rows: Record<string, unknown>[]) => rows[0]!.pid as number;

  it('runs two queries issued together on two server processes', async () => {
    const [first, second] = await database.db.readSnapshot((tx) =>
      Promise.all([tx.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.2)'), tx.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.2)')]),
    );
    expect(backendOf(first)).not.toBe(backendOf(second));
  });

  it('shows both connections the state at its first query, not a row committed after it', async () => {
    const counts = await database.db.readSnapshot(async (tx) => {
      await tx.query('SELECT 1');
      await database.db.query('INSERT INTO probe VALUES (3)');
      return Promise.all([
        tx.query<{ n: number; pid: number }>('SELECT count(*)::int AS n, pg_backend_pid() AS pid, pg_sleep(0.2) FROM probe'),
        tx.query<{ n: number; pid: number }>('SELECT count(*)::int AS n, pg_backend_pid() AS pid, pg_sleep(0.2) FROM probe'),
      ]);
    });
    expect(counts.map((rows) => rows[0]!.n)).toEqual([2, 2]);
    expect(counts[0]![0]!.pid).not.toBe(counts[1]![0]!.pid);
    expect(await database.db.query('SELECT count(*)::int AS n FROM probe')).toEqual([{ n: 3 }]);
  });

  it('reads everything on its own connection when the pool has none to spare', async () => {
    const single = connectPostgres(database.location, { poolSize: 1 });
    try {
      const [first, second] = await single.readSnapshot((tx) =>
        Promise.all([tx.query('SELECT pg_backend_pid() AS pid, count(*)::int AS n FROM probe'), tx.query('SELECT pg_backend_pid() AS pid, count(*)::int AS n FROM probe')]),
      );
      expect(backendOf(first)).toBe(backendOf(second));
      expect([first[0]!.n, second[0]!.n]).toEqual([3, 3]);
    } finally {
      await single.close();
    }
  });

  it('names the query that failed, and gives the connections back', async () => {
    await expect(database.db.readSnapshot((tx) => Promise.all([tx.query('SELECT 1'), tx.query('SELECT * FROM no_such_table', [], 'report/missing')]))).rejects.toThrow(
      /report\/missing/,
    );
    expect(await database.db.query('SELECT count(*)::int AS n FROM probe')).toEqual([{ n: 3 }]);
  });
});

// node-postgres warns that it will stop queueing a client's concurrent queries (pg 9): a transaction's
// Queryable queues them itself.
describe('queries issued together inside one transaction', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshPostgres({ migrated: false });
  });
  afterAll(() => database?.dispose());

  it('take turns on the transaction connection, each with its own result, without a deprecation warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const results = await database.db.transaction((tx) =>
        Promise.all([1, 2, 3].map((n) => tx.query<{ n: number }>('SELECT $1::int AS n, pg_sleep(0.05)', [n]))),
      );
      expect(results.map((rows) => rows[0]!.n)).toEqual([1, 2, 3]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.name === 'DeprecationWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
