import type { ByteWriter } from './byte-writer.js';
import type { CsvLayout } from './csv-layout.js';
import { daysInMonth, normaliseDateTime } from './invoice-line-parser.js';

/**
 * The loader's fast path: the COPY text of a line that holds no double quote, written straight from the
 * line's UTF-8 bytes, or nothing when the line needs the full parse (parseInvoiceLine) — a field to trim,
 * escape or normalise, a value to reject, a layout whose columns come in another order. Whenever it
 * writes, it writes exactly parseInvoiceLine's copyText for the same fields (plain-line-encoder.test.ts
 * holds it to that); it only exists because a million lines through the full parse, each with its field
 * array, trimmed copies and a text built from pieces, kept the load's single Node thread busier than the
 * database.
 *
 * The checks below are the byte-by-byte form of these patterns, which the full parse's output satisfies:
 *   quantity     ^(?:0|-?[1-9]\d{0,8})$                 (what String(parseInt(text)) gives back unchanged)
 *   price        ^-?(?:0|[1-9]\d{0,11})(?:\.\d{0,5}[1-9])?$, not "-0"   (CANONICAL_DECIMAL)
 *   customer id  ^[1-9]\d{0,8}(?:\.0)?$                 (as the data set writes them, "13085.0", or plain)
 *   date         YYYY-MM-DD HH:MM:SS, a real one; other forms through normaliseDateTime
 */

const COMMA = 0x2c;
const TAB = 0x09;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
/** COPY's NULL. */
const NULL = '\\N';

const isDigit = (byte: number) => byte >= ZERO && byte <= NINE;

/**
 * Whether a field's first or last byte may be white space that String.trim removes: ASCII space and
 * controls, or any byte of a non-ASCII character (U+00A0, U+2000…, U+FEFF are white space too).
 */
const mayBeSpace = (byte: number) => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d) || byte >= 0x80;

/** Whether the layout's columns are in the warehouse's order (both known layouts are): the fast path needs it. */
export function inWarehouseOrder(layout: CsvLayout): boolean {
  const c = layout.columns;
  return layout.columnCount === 8 && c.invoice === 0 && c.stockCode === 1 && c.description === 2 && c.quantity === 3 &&
    c.invoiceDate === 4 && c.price === 5 && c.customerId === 6 && c.country === 7;
}

/** Digits [start, end) of `line`, as a number (at most 4 of them here). */
function digitsValue(line: Uint8Array, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + line[i]! - ZERO;
  return value;
}

/** Whether [start, end) is a canonical quantity: 0, or up to 9 digits without a leading zero, maybe negative. */
function isCanonicalQuantity(line: Uint8Array, start: number, end: number): boolean {
  if (end - start === 1 && line[start] === ZERO) return true;
  const first = line[start] === MINUS ? start + 1 : start;
  const digits = end - first;
  if (digits < 1 || digits > 9 || line[first] === ZERO) return false;
  for (let i = first; i < end; i++) if (!isDigit(line[i]!)) return false;
  return true;
}

/** Whether [start, end) is a decimal in canonical form (no leading zeros, no trailing fraction zeros, not "-0"). */
function isCanonicalPrice(line: Uint8Array, start: number, end: number): boolean {
  const first = line[start] === MINUS ? start + 1 : start;
  let i = first;
  if (line[i] === ZERO) i++;
  else {
    while (i < end && isDigit(line[i]!)) i++;
    if (i === first || i - first > 12) return false;
  }
  if (i === end) return !(first > start && end - first === 1 && line[first] === ZERO); // "-0"
  if (line[i] !== DOT) return false;
  const fraction = i + 1;
  const digits = end - fraction;
  if (digits < 1 || digits > 6 || line[end - 1] === ZERO) return false;
  for (let j = fraction; j < end; j++) if (!isDigit(line[j]!)) return false;
  return true;
}

/** The length of the customer id [start, end) without its ".0", or -1 when it is not a whole number in that form. */
function customerIdLength(line: Uint8Array, start: number, end: number): number {
  const digitsEnd = end - start >= 3 && line[end - 2] === DOT && line[end - 1] === ZERO ? end - 2 : end;
  const digits = digitsEnd - start;
  if (digits < 1 || digits > 9 || line[start] === ZERO) return -1;
  for (let i = start; i < digitsEnd; i++) if (!isDigit(line[i]!)) return -1;
  return digits;
}

