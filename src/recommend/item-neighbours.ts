import { recentBuyers, type PurchaseHistory } from './purchase-history.js';
import { topUnowned } from './top-products.js';

/**
 * Item-to-item collaborative filtering ("customers who bought what you bought also bought …"), blended
 * with recent popularity. Pure; see docs/recommendations.md for the method and its back-test.
 *
 * 1. Candidates: products bought by at least `minCandidateBuyers` customers in the `candidateDays` before
 *    the as-of. A product nobody bought lately is most likely out of the range; it is never recommended.
 * 2. Co-occurrence: for every pair (i, j), the number of customers who bought both, each customer counted
 *    with weight 1 / log2(1 + basket size) so a wholesaler with 1,500 products says less about any one pair
 *    than a customer with 20.
 * 3. Similarity: co-occurrence / (buyers_i^α × buyers_j^(1−α)), cosine at α = ½; each product keeps its
 *    `neighbours` most similar candidates.
 * 4. A customer's score for j: Σ over the products i they bought of recency(i) × similarity(i, j), where
 *    recency halves every `halfLifeDays` since they last bought i; scaled to a maximum of 1 and blended
 *    with recent popularity (share of the top product's buyers) at weight `popularityWeight`.
 * 5. The k best candidates the customer has never ordered.
 */
export interface ItemNeighbourOptions {
  candidateDays: number;
  minCandidateBuyers: number;
  neighbours: number;
  alpha: number;
  halfLifeDays: number;
  popularityDays: number;
  popularityWeight: number;
}

export const ITEM_NEIGHBOUR_DEFAULTS: ItemNeighbourOptions = {
  candidateDays: 90,
  minCandidateBuyers: 1,
  neighbours: 50,
  alpha: 0.5,
  halfLifeDays: 180,
  popularityDays: 30,
  popularityWeight: 0.3,
};

export function itemNeighbourRecommender(history: PurchaseHistory, k: number, options: ItemNeighbourOptions = ITEM_NEIGHBOUR_DEFAULTS) {
  const productCount = history.stockCodes.length;
  // 1. Candidates, numbered densely so the co-occurrence matrix has one column per candidate only.
  const recent = recentBuyers(history, options.candidateDays);
  const candidateOf = new Int32Array(productCount).fill(-1);
  const candidates: number[] = [];
  for (let product = 0; product < productCount; product += 1) {
    if (recent[product]! >= options.minCandidateBuyers) {
      candidateOf[product] = candidates.length;
      candidates.push(product);
    }
  }
  const allowed = new Uint8Array(productCount);
  for (const product of candidates) allowed[product] = 1;
  const width = candidates.length;

  // 2. Weighted co-occurrence, rows: every product; columns: candidates.
  const cooccurrence = new Float32Array(productCount * width);
  for (const customer of history.customers) {
    const weight = 1 / Math.log2(1 + customer.products.length);
    const columns = Array.from(customer.products, (p) => candidateOf[p]!).filter((c) => c >= 0);
    for (const product of customer.products) {
      const row = product * width;
      for (const column of columns) cooccurrence[row + column]! += weight;
    }
  }

  // 3. Similarity and each product's nearest candidates.
  const size = Float64Array.from(history.buyers);
  const neighbourCount = Math.min(options.neighbours, width);
  const neighbourProduct = new Int32Array(productCount * neighbourCount).fill(-1);
  const neighbourSimilarity = new Float32Array(productCount * neighbourCount);
  const similarity = new Float64Array(width);
  for (let product = 0; product < productCount; product += 1) {
    const row = product * width;
    const left = Math.pow(size[product]!, options.alpha);
    for (let column = 0; column < width; column += 1) {
      const other = candidates[column]!;
      const together = cooccurrence[row + column]!;
      similarity[column] = other === product || together === 0 ? 0 : together / (left * Math.pow(size[other]!, 1 - options.alpha));
    }
    const nearest = topUnowned(similarity, new Int32Array(0), neighbourCount);
    nearest.forEach((column, n) => {
      neighbourProduct[product * neighbourCount + n] = candidates[column]!;
      neighbourSimilarity[product * neighbourCount + n] = similarity[column]!;
    });
  }

  // Recent popularity on the same 0..1 scale as the scaled scores.
  const popular = recentBuyers(history, options.popularityDays);
  let mostPopular = 0;
  for (const product of candidates) mostPopular = Math.max(mostPopular, popular[product]!);
  const popularity = new Float64Array(productCount);
  for (const product of candidates) popularity[product] = mostPopular === 0 ? 0 : popular[product]! / mostPopular;

  const decay = Math.LN2 / options.halfLifeDays;
  const none = new Int32Array(0);
  return (customerId: number): string[] => {
    const index = history.customerIndex.get(customerId);
    const customer = index === undefined ? undefined : history.customers[index];
    const scores = new Float64Array(productCount);
    let best = 0;
    if (customer) {
      // 4. Neighbours of what the customer bought, recent purchases counting more.
      customer.products.forEach((product, i) => {
        const recency = Math.exp(-decay * customer.ageDays[i]!);
        for (let n = 0; n < neighbourCount; n += 1) {
          const other = neighbourProduct[product * neighbourCount + n]!;
          if (other < 0) break;
          scores[other]! += recency * neighbourSimilarity[product * neighbourCount + n]!;
        }
      });
      for (const score of scores) best = Math.max(best, score);
    }
    for (const product of candidates) scores[product] = (best > 0 ? scores[product]! / best : 0) + options.popularityWeight * popularity[product]!;
    // 5. Best unowned candidates.
    return topUnowned(scores, customer?.products ?? none, k, allowed).map((product) => history.stockCodes[product]!);
  };
}
