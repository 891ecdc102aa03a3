import type { Queryable } from '../db/database.js';
import { addDays, type LocalTimestamp } from '../metrics/as-of.js';
import { InsufficientHistoryError, UncoveredWindowError } from '../errors.js';
import { replacePredictions } from '../queries/predict-queries.js';
import { backtest } from './backtest.js';
import { fitModelsAt, scoreCustomers, type CustomerScores } from './cutoff-models.js';
import { FEATURE_NAMES, MODEL_NAME } from './lapse-model.js';

/**
 * `lgs predict` (and the load job after each load): fit every model at the as-of on the data before it,
 * score every RFM customer, store the scores with a run row. The 12-month spend stored is the model's only
 * when the model passed its own back-test at as-of − 365 days (the latest cut-off whose year is observed);
 * otherwise it is the naive figure (spend in the 365 days before the as-of), and the run says so.
 */
export const PROBABILITY_HORIZON_DAYS = 90;
export const SPEND_HORIZON_DAYS = 365;

export type SpendMethod = 'model' | 'naive';

export interface Prediction {
  asOf: LocalTimestamp;
  model: string;
  customers: number;
  expectedOrderers90d: number;
  expectedSpend12m: number;
  spendMethod: SpendMethod;
  spendNote: string;
  seasonRatio: number;
  coefficients: Record<string, number>;
  scores: (CustomerScores & { expectedNextOrder: string | null })[];
}

/** Which spend figure the reports may show, from the spend back-test one horizon before the as-of. */
export async function chooseSpendMethod(db: Queryable, asOf: LocalTimestamp): Promise<{ method: SpendMethod; note: string }> {
  const cutoff = addDays(asOf, -SPEND_HORIZON_DAYS);
  try {
    const result = await backtest(db, cutoff, SPEND_HORIZON_DAYS);
    const spend = result.spend!;
    const summary = `back-test at ${cutoff.slice(0, 10)}: model MAE £${spend.model.mae.toFixed(0)}, total ${(spend.model.totalRatio ?? 0).toFixed(2)}× actual`;
    return spend.modelPasses
      ? { method: 'model', note: `12-month spend from the spend model (${summary}; beats both baselines)` }
      : { method: 'naive', note: `12-month spend is the naive figure, spend in the last 365 days: the spend model did not pass its ${summary}` };
  } catch (error) {
    // An as-of beyond the data's end (by hand, `lgs predict --as-of`): the year after the back-test's
    // cut-off is not all in the data, so the back-test cannot judge the model, and the naive figure stands.
    if (error instanceof UncoveredWindowError) {
      return { method: 'naive', note: `12-month spend is the naive figure, spend in the last 365 days: the data does not reach the end of the spend model's back-test (${error.message})` };
    }
    if (!(error instanceof InsufficientHistoryError)) throw error;
    return { method: 'naive', note: `12-month spend is the naive figure, spend in the last 365 days: too little history to back-test the spend model (${error.message})` };
  }
}

export async function predictCustomers(db: Queryable, asOf: LocalTimestamp): Promise<Prediction> {
  const models = await fitModelsAt(db, asOf, SPEND_HORIZON_DAYS);
  const { method, note } = await chooseSpendMethod(db, asOf);
  const scores = (await scoreCustomers(models)).map((s) => ({
    ...s,
    expectedNextOrder: s.nextOrderDays === null ? null : addDays(asOf, s.nextOrderDays).slice(0, 10),
  }));
  const spendOf = (s: CustomerScores) => Math.round((method === 'model' ? s.spend.model : s.spend.naive) * 100) / 100;
  await replacePredictions(
    db,
    asOf,
    scores.map((s) => ({ customerId: s.customerId, probability: s.probability90d, spend: spendOf(s), nextOrder: s.expectedNextOrder })),
    { model: MODEL_NAME, spendMethod: method, spendNote: note },
  );
  return {
    asOf,
    model: MODEL_NAME,
    customers: scores.length,
    expectedOrderers90d: scores.reduce((sum, s) => sum + s.probability90d, 0),
    expectedSpend12m: Math.round(scores.reduce((sum, s) => sum + spendOf(s), 0) * 100) / 100,
    spendMethod: method,
    spendNote: note,
    seasonRatio: models.seasonRatio,
    coefficients: Object.fromEntries([['intercept', models.lapse.coefficients[0]!], ...FEATURE_NAMES.map((name, i) => [name, models.lapse.coefficients[i + 1]!])]),
    scores,
  };
}

/**
 * For the load job: score the as-of when there is enough history, and say so when there is not (reports
 * then print without predictions). Never called while printing a report.
 */
export async function predictIfPossible(db: Queryable, asOf: LocalTimestamp): Promise<Prediction | InsufficientHistoryError> {
  try {
    return await predictCustomers(db, asOf);
  } catch (error) {
    if (error instanceof InsufficientHistoryError) return error;
    throw error;
  }
}
