import { runInSlices } from '../async/time-slices.js';
import { minimise } from './nelder-mead.js';
import { hypergeometric2F1, logBeta, logGamma, logSumExp } from './special-functions.js';

/**
 * The BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive, a
 * customer makes repeat purchases as a Poisson process with rate λ ~ Gamma(r, α); after each purchase they
 * drop out with probability p ~ Beta(a, b). Fitted by maximum likelihood on each customer's summary
 * (x repeat purchases, the last at tx, observed for T since the first; one time unit throughout, here days).
 * Pure.
 */
export interface PurchaseSummary {
  /** Repeat purchases (purchase occasions after the first). */
  x: number;
  /** Time from the first purchase to the last. */
  tx: number;
  /** Time from the first purchase to the end of observation. */
  T: number;
}

export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit {
  parameters: BgNbdParameters;
  logLikelihood: number;
  customers: number;
  converged: boolean;
}

/** The part of a customer's log-likelihood that depends only on x (shared by every customer with that x). */
function commonTerm({ r, alpha, a, b }: BgNbdParameters, x: number): number {
  return logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logBeta(a, b + x) - logBeta(a, b);
}

function timingTerm({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: PurchaseSummary): number {
  const stillAlive = -(r + x) * Math.log(alpha + T);
  const droppedAfterLast = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return logSumExp(stillAlive, droppedAfterLast);
}

/** One customer's log-likelihood (equation 6 of the paper, in logs). */
export function customerLogLikelihood(parameters: BgNbdParameters, customer: PurchaseSummary): number {
  return commonTerm(parameters, customer.x) + timingTerm(parameters, customer);
}

interface Group extends PurchaseSummary {
  count: number;
}

/** Customers with the same summary share one likelihood term (many one-time buyers share one). */
function grouped(customers: readonly PurchaseSummary[]): Group[] {
  const groups = new Map<string, Group>();
  for (const c of customers) {
    const key = `${c.x}|${c.tx}|${c.T}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { ...c, count: 1 });
  }
  return [...groups.values()];
}

export function logLikelihood(parameters: BgNbdParameters, customers: readonly PurchaseSummary[]): number {
  return grouped(customers).reduce((sum, g) => sum + g.count * customerLogLikelihood(parameters, g), 0);
}

const fromLog = ([r, alpha, a, b]: readonly number[]): BgNbdParameters => ({ r: Math.exp(r!), alpha: Math.exp(alpha!), a: Math.exp(a!), b: Math.exp(b!) });

/**
 * Maximum-likelihood fit: Nelder–Mead on (ln r, ln α, ln a, ln b), started at r = a = b = 1 and α = the
 * mean observation time (the scale of the data), with restarts until no improvement.
 */
export async function fitBgNbd(customers: readonly PurchaseSummary[]): Promise<BgNbdFit> {
  if (customers.length === 0) throw new RangeError('fitBgNbd needs at least one customer');
  for (const c of customers) {
    if (!(c.x >= 0 && c.tx >= 0 && c.T >= c.tx && (c.x > 0 || c.tx === 0))) throw new RangeError(`inconsistent purchase summary ${JSON.stringify(c)}`);
  }
  const groups = grouped(customers);
  const n = customers.length;
  const meanT = customers.reduce((s, c) => s + c.T, 0) / n;
  const repeatCounts = [...new Set(groups.map((g) => g.x))];
  const negativeMean = (point: readonly number[]) => {
    const p = fromLog(point);
    // The log-gamma terms depend on x alone: computed once per distinct x, not once per customer.
    const common = new Map(repeatCounts.map((x) => [x, commonTerm(p, x)]));
    return -groups.reduce((sum, g) => sum + g.count * (common.get(g.x)! + timingTerm(p, g)), 0) / n;
  };
  const minimum = await runInSlices(minimise(negativeMean, [0, Math.log(Math.max(meanT, 1e-3)), 0, 0], { step: 1, tolerance: 1e-11 }));
  return { parameters: fromLog(minimum.point), logLikelihood: -minimum.value * n, customers: n, converged: minimum.converged };
}

/** 1 / P(alive) − 1: the odds against being alive at T. */
function deadOdds({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: PurchaseSummary): number {
  if (x === 0) return 0;
  return Math.exp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
}

/** P(alive at T | x, tx, T). */
export function probabilityAlive(parameters: BgNbdParameters, customer: PurchaseSummary): number {
  return 1 / (1 + deadOdds(parameters, customer));
}

/**
 * P(at least one purchase in (T, T + t]). Exact, not an approximation: in the BG/NBD a customer can only
 * drop out right after a purchase, so one alive at T makes the next purchase with certainty at a rate λ
 * whose posterior given alive is Gamma(r + x, α + T); hence P(alive) × (1 − ((α+T)/(α+T+t))^(r+x)).
 */
export function probabilityOfPurchase(parameters: BgNbdParameters, customer: PurchaseSummary, t: number): number {
  const { r, alpha } = parameters;
  const { x, T } = customer;
  return probabilityAlive(parameters, customer) * -Math.expm1((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
}

/**
 * The probability that the next purchase comes within t, given that it comes within the horizon h (t ≤ h):
 * the timing part of probabilityOfPurchase, independent of P(alive).
 */
export function purchaseTimingShare(parameters: BgNbdParameters, customer: PurchaseSummary, t: number, h: number): number {
  const { r, alpha } = parameters;
  const { x, T } = customer;
  const within = (u: number) => -Math.expm1((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + u)));
  return within(t) / within(h);
}

/**
 * Time after T by which the next purchase has happened with probability `share` of those that happen
 * within h (the inverse of purchaseTimingShare): the conditional quantile of the next purchase time.
 */
export function purchaseTimeQuantile(parameters: BgNbdParameters, customer: PurchaseSummary, share: number, h: number): number {
  const { r, alpha } = parameters;
  const { x, T } = customer;
  const target = share * -Math.expm1((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + h)));
  // 1 − ((α+T)/(α+T+t))^(r+x) = target  ⇔  t = (α+T)·((1 − target)^(−1/(r+x)) − 1)
  return (alpha + T) * Math.expm1(-Math.log1p(-target) / (r + x));
}

/**
 * E[purchases in (T, T + t] | x, tx, T] (equation 10 of the paper). The ₂F₁ is taken through Euler's
 * transformation, (1−z)^(r+x)·₂F₁(r+x, b+x; a+b+x−1; z) = (1−z)^(a−1)·₂F₁(a+b−1−r, a−1; a+b+x−1; z),
 * whose series converges fast however many purchases the customer made.
 */
export function expectedPurchases(parameters: BgNbdParameters, customer: PurchaseSummary, t: number): number {
  const { r, alpha, b } = parameters;
  // a = 1 is a removable singularity of the closed form; step off it.
  const a = Math.abs(parameters.a - 1) < 1e-9 ? 1 + 1e-9 : parameters.a;
  const { x, T } = customer;
  const z = t / (alpha + T + t);
  const tail = Math.exp((a - 1) * Math.log1p(-z)) * hypergeometric2F1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  return (((a + b + x - 1) / (a - 1)) * (1 - tail)) / (1 + deadOdds({ ...parameters, a }, customer));
}
