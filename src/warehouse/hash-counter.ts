/**
 * Finds the 32-bit integers (the loader's line hashes) added more than once: all the loader needs is
 * "seen more than once". Keys are kept in 256 buckets by their top byte, each a typed array that grows by
 * half when full; `repeated()` sorts each bucket and reads the runs.
 *
 * Memory is what the keys take, 4 bytes a line and at most half as much again per bucket (≈ 45 MB at the
 * 10.4 M lines of the 10× bench). The open-addressing table this replaces needed 5 bytes a slot filled to
 * three quarters and twice that while it doubled: 84 MB, peaking at 126 MB, was most of the 10× loader's
 * RSS. (A Map<number, number> took 0.5 s for the real file's million lines, SQL's GROUP BY on the hash
 * column 0.75 s; this takes tens of milliseconds.)
 */
const BUCKETS = 256;
const FIRST_CAPACITY = 1024;

export class RepeatCounter {
  private readonly keys: Int32Array[] = Array.from({ length: BUCKETS }, () => new Int32Array(FIRST_CAPACITY));
  private readonly sizes = new Int32Array(BUCKETS);

  add(key: number): void {
    const bucket = key >>> 24;
    const size = this.sizes[bucket]!;
    let keys = this.keys[bucket]!;
    if (size === keys.length) {
      const grown = new Int32Array(Math.ceil(keys.length * 1.5));
      grown.set(keys);
      this.keys[bucket] = keys = grown;
    }
    keys[size] = key;
    this.sizes[bucket] = size + 1;
  }

  /** Keys added more than once, each once. */
  repeated(): number[] {
    const out: number[] = [];
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      const keys = this.keys[bucket]!.subarray(0, this.sizes[bucket]!).sort();
      for (let i = 1; i < keys.length; i++) {
        if (keys[i] === keys[i - 1] && (i === 1 || keys[i] !== keys[i - 2])) out.push(keys[i]!);
      }
    }
    return out;
  }
}
