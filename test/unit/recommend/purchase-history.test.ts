import { describe, expect, it } from 'vitest';
import { productsOf, purchaseHistory, PurchaseHistoryBuilder, recentBuyers, type PurchaseHistory } from '../../../src/recommend/purchase-history.js';

/** The recommender's index of who bought what, built row by row as the query streams it. */
const ageDaysOf = (history: PurchaseHistory, customer: number) =>
  Array.from(history.ageOf.subarray(history.offsets[customer]!, history.offsets[customer + 1]!), (age) => history.ages[age]!);
const slices = (history: PurchaseHistory) =>
  Array.from(history.customerIds, (customerId, c) => ({
    customerId,
    codes: [...productsOf(history, c)].map((p) => history.stockCodes[p]),
    ageDays: ageDaysOf(history, c),
  }));

describe('purchase history', () => {
  it('numbers products in stock-code order and lists each customer by id, products ascending with their ages', () => {
    const history = purchaseHistory([
      { customerId: 17850, stockCode: '85123A', ageDays: 3.5 },
      { customerId: 17850, stockCode: '71053', ageDays: 3.5 },
      { customerId: 13047, stockCode: 'POST', ageDays: 40 },
      { customerId: 13047, stockCode: '71053', ageDays: 12.25 },
    ]);
    expect(history.stockCodes).toEqual(['71053', '85123A', 'POST']);
    expect(slices(history)).toEqual([
      { customerId: 13047, codes: ['71053', 'POST'], ageDays: [12.25, 40] },
      { customerId: 17850, codes: ['71053', '85123A'], ageDays: [3.5, 3.5] },
    ]);
    expect([...history.buyers]).toEqual([2, 1, 1]);
    expect([...history.offsets]).toEqual([0, 2, 4]);
  });

  it("gathers a customer's rows when they come apart, as from a query not ordered by customer", () => {
    const builder = new PurchaseHistoryBuilder();
    builder.add(2, 'B', 1);
    builder.add(1, 'A', 2);
    builder.add(2, 'A', 3);
    builder.add(1, 'C', 4);
    builder.add(2, 'C', 5);
    expect(slices(builder.build())).toEqual([
      { customerId: 1, codes: ['A', 'C'], ageDays: [2, 4] },
      { customerId: 2, codes: ['A', 'B', 'C'], ageDays: [3, 1, 5] },
    ]);
  });

  it('keeps every row of a customer whose purchases fill more than one storage block (65,536 rows)', () => {
    const builder = new PurchaseHistoryBuilder();
    const codes = 70_000;
    for (let i = codes - 1; i >= 0; i -= 1) builder.add(7, `P${String(i).padStart(5, '0')}`, i);
    builder.add(8, 'P00000', 0.5);
    const history = builder.build();
    expect([...history.customerIds].map((_, c) => productsOf(history, c).length)).toEqual([codes, 1]);
    expect(ageDaysOf(history, 0)[codes - 1]).toBe(codes - 1);
    expect(ageDaysOf(history, 0).every((age, i) => age === i)).toBe(true);
    expect(productsOf(history, 0).every((p, i) => p === i)).toBe(true);
    expect(history.buyers[0]).toBe(2);
  });

  it('keeps a row in 2 bytes for its product and 2 for its age while both fit in 16 bits, each distinct age once and to the bit', () => {
    const ages = [0.1 + 0.2, 0.3, 738.6770833333334, 0.4652777777777778];
    const history = purchaseHistory(ages.flatMap((ageDays, i) => [1, 2, 3].map((customerId) => ({ customerId, stockCode: `P${i}`, ageDays }))));
    expect(history.products).toBeInstanceOf(Uint16Array);
    expect(history.ageOf).toBeInstanceOf(Uint16Array);
    expect([...history.ages]).toEqual(ages);
    expect(ageDaysOf(history, 2)).toEqual(ages);
  });

  it('widens products and ages to 4 bytes once there are more than 65,536 of either, keeping the rows read before', () => {
    const builder = new PurchaseHistoryBuilder();
    // 70,000 products with an age each; the first 65,536 rows are stored before a number needs 17 bits.
    for (let i = 0; i < 70_000; i += 1) builder.add(1 + (i % 3), `P${String(i).padStart(5, '0')}`, i + 0.5);
    const history = builder.build();
    expect(history.products).toBeInstanceOf(Int32Array);
    expect(history.ageOf).toBeInstanceOf(Int32Array);
    // Product i went to customer 1 + i % 3 with age i + 0.5.
    const wrong = [0, 1, 2].flatMap((c) => {
      const ageDays = ageDaysOf(history, c);
      return [...productsOf(history, c)].filter((p, n) => p % 3 !== c || history.stockCodes[p] !== `P${String(p).padStart(5, '0')}` || ageDays[n] !== p + 0.5);
    });
    expect(wrong).toEqual([]);
    expect(history.offsets[3]).toBe(70_000);
  });
});

describe('recentBuyers', () => {
  it('counts the buyers of the 90 days before the as-of, an order exactly 90 days before included and one a second earlier not', () => {
    const history = purchaseHistory([
      { customerId: 1, stockCode: 'A', ageDays: 90 },
      { customerId: 2, stockCode: 'A', ageDays: 0.5 },
      { customerId: 3, stockCode: 'A', ageDays: 90 + 1 / 86_400 },
      { customerId: 3, stockCode: 'B', ageDays: 90 + 1 / 86_400 },
    ]);
    expect([...recentBuyers(history, 90)]).toEqual([2, 0]);
  });
});
