import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { SAMPLE } from '../support/fixtures.js';

/** `lgs load` scores the customers (the ingest job); `lgs predict backtest` prints the agreed JSON. */
let database: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  database = await freshPostgres();
  env = { DATABASE_URL: database.location };
});
afterAll(() => database.dispose());

describe('lgs load and lgs predict backtest', () => {
  it('scores every customer as part of the load, so reports find scores without computing them', async () => {
    expect((await runCli(['load', SAMPLE], env)).code).toBe(0);
    const [run] = await database.db.query<{ as_of: string; customers: number }>(
      "SELECT to_char(r.as_of, 'YYYY-MM-DD') AS as_of, (SELECT count(*)::int FROM customer_prediction p WHERE p.as_of = r.as_of) AS customers FROM prediction_run r",
    );
    const [rfm] = await database.db.query<{ n: number }>("SELECT count(*)::int AS n FROM rfm_scores('2011-12-09')");
    // The default as-of: the day after the sample's last invoice (8 Dec 2011).
    expect(run).toEqual({ as_of: '2011-12-09', customers: rfm!.n });
  });

  it('prints model, recencyBaseline, bgnbd and spend with the agreed measures as JSON', async () => {
    const result = await runCli(['predict', 'backtest', '--cutoff', '2011-09-01', '--horizon-days', '90', '--json'], env);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, Record<string, unknown>>;
    for (const key of ['model', 'recencyBaseline', 'bgnbd']) expect(Object.keys(json[key]!)).toEqual(expect.arrayContaining(['auc', 'brier', 'liftTop10']));
    expect(typeof json.model!.calibrationGap).toBe('number');
    const spend = json.spend as Record<string, Record<string, unknown>>;
    for (const key of ['model', 'naive', 'bgnbdGammaGamma']) expect(Object.keys(spend[key]!)).toEqual(expect.arrayContaining(['mae', 'spearman', 'totalRatio', 'topDecileShare']));
  });

  it('refuses a spend horizon shorter than the 90-day outcome window, naming the option', async () => {
    const result = await runCli(['predict', 'backtest', '--cutoff', '2011-09-01', '--horizon-days', '30'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--horizon-days "30" must be a whole number of days from 90 to 730');
  });
});
