import { runInSlices } from '../async/time-slices.js';
import { minimise } from './nelder-mead.js';
import { logGamma } from './special-functions.js';

/**
 * The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV"): a customer's
 * purchase values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, independent of how often they buy.
 * Fitted by maximum likelihood on customers with at least one repeat purchase, from the number of those
 * purchases and their mean value. Pure.
 */
export interface SpendSummary {
  /** Repeat purchases whose values are averaged (≥ 1). */
  x: number;
  /** Their mean value (> 0). */
  meanValue: number;
}

export interface GammaGammaParameters {
  p: number;
  q: number;
  gamma: number;
}

export interface GammaGammaFit {
  parameters: GammaGammaParameters;
  logLikelihood: number;
  customers: number;
  converged: boolean;
}

/** One customer's log-likelihood of their mean value m over x purchases. */
export function spendLogLikelihood({ p, q, gamma }: GammaGammaParameters, { x, meanValue: m }: SpendSummary): number {
  return (
    logGamma(p * x + q) - logGamma(p * x) - logGamma(q) + q * Math.log(gamma) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) -
    (p * x + q) * Math.log(gamma + m * x)
  );
}

const fromLog = ([p, q, gamma]: readonly number[]): GammaGammaParameters => ({ p: Math.exp(p!), q: Math.exp(q!), gamma: Math.exp(gamma!) });

export async function fitGammaGamma(customers: readonly SpendSummary[]): Promise<GammaGammaFit> {
  if (customers.length === 0) throw new RangeError('fitGammaGamma needs at least one customer with a repeat purchase');
  for (const c of customers) if (!(c.x >= 1 && c.meanValue > 0)) throw new RangeError(`spend summary needs x >= 1 and a positive mean value: ${JSON.stringify(c)}`);
  const n = customers.length;
  const meanValue = customers.reduce((s, c) => s + c.meanValue, 0) / n;
  const negativeMean = (point: readonly number[]) => {
    const parameters = fromLog(point);
    return -customers.reduce((sum, c) => sum + spendLogLikelihood(parameters, c), 0) / n;
  };
  // Start at p = 1, q = 2 and γ matching the mean (E[value] = pγ/(q−1)).
  const minimum = await runInSlices(minimise(negativeMean, [0, Math.log(2), Math.log(Math.max(meanValue, 1e-6))], { step: 1, tolerance: 1e-12 }));
  return { parameters: fromLog(minimum.point), logLikelihood: -minimum.value * n, customers: n, converged: minimum.converged };
}

/**
 * E[value per purchase | x purchases with mean m]: a credibility-weighted mix of the population mean
 * pγ/(q−1) and the customer's own mean. With x = 0 it is the population mean.
 */
export function expectedPurchaseValue({ p, q, gamma }: GammaGammaParameters, x: number, meanValue: number): number {
  return (p * (gamma + x * meanValue)) / (p * x + q - 1);
}
