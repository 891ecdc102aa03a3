import { describe, expect, it } from 'vitest';
import { EventLoopTurns, mapInSlices, runInSlices } from '../../../src/async/time-slices.js';
import { timerFiresDuring } from '../../support/timer-during.js';

/** Steps until `done()` holds or `limit` steps have run; returns how many ran. */
function* stepsUntil(done: () => boolean, limit: number): Generator<void, number> {
  let steps = 0;
  while (!done() && steps < limit) {
    steps += 1;
    yield;
  }
  return steps;
}

describe('runInSlices', () => {
  it("returns the work's own result after running every step", async () => {
    expect(await runInSlices(stepsUntil(() => false, 10_000))).toBe(10_000);
  });

  it('lets a timer set before the work fire while the work is still running', async () => {
    let fired = false;
    setTimeout(() => (fired = true), 1);
    // Slices of 0 ms: the loop gets a turn after every step, so the timer fires long before a million steps.
    const steps = await runInSlices(stepsUntil(() => fired, 1_000_000), 0);
    expect(fired).toBe(true);
    expect(steps).toBeLessThan(1_000_000);
  });

  it('keeps the loop to itself while its slice has time left', async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    const steps = await runInSlices(stepsUntil(() => turned, 1000), 60_000);
    expect(steps).toBe(1000);
  });

  it('passes on what a step throws', async () => {
    function* failing(): Generator<void, never> {
      yield;
      throw new RangeError('step 2 failed');
    }
    await expect(runInSlices(failing(), 0)).rejects.toThrow(/step 2 failed/);
  });
});

describe('mapInSlices', () => {
  it('maps every item in order', async () => {
    expect(await mapInSlices([3, 1, 2], (n) => n * 10)).toEqual([30, 10, 20]);
  });

  it('gives the event loop turns between items', async () => {
    // 200 items of half a millisecond each.
    const busy = (n: number) => {
      const until = performance.now() + 0.5;
      while (performance.now() < until);
      return n;
    };
    expect(await timerFiresDuring(() => mapInSlices(Array.from({ length: 200 }, (_, i) => i), busy))).toBe(true);
  });
});

describe('EventLoopTurns', () => {
  it('is due once its slice has run, and taking a turn lets waiting callbacks run and starts a new slice', async () => {
    const turns = new EventLoopTurns(0);
    expect(turns.due()).toBe(true);
    let ran = false;
    setImmediate(() => (ran = true));
    await turns.take();
    expect(ran).toBe(true);
  });

  it('is not due while its slice has time left', () => {
    expect(new EventLoopTurns(60_000).due()).toBe(false);
  });
});
