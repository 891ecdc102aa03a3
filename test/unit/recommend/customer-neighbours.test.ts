import { describe, expect, it } from 'vitest';
import { customerNeighbourhoods, customerNeighbourRecommender, neighboursOf } from '../../../src/recommend/customer-neighbours.js';
import { popularityRecommender } from '../../../src/recommend/popularity-baseline.js';
import { productsOf, purchaseHistory, type PurchaseRow } from '../../../src/recommend/purchase-history.js';
import { seededRandom } from '../../support/simulate-purchases.js';
import { timerFiresDuring } from '../../support/timer-during.js';

const bought = (customerId: number, codes: string[], ageDays = 10): PurchaseRow[] => codes.map((stockCode) => ({ customerId, stockCode, ageDays }));

/**
 * Two kinds of shop: 1–3 buy mugs (A, B; 2 and 3 also C), 4–7 buy home goods (Q, R). Q is the best-seller
 * (4 buyers), so popularity offers customer 1 Q; the mug shops alike to 1 bought C.
 */
const mugsAndHome = purchaseHistory([
  ...bought(1, ['A', 'B']),
  ...bought(2, ['A', 'B', 'C']),
  ...bought(3, ['A', 'B', 'C']),
  ...bought(4, ['Q', 'R']),
  ...bought(5, ['Q', 'R']),
  ...bought(6, ['Q', 'R']),
  ...bought(7, ['Q']),
]);

describe('customer-neighbour recommendations', () => {
  it('finds the customers who bought the same products, by weighted cosine', async () => {
    const { customers, likeness } = neighboursOf(await customerNeighbourhoods(mugsAndHome, 5), 0);
    // Customer 1 (index 0) shares A and B (3 buyers each: weight 1/log2(4) = ½ each) with customers 2 and 3,
    // who bought 3 products: (½ + ½) / (√2 × √3) = 1/√6.
    expect([...customers]).toEqual([1, 2]);
    expect(likeness[0]).toBeCloseTo(1 / Math.sqrt(6), 12);
    expect(likeness[1]).toBeCloseTo(1 / Math.sqrt(6), 12);
  });

  it('recommends what alike customers bought, where popularity recommends the best-seller', async () => {
    expect((await customerNeighbourRecommender(mugsAndHome, 1))(1)).toEqual(['C']);
    expect(popularityRecommender(mugsAndHome, 1)(1)).toEqual(['Q']);
  });

  it('fills up with the most popular products when alike customers bought nothing new', async () => {
    // C from the neighbours, then Q (4 recent buyers), then R (3 recent buyers, as A and B, which 1 owns).
    expect((await customerNeighbourRecommender(mugsAndHome, 3))(1)).toEqual(['C', 'Q', 'R']);
  });

  it('never recommends a product the customer has ordered', async () => {
    const recommend = await customerNeighbourRecommender(mugsAndHome, 5);
    mugsAndHome.customerIds.forEach((customerId, index) => {
      const owned = new Set([...productsOf(mugsAndHome, index)].map((p) => mugsAndHome.stockCodes[p]));
      const recommended = recommend(customerId);
      expect(recommended.filter((code) => owned.has(code))).toEqual([]);
      expect(recommended.length).toBe(mugsAndHome.stockCodes.length - owned.size);
    });
  });

  it('gives a customer with no history the most popular products', async () => {
    // 90-day buyers: Q 4; A, B, R 3 each (ties by stock code); C 2.
    expect((await customerNeighbourRecommender(mugsAndHome, 3))(999)).toEqual(['Q', 'A', 'B']);
  });

  it("counts alike customers' recent purchases more than old ones", async () => {
    // Customers 2 and 3 are equally alike to 1 (both share A); 2 bought C 150 days ago, 3 bought D 5 days ago.
    // Customer 4 keeps C in the range (bought 20 days ago), so popularity alone ties C and D, and ties go
    // to the lower stock code, C: D comes first only because 3 bought it recently.
    const history = purchaseHistory([
      ...bought(1, ['A'], 5),
      ...bought(2, ['A'], 5),
      ...bought(2, ['C'], 150),
      ...bought(3, ['A', 'D'], 5),
      ...bought(4, ['C'], 20),
    ]);
    expect((await customerNeighbourRecommender(history, 1))(1)).toEqual(['D']);
  });

  it('never recommends a product nobody bought in the last 90 days', async () => {
    const history = purchaseHistory([...bought(1, ['A'], 5), ...bought(2, ['A'], 5), ...bought(2, ['E'], 200)]);
    expect((await customerNeighbourRecommender(history, 3))(1)).toEqual([]);
  });
});

