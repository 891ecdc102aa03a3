import type { Queryable } from '../db/database.js';
import { addDays, type LocalTimestamp } from '../metrics/as-of.js';
import { InsufficientHistoryError } from '../errors.js';
import { customerFeatures, predictionCount, replacePredictions, type CustomerFeatures } from '../queries/predict-queries.js';
import { auc, calibrationByDecile, topDecileLift, type DecileRow } from './evaluation.js';
import { predict } from './glm.js';
import { featureVector, fitOrderCount, fitOrderProbability, FEATURE_NAMES, MODEL_NAME, scoreCustomers, type CustomerScore } from './lapse-model.js';

/** `lgs predict`: learn from the year before the as-of, score every customer at it, store the scores. */
export const PROBABILITY_HORIZON_DAYS = 90;
export const SPEND_HORIZON_DAYS = 365;

export interface Prediction {
  asOf: LocalTimestamp;
  model: string;
  customers: number;
  expectedOrderers90d: number;
  expectedSpend12m: number;
  coefficients: { probability: Record<string, number>; orders12m: Record<string, number> };
  scores: CustomerScore[];
}

const named = (coefficients: readonly number[]) =>
  Object.fromEntries([['intercept', coefficients[0]!], ...FEATURE_NAMES.map((name, i) => [name, coefficients[i + 1]!])]);

/** Fewer customers than this at a training cut-off, or all with one outcome, and nothing can be learnt. */
const MINIMUM_TRAINING_CUSTOMERS = 30;

function checkTraining(rows: readonly CustomerFeatures[], cutoff: LocalTimestamp, what: string): void {
  const ordered = rows.filter((r) => r.future_orders > 0).length;
  if (rows.length < MINIMUM_TRAINING_CUSTOMERS || ordered === 0 || ordered === rows.length) {
    throw new InsufficientHistoryError(
      `not enough history to learn ${what}: ${rows.length} customers at ${cutoff}, ${ordered} of them ordered afterwards (need ${MINIMUM_TRAINING_CUSTOMERS} and both outcomes)`,
      { cutoff, customers: rows.length, ordered },
    );
  }
}

export async function predictCustomers(db: Queryable, asOf: LocalTimestamp): Promise<Prediction> {
  const [train90, train365, current] = await Promise.all([
    customerFeatures(db, addDays(asOf, -PROBABILITY_HORIZON_DAYS), PROBABILITY_HORIZON_DAYS),
    customerFeatures(db, addDays(asOf, -SPEND_HORIZON_DAYS), SPEND_HORIZON_DAYS),
    customerFeatures(db, asOf, PROBABILITY_HORIZON_DAYS),
  ]);
  checkTraining(train90, addDays(asOf, -PROBABILITY_HORIZON_DAYS), 'the 90-day order probability');
  checkTraining(train365, addDays(asOf, -SPEND_HORIZON_DAYS), 'the 12-month order count');
  const probability = fitOrderProbability(train90);
  const orders = fitOrderCount(train365);
  const scores = scoreCustomers(current, { probability, orders });
  await replacePredictions(db, asOf, scores.map((s) => ({ customerId: s.customerId, probability: s.probability, spend: s.expectedSpend })), MODEL_NAME);
  return {
    asOf,
    model: MODEL_NAME,
    customers: scores.length,
    expectedOrderers90d: scores.reduce((sum, s) => sum + s.probability, 0),
    expectedSpend12m: Math.round(scores.reduce((sum, s) => sum + s.expectedSpend, 0) * 100) / 100,
    coefficients: { probability: named(probability.coefficients), orders12m: named(orders.coefficients) },
    scores,
  };
}

export interface Backtest {
  cutoff: LocalTimestamp;
  trainedOn: LocalTimestamp;
  customers: number;
  ordered: number;
  model: { auc: number | null; topDecileLift: number | null; calibration: DecileRow[] };
  recencyBaseline: { auc: number | null; topDecileLift: number | null };
}

/**
 * Fits on the 90 days before the cutoff (features at cutoff − 90 days, outcomes up to the cutoff), scores
 * the customers at the cutoff, and compares with what they did in the 90 days after it. The baseline ranks
 * by recency alone. Deterministic for a given cutoff.
 */
export async function backtest(db: Queryable, cutoff: LocalTimestamp): Promise<Backtest> {
  const trainedOn = addDays(cutoff, -PROBABILITY_HORIZON_DAYS);
  const [training, test] = await Promise.all([
    customerFeatures(db, trainedOn, PROBABILITY_HORIZON_DAYS),
    customerFeatures(db, cutoff, PROBABILITY_HORIZON_DAYS),
  ]);
  checkTraining(training, trainedOn, 'the 90-day order probability');
  const fit = fitOrderProbability(training);
  const scores = test.map((c) => predict(fit, featureVector(c)));
  const outcomes = test.map((c) => c.future_orders > 0);
  const recencyScores = test.map((c) => -c.recency_days);
  return {
    cutoff,
    trainedOn,
    customers: test.length,
    ordered: outcomes.filter(Boolean).length,
    model: { auc: auc(scores, outcomes), topDecileLift: topDecileLift(scores, outcomes), calibration: calibrationByDecile(scores, outcomes) },
    recencyBaseline: { auc: auc(recencyScores, outcomes), topDecileLift: topDecileLift(recencyScores, outcomes) },
  };
}

/**
 * Makes sure the as-of has stored predictions, computing them when missing. Returns false when the
 * warehouse has too little history before the as-of to learn from; reports then go without predictions.
 */
export async function ensurePredictions(db: Queryable, asOf: LocalTimestamp): Promise<boolean> {
  if ((await predictionCount(db, asOf)) > 0) return true;
  try {
    await predictCustomers(db, asOf);
    return true;
  } catch (error) {
    if (error instanceof InsufficientHistoryError) return false;
    throw error;
  }
}
