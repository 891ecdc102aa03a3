import { describe, expect, it } from 'vitest';
import { hitRate } from '../../../src/recommend/hit-rate.js';

describe('recommendation hit rate', () => {
  it('is the share of the population who ordered at least one of their recommended products', () => {
    const recommended: Record<number, string[]> = { 1: ['A', 'B', 'C'], 2: ['A', 'B', 'C'], 3: ['D'], 4: ['E'] };
    const ordered = new Map([
      [1, new Set(['C', 'X'])], // hit
      [2, new Set(['X'])], // ordered, but nothing recommended
      [3, new Set(['D'])], // hit
      [9, new Set(['E'])], // not in the population
    ]);
    // Customer 4 ordered nothing: a miss that still counts in the denominator.
    expect(hitRate([1, 2, 3, 4], (c) => recommended[c] ?? [], ordered)).toEqual({ customers: 4, hits: 2, hitRate: 0.5 });
  });

  it('is null for an empty population', () => {
    expect(hitRate([], () => ['A'], new Map())).toEqual({ customers: 0, hits: 0, hitRate: null });
  });
});
