import { describe, expect, it } from 'vitest';
import { purchaseTimeQuantile } from '../../../src/predict/bgnbd.js';
import { expectedNextOrderDays, meanGapNextOrderDays, median, populationMeanGap } from '../../../src/predict/next-order.js';
import type { CustomerHistory } from '../../../src/queries/predict-queries.js';

const customer = (over: Partial<CustomerHistory>): CustomerHistory => ({
  customer_id: 1, recency_days: 10, tenure_days: 100, frequency: 5, monetary: 500, orders_last_90: 2, spend_last_90: 200, spend_last_365: 500,
  orders_year_before_horizon: 0, purchase_days: 5, repeat_mean_value: 100, future_orders: 0, future_spend: 0, next_order_days: null, ...over,
});
const DAILY = { r: 0.6, alpha: 60, a: 0.2, b: 3 };

describe('next order', () => {
  it('baseline: last order + mean gap between purchase days, never before the cut-off', () => {
    // Purchase days span 100 − 10 = 90 days over 4 gaps: 22.5-day gap, last order 10 days ago → in 12.5 → 13 days.
    expect(meanGapNextOrderDays(customer({}), 30)).toBe(13);
    // Overdue: last order 60 days ago with a 22.5-day gap → today.
    expect(meanGapNextOrderDays(customer({ recency_days: 60, tenure_days: 150 }), 30)).toBe(0);
    // One purchase day: the population's mean gap (30) − 10 days since.
    expect(meanGapNextOrderDays(customer({ purchase_days: 1, tenure_days: 10 }), 30)).toBe(20);
  });

  it("the population's mean gap averages the customers with repeat purchase days", () => {
    expect(populationMeanGap([customer({}), customer({ purchase_days: 1, tenure_days: 10 }), customer({ purchase_days: 2, tenure_days: 40, recency_days: 10 })])).toBe((22.5 + 30) / 2);
  });

  it('model: the BG/NBD median of the next purchase given one within 90 days, in whole days', () => {
    const c = customer({});
    const byHand = Math.floor(purchaseTimeQuantile(DAILY, { x: 4, tx: 90, T: 100 }, 0.5, 90));
    expect(expectedNextOrderDays(c, DAILY, 1)).toBe(byHand);
  });

  it('a busier season brings the expected date forward', () => {
    expect(expectedNextOrderDays(customer({}), DAILY, 1.5)).toBeLessThan(expectedNextOrderDays(customer({}), DAILY, 1));
  });

  it('median of an even count is the mean of the middle two; of nothing, null', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
