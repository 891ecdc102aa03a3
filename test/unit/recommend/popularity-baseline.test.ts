import { describe, expect, it } from 'vitest';
import { popularityRecommender } from '../../../src/recommend/popularity-baseline.js';
import { purchaseHistory } from '../../../src/recommend/purchase-history.js';

describe('popularity baseline', () => {
  it('recommends the products with most distinct buyers in the 90 days before, not ordered by the customer, ties by stock code', () => {
    const history = purchaseHistory([
      // Old best-seller: 3 buyers, all more than 90 days ago.
      { customerId: 1, stockCode: 'OLD', ageDays: 120 },
      { customerId: 2, stockCode: 'OLD', ageDays: 95 },
      { customerId: 3, stockCode: 'OLD', ageDays: 91 },
      // Recent: X 3 buyers, Y and Z 2 each, W 1.
      { customerId: 1, stockCode: 'X', ageDays: 10 },
      { customerId: 2, stockCode: 'X', ageDays: 89.9 },
      { customerId: 3, stockCode: 'X', ageDays: 1 },
      { customerId: 2, stockCode: 'Z', ageDays: 3 },
      { customerId: 3, stockCode: 'Z', ageDays: 3 },
      { customerId: 2, stockCode: 'Y', ageDays: 3 },
      { customerId: 3, stockCode: 'Y', ageDays: 3 },
      { customerId: 3, stockCode: 'W', ageDays: 3 },
    ]);
    const recommend = popularityRecommender(history, 3);
    expect(recommend(1)).toEqual(['Y', 'Z', 'W']);
    expect(recommend(4)).toEqual(['X', 'Y', 'Z']);
  });
});
