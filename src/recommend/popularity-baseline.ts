import { productsOf, recentBuyers, type PurchaseHistory } from './purchase-history.js';
import { topUnowned } from './top-products.js';

/**
 * The back-test's baseline (spec): the k products with the most distinct buyers in the 90 days before the
 * as-of that the customer has not ordered. Ties go to the lower stock code. Pure.
 */
export const POPULARITY_DAYS = 90;

export function popularityRecommender(history: PurchaseHistory, k: number): (customerId: number) => string[] {
  const popularity = Float64Array.from(recentBuyers(history, POPULARITY_DAYS));
  const none = new Int32Array(0);
  return (customerId) => {
    const index = history.customerIndex.get(customerId);
    const owned = index === undefined ? none : productsOf(history, index);
    return topUnowned(popularity, owned, k).map((product) => history.stockCodes[product]!);
  };
}
