import { describe, expect, it } from 'vitest';
import {
  customerLogLikelihood, expectedPurchases, fitBgNbd, probabilityAlive, probabilityOfPurchase, purchaseTimeQuantile, purchaseTimingShare,
} from '../../../src/predict/bgnbd.js';
import { seededRandom, simulateBgNbd } from '../../support/simulate-purchases.js';

/** The published CDNOW fit (Fader, Hardie & Lee 2005), in weeks. */
const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('BG/NBD', () => {
  it('recovers the parameters of data simulated from it (10,000 customers, daily scale)', async () => {
    const truth = { r: 0.6, alpha: 60, a: 0.3, b: 3 };
    const next = seededRandom(2011);
    const observed = Array.from({ length: 10_000 }, () => 30 + Math.floor(next() * 700));
    const fit = await fitBgNbd(simulateBgNbd(next, truth, observed));
    expect(fit.converged).toBe(true);
    expect(fit.parameters.r).toBeGreaterThan(truth.r * 0.85);
    expect(fit.parameters.r).toBeLessThan(truth.r * 1.15);
    expect(fit.parameters.alpha).toBeGreaterThan(truth.alpha * 0.8);
    expect(fit.parameters.alpha).toBeLessThan(truth.alpha * 1.2);
    expect(fit.parameters.a).toBeGreaterThan(truth.a * 0.75);
    expect(fit.parameters.a).toBeLessThan(truth.a * 1.25);
    expect(fit.parameters.b).toBeGreaterThan(truth.b * 0.7);
    expect(fit.parameters.b).toBeLessThan(truth.b * 1.3);
  });

  it("gives the paper's conditional expectation for CDNOW customer 1 (x = 2, tx = 30.43, T = 38.86): 1.226 purchases in 39 weeks", () => {
    expect(expectedPurchases(CDNOW, { x: 2, tx: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 2);
  });

  it('P(alive) is 1 without repeat purchases and 1 / (1 + a/(b+x−1)·((α+T)/(α+tx))^(r+x)) with them', () => {
    expect(probabilityAlive(CDNOW, { x: 0, tx: 0, T: 30 })).toBe(1);
    const byHand = 1 / (1 + (0.793 / (2.426 + 1)) * ((4.414 + 38.86) / (4.414 + 30.43)) ** (0.243 + 2));
    expect(probabilityAlive(CDNOW, { x: 2, tx: 30.43, T: 38.86 })).toBeCloseTo(byHand, 12);
  });

  it('P(a purchase within t) of a brand-new customer is the NBD zero term: 1 − (α/(α+t))^r', () => {
    expect(probabilityOfPurchase(CDNOW, { x: 0, tx: 0, T: 0 }, 10)).toBeCloseTo(1 - (4.414 / 14.414) ** 0.243, 12);
  });

  it('P(a purchase within t) agrees with simulation from the same customer state', () => {
    // Customers with no repeat purchase after T = 20: alive for sure, λ ~ Gamma(r, α + T) a posteriori.
    const state = { x: 0, tx: 0, T: 20 };
    const next = seededRandom(5);
    const rows = simulateBgNbd(next, { ...CDNOW, alpha: CDNOW.alpha + 20 }, Array.from({ length: 40_000 }, () => 10));
    const simulated = rows.filter((r) => r.x > 0).length / rows.length;
    expect(probabilityOfPurchase(CDNOW, state, 10)).toBeCloseTo(simulated, 2);
  });

  it('the timing quantile inverts the timing share', () => {
    const customer = { x: 3, tx: 25, T: 38 };
    const t = purchaseTimeQuantile(CDNOW, customer, 0.5, 13);
    expect(purchaseTimingShare(CDNOW, customer, t, 13)).toBeCloseTo(0.5, 12);
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(13);
  });

  it('a customer who dropped out after the last purchase has a finite log-likelihood', () => {
    expect(Number.isFinite(customerLogLikelihood(CDNOW, { x: 5, tx: 1, T: 38 }))).toBe(true);
  });

  it('refuses an inconsistent summary', async () => {
    await expect(fitBgNbd([{ x: 1, tx: 40, T: 30 }])).rejects.toThrow(/inconsistent/);
  });
});
