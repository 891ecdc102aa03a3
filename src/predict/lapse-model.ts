import type { CustomerHistory, CustomerList } from '../queries/predict-queries.js';
import { probabilityAlive, probabilityOfPurchase, type BgNbdParameters } from './bgnbd.js';
import { fitGlm, predict, type GlmFit } from './glm.js';
import { purchaseSummary } from './purchase-summary.js';

/**
 * Who will order in the next 90 days: a logistic regression on RFM features and the BG/NBD's own view of
 * each customer, learnt from the warehouse's history (features at cut-off − 90 days, outcomes up to the
 * cut-off), with the season of the scored window modelled by a ratio learnt from the year before:
 *
 *   ρ = customers ordering in the scored window's dates one year earlier
 *       ÷ customers ordering in the training window's dates one year earlier
 *
 * ρ enters twice. The BG/NBD feature is computed over an operational window of 90·ρ days (a busier season
 * is a longer stretch of purchase time), and the regression's probability is stretched the same way,
 * P' = 1 − (1 − P)^ρ: the chance of no order in a window ρ times as busy, if orders arrive as a Poisson
 * process. With ρ = 1 (no year of history) both are the plain model. Pure.
 */
export const MODEL_NAME = 'glm-bgnbd-seasonal-v2';
export const FEATURE_NAMES = [
  'log(1+recency days)', 'log(1+orders)', 'log(1+monetary)', 'log(1+tenure days)', 'log(1+orders in last 90 days)',
  'logit BG/NBD P(order in window)', 'logit BG/NBD P(alive)', 'log(1+purchase days)', 'log(1+spend in last 90 days)',
] as const;
export const LAPSE_HORIZON_DAYS = 90;

const logit = (p: number) => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};

export function featureVector(c: CustomerHistory, bgnbd: BgNbdParameters, seasonRatio = 1): number[] {
  const summary = purchaseSummary(c);
  return [
    Math.log1p(c.recency_days), Math.log1p(c.frequency), Math.log1p(Math.max(0, c.monetary)), Math.log1p(c.tenure_days), Math.log1p(c.orders_last_90),
    logit(probabilityOfPurchase(bgnbd, summary, LAPSE_HORIZON_DAYS * seasonRatio)), logit(probabilityAlive(bgnbd, summary)),
    Math.log1p(c.purchase_days), Math.log1p(Math.max(0, c.spend_last_90)),
  ];
}

/** Fits on customers at a training cut-off whose outcome is an order in the 90 days after it. */
export function fitLapseModel(training: CustomerList, bgnbd: BgNbdParameters): Promise<GlmFit> {
  return fitGlm(training.map((c) => featureVector(c, bgnbd)), training.map((c) => (c.future_orders > 0 ? 1 : 0)), 'logistic');
}

/** P(at least one order in the 90 days after the scoring cut-off), for a window ρ times as busy as training's. */
export function orderProbability(fit: GlmFit, c: CustomerHistory, bgnbd: BgNbdParameters, seasonRatio: number): number {
  const p = predict(fit, featureVector(c, bgnbd, seasonRatio));
  return 1 - Math.pow(1 - p, seasonRatio);
}

/** ρ from two customer counts; 1 when the year before is not in the data (nothing to learn the season from). */
export function seasonRatio(scoredWindowYearBefore: number | null, trainingWindowYearBefore: number | null): number {
  if (!scoredWindowYearBefore || !trainingWindowYearBefore) return 1;
  return scoredWindowYearBefore / trainingWindowYearBefore;
}
