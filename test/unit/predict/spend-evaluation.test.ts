import { describe, expect, it } from 'vitest';
import { spearman, spendAccuracy } from '../../../src/predict/spend-evaluation.js';

describe('spend back-test measures', () => {
  it('computes MAE, total ratio and top-decile share by hand on ten customers', () => {
    const predicted = [100, 0, 50, 10, 10, 0, 0, 5, 20, 5];
    const actual = [80, 0, 70, 0, 20, 10, 0, 0, 20, 0];
    const result = spendAccuracy(predicted, actual);
    // |20|+0+|20|+|10|+|10|+|10|+0+|5|+0+|5| = 80, over 10 customers.
    expect(result.mae).toBe(8);
    // 200 predicted against 200 actual.
    expect(result.totalRatio).toBe(1);
    // Top 10 % by prediction = one customer (the first, 100 predicted), who spent 80 of 200.
    expect(result.topDecileShare).toBe(0.4);
  });

  it('Spearman uses mid-ranks for ties: perfectly monotone is 1, reversed is −1', () => {
    expect(spearman([1, 2, 2, 3], [10, 20, 20, 30])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('has no ratio or share when nobody spent anything', () => {
    const result = spendAccuracy([1, 2], [0, 0]);
    expect(result.totalRatio).toBeNull();
    expect(result.topDecileShare).toBeNull();
  });
});
