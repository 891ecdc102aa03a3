import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database, Queryable } from '../../src/db/database.js';
import { movementStart } from '../../src/campaigns/segment-movement.js';
import { resolveAsOf } from '../../src/metrics/collect-metrics.js';
import { reportInstants, rfmInstants } from '../../src/metrics/rfm-instants.js';
import { storeRfmScoring } from '../../src/queries/metric-queries.js';
import { storeReads } from '../../src/queries/stored-reads.js';
import { collectSegmentBriefData } from '../../src/report/segment-brief.js';
import { storeBriefReads } from '../../src/report/stored-brief-reads.js';
import { loadFile } from '../../src/warehouse/load.js';
import { ENGINES, freshPostgres, type TestDatabase } from '../support/databases.js';
import { readWithout, sampleInTwoLoads } from '../support/sample-in-two-loads.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

/**
 * The briefs' line aggregates stored by the scoring step (migration 0019, src/queries/stored-reads.ts) give
 * exactly the brief data read live, and are never read once a load has added lines after them. The
 * warehouse: the committed sample in two loads (sampleInTwoLoads).
 */
const { before, heldAgain, after } = sampleInTwoLoads('brief-reads');

/** What the scoring step stores after a load: the RFM scorings the briefs read, then the briefs' reads. */
async function storeDefaults(db: Database): Promise<string> {
  const asOf = await resolveAsOf(db);
  for (const instant of rfmInstants(asOf)) await storeRfmScoring(db, instant, movementStart(instant));
  await storeBriefReads(db, asOf);
  return asOf;
}

/** What a reader gets with nothing stored. */
const live = <T>(db: Database, read: (reader: Queryable) => Promise<T>): Promise<T> => readWithout(db, 'DELETE FROM stored_read', read);

const storedQueries = (db: Database) =>
  db.query<{ query: string; as_of: string; current: boolean }>(
    `SELECT query, params->>0 AS as_of, load_id = latest_data_load() AS current FROM stored_read ORDER BY 1, 2`,
  );

describe.each(Object.entries(ENGINES))('stored brief reads (%s)', (_engine, open) => {
  let warehouse: TestDatabase;
  let db: Database;
  let asOf: string;

  beforeAll(async () => {
    warehouse = await open();
    db = warehouse.db;
    await loadFile(db, before);
    asOf = await storeDefaults(db);
  });
  afterAll(async () => warehouse?.dispose());

  it('hold each segment\'s products and product pairs at the data as-of and the end of its last complete week', async () => {
    const rows = await storedQueries(db);
    const instants = reportInstants(asOf).map((instant) => instant.replace('T', ' ').slice(0, 19));
    for (const query of ['campaigns/segment_product_pairs', 'metrics/segment_products']) {
      expect(new Set(rows.filter((row) => row.query === query).map((row) => row.as_of.replace('T', ' ')))).toEqual(new Set(instants));
    }
    expect(rows.every((row) => row.current)).toBe(true);
  });

  it('the brief data read from them equals the brief data read live, at both instants', async () => {
    for (const instant of reportInstants(asOf)) {
      expect(await collectSegmentBriefData(db, instant)).toEqual(await live(db, (reader) => collectSegmentBriefData(reader, instant)));
    }
  });

  it('are read at those instants, not computed again', async () => {
    // Rows planted under a current read's key are what the brief gets: the store answered, not the lines.
    const [first] = await db.query<{ params: string }>(`SELECT params::text AS params FROM stored_read WHERE query = 'metrics/segment_products' AND params->>4 IS NULL AND params->>3 = '10' LIMIT 1`);
    expect(first).toBeDefined();
    await db.query(`UPDATE stored_read SET rows = '[]' WHERE query = 'metrics/segment_products' AND params::text = $1`, [first!.params]);
    const data = await collectSegmentBriefData(db, JSON.parse(first!.params)[0] as string);
    expect(data.products).toEqual([]);
    await storeDefaults(db);
  });

  it('a load that adds no lines leaves them current', async () => {
    expect((await loadFile(db, heldAgain)).newLines).toBe(0);
    expect((await storedQueries(db)).every((row) => row.current)).toBe(true);
  });

  it('after a load that adds lines they are not read: the briefs are those of the new lines', async () => {
    const stale = await collectSegmentBriefData(db, asOf);
    await loadFile(db, after);
    expect((await storedQueries(db)).some((row) => row.current)).toBe(false);
    const now = await collectSegmentBriefData(db, asOf);
    expect(now).toEqual(await live(db, (reader) => collectSegmentBriefData(reader, asOf)));
    expect(now.products).not.toEqual(stale.products);
  });

  it('storing after that load forgets every read of the warehouse before it', async () => {
    await storeDefaults(db);
    const rows = await storedQueries(db);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.current)).toBe(true);
  });
});

describe('stored brief reads while a load commits', () => {
  let warehouse: TestDatabase;
  beforeAll(async () => {
    warehouse = await freshPostgres();
    await loadFile(warehouse.db, before);
  });
  afterAll(async () => warehouse?.dispose());

  it('reads made before a load that added lines committed are not stored (they are stale already)', async () => {
    const db = warehouse.db;
    const asOf = await resolveAsOf(db);
    const stored = await storeReads(db, async (reader) => {
      await collectSegmentBriefData(reader, asOf);
      await loadFile(db, after);
    });
    expect(stored).toBe(0);
    expect(await db.query('SELECT 1 FROM stored_read')).toEqual([]);
  });
});
