import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long synchronous work run in slices of the event loop's time. The scoring step's model fits and the
 * recommender's neighbour search are seconds of pure computation at 1× and tens of seconds at 10× the data
 * (the neighbour search grows with customers sharing products, not with customers). Run in one go inside a
 * worker, they hold the event loop that renews the job's BullMQ lock, answers the worker's other jobs
 * (a print's protocol messages and timeouts, a mail's socket) and the health check. Written instead as a
 * generator that yields between units of work (an evaluation of a likelihood, one customer's pass), they
 * give the loop a turn after every SLICE_MS of work: the result is the same, computed in the same order.
 */
export const SLICE_MS = 20;

/** Runs `work` to its end, letting timers and I/O run whenever `sliceMs` of it has passed since the last turn. */
export async function runInSlices<T>(work: Iterator<unknown, T>, sliceMs: number = SLICE_MS): Promise<T> {
  let sliceStarted = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done === true) return step.value;
    if (performance.now() - sliceStarted >= sliceMs) {
      // setImmediate, not setTimeout(0): no minimum delay, and the loop's timers and sockets are served
      // before it fires again (timers at the latest on the next turn after this one).
      await nextTurn();
      sliceStarted = performance.now();
    }
  }
}

/** `items.map(each)` in slices: for a pass over every customer whose step for one customer is cheap but not free. */
export function mapInSlices<T, R>(items: readonly T[], each: (item: T) => R): Promise<R[]> {
  function* mapping(): Generator<void, R[]> {
    const results: R[] = [];
    for (const item of items) {
      results.push(each(item));
      yield;
    }
    return results;
  }
  return runInSlices(mapping());
}
