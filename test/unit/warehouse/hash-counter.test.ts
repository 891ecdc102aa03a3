import { describe, expect, it } from 'vitest';
import { RepeatCounter } from '../../../src/warehouse/hash-counter.js';

describe('RepeatCounter', () => {
  it('reports the keys added more than once', () => {
    const counter = new RepeatCounter();
    for (const key of [5, -7, 5, 0, 9, 0, 0]) counter.add(key);
    expect(counter.takeRepeated().sort((a, b) => a - b)).toEqual([0, 5]);
  });

  it('keeps every key of a bucket that fills several blocks', () => {
    // Keys below 2^24 share the first bucket (top byte 0), whose blocks hold 4,096 keys each.
    const counter = new RepeatCounter();
    for (let key = 0; key < 10_000; key++) counter.add(key);
    for (let key = 0; key < 10_000; key += 1000) counter.add(key);
    expect(counter.takeRepeated()).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
  });

  it('finds repeats across a block boundary, with the last block exactly full', () => {
    const counter = new RepeatCounter();
    for (let key = 0; key < 4095; key++) counter.add(key);
    counter.add(0); // the 4,096th key: the first block is full, and the last
    expect(counter.takeRepeated()).toEqual([0]);
  });

  it('finds repeats across a block boundary, with a second block started', () => {
    const counter = new RepeatCounter();
    for (let key = 0; key < 4095; key++) counter.add(key);
    counter.add(0);
    counter.add(4094); // the 4,097th key starts a second block
    expect(counter.takeRepeated()).toEqual([0, 4094]);
  });

  it('is empty once its repeats are taken', () => {
    const counter = new RepeatCounter();
    for (const key of [3, 3, 8]) counter.add(key);
    expect(counter.takeRepeated()).toEqual([3]);
    counter.add(8);
    expect(counter.takeRepeated()).toEqual([]);
  });

  it('reports a key added three times once, among negative and positive keys', () => {
    const counter = new RepeatCounter();
    for (const key of [-2147483648, 2147483647, -1, -1, -1, 16777216, 16777216]) counter.add(key);
    expect(counter.takeRepeated().sort((a, b) => a - b)).toEqual([-1, 16777216]);
  });

  it('reports nothing when every key is distinct', () => {
    const counter = new RepeatCounter();
    for (let key = -500; key < 500; key++) counter.add(key);
    expect(counter.takeRepeated()).toEqual([]);
  });
});
