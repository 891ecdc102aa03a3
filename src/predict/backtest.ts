import { mapInSlices } from '../async/time-slices.js';
import type { Queryable } from '../db/database.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { requireOutcomeWindow } from '../metrics/outcome-window.js';
import type { BgNbdParameters } from './bgnbd.js';
import { fitModelsAt, scoreCustomers } from './cutoff-models.js';
import { auc, calibrationByDecile, topDecileLift, type DecileRow } from './evaluation.js';
import { probabilityOfPurchase } from './bgnbd.js';
import { FEATURE_NAMES, LAPSE_HORIZON_DAYS } from './lapse-model.js';
import { median, meanGapNextOrderDays, populationMeanGap } from './next-order.js';
import { purchaseSummary } from './purchase-summary.js';
import { spendAccuracy, type SpendAccuracy } from './spend-evaluation.js';
import { SPEND_FEATURE_NAMES } from './spend-model.js';

/**
 * `lgs predict backtest`: fit at a past cut-off C on data before C only, score the customers at C, and
 * compare with what they did after C. Lapse (90 days): the model against recency alone and against the
 * BG/NBD; next order: median absolute error in days against last order + mean gap; spend (when a horizon
 * is given): the model against the naive and the BG/NBD × Gamma-Gamma forecasts. Deterministic.
 */
export interface ScoreQuality {
  auc: number | null;
  /** Mean squared error of the probability; null for a score that is not a probability (recency). */
  brier: number | null;
  liftTop10: number | null;
}

export interface Backtest {
  cutoff: LocalTimestamp;
  trainedOn: LocalTimestamp;
  trainingCustomers: number;
  customers: number;
  ordered: number;
  seasonRatio: number;
  model: ScoreQuality & { calibrationGap: number; calibration: DecileRow[]; coefficients: Record<string, number> };
  recencyBaseline: ScoreQuality;
  bgnbd: ScoreQuality & { calibrationGap: number; calibration: DecileRow[]; parameters: BgNbdParameters };
  nextOrder: {
    customers: number;
    model: { medianAbsoluteErrorDays: number | null };
    lastOrderPlusMeanGap: { medianAbsoluteErrorDays: number | null };
    /** Of those the model called "unlikely within 90 days", the share who did not order. */
    unlikelyCorrect: number | null;
  };
  spend?: {
    horizonDays: number;
    trainedOn: LocalTimestamp;
    trainingDays: number;
    scale: number;
    seasonalScale: boolean;
    actualTotal: number;
    model: SpendAccuracy & { coefficients: Record<string, number> };
    naive: SpendAccuracy;
    bgnbdGammaGamma: SpendAccuracy & { parameters: { p: number; q: number; gamma: number } };
    /** Whether the model beats both baselines on MAE, Spearman and top-decile share with the total within ±15 %. */
    modelPasses: boolean;
  };
}

export const brier = (p: readonly number[], y: readonly boolean[]) => p.reduce((s, v, i) => s + (v - (y[i] ? 1 : 0)) ** 2, 0) / p.length;

/** Mean absolute gap between mean predicted and observed rate over the ten deciles (a fraction). */
export function calibrationGap(rows: readonly DecileRow[]): number {
  return rows.reduce((s, r) => s + Math.abs(r.meanPredicted - r.observedRate), 0) / rows.length;
}

const named = (names: readonly string[], coefficients: readonly number[]) =>
  Object.fromEntries([['intercept', coefficients[0]!], ...names.map((name, i) => [name, coefficients[i + 1]!])]);

/** The spec's goal for the spend model. */
export function spendModelPasses(model: SpendAccuracy, naive: SpendAccuracy, bg: SpendAccuracy): boolean {
  const better = (m: number | null, a: number | null, b: number | null) => m !== null && (a === null || m > a) && (b === null || m > b);
  return (
    model.mae < naive.mae && model.mae < bg.mae && better(model.spearman, naive.spearman, bg.spearman) &&
    better(model.topDecileShare, naive.topDecileShare, bg.topDecileShare) && model.totalRatio !== null && Math.abs(model.totalRatio - 1) <= 0.15
  );
}

