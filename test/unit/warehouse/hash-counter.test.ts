import { describe, expect, it } from 'vitest';
import { RepeatCounter } from '../../../src/warehouse/hash-counter.js';

describe('RepeatCounter', () => {
  it('reports the keys added more than once', () => {
    const counter = new RepeatCounter();
    for (const key of [5, -7, 5, 0, 9, 0, 0]) counter.add(key);
    expect(counter.repeated().sort((a, b) => a - b)).toEqual([0, 5]);
  });

  it('keeps every key of a bucket that fills several blocks', () => {
    // Keys below 2^24 share the first bucket (top byte 0), whose blocks hold 4,096 keys each.
    const counter = new RepeatCounter();
    for (let key = 0; key < 10_000; key++) counter.add(key);
    for (let key = 0; key < 10_000; key += 1000) counter.add(key);
    expect(counter.repeated()).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
  });

  it('finds repeats across a block boundary, with the last block exactly full', () => {
    const counter = new RepeatCounter();
    for (let key = 0; key < 4095; key++) counter.add(key);
    counter.add(0); // the 4,096th key: the first block is full, and the last
    expect(counter.repeated()).toEqual([0]);
    counter.add(4094); // starts a second block
    expect(counter.repeated()).toEqual([0, 4094]);
  });

  it('reports a key added three times once, among negative and positive keys', () => {
    const counter = new RepeatCounter();
    for (const key of [-2147483648, 2147483647, -1, -1, -1, 16777216, 16777216]) counter.add(key);
    expect(counter.repeated().sort((a, b) => a - b)).toEqual([-1, 16777216]);
  });

  it('reports nothing when every key is distinct', () => {
    const counter = new RepeatCounter();
    for (let key = -500; key < 500; key++) counter.add(key);
    expect(counter.repeated()).toEqual([]);
  });
});