/** Whether [start, end) is 'YYYY-MM-DD HH:MM:SS' naming a real date and time. */
function isCanonicalDate(line: Uint8Array, start: number, end: number): boolean {
  if (end - start !== 19) return false;
  for (let i = 0; i < 19; i++) {
    const byte = line[start + i]!;
    if (i === 4 || i === 7) {
      if (byte !== MINUS) return false;
    } else if (i === 10) {
      if (byte !== 0x20) return false;
    } else if (i === 13 || i === 16) {
      if (byte !== 0x3a /* : */) return false;
    } else if (!isDigit(byte)) return false;
  }
  const month = digitsValue(line, start + 5, start + 7);
  const day = digitsValue(line, start + 8, start + 10);
  if (month < 1 || month > 12 || day < 1) return false;
  if (day > 28 && day > daysInMonth(digitsValue(line, start, start + 4), month)) return false;
  return digitsValue(line, start + 11, start + 13) <= 23 && digitsValue(line, start + 14, start + 16) <= 59 && digitsValue(line, start + 17, start + 19) <= 59;
}

/** The positions of a line's seven commas (one array for every line: the encoder never runs twice at once). */
const COMMAS = new Int32Array(7);

/**
 * Writes the COPY text of the line [start, end) of `line` (UTF-8 bytes, no line break) to `out` and returns
 * where in `out` its invoice date ('YYYY-MM-DD HH:MM:SS', 19 bytes) starts; or writes nothing and returns -1
 * when the line needs the full parse.
 */
export function encodePlainLine(line: Buffer, start: number, end: number, out: ByteWriter): number {
  const commas = COMMAS;
  let found = 0;
  for (let i = start; i < end; i++) {
    const byte = line[i]!;
    if (byte === COMMA) {
      if (found === 7) return -1;
      commas[found++] = i;
    } else if (byte === 0x5c /* \ */ || byte === TAB || byte === 0x0d || byte === 0x00 || byte === 0x22 /* " */) {
      // Backslash and tab need COPY escapes, a carriage return too, NUL is rejected, a quote is CSV.
      return -1;
    }
  }
  if (found !== 7) return -1;
  const c1 = commas[0]!, c2 = commas[1]!, c3 = commas[2]!, c4 = commas[3]!, c5 = commas[4]!, c6 = commas[5]!, c7 = commas[6]!;
  // Invoice, stock code and country must be non-empty, and the full parse would trim them.
  if (c1 === start || mayBeSpace(line[start]!) || mayBeSpace(line[c1 - 1]!)) return -1;
  if (c2 === c1 + 1 || mayBeSpace(line[c1 + 1]!) || mayBeSpace(line[c2 - 1]!)) return -1;
  if (end === c7 + 1 || mayBeSpace(line[c7 + 1]!) || mayBeSpace(line[end - 1]!)) return -1;
  if (!isCanonicalQuantity(line, c3 + 1, c4) || !isCanonicalPrice(line, c5 + 1, c6)) return -1;
  const customerDigits = c7 === c6 + 1 ? 0 : customerIdLength(line, c6 + 1, c7);
  if (customerDigits < 0) return -1;
  let normalisedDate: string | null = null;
  if (!isCanonicalDate(line, c4 + 1, c5)) {
    for (let i = c4 + 1; i < c5; i++) if (line[i]! >= 0x80) return -1;
    normalisedDate = normaliseDateTime(line.toString('latin1', c4 + 1, c5));
    if (normalisedDate === null) return -1;
  }

  out.copy(line, start, c1);
  out.byte(TAB);
  out.copy(line, c1 + 1, c2);
  out.byte(TAB);
  if (c3 === c2 + 1) out.ascii(NULL);
  else out.copy(line, c2 + 1, c3);
  out.byte(TAB);
  out.copy(line, c3 + 1, c4);
  out.byte(TAB);
  const date = out.length;
  if (normalisedDate === null) out.copy(line, c4 + 1, c5);
  else out.ascii(normalisedDate);
  out.byte(TAB);
  out.copy(line, c5 + 1, c6);
  out.byte(TAB);
  if (customerDigits === 0) out.ascii(NULL);
  else out.copy(line, c6 + 1, c6 + 1 + customerDigits);
  out.byte(TAB);
  out.copy(line, c7 + 1, end);
  return date;
}
