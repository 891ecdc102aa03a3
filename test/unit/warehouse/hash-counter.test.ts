import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RepeatCounter } from '../../../src/warehouse/hash-counter.js';
import { openFilesNamed } from '../../support/open-files.js';

const spillFilesOpen = () => openFilesNamed('lgs-spill-').length;

/** Every repeat the counter hands on, in order. */
const repeatsOf = (counter: RepeatCounter) => [...counter.takeRepeated()].flatMap((bucket) => [...bucket]).sort((a, b) => a - b);

describe('RepeatCounter', () => {
  it('reports the keys added more than once', () => {
    const counter = new RepeatCounter();
    for (const key of [5, -7, 5, 0, 9, 0, 0]) counter.add(key);
    expect(repeatsOf(counter)).toEqual([0, 5]);
  });

  it('keeps every key of a bucket that fills several blocks', () => {
    // Keys below 2^24 share the first bucket (top byte 0), whose blocks hold 4,096 keys each.
    const counter = new RepeatCounter();
    for (let key = 0; key < 10_000; key++) counter.add(key);
    for (let key = 0; key < 10_000; key += 1000) counter.add(key);
    expect(repeatsOf(counter)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
  });

  it('finds repeats across a block boundary, with the last block exactly full', () => {
    const counter = new RepeatCounter();
    for (let key = 0; key < 4095; key++) counter.add(key);
    counter.add(0); // the 4,096th key: the first block is full, and the last
    expect(repeatsOf(counter)).toEqual([0]);
  });

  it('finds repeats across a block boundary, with a second block started', () => {
    const counter = new RepeatCounter();
    for (let key = 0; key < 4095; key++) counter.add(key);
    counter.add(0);
    counter.add(4094); // the 4,097th key starts a second block
    expect(repeatsOf(counter)).toEqual([0, 4094]);
  });

  it('is empty once its repeats are taken', () => {
    const counter = new RepeatCounter();
    for (const key of [3, 3, 8]) counter.add(key);
    expect(repeatsOf(counter)).toEqual([3]);
    counter.add(8);
    expect(repeatsOf(counter)).toEqual([]);
  });

  it('reports a key added three times once, among negative and positive keys', () => {
    const counter = new RepeatCounter();
    for (const key of [-2147483648, 2147483647, -1, -1, -1, 16777216, 16777216]) counter.add(key);
    expect(repeatsOf(counter)).toEqual([-1, 16777216]);
  });

  it('reports nothing when every key is distinct', () => {
    const counter = new RepeatCounter();
    for (let key = -500; key < 500; key++) counter.add(key);
    expect(repeatsOf(counter)).toEqual([]);
  });
});

describe('RepeatCounter past its memory budget', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'lgs-repeat-counter-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  /** Keys of many buckets, each added once, with every tenth added again. */
  function keysWithRepeats(): { keys: number[]; repeated: number[] } {
    const keys: number[] = [];
    const repeated: number[] = [];
    for (let i = 0; i < 20_000; i++) keys.push(Math.imul(i, 2654435761) | 0);
    for (let i = 0; i < 20_000; i += 10) {
      keys.push(keys[i]!);
      repeated.push(keys[i]!);
    }
    return { keys, repeated: repeated.sort((a, b) => a - b) };
  }

  it('finds the same repeats with its full blocks written to a spill file', () => {
    const { keys, repeated } = keysWithRepeats();
    const counter = new RepeatCounter({ memoryBytes: 0, blockKeys: 16, directory: folder });
    for (const key of keys) counter.add(key);
    expect(counter.spilledBytes).toBeGreaterThan(0);
    expect(repeatsOf(counter)).toEqual(repeated);
  });

  it('keeps full blocks in memory up to its budget, and writes nothing while under it', () => {
    const counter = new RepeatCounter({ memoryBytes: 1 << 20, blockKeys: 16, directory: folder });
    for (const key of keysWithRepeats().keys) counter.add(key);
    expect(counter.spilledBytes).toBe(0);
  });

  it('leaves no file in the folder while it spills, nor after', () => {
    const counter = new RepeatCounter({ memoryBytes: 0, blockKeys: 16, directory: folder });
    for (const key of keysWithRepeats().keys) counter.add(key);
    expect(counter.spilledBytes).toBeGreaterThan(0);
    expect(readdirSync(folder)).toEqual([]);
    repeatsOf(counter);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('holds its spill file open while it spills and closes it once every repeat is taken', () => {
    const counter = new RepeatCounter({ memoryBytes: 0, blockKeys: 16, directory: folder });
    for (const key of keysWithRepeats().keys) counter.add(key);
    expect(spillFilesOpen()).toBe(1);
    repeatsOf(counter);
    expect(spillFilesOpen()).toBe(0);
  });

  it('keeps several full blocks of a bucket in memory beside its spilled ones, up to its budget', () => {
    // Keys of three buckets only (top bytes 0, 1, 2): ~1,430 blocks of 16 keys, 64 of them in memory.
    const counter = new RepeatCounter({ memoryBytes: 64 * 16 * 4, blockKeys: 16, directory: folder });
    const keys = Array.from({ length: 20_000 }, (_, i) => ((i % 3) << 24) | i);
    for (const key of keys) counter.add(key);
    for (let i = 0; i < 20_000; i += 7) counter.add(keys[i]!);
    expect(counter.spilledBytes).toBeGreaterThan(1000 * 16 * 4);
    expect(repeatsOf(counter)).toEqual(keys.filter((_, i) => i % 7 === 0).sort((a, b) => a - b));
  });

  it('is empty after release, its spill file closed', () => {
    const counter = new RepeatCounter({ memoryBytes: 0, blockKeys: 16, directory: folder });
    for (const key of keysWithRepeats().keys) counter.add(key);
    counter.release();
    expect(spillFilesOpen()).toBe(0);
    expect(repeatsOf(counter)).toEqual([]);
  });

  it('is usable again once its repeats are taken, starting a new spill file', () => {
    const counter = new RepeatCounter({ memoryBytes: 0, blockKeys: 16, directory: folder });
    const { keys, repeated } = keysWithRepeats();
    for (const key of keys) counter.add(key);
    repeatsOf(counter);
    for (const key of keys) counter.add(key);
    expect(repeatsOf(counter)).toEqual(repeated);
  });

  it('hands its repeats on a bucket at a time', () => {
    const counter = new RepeatCounter({ memoryBytes: 0, blockKeys: 16, directory: folder });
    for (const key of keysWithRepeats().keys) counter.add(key);
    const buckets = [...counter.takeRepeated()];
    expect(buckets.length).toBeGreaterThan(100);
    for (const bucket of buckets) expect(new Set([...bucket].map((key) => key >>> 24)).size).toBe(1);
  });

  it('lets go of its keys and spill file when the reader stops after the first bucket', () => {
    const counter = new RepeatCounter({ memoryBytes: 0, blockKeys: 16, directory: folder });
    const { keys, repeated } = keysWithRepeats();
    for (const key of keys) counter.add(key);
    for (const _bucket of counter.takeRepeated()) break;
    expect(spillFilesOpen()).toBe(0);
    expect(repeatsOf(counter)).toEqual([]);
    for (const key of keys) counter.add(key);
    expect(repeatsOf(counter)).toEqual(repeated);
  });

  it('names the folder when it cannot create its spill file there', () => {
    const counter = new RepeatCounter({ memoryBytes: 0, blockKeys: 16, directory: join(folder, 'missing') });
    expect(() => {
      for (const key of keysWithRepeats().keys) counter.add(key);
    }).toThrow(new RegExp(`line hashes .* ${join(folder, 'missing')} \\(TMPDIR\\), which could not create a file: ENOENT`));
  });
});
