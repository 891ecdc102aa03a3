import { describe, expect, it } from 'vitest';
import { purchaseHistory, PurchaseHistoryBuilder } from '../../../src/recommend/purchase-history.js';

/** The recommender's index of who bought what, built row by row as the query streams it. */
const slices = (history: ReturnType<typeof purchaseHistory>) =>
  history.customers.map((c) => ({ customerId: c.customerId, codes: [...c.products].map((p) => history.stockCodes[p]), ageDays: [...c.ageDays] }));

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
    expect(history.customers.map((c) => c.products.length)).toEqual([codes, 1]);
    expect(history.customers[0]!.ageDays[codes - 1]).toBe(codes - 1);
    expect(history.customers[0]!.products.every((p, i) => p === i)).toBe(true);
    expect(history.buyers[0]).toBe(2);
  });
});
