import { describe, expect, it } from 'vitest';
import { RepeatCounter } from '../../../src/warehouse/hash-counter.js';

describe('RepeatCounter', () => {
  it('reports the keys added more than once', () => {
    const counter = new RepeatCounter();
    for (const key of [5, -7, 5, 0, 9, 0, 0]) counter.add(key);
    expect(counter.repeated().sort((a, b) => a - b)).toEqual([0, 5]);
  });

  it('keeps its counts while it grows past its first capacity', () => {
    const counter = new RepeatCounter(4);
    for (let key = 0; key < 10_000; key++) counter.add(key * 7919);
    for (let key = 0; key < 10_000; key += 1000) counter.add(key * 7919);
    expect(counter.repeated().sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i * 1000 * 7919));
  });

  it('reports nothing when every key is distinct', () => {
    const counter = new RepeatCounter();
    for (let key = -500; key < 500; key++) counter.add(key);
    expect(counter.repeated()).toEqual([]);
  });
});
