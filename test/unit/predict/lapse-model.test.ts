import { describe, expect, it } from 'vitest';
import { predict } from '../../../src/predict/glm.js';
import { featureVector, orderProbability, seasonRatio } from '../../../src/predict/lapse-model.js';
import type { CustomerHistory } from '../../../src/queries/predict-queries.js';

const c: CustomerHistory = {
  customer_id: 1, recency_days: 10, tenure_days: 100, frequency: 5, monetary: 500, orders_last_90: 2, spend_last_90: 200, spend_last_365: 500,
  orders_year_before_horizon: 0, purchase_days: 5, repeat_mean_value: 100, future_orders: 0, future_spend: 0, next_order_days: null,
};
const DAILY = { r: 0.6, alpha: 60, a: 0.2, b: 3 };
const fit = { family: 'logistic' as const, coefficients: [-1, -0.3, 0.2, 0.1, -0.1, 0.2, 0.5, 0.1, 0.1, 0.05], iterations: 1, converged: true };

describe('lapse model', () => {
  it('with no season to learn from (ρ = 1) it is the plain logistic regression', () => {
    expect(orderProbability(fit, c, DAILY, 1)).toBeCloseTo(predict(fit, featureVector(c, DAILY)), 12);
  });

  it('a window ρ times as busy raises the chance of no order to the power ρ, P′ = 1 − (1 − P)^ρ', () => {
    const p = predict(fit, featureVector(c, DAILY, 1.5));
    expect(orderProbability(fit, c, DAILY, 1.5)).toBeCloseTo(1 - (1 - p) ** 1.5, 12);
  });

  it('ρ is last year’s customers in the scored window over those in the training window, 1 without that year', () => {
    expect(seasonRatio(150, 100)).toBe(1.5);
    expect(seasonRatio(null, 100)).toBe(1);
    expect(seasonRatio(150, 0)).toBe(1);
  });
});
