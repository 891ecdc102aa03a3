import { compareDateBytes } from './date-bytes.js';

/**
 * The latest invoice date among the lines a load reads ('YYYY-MM-DD HH:MM:SS'): what the load reports, and
 * what a table source's watermark moves to. Kept as bytes too, so that the lines the fast path encodes are
 * compared without making a string of each date.
 */
export class LatestInvoiceDate {
  text: string | null = null;
  private readonly bytes = Buffer.alloc(19);

  /** A date given as the 19 ASCII bytes at `at` of `source`. */
  offerBytes(source: Buffer, at: number): void {
    if (this.text !== null && compareDateBytes(source, at, this.bytes) <= 0) return;
    source.copy(this.bytes, 0, at, at + 19);
    this.text = this.bytes.toString('latin1');
  }

  offerText(date: string): void {
    if (this.text !== null && date <= this.text) return;
    this.text = date;
    this.bytes.write(date, 'latin1');
  }
}
