import { describe, expect, it } from 'vitest';
import { recogniseLayout } from '../../../src/warehouse/csv-layout.js';
import { InvoiceDateRange } from '../../../src/warehouse/invoice-date-range.js';
import { normaliseDateTime, normaliseDecimal, parseInvoiceLine } from '../../../src/warehouse/invoice-line-parser.js';

/** A load started on 2026-11-26 12:00 UTC accepts dates up to a day later. */
const dates = InvoiceDateRange.startingAt(new Date('2026-11-26T12:00:00Z'));
const layout = recogniseLayout(['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID', 'Country'], 'test');
const line = (overrides: Partial<Record<number, string>> = {}) => {
  const fields = ['489434', '85048', '15CM CHRISTMAS GLASS BALL 20 LIGHTS', '12', '2009-12-01 07:45:00', '6.95', '13085.0', 'United Kingdom'];
  for (const [index, value] of Object.entries(overrides)) fields[Number(index)] = value!;
  return fields;
};

describe('parseInvoiceLine', () => {
  it('writes a valid line as tab-separated COPY text with the customer id as a whole number', () => {
    expect(parseInvoiceLine(line(), layout, dates)).toEqual({
      ok: true,
      copyText: '489434\t85048\t15CM CHRISTMAS GLASS BALL 20 LIGHTS\t12\t2009-12-01 07:45:00\t6.95\t13085\tUnited Kingdom',
      invoiceDate: '2009-12-01 07:45:00',
    });
  });

  it('writes an empty customer and an empty description as NULL', () => {
    const parsed = parseInvoiceLine(line({ 2: '', 6: '' }), layout, dates);
    expect(parsed.ok && parsed.copyText.split('\t')).toEqual(['489434', '85048', '\\N', '12', '2009-12-01 07:45:00', '6.95', '\\N', 'United Kingdom']);
  });

  it('escapes backslashes, tabs and line breaks for COPY', () => {
    const parsed = parseInvoiceLine(line({ 2: 'A\\B\tC\nD' }), layout, dates);
    expect(parsed.ok && parsed.copyText.split('\t')[2]).toBe('A\\\\B\\tC\\nD');
  });

  it.each([
    [{ 0: '' }, 'Invoice is empty'],
    [{ 1: ' ' }, 'StockCode is empty'],
    [{ 3: '1.5' }, 'Quantity "1.5" is not a whole number'],
    [{ 3: '99999999999' }, 'Quantity "99999999999" is not a whole number'],
    [{ 4: 'yesterday' }, 'InvoiceDate "yesterday" is not a valid date and time'],
    [{ 4: '2010-13-01 10:00' }, 'InvoiceDate "2010-13-01 10:00" is not a valid date and time'],
    [{ 4: '0000-01-01 10:00:00' }, 'InvoiceDate "0000-01-01 10:00:00" is before 1900'],
    [{ 4: '2101-01-10 10:00' }, 'InvoiceDate "2101-01-10 10:00" is in the future (the load\'s clock allows up to 2026-11-27 12:00:00)'],
    [{ 5: '1,5' }, 'Price "1,5" is not a decimal number'],
    [{ 6: '13085.5' }, 'Customer ID "13085.5" is not a whole number'],
    [{ 7: '' }, 'Country is empty'],
    [{ 2: 'NUL\u0000' }, 'a field contains a NUL character'],
  ])('rejects %j: %s', (overrides, reason) => {
    expect(parseInvoiceLine(line(overrides), layout, dates)).toEqual({ ok: false, reason });
  });

  it('accepts a date up to a day after the load started (the shop\'s local time may be ahead of UTC)', () => {
    expect(parseInvoiceLine(line({ 4: '2026-11-27 12:00:00' }), layout, dates).ok).toBe(true);
  });

  it('rejects a record with the wrong number of fields', () => {
    expect(parseInvoiceLine(['1', '2', '3'], layout, dates)).toEqual({ ok: false, reason: 'expected 8 fields, found 3' });
  });
});

describe('normaliseDateTime', () => {
  it.each([
    ['2011-12-09 12:50:00', '2011-12-09 12:50:00'],
    ['2011-12-09 12:50', '2011-12-09 12:50:00'],
    ['2011-12-09T08:05:07', '2011-12-09 08:05:07'],
    ['12/1/2010 8:26', '2010-12-01 08:26:00'],
    ['2012-02-29 00:00', '2012-02-29 00:00:00'],
  ])('reads %s as %s', (text, iso) => {
    expect(normaliseDateTime(text)).toBe(iso);
  });

  it.each(['2011-02-29 10:00', '2011-04-31 10:00', '2011-01-01 24:00', '2011-01-01', '1/2/3 4:5'])('refuses %s', (text) => {
    expect(normaliseDateTime(text)).toBeNull();
  });
});

describe('normaliseDecimal', () => {
  it.each([
    ['2.10', '2.1'],
    ['002.5', '2.5'],
    ['+3', '3'],
    ['-0.00', '0'],
    ['-11062.06', '-11062.06'],
    ['0.001', '0.001'],
    ['10', '10'],
  ])('writes %s as %s', (text, canonical) => {
    expect(normaliseDecimal(text)).toBe(canonical);
  });

  it.each(['', '.5', '1e3', '1.2.3', 'abc'])('refuses %j', (text) => {
    expect(normaliseDecimal(text)).toBeNull();
  });
});
