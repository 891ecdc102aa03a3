/**
 * Finds the 32-bit integers (the loader's line hashes) added more than once: all the loader needs is
 * "seen more than once". Keys are kept in 256 buckets by their top byte, each a list of fixed blocks of
 * 4,096 keys; `takeRepeated()` copies one bucket at a time into one array, sorts it and reads the runs.
 *
 * Memory is what the keys take, 4 bytes a line, plus at most one part-filled block a bucket (4 MB in all):
 * 42 MB at the 10.4 M lines of the 10× bench. Buckets that grew by half when full held up to half as much
 * again (60 MB there), and the open-addressing table before them needed 5 bytes a slot filled to three
 * quarters and twice that while it doubled: 84 MB, peaking at 126 MB. (A Map<number, number> took 0.5 s for
 * the real file's million lines, SQL's GROUP BY on the hash column 0.75 s; this takes tens of milliseconds.)
 */
const BUCKETS = 256;
const BLOCK = 4096;

export class RepeatCounter {
  private readonly blocks: Int32Array[][] = Array.from({ length: BUCKETS }, () => []);
  /** Keys in each bucket's last block. */
  private readonly filled = new Int32Array(BUCKETS).fill(BLOCK);

  add(key: number): void {
    const bucket = key >>> 24;
    const blocks = this.blocks[bucket]!;
    let at = this.filled[bucket]!;
    if (at === BLOCK) {
      blocks.push(new Int32Array(BLOCK));
      at = 0;
    }
    blocks[blocks.length - 1]![at] = key;
    this.filled[bucket] = at + 1;
  }

  /**
   * Keys added more than once, each once; the counter is empty after it. Each bucket's blocks are let go as
   * it is read: the loader asks once, then works for a while (at 10×, 42 MB it no longer needs).
   */
  takeRepeated(): number[] {
    const out: number[] = [];
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      const blocks = this.blocks[bucket]!;
      if (blocks.length === 0) continue;
      const keys = new Int32Array((blocks.length - 1) * BLOCK + this.filled[bucket]!);
      blocks.forEach((block, i) => keys.set(i === blocks.length - 1 ? block.subarray(0, this.filled[bucket]!) : block, i * BLOCK));
      this.blocks[bucket] = [];
      this.filled[bucket] = BLOCK;
      keys.sort();
      for (let i = 1; i < keys.length; i++) {
        if (keys[i] === keys[i - 1] && (i === 1 || keys[i] !== keys[i - 2])) out.push(keys[i]!);
      }
    }
    return out;
  }
}
