import { describe, expect, it } from 'vitest';
import { runInSlices } from '../../../src/async/time-slices.js';
import { minimise } from '../../../src/predict/nelder-mead.js';

describe('minimise (Nelder–Mead)', () => {
  it("finds the minimum of Rosenbrock's valley at (1, 1)", async () => {
    const rosenbrock = ([x, y]: readonly number[]) => (1 - x!) ** 2 + 100 * (y! - x! * x!) ** 2;
    const result = await runInSlices(minimise(rosenbrock, [-1.2, 1], { tolerance: 1e-14 }));
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1, 4);
    expect(result.point[1]).toBeCloseTo(1, 4);
  });

  it('treats points where the function is not finite as infinitely bad', async () => {
    const logOnly = ([x]: readonly number[]) => (x! <= 0 ? NaN : (Math.log(x!) - 1) ** 2);
    expect((await runInSlices(minimise(logOnly, [1]))).point[0]).toBeCloseTo(Math.E, 4);
  });

  it('yields after every evaluation of the function, so that a long fit can be run in slices', () => {
    let evaluations = 0;
    const bowl = ([x, y]: readonly number[]) => {
      evaluations += 1;
      return (x! - 3) ** 2 + (y! + 1) ** 2;
    };
    const search = minimise(bowl, [0, 0]);
    let yields = 0;
    let step = search.next();
    while (step.done !== true) {
      yields += 1;
      expect(evaluations).toBe(yields);
      step = search.next();
    }
    expect(step.value.point[0]).toBeCloseTo(3, 4);
    expect(yields).toBe(evaluations);
  });
});
