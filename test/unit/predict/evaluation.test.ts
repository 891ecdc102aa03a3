import { describe, expect, it } from 'vitest';
import { auc, calibrationByDecile, topDecileLift } from '../../../src/predict/evaluation.js';

describe('auc', () => {
  it('is 1 when every positive outranks every negative', () => {
    expect(auc([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).toBe(1);
  });

  it('is 0 when the ranking is reversed', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [true, true, false, false])).toBe(0);
  });

  it('counts tied scores as half', () => {
    expect(auc([0.5, 0.5], [true, false])).toBe(0.5);
  });

  it('matches a hand count on a mixed ranking', () => {
    // Positives at 0.9 and 0.4; negatives at 0.7 and 0.1: pairs won 1+1 and 0+1 → 3 of 4.
    expect(auc([0.9, 0.7, 0.4, 0.1], [true, false, true, false])).toBe(0.75);
  });

  it('is undefined without both outcomes', () => {
    expect(auc([0.1, 0.2], [true, true])).toBeNull();
  });
});

describe('calibrationByDecile and topDecileLift', () => {
  const predictions = Array.from({ length: 100 }, (_, i) => (100 - i) / 100);
  const outcomes = predictions.map((p) => p > 0.85);

  it('splits customers into ten equal groups, highest scores first', () => {
    const rows = calibrationByDecile(predictions, outcomes);
    expect(rows.map((r) => r.customers)).toEqual(new Array(10).fill(10));
    expect(rows[0]).toMatchObject({ decile: 1, observedRate: 1 });
    expect(rows[0]!.meanPredicted).toBeCloseTo(0.955, 10);
  });

  it('gives the top tenth\'s rate over the overall rate', () => {
    expect(topDecileLift(predictions, outcomes)).toBeCloseTo(1 / 0.15, 10);
  });
});
