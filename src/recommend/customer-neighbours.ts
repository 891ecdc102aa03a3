import { runInSlices } from '../async/time-slices.js';
import { indexArray, productsOf, recentBuyers, WIDE, type IndexArray, type PurchaseHistory } from './purchase-history.js';
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

/**
 * Each customer's most alike customers (indexes into history.customerIds) and likeness, best first: customer
 * c's list is customers[c × size] … customers[c × size + counts[c] − 1], likeness alike. Flat arrays, not
 * one view per customer (two objects a customer, ~12 MB of heap at 10×).
 */
export interface Neighbourhoods {
  /** The most a list holds. */
  size: number;
  counts: Int32Array;
  customers: IndexArray;
  likeness: Float64Array;
}

/**
 * An array of customer indexes: 2 bytes an index while there are no more than 65,536 customers. The buyer
 * lists and the neighbour lists are the largest arrays of the search (at 10× the real data, 58,500
 * customers: 19 MB and 23 MB at 4 bytes an index).
 */
const customerIndexes = (customerCount: number, length: number): IndexArray => indexArray(length, customerCount > WIDE);

/** Customer c's neighbours and their likeness, best first (views, not copies). */
export function neighboursOf(neighbourhoods: Neighbourhoods, customer: number): { customers: IndexArray; likeness: Float64Array } {
  const from = customer * neighbourhoods.size;
  const to = from + neighbourhoods.counts[customer]!;
  return { customers: neighbourhoods.customers.subarray(from, to), likeness: neighbourhoods.likeness.subarray(from, to) };
}

/** The search below run in slices of the event loop: it is the scoring step's longest computation at 10×. */
export function customerNeighbourhoods(history: PurchaseHistory, neighbours: number): Promise<Neighbourhoods> {
  return runInSlices(neighbourhoodSearch(history, neighbours));
}

