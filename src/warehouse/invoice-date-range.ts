import { compareDateBytes } from './date-bytes.js';

/**
 * The invoice dates a load accepts: from 1900 to a day after the load's clock. A year the database cannot
 * store (0000) failed the whole COPY and so refused the whole file for one line; a date in the future is
 * a typing error, and one of them loaded made every report's default as-of that future day and moved a
 * table source's watermark past every row still to come. Such lines are rejected, each with its reason.
 * Dates are compared as their 'YYYY-MM-DD HH:MM:SS' text, which sorts as time does.
 */
export const EARLIEST_INVOICE_DATE = '1900-01-01 00:00:00';
/** Invoice dates are the shop's local time and the clock's is UTC: a day covers every time zone. */
const CLOCK_TOLERANCE_MS = 24 * 60 * 60 * 1000;

export class InvoiceDateRange {
  private readonly earliestBytes: Buffer;
  private readonly latestBytes: Buffer;

  constructor(readonly latest: string) {
    this.earliestBytes = Buffer.from(EARLIEST_INVOICE_DATE, 'latin1');
    this.latestBytes = Buffer.from(latest, 'latin1');
  }

  /** The range of a load that starts at `now`. */
  static startingAt(now: Date): InvoiceDateRange {
    return new InvoiceDateRange(new Date(now.getTime() + CLOCK_TOLERANCE_MS).toISOString().slice(0, 19).replace('T', ' '));
  }

  /** Why a date ('YYYY-MM-DD HH:MM:SS') is refused, or null when it is in range. */
  problem(date: string, asWritten: string): string | null {
    if (date < EARLIEST_INVOICE_DATE) return `InvoiceDate "${asWritten}" is before ${EARLIEST_INVOICE_DATE.slice(0, 4)}`;
    if (date > this.latest) return `InvoiceDate "${asWritten}" is in the future (the load's clock allows up to ${this.latest})`;
    return null;
  }

  /** Whether the 19 ASCII bytes of a date at `at` of `source` are in range (the fast path's check). */
  holdsBytes(source: Uint8Array, at: number): boolean {
    return compareDateBytes(source, at, this.earliestBytes) >= 0 && compareDateBytes(source, at, this.latestBytes) <= 0;
  }
}
