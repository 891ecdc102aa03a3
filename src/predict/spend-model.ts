import type { CustomerHistory, CustomerList } from '../queries/predict-queries.js';
import { expectedPurchases, type BgNbdParameters } from './bgnbd.js';
import { expectedPurchaseValue, type GammaGammaParameters, type SpendSummary } from './gamma-gamma.js';
import { fitGlm, predict, type GlmFit } from './glm.js';
import { purchaseSummary } from './purchase-summary.js';

/**
 * Expected spend over a horizon after a cut-off. Three methods, all fitted on data before the cut-off:
 *
 * - model: quasi-Poisson regression (log link) of the spend in the h days after a training cut-off on
 *   features known at it, h = min(horizon, 183 days) so that a year of data is enough to learn it; the
 *   prediction is scaled to the horizon by the season ratio (spend in the horizon's dates one year earlier ÷
 *   spend in the training window's dates one year earlier), or by horizon/h when the data does not reach
 *   back that far;
 * - naive: spend in the 365 days before the cut-off × horizon/365;
 * - BG/NBD × Gamma-Gamma: expected purchase days in the horizon × expected value per purchase day.
 * Pure.
 */
export const SPEND_TRAINING_DAYS = 183;
export const SPEND_FEATURE_NAMES = [
  'log(1+recency days)', 'log(1+orders)', 'log(1+monetary)', 'log(1+tenure days)', 'log(1+spend in last 90 days)',
  'log(1+spend in last 365 days)', 'log(1+purchase days)', 'log(1+orders in last 90 days)',
] as const;

const log1pPositive = (v: number) => Math.log1p(Math.max(0, v));

export function spendFeatures(c: CustomerHistory): number[] {
  return [
    Math.log1p(c.recency_days), Math.log1p(c.frequency), log1pPositive(c.monetary), Math.log1p(c.tenure_days), log1pPositive(c.spend_last_90),
    log1pPositive(c.spend_last_365), Math.log1p(c.purchase_days), Math.log1p(c.orders_last_90),
  ];
}

export interface SpendModel {
  fit: GlmFit;
  /** Outcomes are divided by this (the mean) so Newton's steps stay well scaled; predictions multiply back. */
  unit: number;
}

/** Fits on customers at a training cut-off whose outcome is their (non-negative) spend in the h days after. */
export async function fitSpendModel(training: CustomerList): Promise<SpendModel> {
  const outcomes = training.map((c) => Math.max(0, c.future_spend));
  const unit = outcomes.reduce((a, b) => a + b, 0) / outcomes.length || 1;
  return { fit: await fitGlm(training.map(spendFeatures), outcomes.map((y) => y / unit), 'poisson'), unit };
}

export function modelSpend(model: SpendModel, c: CustomerHistory, scale: number): number {
  return model.unit * predict(model.fit, spendFeatures(c)) * scale;
}

export function naiveSpend(c: CustomerHistory, horizonDays: number): number {
  return (Math.max(0, c.spend_last_365) * horizonDays) / 365;
}

/** The Gamma-Gamma input of a customer: repeat purchase days and their mean value (null when none usable). */
export function spendSummary(c: CustomerHistory): SpendSummary | null {
  const x = c.purchase_days - 1;
  return x >= 1 && c.repeat_mean_value !== null && c.repeat_mean_value > 0 ? { x, meanValue: c.repeat_mean_value } : null;
}

export function bgnbdGammaGammaSpend(c: CustomerHistory, bgnbd: BgNbdParameters, gammaGamma: GammaGammaParameters, horizonDays: number): number {
  const summary = spendSummary(c);
  const value = summary ? expectedPurchaseValue(gammaGamma, summary.x, summary.meanValue) : expectedPurchaseValue(gammaGamma, 0, 0);
  return expectedPurchases(bgnbd, purchaseSummary(c), horizonDays) * value;
}
