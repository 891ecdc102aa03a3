import { describe, expect, it } from 'vitest';
import { fitGlm, predict, solveSymmetric } from '../../../src/predict/glm.js';
import { timerFiresDuring } from '../../support/timer-during.js';

/** A small deterministic generator (mulberry32) so simulated data sets are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
}

function poisson(next: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let product = next();
  while (product > limit) {
    k++;
    product *= next();
  }
  return k;
}

describe('fitGlm', () => {
  it('recovers the coefficients of a logistic model from data simulated with them', async () => {
    const next = random(42);
    const truth = [-0.5, 1.2, -0.8];
    const rows: number[][] = [];
    const outcomes: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = [normal(next), normal(next)];
      const p = 1 / (1 + Math.exp(-(truth[0]! + truth[1]! * x[0]! + truth[2]! * x[1]!)));
      rows.push(x);
      outcomes.push(next() < p ? 1 : 0);
    }
    const fit = await fitGlm(rows, outcomes, 'logistic');
    expect(fit.converged).toBe(true);
    fit.coefficients.forEach((b, j) => expect(b).toBeCloseTo(truth[j]!, 1));
  });

  it('recovers the coefficients of a Poisson model from data simulated with them', async () => {
    const next = random(7);
    const truth = [0.3, 0.6, -0.4];
    const rows: number[][] = [];
    const outcomes: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = [normal(next), normal(next)];
      rows.push(x);
      outcomes.push(poisson(next, Math.exp(truth[0]! + truth[1]! * x[0]! + truth[2]! * x[1]!)));
    }
    const fit = await fitGlm(rows, outcomes, 'poisson');
    expect(fit.converged).toBe(true);
    fit.coefficients.forEach((b, j) => expect(b).toBeCloseTo(truth[j]!, 1));
  });

  it('predicts the mean outcome with no features that matter', async () => {
    const fit = await fitGlm([[0], [0], [0], [0]], [1, 0, 0, 0], 'logistic');
    expect(predict(fit, [0])).toBeCloseTo(0.25, 5);
  });

  it('fits the closed-form logistic answer for one binary feature: the log-odds of each group', async () => {
    // x = 0: 1 of 4 ordered (odds 1/3); x = 1: 3 of 4 (odds 3). Intercept ln(1/3), slope ln 3 − ln(1/3) = ln 9.
    const fit = await fitGlm([[0], [0], [0], [0], [1], [1], [1], [1]], [1, 0, 0, 0, 1, 1, 1, 0], 'logistic');
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(1 / 3), 3);
    expect(fit.coefficients[1]).toBeCloseTo(Math.log(9), 3);
    expect(predict(fit, [1])).toBeCloseTo(0.75, 3);
  });

  it('fits the closed-form Poisson answer for one binary feature: the log of each group\'s mean', async () => {
    // x = 0: mean (1 + 2 + 3) / 3 = 2; x = 1: mean (5 + 7 + 6) / 3 = 6. Intercept ln 2, slope ln 3.
    const fit = await fitGlm([[0], [0], [0], [1], [1], [1]], [1, 2, 3, 5, 7, 6], 'poisson');
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(2), 3);
    expect(fit.coefficients[1]).toBeCloseTo(Math.log(3), 3);
    expect(predict(fit, [1])).toBeCloseTo(6, 2);
  });
});

describe('solveSymmetric', () => {
  it('solves a positive definite system', () => {
    const x = solveSymmetric([[4, 2], [2, 3]], [2, 1]);
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
  });
});

describe('fitGlm in a worker', () => {
  it('gives the event loop turns while it fits (200,000 rows)', async () => {
    const next = random(11);
    const rows = Array.from({ length: 200_000 }, () => [normal(next), normal(next), normal(next)]);
    const outcomes = rows.map(([a]) => (next() < 1 / (1 + Math.exp(-a!)) ? 1 : 0));
    expect(await timerFiresDuring(() => fitGlm(rows, outcomes, 'logistic'))).toBe(true);
  });
});
