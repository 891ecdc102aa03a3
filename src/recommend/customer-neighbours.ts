import { recentBuyers, type PurchaseHistory } from './purchase-history.js';
import { topUnowned } from './top-products.js';

/**
 * Customer-to-customer collaborative filtering ("shops like yours have lately bought …"), with recent
 * popularity to break ties and to fill in. Pure; docs/recommendations.md explains the method and its
 * back-test.
 *
 * 1. Candidates: products bought by at least one customer in the `candidateDays` before the as-of. A product
 *    nobody bought lately is most likely out of the range; it is never recommended.
 * 2. Likeness of two customers: the products both bought, each weighted 1 / log2(1 + its buyers) (sharing a
 *    best-seller says little, sharing a niche product a lot), divided by √(products of one × of the other)
 *    (cosine). Each customer keeps their `neighbours` most alike customers.
 * 3. A customer's score for product j: Σ over their neighbours of likeness × recency, where recency is 1 for
 *    a neighbour's purchase of j today and halves every `halfLifeDays` before the as-of (0 when they never
 *    bought j): what alike shops buy now counts more than what they bought last year.
 * 4. Scores are scaled to a maximum of 1 per customer, then `popularityWeight` × recent popularity (buyers
 *    in the `popularityDays` before the as-of, scaled to the top product's) is added; a customer with no
 *    neighbours (or whose neighbours bought nothing new to them) gets the popular products.
 * 5. The k best candidates the customer has never ordered.
 */
export interface CustomerNeighbourOptions {
  candidateDays: number;
  neighbours: number;
  halfLifeDays: number;
  popularityDays: number;
  popularityWeight: number;
}

export const CUSTOMER_NEIGHBOUR_DEFAULTS: CustomerNeighbourOptions = {
  candidateDays: 90,
  neighbours: 100,
  halfLifeDays: 60,
  popularityDays: 30,
  popularityWeight: 0,
};

/** Popularity this small only orders what collaborative filtering left equal (or empty). */
const TIE_BREAK_WEIGHT = 1e-6;

/** Each customer's most alike customers (indexes into history.customers) and likeness, best first. */
export interface Neighbourhoods {
  customers: Int32Array[];
  likeness: Float64Array[];
}

export function customerNeighbourhoods(history: PurchaseHistory, neighbours: number): Neighbourhoods {
  const customerCount = history.customers.length;
  // Buyers of each product, compressed rows.
  const offsets = new Int32Array(history.stockCodes.length + 1);
  for (const customer of history.customers) for (const product of customer.products) offsets[product + 1]! += 1;
  for (let product = 0; product < history.stockCodes.length; product += 1) offsets[product + 1]! += offsets[product]!;
  const buyers = new Int32Array(offsets[history.stockCodes.length]!);
  const filled = offsets.slice(0, -1);
  history.customers.forEach((customer, index) => {
    for (const product of customer.products) buyers[filled[product]!++] = index;
  });
  const weight = Float64Array.from(history.buyers, (count) => 1 / Math.log2(1 + count));
  const norm = Float64Array.from(history.customers, (customer) => Math.sqrt(customer.products.length));

  const shared = new Float64Array(customerCount);
  const touched = new Int32Array(customerCount);
  const result: Neighbourhoods = { customers: [], likeness: [] };
  for (let index = 0; index < customerCount; index += 1) {
    const products = history.customers[index]!.products;
    let touchedCount = 0;
    for (const product of products) {
      const w = weight[product]!;
      for (let at = offsets[product]!; at < offsets[product + 1]!; at += 1) {
        const other = buyers[at]!;
        if (shared[other] === 0) touched[touchedCount++] = other;
        shared[other]! += w;
      }
    }
    // Keep the `neighbours` best by cosine; a bounded insertion list, since most candidates lose at once.
    const best: number[] = [];
    const bestLikeness: number[] = [];
    for (let t = 0; t < touchedCount; t += 1) {
      const other = touched[t]!;
      const likeness = shared[other]! / (norm[index]! * norm[other]!);
      shared[other] = 0;
      if (other === index) continue;
      let at = best.length;
      while (at > 0 && (bestLikeness[at - 1]! < likeness || (bestLikeness[at - 1] === likeness && best[at - 1]! > other))) at -= 1;
      if (at < neighbours) {
        best.splice(at, 0, other);
        bestLikeness.splice(at, 0, likeness);
        if (best.length > neighbours) {
          best.pop();
          bestLikeness.pop();
        }
      }
    }
    result.customers.push(Int32Array.from(best));
    result.likeness.push(Float64Array.from(bestLikeness));
  }
  return result;
}

export function customerNeighbourRecommender(history: PurchaseHistory, k: number, options: CustomerNeighbourOptions = CUSTOMER_NEIGHBOUR_DEFAULTS) {
  const productCount = history.stockCodes.length;
  const allowed = Uint8Array.from(recentBuyers(history, options.candidateDays), (count) => (count > 0 ? 1 : 0));
  const neighbourhoods = customerNeighbourhoods(history, options.neighbours);
  const decay = Math.LN2 / options.halfLifeDays;
  const recency = history.customers.map((customer) => Float64Array.from(customer.ageDays, (age) => Math.exp(-decay * age)));
  const scaled = (counts: Int32Array) => {
    const top = counts.reduce((a, b) => Math.max(a, b), 0);
    return Float64Array.from(counts, (count) => (top === 0 ? 0 : count / top));
  };
  const popularity = scaled(recentBuyers(history, options.popularityDays));
  const tieBreak = scaled(recentBuyers(history, options.candidateDays));
  const none = new Int32Array(0);

  return (customerId: number): string[] => {
    const index = history.customerIndex.get(customerId);
    const scores = new Float64Array(productCount);
    if (index !== undefined) {
      const neighbours = neighbourhoods.customers[index]!;
      const likeness = neighbourhoods.likeness[index]!;
      for (let n = 0; n < neighbours.length; n += 1) {
        const other = neighbours[n]!;
        const bought = history.customers[other]!.products;
        const fresh = recency[other]!;
        const like = likeness[n]!;
        for (let i = 0; i < bought.length; i += 1) scores[bought[i]!]! += like * fresh[i]!;
      }
    }
    const owned = index === undefined ? none : history.customers[index]!.products;
    for (const product of owned) scores[product] = 0;
    let top = 0;
    for (let product = 0; product < productCount; product += 1) if (scores[product]! > top) top = scores[product]!;
    const scale = top > 0 ? 1 / top : 0;
    for (let product = 0; product < productCount; product += 1) {
      scores[product] = scores[product]! * scale + options.popularityWeight * popularity[product]! + TIE_BREAK_WEIGHT * tieBreak[product]!;
    }
    return topUnowned(scores, owned, k, allowed).map((product) => history.stockCodes[product]!);
  };
}
