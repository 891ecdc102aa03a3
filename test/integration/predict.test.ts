import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentGrid } from '../../src/metrics/rfm-segments.js';
import { backtest, ensurePredictions, predictCustomers } from '../../src/predict/predict-customers.js';
import { rfmCustomers } from '../../src/queries/metric-queries.js';
import { expectedLapses } from '../../src/queries/predict-queries.js';
import { customersCsv } from '../../src/report/customer-csv.js';
import { contactFirst } from '../../src/report/segment-brief.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { SAMPLE } from '../support/fixtures.js';

/** On the committed sample: shapes and determinism, not tuned numbers (those are in docs/prediction.md). */
let database: TestDatabase;
beforeAll(async () => {
  database = await freshPostgres();
  await loadFile(database.db, SAMPLE);
});
afterAll(() => database.dispose());

describe('lapse prediction on the sample', () => {
  it('back-tests deterministically for a fixed cut-off', async () => {
    expect(await backtest(database.db, '2011-09-01T00:00:00')).toEqual(await backtest(database.db, '2011-09-01T00:00:00'));
  });

  it('reports AUC, lift and a ten-row calibration table over every customer at the cut-off', async () => {
    const result = await backtest(database.db, '2011-09-01T00:00:00');
    expect(result.model.calibration).toHaveLength(10);
    expect(result.model.calibration.reduce((sum, d) => sum + d.customers, 0)).toBe(result.customers);
    expect(result.model.auc).toBeGreaterThan(0.5);
    expect(result.recencyBaseline.auc).not.toBeNull();
  });

  it('stores a probability and an expected spend for every scored customer', async () => {
    const prediction = await predictCustomers(database.db, '2011-12-09T00:00:00');
    const [stored] = await database.db.query<{ n: number; bad: number }>(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE order_probability_90d NOT BETWEEN 0 AND 1 OR expected_spend_12m < 0)::int AS bad FROM customer_prediction WHERE as_of = '2011-12-09'",
    );
    expect(stored).toEqual({ n: prediction.customers, bad: 0 });
    const [rfm] = await database.db.query<{ n: number }>("SELECT count(*)::int AS n FROM rfm_scores('2011-12-09')");
    expect(prediction.customers).toBe(rfm!.n);
  });

  it('fills the two prediction columns of the segment CSVs', async () => {
    await predictCustomers(database.db, '2011-12-09T00:00:00');
    const rows = await rfmCustomers(database.db, '2011-12-09T00:00:00', segmentGrid());
    const [, first] = customersCsv(rows.map((row) => ({ ...row, entered: false, group: 'target' as const }))).split('\r\n');
    expect(first).toMatch(/,0\.\d{4},\d+\.\d{2},false,target$/);
  });

  it('puts the most revenue at risk first in the contact list', async () => {
    await predictCustomers(database.db, '2011-12-09T00:00:00');
    const list = contactFirst(await rfmCustomers(database.db, '2011-12-09T00:00:00', segmentGrid()));
    expect(list).toHaveLength(10);
    for (let i = 1; i < list.length; i++) expect(list[i - 1]!.valueAtRisk).toBeGreaterThanOrEqual(list[i]!.valueAtRisk);
  });

  it('counts the expected lapses among customers who ordered in the last 90 days', async () => {
    await predictCustomers(database.db, '2011-12-09T00:00:00');
    const lapses = await expectedLapses(database.db, '2011-12-09T00:00:00');
    expect(lapses!.recent_customers).toBeGreaterThan(0);
    expect(lapses!.expected_lapses).toBeGreaterThan(0);
    expect(lapses!.expected_lapses).toBeLessThan(lapses!.recent_customers);
  });

  it('goes without predictions when there is too little history before the as-of', async () => {
    expect(await ensurePredictions(database.db, '2010-01-15T00:00:00')).toBe(false);
  });

  it('replaces the scores of an as-of when run again', async () => {
    await predictCustomers(database.db, '2011-12-09T00:00:00');
    const again = await predictCustomers(database.db, '2011-12-09T00:00:00');
    const [stored] = await database.db.query<{ n: number }>("SELECT count(*)::int AS n FROM customer_prediction WHERE as_of = '2011-12-09'");
    expect(stored!.n).toBe(again.customers);
  });
});
