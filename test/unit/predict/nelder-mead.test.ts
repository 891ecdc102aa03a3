import { describe, expect, it } from 'vitest';
import { minimise } from '../../../src/predict/nelder-mead.js';

describe('minimise (Nelder–Mead)', () => {
  it("finds the minimum of Rosenbrock's valley at (1, 1)", () => {
    const rosenbrock = ([x, y]: readonly number[]) => (1 - x!) ** 2 + 100 * (y! - x! * x!) ** 2;
    const result = minimise(rosenbrock, [-1.2, 1], { tolerance: 1e-14 });
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1, 4);
    expect(result.point[1]).toBeCloseTo(1, 4);
  });

  it('treats points where the function is not finite as infinitely bad', () => {
    const logOnly = ([x]: readonly number[]) => (x! <= 0 ? NaN : (Math.log(x!) - 1) ** 2);
    expect(minimise(logOnly, [1]).point[0]).toBeCloseTo(Math.E, 4);
  });
});
