import { tmpdir } from 'node:os';
import { ByteWriter } from './byte-writer.js';
import { escapeCopy } from './copy-text.js';
import { SpillFile } from './spill-file.js';

export interface RejectLogOptions {
  /** Bytes of rejected lines kept in memory before they go to a spill file (4 MB). */
  memoryBytes?: number;
  /** The folder of the spill file (TMPDIR unless told). */
  directory?: string;
}

/** Text PostgreSQL can store: a NUL becomes ␀ (a reason quotes the field, so it may hold one too). */
const storable = (text: string) => (text.includes('\u0000') ? text.replaceAll('\u0000', '\u2400') : text);

/**
 * The lines a load rejects, kept as text-format COPY rows (line number, reason, the record as read) until
 * the lines are in and the rejects can go to the database. Memory is flat: past `memoryBytes` the rows go
 * to a spill file in batches and are read back a batch at a time. (Kept as three arrays, a file whose
 * million lines were all rejected, a price column the parser cannot read, say, took the load to 1.1 GB.)
 *
 * A record is kept as read, with one exception: a NUL character, which PostgreSQL cannot store in text
 * (the line is rejected for it), is kept as U+2400 SYMBOL FOR NULL (␀), in the record and in a reason
 * quoting the field.
 */
export class RejectLog {
  /** Lines rejected so far. */
  count = 0;
  /** Bytes of rows written to a spill file so far (for the load's log). */
  spilledBytes = 0;
  private readonly rows = new ByteWriter(1 << 16);
  private readonly memoryBytes: number;
  /** The folder of the spill file. */
  readonly directory: string;
  private spill: SpillFile | null = null;
  /** Where each spilled batch is, and its length. */
  private batches: { position: number; length: number }[] = [];

  constructor(options: RejectLogOptions = {}) {
    this.memoryBytes = options.memoryBytes ?? 4 << 20;
    this.directory = options.directory ?? tmpdir();
  }

  add(line: number, reason: string, raw: string): void {
    const { rows } = this;
    this.count++;
    rows.decimal(line);
    rows.byte(0x09);
    rows.utf8(escapeCopy(storable(reason)));
    rows.byte(0x09);
    rows.utf8(escapeCopy(storable(raw)));
    rows.byte(0x0a);
    if (rows.length >= this.memoryBytes) {
      this.spill ??= new SpillFile('the rejected lines', this.directory);
      const batch = rows.take();
      this.batches.push({ position: this.spill.append(batch), length: batch.length });
      this.spilledBytes += batch.length;
    }
  }

  /** The COPY rows, a batch at a time, in the order they were added; the log is empty after it. */
  *takeRows(): Generator<Buffer> {
    try {
      for (const { position, length } of this.batches) {
        const batch = Buffer.allocUnsafe(length);
        this.spill!.read(position, batch);
        yield batch;
      }
      if (this.rows.length > 0) yield this.rows.take();
    } finally {
      this.release();
    }
  }

  /** Lets go of the rows and of the spill file, if one was opened; the loader calls it however the load ends. */
  release(): void {
    this.spill?.close();
    this.spill = null;
    this.batches = [];
    this.rows.reset();
  }
}
