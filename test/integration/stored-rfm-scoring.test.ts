import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database, Queryable } from '../../src/db/database.js';
import { movementStart } from '../../src/campaigns/segment-movement.js';
import { collectMetrics, resolveAsOf } from '../../src/metrics/collect-metrics.js';
import { rfmInstants } from '../../src/metrics/rfm-instants.js';
import { segmentGrid } from '../../src/metrics/rfm-segments.js';
import { segmentsAndMovement } from '../../src/queries/campaign-queries.js';
import { storeRfmScoring } from '../../src/queries/metric-queries.js';
import { loadFile } from '../../src/warehouse/load.js';
import { ENGINES, type TestDatabase } from '../support/databases.js';
import { readWithout, sampleInTwoLoads } from '../support/sample-in-two-loads.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

/**
 * RFM scorings stored after a load (migration 0015) give exactly what scoring live gives, and are never
 * read once a later load may have changed them. The warehouse: the committed sample in two loads
 * (sampleInTwoLoads), the second changing the scores at the first one's as-of.
 */
const { before, heldAgain, after } = sampleInTwoLoads('rfm');

async function storeDefaults(db: Database): Promise<string> {
  const asOf = await resolveAsOf(db);
  for (const instant of rfmInstants(asOf)) await storeRfmScoring(db, instant, movementStart(instant));
  return asOf;
}

/** What a reader gets with no stored scoring at all. */
const live = <T>(db: Database, read: (reader: Queryable) => Promise<T>): Promise<T> => readWithout(db, 'DELETE FROM rfm_scoring', read);

const scores = (db: Database, asOf: string) =>
  db.query('SELECT customer_id, recency_days, frequency, monetary::text AS monetary, r, f, m FROM rfm_scores($1) ORDER BY customer_id', [asOf]);
const liveScores = (db: Database, asOf: string) =>
  db.query('SELECT customer_id, recency_days, frequency, monetary::text AS monetary, r, f, m FROM rfm_scores_live($1) ORDER BY customer_id', [asOf]);

describe.each(Object.entries(ENGINES))('stored RFM scorings (%s)', (_engine, open) => {
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

  it('are stored at the data as-of and the end of its last complete week, each compared with its movement start', async () => {
    const rows = await db.query<{ as_of: string; movement_from: string | null }>(
      `SELECT to_char(as_of, 'YYYY-MM-DD"T"HH24:MI:SS') AS as_of, to_char(movement_from, 'YYYY-MM-DD"T"HH24:MI:SS') AS movement_from
       FROM rfm_scoring ORDER BY as_of`,
    );
    const instants = rfmInstants(asOf);
    expect(rows.map((row) => row.as_of)).toEqual([...instants].sort());
    for (const end of [instants[1]!, instants[3]!]) {
      expect(rows.find((row) => row.as_of === end)?.movement_from).toBe(movementStart(end));
    }
  });

  // Planned for one row a stored instant, the join of a scoring with the one it is compared with was a nested
  // loop over every pair of customers: 5 minutes at 10× the real data (migration 0017).
  it('the planner knows how many customers each stored scoring holds', async () => {
    for (const instant of rfmInstants(asOf)) {
      const [{ customers }] = (await db.query<{ customers: number }>('SELECT count(*)::int AS customers FROM rfm_scoring_customer WHERE as_of = $1', [instant])) as [{ customers: number }];
      const [{ 'QUERY PLAN': plan }] = (await db.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
        `EXPLAIN (FORMAT JSON) SELECT * FROM rfm_scoring_customer WHERE as_of = '${instant}'::timestamp`,
      )) as [{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }];
      expect(plan[0].Plan['Plan Rows']).toBeGreaterThan(customers / 2);
    }
  });

  it('rfm_scores() returns the stored customers exactly as the live scoring', async () => {
    for (const instant of rfmInstants(asOf)) expect(await scores(db, instant)).toEqual(await liveScores(db, instant));
  });

  it('every metric at the data as-of equals the metrics scored live', async () => {
    expect(await collectMetrics(db, asOf)).toEqual(await live(db, (reader) => collectMetrics(reader, asOf)));
  });

  it('the segment table and movement at the last complete week equal those scored live', async () => {
    const end = rfmInstants(asOf)[3]!;
    const read = (reader: Queryable) => segmentsAndMovement(reader, end, movementStart(end), segmentGrid());
    expect(await read(db)).toEqual(await live(db, read));
  });

  it('a movement compared with an instant that was not stored is counted from the scorings', async () => {
    const end = rfmInstants(asOf)[1]!;
    const unusual = movementStart(movementStart(end));
    const read = (reader: Queryable) => segmentsAndMovement(reader, end, unusual, segmentGrid());
    expect(await read(db)).toEqual(await live(db, read));
  });

  it('a load that adds no lines leaves them current (it changes nothing they were scored from)', async () => {
    const summary = await loadFile(db, heldAgain);
    expect(summary.newLines).toBe(0);
    const rows = await db.query<{ current: boolean }>('SELECT rfm_scoring_current(as_of) AS current FROM rfm_scoring');
    expect(rows.map((row) => row.current)).toEqual(rfmInstants(asOf).map(() => true));
  });

  it('after a later load the stored scorings are not read: results are those of the new lines', async () => {
    const stale = await collectMetrics(db, asOf);
    await loadFile(db, after);
    const [current] = await db.query<{ current: boolean }>('SELECT rfm_scoring_current($1) AS current', [asOf]);
    expect(current?.current).toBe(false);
    const now = await collectMetrics(db, asOf);
    expect(now).toEqual(await live(db, (reader) => collectMetrics(reader, asOf)));
    expect(now.rfm).not.toEqual(stale.rfm);
  });

  it('storing after that load replaces every scoring of the warehouse before it', async () => {
    const latest = await storeDefaults(db);
    const [row] = await db.query<{ loads: number; stale_customers: number; stale_cells: number; stale_moves: number }>(
      `SELECT (SELECT count(DISTINCT load_id)::int FROM rfm_scoring) AS loads,
              (SELECT count(*)::int FROM rfm_scoring_customer WHERE as_of NOT IN (SELECT as_of FROM rfm_scoring)) AS stale_customers,
              (SELECT count(*)::int FROM rfm_scoring_cell WHERE as_of NOT IN (SELECT as_of FROM rfm_scoring)) AS stale_cells,
              (SELECT count(*)::int FROM rfm_scoring_move WHERE as_of NOT IN (SELECT as_of FROM rfm_scoring)) AS stale_moves`,
    );
    expect(row).toEqual({ loads: 1, stale_customers: 0, stale_cells: 0, stale_moves: 0 });
    expect(await collectMetrics(db, latest)).toEqual(await live(db, (reader) => collectMetrics(reader, latest)));
  });
});
