import type { Queryable } from '../db/database.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { requireOutcomeWindow } from '../metrics/outcome-window.js';
import { activeCustomers, orderedAfter, readPurchaseHistory } from '../queries/recommend-queries.js';
import { hitRate, type HitRate } from './hit-rate.js';
import { customerNeighbourRecommender, CUSTOMER_NEIGHBOUR_DEFAULTS, type CustomerNeighbourOptions } from './customer-neighbours.js';
import { popularityRecommender } from './popularity-baseline.js';
import { RECOMMENDATION_METHOD, RECOMMENDATIONS_PER_CUSTOMER } from './recommend-customers.js';

/**
 * `lgs recommend backtest`: recommend from the orders before the cut-off, then look at the 90 days after
 * it (spec "Product recommendations"). Population: customers with an order in the 365 days before.
 */
export const BACKTEST_HORIZON_DAYS = 90;
export const BACKTEST_POPULATION_DAYS = 365;

export interface RecommendationBacktest extends HitRate {
  cutoff: LocalTimestamp;
  horizonDays: number;
  k: number;
  method: string;
  /** Customers in the population who ordered anything (merchandise) in the horizon: the ceiling. */
  orderedInHorizon: number;
  popularityBaseline: HitRate;
  /** hitRate ÷ popularityBaseline.hitRate. */
  lift: number | null;
  timingsMs: { read: number; model: number; total: number };
}

export async function backtestRecommendations(
  db: Queryable,
  cutoff: LocalTimestamp,
  options: { k?: number; model?: CustomerNeighbourOptions } = {},
): Promise<RecommendationBacktest> {
  const k = options.k ?? RECOMMENDATIONS_PER_CUSTOMER;
  const started = performance.now();
  await requireOutcomeWindow(db, 'the recommendation back-test', cutoff, BACKTEST_HORIZON_DAYS);
  const [history, population, outcome] = await Promise.all([
    readPurchaseHistory(db, cutoff),
    activeCustomers(db, cutoff, BACKTEST_POPULATION_DAYS),
    orderedAfter(db, cutoff, BACKTEST_HORIZON_DAYS),
  ]);
  const read = performance.now();
  const model = hitRate(population, await customerNeighbourRecommender(history, k, options.model ?? CUSTOMER_NEIGHBOUR_DEFAULTS), outcome);
  const baseline = hitRate(population, popularityRecommender(history, k), outcome);
  const done = performance.now();
  return {
    cutoff,
    horizonDays: BACKTEST_HORIZON_DAYS,
    k,
    method: RECOMMENDATION_METHOD,
    ...model,
    orderedInHorizon: population.filter((c) => outcome.has(c)).length,
    popularityBaseline: baseline,
    lift: model.hitRate === null || !baseline.hitRate ? null : model.hitRate / baseline.hitRate,
    timingsMs: { read: Math.round(read - started), model: Math.round(done - read), total: Math.round(done - started) },
  };
}
