/**
 * Bytes written one piece after another into one buffer that grows when full: the loader builds its COPY
 * rows here as UTF-8, straight from the file's bytes, instead of as JavaScript strings (a million lines as
 * strings, sliced, joined and encoded back to UTF-8 for the socket, kept the load's Node thread twice as
 * busy as the database it feeds).
 */
export class ByteWriter {
  private buffer: Buffer;
  private used = 0;

  constructor(initialSize = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.used;
  }

  /**
   * The buffer written into: its first `length` bytes are the ones written. It is replaced when it grows,
   * so it is only good until the next write.
   */
  get bytes(): Buffer {
    return this.buffer;
  }

  reset(): void {
    this.used = 0;
  }

  byte(value: number): void {
    if (this.used === this.buffer.length) this.grow(1);
    this.buffer[this.used++] = value;
  }

  /** Bytes [start, end) of `source`. */
  copy(source: Buffer, start: number, end: number): void {
    const count = end - start;
    if (this.used + count > this.buffer.length) this.grow(count);
    // A run as short as a line is copied in the loop: that beats the fixed cost of Buffer.copy (measured).
    if (count < 256) {
      const target = this.buffer;
      let to = this.used;
      for (let i = start; i < end; i++) target[to++] = source[i]!;
    } else {
      source.copy(this.buffer, this.used, start, end);
    }
    this.used += count;
  }

  /** Text of characters below U+0080 only (numbers, separators, escapes). */
  ascii(text: string): void {
    if (this.used + text.length > this.buffer.length) this.grow(text.length);
    for (let i = 0; i < text.length; i++) this.buffer[this.used++] = text.charCodeAt(i);
  }

  utf8(text: string): void {
    const most = Buffer.byteLength(text, 'utf8');
    if (this.used + most > this.buffer.length) this.grow(most);
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** A whole 32-bit number in decimal, as String(value) writes it (digits written in place: no string). */
  decimal(value: number): void {
    if (this.used + 11 > this.buffer.length) this.grow(11);
    const target = this.buffer;
    if (value < 0) {
      target[this.used++] = 0x2d; // -
      value = -value;
    }
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = this.used + digits;
    this.used = at;
    do {
      target[--at] = 0x30 + (value % 10);
      value = Math.floor(value / 10);
    } while (value > 0);
  }

  /** The bytes written as text (UTF-8). */
  toString(start = 0, end = this.used): string {
    return this.buffer.toString('utf8', start, end);
  }

  /** A copy of the bytes written; the writer is empty after it and keeps its buffer for what follows. */
  take(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.used));
    this.used = 0;
    return out;
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + needed));
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }
}
