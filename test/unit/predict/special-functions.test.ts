import { describe, expect, it } from 'vitest';
import { hypergeometric2F1, logBeta, logGamma, logSumExp } from '../../../src/predict/special-functions.js';

describe('special functions', () => {
  it('ln Γ matches factorials and Γ(½) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 11);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 11);
  });

  it('ln B(2, 3) = ln(1/12)', () => {
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 12);
  });

  it('₂F₁(1, 1; 2; z) = −ln(1 − z)/z and ₂F₁(a, b; b; z) = (1 − z)^(−a)', () => {
    expect(hypergeometric2F1(1, 1, 2, 0.6)).toBeCloseTo(-Math.log(0.4) / 0.6, 12);
    expect(hypergeometric2F1(0.7, 3, 3, 0.3)).toBeCloseTo(Math.pow(0.7, -0.7), 12);
  });

  it('refuses arguments outside its domain', () => {
    expect(() => logGamma(0)).toThrow(/positive/);
    expect(() => hypergeometric2F1(1, 1, 2, 1)).toThrow(/0 <= z < 1/);
  });

  it('adds in log space without overflow', () => {
    expect(logSumExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logSumExp(-Infinity, 3)).toBe(3);
  });
});