export async function backtest(db: Queryable, cutoff: LocalTimestamp, spendHorizonDays?: number): Promise<Backtest> {
  await requireOutcomeWindow(db, 'the prediction back-test', cutoff, Math.max(LAPSE_HORIZON_DAYS, spendHorizonDays ?? 0));
  const models = await fitModelsAt(db, cutoff, spendHorizonDays ?? 365);
  const scores = await scoreCustomers(models);
  const customers = models.customers;
  // customer_history counts outcomes over max(horizon, 90) days; the lapse outcome is the first 90.
  const ordered = customers.map((c) => c.next_order_days !== null && c.next_order_days < LAPSE_HORIZON_DAYS);
  const p = scores.map((s) => s.probability90d);
  const bg = await mapInSlices(customers, (c) => probabilityOfPurchase(models.bgnbd.parameters, purchaseSummary(c), LAPSE_HORIZON_DAYS));
  const recency = customers.map((c) => -c.recency_days);
  const calibration = calibrationByDecile(p, ordered);
  const bgCalibration = calibrationByDecile(bg, ordered);

  const meanGap = populationMeanGap(customers);
  const orderers = customers.map((c, i) => ({ c, s: scores[i]! })).filter(({ c }) => c.next_order_days !== null && c.next_order_days < LAPSE_HORIZON_DAYS);
  const unlikely = scores.map((s, i) => ({ s, did: ordered[i]! })).filter(({ s }) => s.nextOrderDays === null);

  const result: Backtest = {
    cutoff,
    trainedOn: models.lapseTrainedOn,
    trainingCustomers: models.lapseTrainingCustomers,
    customers: customers.length,
    ordered: ordered.filter(Boolean).length,
    seasonRatio: models.seasonRatio,
    model: {
      auc: auc(p, ordered), brier: brier(p, ordered), liftTop10: topDecileLift(p, ordered), calibrationGap: calibrationGap(calibration), calibration,
      coefficients: named(FEATURE_NAMES, models.lapse.coefficients),
    },
    recencyBaseline: { auc: auc(recency, ordered), brier: null, liftTop10: topDecileLift(recency, ordered) },
    bgnbd: {
      auc: auc(bg, ordered), brier: brier(bg, ordered), liftTop10: topDecileLift(bg, ordered), calibrationGap: calibrationGap(bgCalibration), calibration: bgCalibration,
      parameters: models.bgnbd.parameters,
    },
    nextOrder: {
      customers: orderers.length,
      model: { medianAbsoluteErrorDays: median(orderers.map(({ c, s }) => Math.abs(s.nextOrderDaysIfAny - c.next_order_days!))) },
      lastOrderPlusMeanGap: { medianAbsoluteErrorDays: median(orderers.map(({ c }) => Math.abs(meanGapNextOrderDays(c, meanGap) - c.next_order_days!))) },
      unlikelyCorrect: unlikely.length === 0 ? null : unlikely.filter(({ did }) => !did).length / unlikely.length,
    },
  };
  if (spendHorizonDays !== undefined) {
    const actual = customers.map((c) => c.future_spend);
    const model = spendAccuracy(scores.map((s) => s.spend.model), actual);
    const naive = spendAccuracy(scores.map((s) => s.spend.naive), actual);
    const bgnbdGammaGamma = spendAccuracy(scores.map((s) => s.spend.bgnbdGammaGamma), actual);
    result.spend = {
      horizonDays: spendHorizonDays,
      trainedOn: models.spend.trainedOn,
      trainingDays: models.spend.trainingDays,
      scale: models.spend.scale,
      seasonalScale: models.spend.seasonal,
      actualTotal: actual.reduce((a, b) => a + b, 0),
      model: { ...model, coefficients: named(SPEND_FEATURE_NAMES, models.spend.model.fit.coefficients) },
      naive,
      bgnbdGammaGamma: { ...bgnbdGammaGamma, parameters: models.gammaGamma.parameters },
      modelPasses: spendModelPasses(model, naive, bgnbdGammaGamma),
    };
  }
  return result;
}
