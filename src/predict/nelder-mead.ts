/**
 * Minimises a function of a few real variables without derivatives (Nelder–Mead simplex with the standard
 * coefficients), restarted from its own optimum until a restart no longer improves it: a cheap guard
 * against the simplex collapsing early. Used for the maximum-likelihood fits of BG/NBD and Gamma-Gamma,
 * whose parameters are optimised on the log scale so that every point is admissible.
 */
export interface Minimum {
  point: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

export interface MinimiseOptions {
  /** Initial simplex edge length on each axis. */
  step?: number;
  /** Stop when the simplex's values differ by less than this. */
  tolerance?: number;
  maxIterations?: number;
  maxRestarts?: number;
}

/**
 * A generator that yields after each evaluation of `f` (a pass over every customer in those fits), to be run
 * with runInSlices (src/async/time-slices.ts): seconds of fitting at 10× the data must not hold the worker's
 * event loop.
 */
export function* minimise(f: (point: readonly number[]) => number, start: readonly number[], options: MinimiseOptions = {}): Generator<void, Minimum> {
  const { step = 0.5, tolerance = 1e-10, maxIterations = 5000, maxRestarts = 5 } = options;
  let best = yield* simplexSearch(f, start, step, tolerance, maxIterations);
  let iterations = best.iterations;
  for (let restart = 0; restart < maxRestarts; restart++) {
    const again = yield* simplexSearch(f, best.point, step / 4, tolerance, maxIterations);
    iterations += again.iterations;
    const improved = best.value - again.value > tolerance;
    if (again.value < best.value) best = again;
    if (!improved) return { ...best, iterations, converged: best.converged };
  }
  return { ...best, iterations, converged: false };
}

function* simplexSearch(f: (point: readonly number[]) => number, start: readonly number[], step: number, tolerance: number, maxIterations: number): Generator<void, Minimum> {
  const n = start.length;
  function* value(p: number[]): Generator<void, number> {
    const v = f(p);
    yield;
    // An inadmissible or overflowing point is treated as infinitely bad rather than poisoning the simplex.
    return Number.isFinite(v) ? v : Infinity;
  }
  let simplex = [start.slice()];
  for (let i = 0; i < n; i++) {
    const vertex = start.slice();
    vertex[i]! += step;
    simplex.push(vertex);
  }
  let values: number[] = [];
  for (const vertex of simplex) values.push(yield* value(vertex));
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const order = values.map((v, i) => i).sort((i, j) => values[i]! - values[j]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (Math.abs(values[n]! - values[0]!) <= tolerance * (1 + Math.abs(values[0]!))) {
      return { point: simplex[0]!, value: values[0]!, iterations: iteration, converged: true };
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]![j]! / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n]![j]! - c));
    const reflected = along(-1);
    const reflectedValue = yield* value(reflected);
    if (reflectedValue < values[0]!) {
      const expanded = along(-2);
      const expandedValue = yield* value(expanded);
      [simplex[n], values[n]] = expandedValue < reflectedValue ? [expanded, expandedValue] : [reflected, reflectedValue];
    } else if (reflectedValue < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, reflectedValue];
    } else {
      const contracted = reflectedValue < values[n]! ? along(-0.5) : along(0.5);
      const contractedValue = yield* value(contracted);
      if (contractedValue < Math.min(reflectedValue, values[n]!)) {
        [simplex[n], values[n]] = [contracted, contractedValue];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i]!.map((x, j) => simplex[0]![j]! + 0.5 * (x - simplex[0]![j]!));
          values[i] = yield* value(simplex[i]!);
        }
      }
    }
  }
  return { point: simplex[0]!, value: values[0]!, iterations: maxIterations, converged: false };
}
