import { tmpdir } from 'node:os';
import { SpillFile } from './spill-file.js';

/**
 * Finds the 32-bit integers (the loader's line hashes) added more than once: all the loader needs is
 * "seen more than once". Keys are kept in 256 buckets by their top byte, each a list of fixed blocks of
 * 4,096 keys; `takeRepeated()` gathers one bucket at a time into one array, sorts it and reads the runs.
 *
 * Memory stays flat in the number of keys: blocks are kept in memory up to `memoryBytes` (16 MB by
 * default, four million lines: the real file's million never leave memory), and past it each full block is
 * written to a spill file (spill-file.ts) in `directory` (TMPDIR by default) and its memory used again.
 * What is in memory is that budget (or, below 4 MB, one block a bucket) and, while the repeats are taken,
 * one bucket's keys (160 KB at the 10.4 M lines of the 10× bench). Before this the blocks stayed in
 * memory, 4 bytes a line: 42 MB at 10×.
 *
 * (A Map<number, number> took 0.5 s for the real file's million lines, SQL's GROUP BY on the hash column
 * 0.75 s; this takes tens of milliseconds.)
 */
const BUCKETS = 256;
const DEFAULT_HASH_MEMORY_BYTES = 16 << 20;

export interface RepeatCounterOptions {
  /** Bytes of blocks kept in memory before full ones go to the spill file; 0 spills every full block. */
  memoryBytes?: number;
  /** The folder of the spill file (created only when the budget is passed). */
  directory?: string;
  /** Keys a block holds (4,096); tests make it small so a few thousand lines reach the spill file. */
  blockKeys?: number;
}

export class RepeatCounter {
  private readonly blocks: Int32Array[][] = Array.from({ length: BUCKETS }, () => []);
  /** Keys in each bucket's last block. */
  private readonly filled: Int32Array;
  /** Where each bucket's spilled blocks (all full) are in the spill file; the keys are sorted, so order does not matter. */
  private readonly spilled: number[][] = Array.from({ length: BUCKETS }, () => []);
  private readonly block: number;
  private readonly memoryBlocks: number;
  /** The folder of the spill file. */
  readonly directory: string;
  private blocksInMemory = 0;
  private spill: SpillFile | null = null;

  constructor(options: RepeatCounterOptions = {}) {
    this.block = options.blockKeys ?? 4096;
    this.filled = new Int32Array(BUCKETS).fill(this.block);
    this.memoryBlocks = Math.floor((options.memoryBytes ?? DEFAULT_HASH_MEMORY_BYTES) / (this.block * Int32Array.BYTES_PER_ELEMENT));
    this.directory = options.directory ?? tmpdir();
  }

  /** Bytes of keys written to a spill file so far (kept after the repeats are taken, for the load's log). */
  spilledBytes = 0;

  add(key: number): void {
    const bucket = key >>> 24;
    const blocks = this.blocks[bucket]!;
    let at = this.filled[bucket]!;
    if (at === this.block) {
      this.startBlock(bucket, blocks);
      at = 0;
    }
    blocks[blocks.length - 1]![at] = key;
    this.filled[bucket] = at + 1;
  }

  /**
   * Keys added more than once, each once, a bucket at a time (an array per bucket that has any); the
   * counter is empty after it and its spill file gone, also when the caller stops early. Each bucket's
   * blocks are let go as it is read, and the repeats are handed on a bucket at a time too, so the loader
   * can send them to the database in groups of bounded size (load-lines.ts collapseDuplicates).
   */
  *takeRepeated(): Generator<Int32Array> {
    const { block: size } = this;
    try {
      for (let bucket = 0; bucket < BUCKETS; bucket++) {
        const blocks = this.blocks[bucket]!;
        const spilled = this.spilled[bucket]!;
        if (blocks.length === 0) continue;
        const inMemory = (blocks.length - 1) * size + this.filled[bucket]!;
        const keys = new Int32Array(spilled.length * size + inMemory);
        const bytes = new Uint8Array(keys.buffer);
        const blockBytes = size * Int32Array.BYTES_PER_ELEMENT;
        spilled.forEach((position, i) => this.spill!.read(position, bytes.subarray(i * blockBytes, (i + 1) * blockBytes)));
        const last = blocks.length - 1;
        blocks.forEach((block, i) => keys.set(i === last ? block.subarray(0, this.filled[bucket]!) : block, (spilled.length + i) * size));
        this.blocks[bucket] = [];
        this.spilled[bucket] = [];
        this.filled[bucket] = size;
        keys.sort();
        // Repeats are written over the front of the sorted keys: each is behind the scan.
        let repeats = 0;
        for (let i = 1; i < keys.length; i++) {
          if (keys[i] === keys[i - 1] && (i === 1 || keys[i] !== keys[i - 2])) keys[repeats++] = keys[i]!;
        }
        if (repeats > 0) yield keys.subarray(0, repeats);
      }
    } finally {
      this.release();
    }
  }

  /**
   * Lets go of every key and of the spill file, if one was opened: the counter is empty after it. The
   * loader calls it however the load ends.
   */
  release(): void {
    this.spill?.close();
    this.spill = null;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      this.blocks[bucket] = [];
      this.spilled[bucket] = [];
    }
    this.filled.fill(this.block);
    this.blocksInMemory = 0;
  }

  /** Makes room for the bucket's next keys: a new block, or, past the budget, its full block spilled and reused. */
  private startBlock(bucket: number, blocks: Int32Array[]): void {
    const full = blocks[blocks.length - 1];
    if (full && this.blocksInMemory >= this.memoryBlocks) {
      this.spill ??= new SpillFile('the line hashes', this.directory);
      this.spilled[bucket]!.push(this.spill.append(new Uint8Array(full.buffer, full.byteOffset, full.byteLength)));
      this.spilledBytes += full.byteLength;
      return;
    }
    blocks.push(new Int32Array(this.block));
    this.blocksInMemory++;
  }
}