/** A customer's pass is one step: at 10× the data a pass over a customer with a wide range takes milliseconds. */
function* neighbourhoodSearch(history: PurchaseHistory, neighbours: number): Generator<void, Neighbourhoods> {
  const customerCount = history.customerIds.length;
  const productCount = history.stockCodes.length;
  const { offsets: rowOffsets, products: rowProducts } = history;
  // Buyers of each product, compressed rows, in customer order.
  const offsets = new Int32Array(productCount + 1);
  for (let at = 0; at < rowProducts.length; at += 1) offsets[rowProducts[at]! + 1]! += 1;
  for (let product = 0; product < productCount; product += 1) offsets[product + 1]! += offsets[product]!;
  const buyers = customerIndexes(customerCount, offsets[productCount]!);
  const filled = offsets.slice(0, -1);
  for (let index = 0; index < customerCount; index += 1) {
    for (let at = rowOffsets[index]!; at < rowOffsets[index + 1]!; at += 1) buyers[filled[rowProducts[at]!]!++] = index;
  }
  const weight = Float64Array.from(history.buyers, (count) => 1 / Math.log2(1 + count));
  const norm = new Float64Array(customerCount);
  for (let index = 0; index < customerCount; index += 1) norm[index] = Math.sqrt(rowOffsets[index + 1]! - rowOffsets[index]!);

  // Likeness is symmetric and comes out bit for bit the same from either side (the shared products' weights
  // are added in ascending product order both ways), so each pair is summed once, from its lower index,
  // and offered to both customers' lists: half the additions of going through every customer's buyers.
  // A list keeps the `neighbours` best by (likeness desc, index asc): the same whatever order they come in.
  const best = customerIndexes(customerCount, customerCount * neighbours);
  const bestLikeness = new Float64Array(customerCount * neighbours);
  const kept = new Int32Array(customerCount);
  // The likeness a candidate needs to be looked at: the last kept one's once a list is full (likeness > 0).
  const floor = new Float64Array(customerCount);
  const offer = (owner: number, other: number, likeness: number) => {
    if (neighbours <= 0) return;
    const base = owner * neighbours;
    let at = kept[owner]!;
    if (at === neighbours) {
      const last = base + neighbours - 1;
      if (bestLikeness[last]! > likeness || (bestLikeness[last] === likeness && best[last]! < other)) return;
      at -= 1;
    } else {
      kept[owner] = at + 1;
    }
    while (at > 0 && (bestLikeness[base + at - 1]! < likeness || (bestLikeness[base + at - 1] === likeness && best[base + at - 1]! > other))) {
      best[base + at] = best[base + at - 1]!;
      bestLikeness[base + at] = bestLikeness[base + at - 1]!;
      at -= 1;
    }
    best[base + at] = other;
    bestLikeness[base + at] = likeness;
    if (kept[owner] === neighbours) floor[owner] = bestLikeness[base + neighbours - 1]!;
  };

  const shared = new Float64Array(customerCount);
  // The customers whose shared sum this customer started (weights are > 0): only they are read and reset,
  // instead of every customer after this one (a scan of n²/2 entries: 1.7 billion at 10×).
  const touched = customerIndexes(customerCount, customerCount);
  // Where the current customer sits in each of its products' buyer lists: customers come in index order.
  const position = offsets.slice(0, -1);
  for (let index = 0; index < customerCount; index += 1) {
    let touchedCount = 0;
    for (let at = rowOffsets[index]!; at < rowOffsets[index + 1]!; at += 1) {
      const product = rowProducts[at]!;
      const w = weight[product]!;
      const end = offsets[product + 1]!;
      // Only the buyers after this customer: each pair once.
      for (let b = ++position[product]!; b < end; b += 1) {
        const other = buyers[b]!;
        if (shared[other] === 0) touched[touchedCount++] = other;
        shared[other]! += w;
      }
    }
    const own = norm[index]!;
    for (let t = 0; t < touchedCount; t += 1) {
      const other = touched[t]!;
      const sum = shared[other]!;
      shared[other] = 0;
      const likeness = sum / (own * norm[other]!);
      // Most candidates lose to both lists' last kept one at once.
      if (likeness >= floor[index]!) offer(index, other, likeness);
      if (likeness >= floor[other]!) offer(other, index, likeness);
    }
    yield;
  }
  return { size: Math.max(neighbours, 0), counts: kept, customers: best, likeness: bestLikeness };
}

export async function customerNeighbourRecommender(history: PurchaseHistory, k: number, options: CustomerNeighbourOptions = CUSTOMER_NEIGHBOUR_DEFAULTS) {
  const productCount = history.stockCodes.length;
  const allowed = Uint8Array.from(recentBuyers(history, options.candidateDays), (count) => (count > 0 ? 1 : 0));
  const neighbourhoods = await customerNeighbourhoods(history, options.neighbours);
  const decay = Math.LN2 / options.halfLifeDays;
  // One weight per distinct age (rows share them): the same value a row's own age gives, to the bit.
  const recency = Float64Array.from(history.ages, (age) => Math.exp(-decay * age));
  const scaled = (counts: Int32Array) => {
    const top = counts.reduce((a, b) => Math.max(a, b), 0);
    return Float64Array.from(counts, (count) => (top === 0 ? 0 : count / top));
  };
  const popularity = scaled(recentBuyers(history, options.popularityDays));
  const tieBreak = scaled(recentBuyers(history, options.candidateDays));
  const none = new Int32Array(0);
  const { offsets, products, ageOf } = history;
  const { size, counts, customers: neighbours, likeness } = neighbourhoods;
  // One score array for every call (each call fills it from zero and returns stock codes, not the array).
  const scores = new Float64Array(productCount);

  return (customerId: number): string[] => {
    const index = history.customerIndex.get(customerId);
    scores.fill(0);
    if (index !== undefined) {
      for (let n = index * size; n < index * size + counts[index]!; n += 1) {
        const other = neighbours[n]!;
        const like = likeness[n]!;
        for (let at = offsets[other]!; at < offsets[other + 1]!; at += 1) scores[products[at]!]! += like * recency[ageOf[at]!]!;
      }
    }
    const owned = index === undefined ? none : productsOf(history, index);
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
