import { describe, expect, it } from 'vitest';
import { mapWithLimit } from '../../../src/async/map-with-limit.js';

/** A task that finishes when the test says so, recording how many run at once. */
function gate() {
  let running = 0;
  let most = 0;
  const waiting: Array<() => void> = [];
  return {
    async task<T>(value: T): Promise<T> {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => waiting.push(resolve));
      running--;
      return value;
    },
    releaseAll: async () => {
      while (waiting.length > 0 || running > 0) {
        waiting.splice(0).forEach((release) => release());
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    most: () => most,
  };
}

describe('mapWithLimit', () => {
  it('runs at most `limit` tasks at once and gives the results in the order of the items', async () => {
    const g = gate();
    const done = mapWithLimit(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 3, (item) => g.task(item.toUpperCase()));
    await g.releaseAll();
    expect(await done).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(g.most()).toBe(3);
  });

  it('starts nothing new after a failure, waits for the running tasks, then throws the first failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const result = mapWithLimit([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await new Promise((resolve) => setTimeout(resolve, item === 1 ? 30 : 1));
      if (item === 0) throw new Error('item 0 failed');
      finished.push(item);
      return item;
    });
    await expect(result).rejects.toThrow('item 0 failed');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([1]);
  });

  it('gives an empty list for no items', async () => {
    expect(await mapWithLimit([], 4, async () => 1)).toEqual([]);
  });
});
