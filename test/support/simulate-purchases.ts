import type { PurchaseSummary } from '../../src/predict/bgnbd.js';

/**
 * Deterministic simulation of the buy-till-you-die models, so tests can check that a fit recovers the
 * parameters the data were drawn from.
 */

/** mulberry32: a small seeded generator, the same sequence on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function standardNormal(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
}

/** Gamma(shape, rate) by Marsaglia and Tsang (shape < 1 through the boost U^(1/shape)). */
export function gammaSample(next: () => number, shape: number, rate: number): number {
  if (shape < 1) return gammaSample(next, shape + 1, rate) * Math.pow(next() || 1e-12, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = standardNormal(next);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = next();
    if (Math.log(u || 1e-12) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function betaSample(next: () => number, a: number, b: number): number {
  const x = gammaSample(next, a, 1);
  return x / (x + gammaSample(next, b, 1));
}

/** One customer per element: first purchase at 0, observed until T, drawn from the BG/NBD story. */
export function simulateBgNbd(next: () => number, parameters: { r: number; alpha: number; a: number; b: number }, observed: readonly number[]): PurchaseSummary[] {
  return observed.map((T) => {
    const lambda = gammaSample(next, parameters.r, parameters.alpha);
    const p = betaSample(next, parameters.a, parameters.b);
    let time = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      time += -Math.log(next() || 1e-12) / lambda;
      if (time > T) break;
      x++;
      tx = time;
      if (next() < p) break;
    }
    return { x, tx, T };
  });
}
