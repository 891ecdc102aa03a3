/**
 * Long synchronous work run in slices of the event loop's time. The scoring step's model fits and the
 * recommender's neighbour search are seconds of pure computation at 1× and tens of seconds at 10× the data
 * (the neighbour search grows with customers sharing products, not with customers). Run in one go inside a
 * worker, they hold the event loop that renews the job's BullMQ lock, answers the worker's other jobs
 * (a print's protocol messages and timeouts, a mail's socket) and the health check. Written instead as a
 * generator that yields between units of work (an evaluation of a likelihood, one customer's pass), they
 * give the loop a turn after every SLICE_MS of work: the result is the same, computed in the same order.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Short enough for a worker's timers and sockets not to notice, long enough that turns cost nothing measurable. */
const SLICE_MS = 20;

/**
 * The clock of one piece of long work: `due()` once it has run `sliceMs` since its last turn, then `take()`.
 * Also for async loops over data already at hand (a COPY stream's buffered chunks): each `await` there is a
 * microtask, and microtasks never give the loop a turn.
 */
export class EventLoopTurns {
  private sliceStarted = performance.now();
  constructor(private readonly sliceMs: number = SLICE_MS) {}

  due(): boolean {
    return performance.now() - this.sliceStarted >= this.sliceMs;
  }

  async take(): Promise<void> {
    // setImmediate, not setTimeout(0): no minimum delay, and the loop's timers and sockets are served
    // before it fires again (timers at the latest on the next turn after this one).
    await nextTurn();
    this.sliceStarted = performance.now();
  }
}

/** Runs `work` to its end, letting timers and I/O run whenever `sliceMs` of it has passed since the last turn. */
export async function runInSlices<T>(work: Iterator<unknown, T>, sliceMs: number = SLICE_MS): Promise<T> {
  const turns = new EventLoopTurns(sliceMs);
  for (;;) {
    const step = work.next();
    if (step.done === true) return step.value;
    if (turns.due()) await turns.take();
  }
}

/** `items.map(each)` in slices: for a pass over every customer whose step for one customer is cheap but not free. */
export function mapInSlices<T, R>(items: Iterable<T>, each: (item: T) => R): Promise<R[]> {
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
