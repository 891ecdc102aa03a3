import { describe, expect, it } from 'vitest';
import { expectedPurchaseValue, fitGammaGamma } from '../../../src/predict/gamma-gamma.js';
import { gammaSample, seededRandom } from '../../support/simulate-purchases.js';

describe('Gamma-Gamma spend model', () => {
  it('recovers p, q and γ from mean purchase values simulated with them (8,000 customers)', async () => {
    const truth = { p: 4, q: 3, gamma: 40 };
    const next = seededRandom(15);
    const customers = Array.from({ length: 8000 }, () => {
      const x = 1 + Math.floor(next() * 8);
      const nu = gammaSample(next, truth.q, truth.gamma);
      let total = 0;
      for (let i = 0; i < x; i++) total += gammaSample(next, truth.p, nu);
      return { x, meanValue: total / x };
    });
    const fit = await fitGammaGamma(customers);
    expect(fit.converged).toBe(true);
    expect(fit.parameters.p).toBeGreaterThan(truth.p * 0.85);
    expect(fit.parameters.p).toBeLessThan(truth.p * 1.15);
    expect(fit.parameters.q).toBeGreaterThan(truth.q * 0.8);
    expect(fit.parameters.q).toBeLessThan(truth.q * 1.2);
    expect(fit.parameters.gamma).toBeGreaterThan(truth.gamma * 0.75);
    expect(fit.parameters.gamma).toBeLessThan(truth.gamma * 1.25);
  });

  it('values a customer between the population mean pγ/(q−1) and their own mean', () => {
    const parameters = { p: 6.25, q: 3.74, gamma: 15.44 };
    const population = (6.25 * 15.44) / 2.74;
    expect(expectedPurchaseValue(parameters, 0, 0)).toBeCloseTo(population, 10);
    // By hand: p(γ + x·m)/(px + q − 1) with x = 2, m = 100: 6.25·215.44/15.24.
    expect(expectedPurchaseValue(parameters, 2, 100)).toBeCloseTo((6.25 * 215.44) / 15.24, 10);
  });

  it('refuses a customer without repeat purchases or with a non-positive mean', async () => {
    await expect(fitGammaGamma([{ x: 0, meanValue: 10 }])).rejects.toThrow(/x >= 1/);
    await expect(fitGammaGamma([{ x: 2, meanValue: 0 }])).rejects.toThrow(/positive mean/);
  });
});
