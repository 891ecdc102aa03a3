/**
 * The special functions the buy-till-you-die models need: log-gamma and the Gauss hypergeometric series.
 * Pure; accurate to about 1e-13 relative over the arguments the models use (positive reals).
 */

// Lanczos approximation, g = 7, n = 9 (the coefficients Numerical Recipes and Boost use).
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs a positive argument, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * ₂F₁(a, b; c; z) by its power series, for 0 ≤ z < 1. Callers keep c large against a·b·z/(1 − z) (the
 * BG/NBD uses Euler's transformation for that), so the series converges in a few dozen terms.
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hypergeometric2F1 needs 0 <= z < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000; k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    sum += term;
    if (Math.abs(term) <= 1e-15 * Math.abs(sum)) return sum;
  }
  throw new RangeError(`hypergeometric2F1(${a}, ${b}; ${c}; ${z}) did not converge`);
}

/** ln(e^x + e^y) without overflow; −∞ arguments are allowed. */
export function logSumExp(x: number, y: number): number {
  if (x === -Infinity) return y;
  if (y === -Infinity) return x;
  const high = Math.max(x, y);
  return high + Math.log(Math.exp(x - high) + Math.exp(y - high));
}
