import type { CsvLayout } from './csv-layout.js';
import { CANONICAL_DECIMAL, normaliseDateTime } from './invoice-line-parser.js';

/**
 * The loader's fast path: the COPY text of a line that holds no double quote, taken straight from the
 * line's text, or null when the line needs the full parse (parseInvoiceLine) — a field to trim, escape or
 * normalise, a value to reject, a layout whose columns come in another order. Whenever it answers, the
 * answer is exactly parseInvoiceLine's copyText for the same fields (plain-line-encoder.test.ts holds it to
 * that); it only exists because a million lines through the full parse, each with its field array, trimmed
 * copies and a text built from pieces, kept the load's single Node thread busier than the database.
 */

/** Quantities in canonical form (what String(parseInt(text)) gives back unchanged). */
const CANONICAL_QUANTITY = /^(?:0|-?[1-9]\d{0,8})$/;
/** Customer ids as the data set writes them ("13085.0") or plain ("13085"). */
const CUSTOMER_ID = /^[1-9]\d{0,8}(?:\.0)?$/;
/** Characters COPY's text format would need escaped, or that the full parse rejects (NUL). */
const NEEDS_FULL_PARSE = /[\\\t\r\u0000]/;

/** Whether the text has white space at either end, which the full parse would trim. */
const untrimmed = (text: string) => text.trim() !== text;

/** Whether the layout's columns are in the warehouse's order (both known layouts are): the fast path needs it. */
export function inWarehouseOrder(layout: CsvLayout): boolean {
  const c = layout.columns;
  return layout.columnCount === 8 && c.invoice === 0 && c.stockCode === 1 && c.description === 2 && c.quantity === 3 &&
    c.invoiceDate === 4 && c.price === 5 && c.customerId === 6 && c.country === 7;
}

/** Returns the COPY text and the normalised invoice date, or null (then use parseInvoiceLine). */
export function encodePlainLine(text: string): { copyText: string; invoiceDate: string } | null {
  if (NEEDS_FULL_PARSE.test(text)) return null;
  const c1 = text.indexOf(',');
  const c2 = text.indexOf(',', c1 + 1);
  const c3 = text.indexOf(',', c2 + 1);
  const c4 = text.indexOf(',', c3 + 1);
  const c5 = text.indexOf(',', c4 + 1);
  const c6 = text.indexOf(',', c5 + 1);
  const c7 = text.indexOf(',', c6 + 1);
  if (c1 <= 0 || c7 < 0 || text.indexOf(',', c7 + 1) >= 0) return null;
  // Invoice and stock code must be non-empty; a field with spaces at its ends goes the full way (trim).
  if (c2 === c1 + 1 || untrimmed(text.slice(0, c1)) || untrimmed(text.slice(c1 + 1, c2))) return null;
  const quantity = text.slice(c3 + 1, c4);
  if (!CANONICAL_QUANTITY.test(quantity)) return null;
  const dateText = text.slice(c4 + 1, c5);
  const date = normaliseDateTime(dateText);
  if (date === null) return null;
  const price = text.slice(c5 + 1, c6);
  if (!CANONICAL_DECIMAL.test(price) || price === '-0') return null;
  const customerText = text.slice(c6 + 1, c7);
  let customer: string;
  if (customerText === '') customer = '\\N';
  else if (CUSTOMER_ID.test(customerText)) customer = customerText.endsWith('.0') ? customerText.slice(0, -2) : customerText;
  else return null;
  const country = text.slice(c7 + 1);
  if (country === '' || untrimmed(country)) return null;
  // Invoice, code, description and quantity are already in COPY form: the commas between them become tabs.
  const head = c3 === c2 + 1 ? text.slice(0, c2).replace(',', '\t') + '\t\\N\t' + quantity : text.slice(0, c4).replaceAll(',', '\t');
  return { copyText: head + '\t' + date + '\t' + price + '\t' + customer + '\t' + country, invoiceDate: date };
}