describe('customer neighbourhoods, each pair summed once', () => {
  /** Every customer's own row summed in full, as the method is written down: the reference. */
  function reference(history: ReturnType<typeof purchaseHistory>, neighbours: number) {
    const weight = [...history.buyers].map((count) => 1 / Math.log2(1 + count));
    const products = Array.from(history.customerIds, (_, index) => [...productsOf(history, index)]);
    return products.map((mine, index) => {
      const shared = new Map<number, number>();
      for (const product of mine) {
        products.forEach((theirs, o) => {
          if (theirs.includes(product)) shared.set(o, (shared.get(o) ?? 0) + weight[product]!);
        });
      }
      return [...shared]
        .filter(([o]) => o !== index)
        .map(([o, sum]) => ({ o, likeness: sum / (Math.sqrt(mine.length) * Math.sqrt(products[o]!.length)) }))
        .sort((a, b) => b.likeness - a.likeness || a.o - b.o)
        .slice(0, neighbours);
    });
  }

  it('gives every customer the same neighbours and likeness, to the bit, ties to the lower index', async () => {
    // Shops and their exact copies (as the 10× bench makes them): many equal likenesses to break by index.
    const shops = [['A', 'B', 'C'], ['A', 'C'], ['B', 'D', 'E'], ['A', 'D'], ['E'], ['C', 'D', 'E', 'F']];
    const history = purchaseHistory(shops.flatMap((codes, shop) => [0, 1, 2].flatMap((copy) => bought(100 * copy + shop, codes))));
    for (const neighbours of [2, 4, 40]) {
      const neighbourhoods = await customerNeighbourhoods(history, neighbours);
      const lists = Array.from(history.customerIds, (_, index) => neighboursOf(neighbourhoods, index));
      const expected = reference(history, neighbours);
      expect(lists.map((list) => [...list.customers])).toEqual(expected.map((list) => list.map((n) => n.o)));
      expect(lists.map((list) => [...list.likeness])).toEqual(expected.map((list) => list.map((n) => n.likeness)));
    }
  });
});

describe('customer neighbourhoods past 65,536 customers', () => {
  it('keeps customer indexes above 65,535 whole (4 bytes an index once 2 no longer hold them)', async () => {
    // 70,000 shops each buying its own product; the first and the last also share a rare one.
    const count = 70_000;
    const history = purchaseHistory([
      ...Array.from({ length: count }, (_, shop) => bought(shop + 1, [`P${shop}`])).flat(),
      ...bought(1, ['RARE']),
      ...bought(count, ['RARE']),
    ]);
    const neighbourhoods = await customerNeighbourhoods(history, 3);
    expect([...neighboursOf(neighbourhoods, 0).customers]).toEqual([count - 1]);
    expect([...neighboursOf(neighbourhoods, count - 1).customers]).toEqual([0]);
  });
});

describe('customer neighbourhoods in a worker', () => {
  it("give the event loop turns while they search (the scoring step's longest computation: a minute at 10×)", async () => {
    // 4,000 shops each buying 50 of 400 products: ~500 buyers a product, fifty million pair sums.
    const next = seededRandom(7);
    const history = purchaseHistory(Array.from({ length: 4000 }, (_, shop) => bought(shop + 1, Array.from({ length: 50 }, () => `P${Math.floor(next() * 400)}`))).flat());
    expect(await timerFiresDuring(() => customerNeighbourhoods(history, 100))).toBe(true);
  });
});
