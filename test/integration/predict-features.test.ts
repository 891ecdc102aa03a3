import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlFile } from '../../src/queries/sql-files.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED } from '../support/fixtures.js';

/**
 * The prediction's features (what was known at a cut-off) and outcomes (what happened after it), from
 * sql/predict/customer_history.sql (what the lapse and spend models learn from) on test/fixtures/hand-computed.csv, computed by hand. A look-ahead leak
 * (an order at or after the cut-off counted as known, or one before it as an outcome) fails these.
 *
 * Order invoices with a customer (cancellations never count here):
 *   101: 500001 Sat 2011-01-01 10:00 £40; 500007 2011-02-02 10:00 £30; 500014 2011-03-01 09:00 £30
 *   102: 500008 2011-02-14 16:30 £229.50     103: 500002 2011-01-05 11:00 £50; 500011 2011-03-04 10:00 £30
 *   104: 500006 2011-01-20 14:00 £24         105: 500010 2011-02-21 £0 (monetary 0: never a row)
 *   106: 500012 2011-03-08 15:00 £10
 */
const COLUMNS = ['customer_id', 'recency_days', 'tenure_days', 'frequency', 'monetary', 'orders_last_90', 'future_orders', 'future_spend'] as const;

let database: TestDatabase;
beforeAll(async () => {
  database = await freshPostgres();
  await loadFile(database.db, HAND_COMPUTED);
});
afterAll(() => database?.dispose());

async function features(cutoff: string, horizonDays: number): Promise<number[][]> {
  const rows = await database.db.query(sqlFile('predict/customer_history'), [cutoff, horizonDays], 'predict/customer_history');
  return rows.map((row) => COLUMNS.map((column) => Number(row[column])));
}

describe('customer features and outcomes at a cut-off', () => {
  it('knows only the orders before the cut-off and counts the ones in the horizon after it', async () => {
    // Cut-off 2011-02-15, 90 days (to 2011-05-16). 102's cancellation on the 15th is no order.
    //        id   recency  tenure  freq  monetary  last 90  future orders, spend
    expect(await features('2011-02-15T00:00:00', 90)).toEqual([
      [101, 13, 45, 2, 70, 2, 1, 30],
      [102, 1, 1, 1, 229.5, 1, 0, 0],
      [103, 41, 41, 1, 50, 1, 1, 30],
      [104, 26, 26, 1, 24, 1, 0, 0],
    ]);
  });

  it('counts an order placed at the cut-off instant as an outcome, not as known', async () => {
    // Cut-off 2011-02-02T10:00:00, 101's second order's instant: 101 is known by its first order only.
    // Horizon 27 days ends 2011-03-01T10:00:00, after 500014 (09:00): two future orders.
    expect(await features('2011-02-02T10:00:00', 27)).toEqual([
      [101, 32, 32, 1, 40, 1, 2, 60],
      [103, 28, 28, 1, 50, 1, 0, 0],
      [104, 13, 13, 1, 24, 1, 0, 0],
    ]);
  });

  it('ends the horizon before its last instant', async () => {
    // 26 days end 2011-02-28T10:00:00: 500014 on 1 March is outside.
    const [first] = await features('2011-02-02T10:00:00', 26);
    expect(first).toEqual([101, 32, 32, 1, 40, 1, 1, 30]);
  });

  it('counts the orders of the last 90 days from the cut-off\'s instant, and leaves out customers with monetary 0', async () => {
    // Cut-off 2011-04-05: 90 days back is 2011-01-05T00:00, so 101's 1 January order is older, 103's of the 5th is not.
    expect(await features('2011-04-05T00:00:00', 90)).toEqual([
      [101, 35, 94, 3, 100, 2, 0, 0],
      [102, 50, 50, 1, 229.5, 1, 0, 0],
      [103, 32, 90, 2, 80, 2, 0, 0],
      [104, 75, 75, 1, 24, 1, 0, 0],
      [106, 28, 28, 1, 10, 1, 0, 0],
    ]);
  });
});
