import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/database.js';
import { connectPostgres } from '../../src/db/postgres.js';
import { LgsError } from '../../src/errors.js';
import { copyQueryRows } from '../../src/queries/copy-rows.js';
import { freshEmbedded, freshPostgres, type TestDatabase } from '../support/databases.js';

/** Large results stream as COPY text (recommendations' purchase history, the predictions' customer histories). */
const collect = async <T>(rows: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
};

// A stock code as awkward as COPY's text format gets: tab, newline, backslash, and a literal "\N".
const AWKWARD = 'A\tB\nC\\D\\N';
const QUERY = `-- Parameters: $1 text code, $2 int quantity, $3 timestamp.
SELECT v.code, v.quantity, v.note
FROM (VALUES ($1::text, $2::int, NULL::text), ($1::text || '''s', $2::int + 1, $3::timestamp::text)) AS v (code, quantity, note)
ORDER BY v.quantity -- the last line is a comment`;

for (const [engine, open] of [['PostgreSQL', freshPostgres], ['embedded', freshEmbedded]] as const) {
  describe(`rows streamed by COPY (${engine})`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await open();
    });
    afterAll(() => database.dispose());

    it('gives back each field as the database holds it, NULL as null, with quoted parameters', async () => {
      const rows = await collect(copyQueryRows(database.db, QUERY, 'test/awkward', [AWKWARD, 7, '2011-12-09T12:50:00'], ['code', 'quantity', 'note']));
      expect(rows).toEqual([
        [AWKWARD, '7', null],
        [`${AWKWARD}'s`, '8', '2011-12-09 12:50:00'],
      ]);
    });

    it('keeps characters whole where the chunks of the server cut them (60,000 rows of 2-, 3- and 4-byte characters)', async () => {
      const text = 'é£€😀'.repeat(5);
      const rows = await collect(copyQueryRows(database.db, 'SELECT g AS n, $1::text AS text FROM generate_series(1, 60000) AS g', 'test/characters', [text], ['n', 'text']));
      expect(rows).toHaveLength(60_000);
      expect(rows.filter(([, value]) => value !== text)).toEqual([]);
    });

    it('fails naming the query when its columns are not the ones the caller reads', async () => {
      const failure: unknown = await collect(copyQueryRows(database.db, QUERY, 'test/awkward', [AWKWARD, 7, '2011-12-09T12:50:00'], ['code', 'note', 'quantity'])).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(LgsError);
      expect((failure as LgsError).message).toBe('query test/awkward returned the columns code, quantity, note, expected code, note, quantity');
    });
  });
}

describe('COPY TO on the server', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshPostgres();
  });
  afterAll(() => database.dispose());

  it('writes a parameter with a backslash so that it reads back the same when the server does not take strings as written', async () => {
    // standard_conforming_strings off: in a plain '…' literal a backslash would start an escape.
    const url = new URL(database.location);
    url.searchParams.set('options', '-c standard_conforming_strings=off');
    const db = connectPostgres(url.toString());
    try {
      expect(await collect(copyQueryRows(db, 'SELECT $1::text AS code', 'test/backslash', [AWKWARD], ['code']))).toEqual([[AWKWARD]]);
    } finally {
      await db.close();
    }
  });

  it('leaves no read timer behind to keep the process alive once the COPY is read', async () => {
    // node-postgres arms a client-side read limit per query and disarms it through a callback COPY TO
    // never called: a process that had read a COPY stayed alive until the limit ran out (5 minutes).
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const db = connectPostgres(database.location);
    expect(await collect(copyQueryRows(db, 'SELECT 1 AS one', 'test/one', [], ['one']))).toEqual([['1']]);
    await db.close();
    // At most as many as before: a timer of an earlier test may end meanwhile (seen on a busy machine).
    expect(timers()).toBeLessThanOrEqual(before);
  });

  /** Fails instead of hanging when the database no longer answers (a connection left inside a COPY). */
  const answers = (db: Queryable) =>
    Promise.race([db.query<{ one: number }>('SELECT 1 AS one'), new Promise((_, reject) => setTimeout(() => reject(new Error('the query did not answer within 15 s')), 15_000))]);

  it('leaves the pool usable after a reader stops part-way through a large COPY (its connection is closed, not reused mid-COPY)', async () => {
    // One connection: the next query can only run on the one the COPY had.
    const db = connectPostgres(database.location, { poolSize: 1 });
    try {
      for await (const row of copyQueryRows(db, 'SELECT g AS n FROM generate_series(1, 2000000) AS g', 'test/many', [], ['n'])) {
        expect(row).toEqual(['1']);
        break;
      }
      expect(await answers(db)).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('ends a transaction whose COPY its reader left part-way with an error, not a hang', async () => {
    const db = connectPostgres(database.location, { poolSize: 1 });
    try {
      const outcome = await db
        .transaction(async (tx) => {
          for await (const row of copyQueryRows(tx, 'SELECT g AS n FROM generate_series(1, 2000000) AS g', 'test/many', [], ['n'])) {
            expect(row).toEqual(['1']);
            break;
          }
          await tx.query('SELECT 1');
        })
        .then(() => 'committed', (error: Error) => error.message);
      expect(outcome).toMatch(/COPY|closed|not queryable/i);
      expect(await answers(db)).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});
