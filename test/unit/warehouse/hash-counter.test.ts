import { describe, expect, it } from 'vitest';
import { RepeatCounter } from '../../../src/warehouse/hash-counter.js';

describe('RepeatCounter', () => {
  it('reports the keys added more than once', () => {
    const counter = new RepeatCounter();
    for (const key of [5, -7, 5, 0, 9, 0, 0]) counter.add(key);
    expect(counter.repeated().sort((a, b) => a - b)).toEqual([0, 5]);
  });

  it('keeps every key while one bucket grows far past its first capacity', () => {
    // Keys below 2^24 share the first bucket (top byte 0), which starts with room for 1,024.
    const counter = new RepeatCounter();
    for (let key = 0; key < 10_000; key++) counter.add(key);
    for (let key = 0; key < 10_000; key += 1000) counter.add(key);
    expect(counter.repeated()).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
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
