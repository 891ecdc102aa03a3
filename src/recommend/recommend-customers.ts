import { mapInSlices } from '../async/time-slices.js';
import type { Database } from '../db/database.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { activeCustomers, readPurchaseHistory, replaceRecommendations } from '../queries/recommend-queries.js';
import { customerNeighbourRecommender, CUSTOMER_NEIGHBOUR_DEFAULTS } from './customer-neighbours.js';

/**
 * `lgs recommend`: learn from every order before the as-of, recommend k products to every customer with
 * an order before it, and store them (reports read the stored set; they never compute one).
 */
export const RECOMMENDATION_METHOD = 'customer-neighbours';
export const RECOMMENDATIONS_PER_CUSTOMER = 3;

export interface RecommendationSummary {
  asOf: LocalTimestamp;
  method: string;
  customers: number;
  /** Customers given fewer than k products (only when fewer unowned candidates exist). */
  customersWithFewer: number;
  /** The products recommended to most customers, with how many. */
  mostRecommended: { stockCode: string; customers: number }[];
  timingsMs: { read: number; model: number; store: number; total: number };
}

export async function recommendProducts(db: Database, asOf: LocalTimestamp, k: number = RECOMMENDATIONS_PER_CUSTOMER): Promise<RecommendationSummary> {
  const started = performance.now();
  const { recommendations, read, modelled } = await recommendEveryCustomer(db, asOf, k);
  await replaceRecommendations(db, asOf, RECOMMENDATION_METHOD, recommendations);
  const stored = performance.now();
  const counts = new Map<string, number>();
  for (const { stockCodes } of recommendations) for (const code of stockCodes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return {
    asOf,
    method: RECOMMENDATION_METHOD,
    customers: recommendations.length,
    customersWithFewer: recommendations.filter((r) => r.stockCodes.length < k).length,
    mostRecommended: [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 10)
      .map(([stockCode, n]) => ({ stockCode, customers: n })),
    timingsMs: { read: Math.round(read - started), model: Math.round(modelled - read), store: Math.round(stored - modelled), total: Math.round(stored - started) },
  };
}

/**
 * Every customer's recommendations, with when the read and the model ended. A function of its own so that
 * the purchase history and the model (~100 MB of typed arrays at 10×) are garbage once it returns, not
 * held in recommendProducts' frame while the recommendations are stored.
 */
async function recommendEveryCustomer(db: Database, asOf: LocalTimestamp, k: number) {
  const [history, customers] = await Promise.all([readPurchaseHistory(db, asOf), activeCustomers(db, asOf, null)]);
  const read = performance.now();
  const recommend = await customerNeighbourRecommender(history, k, CUSTOMER_NEIGHBOUR_DEFAULTS);
  const recommendations = await mapInSlices(customers, (customerId) => ({ customerId, stockCodes: recommend(customerId) }));
  return { recommendations, read, modelled: performance.now() };
}
