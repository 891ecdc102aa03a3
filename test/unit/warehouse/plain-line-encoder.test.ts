import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { recogniseLayout } from '../../../src/warehouse/csv-layout.js';
import { parseInvoiceLine } from '../../../src/warehouse/invoice-line-parser.js';
import { encodePlainLine, inWarehouseOrder } from '../../../src/warehouse/plain-line-encoder.js';
import { SAMPLE } from '../../support/fixtures.js';

const ONLINE_RETAIL_II = recogniseLayout('Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country'.split(','), 'test');
const fullParse = (line: string) => {
  const parsed = parseInvoiceLine(line.split(','), ONLINE_RETAIL_II);
  return parsed.ok ? { copyText: parsed.copyText, invoiceDate: parsed.invoiceDate } : null;
};

describe('the fast path for lines without quotes', () => {
  it('turns a typical line into its COPY text, the customer id without its ".0"', () => {
    expect(encodePlainLine('489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom')).toEqual({
      copyText: '489434\t85048\t15CM CHRISTMAS GLASS BALL 20 LIGHTS\t12\t2009-12-01 07:45:00\t6.95\t13085\tUnited Kingdom',
      invoiceDate: '2009-12-01 07:45:00',
    });
  });

  it('writes NULL for an empty description and an empty customer, and keeps a negative quantity', () => {
    expect(encodePlainLine('489521,21646,,-50,2009-12-01 11:46:00,0,,United Kingdom')?.copyText).toBe(
      '489521\t21646\t\\N\t-50\t2009-12-01 11:46:00\t0\t\\N\tUnited Kingdom',
    );
  });

  it('keeps the spaces of a description as the full parse does', () => {
    expect(encodePlainLine('489434,79323W, WHITE CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085.0,United Kingdom')?.copyText).toBe(
      '489434\t79323W\t WHITE CHERRY LIGHTS\t12\t2009-12-01 07:45:00\t6.75\t13085\tUnited Kingdom',
    );
  });

  it('normalises the older layout\'s M/D/YYYY H:MM dates', () => {
    expect(encodePlainLine('536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom')).toEqual({
      copyText: '536365\t85123A\tWHITE HANGING HEART T-LIGHT HOLDER\t6\t2010-12-01 08:26:00\t2.55\t17850\tUnited Kingdom',
      invoiceDate: '2010-12-01 08:26:00',
    });
  });

  it.each([
    ['a price to normalise', '489434,85048,BALL,12,2009-12-01 07:45:00,2.10,13085.0,United Kingdom'],
    ['a quantity with a sign', '489434,85048,BALL,+3,2009-12-01 07:45:00,2.1,13085.0,United Kingdom'],
    ['a quantity with leading zeros', '489434,85048,BALL,007,2009-12-01 07:45:00,2.1,13085.0,United Kingdom'],
    ['a customer id that is not whole', '489434,85048,BALL,12,2009-12-01 07:45:00,2.1,13085.5,United Kingdom'],
    ['a stock code to trim', '489434,85048 ,BALL,12,2009-12-01 07:45:00,2.1,13085.0,United Kingdom'],
    ['a country to trim', '489434,85048,BALL,12,2009-12-01 07:45:00,2.1,13085.0,United Kingdom '],
    ['a backslash to escape', '489434,85048,BALL\\RED,12,2009-12-01 07:45:00,2.1,13085.0,United Kingdom'],
    ['a tab to escape', '489434,85048,BALL\tRED,12,2009-12-01 07:45:00,2.1,13085.0,United Kingdom'],
    ['a ninth field', '489434,85048,BALL,RED,12,2009-12-01 07:45:00,2.1,13085.0,United Kingdom'],
    ['an empty invoice', ',85048,BALL,12,2009-12-01 07:45:00,2.1,13085.0,United Kingdom'],
    ['an empty stock code', '489434,,BALL,12,2009-12-01 07:45:00,2.1,13085.0,United Kingdom'],
    ['an empty country', '489434,85048,BALL,12,2009-12-01 07:45:00,2.1,13085.0,'],
    ['a date that does not exist', '489434,85048,BALL,12,2011-02-30 10:00:00,2.1,13085.0,United Kingdom'],
  ])('leaves %s to the full parse', (_case, line) => {
    expect(encodePlainLine(line)).toBeNull();
  });

  it('answers exactly as the full parse for every line of the committed sample it takes, and takes nearly all', () => {
    const lines = gunzipSync(readFileSync(SAMPLE)).toString('utf8').split('\n').slice(1).filter((line) => line !== '' && !line.includes('"'));
    const taken = lines.map((line) => [encodePlainLine(line.replace(/\r$/, '')), line] as const).filter(([encoded]) => encoded !== null);
    for (const [encoded, line] of taken) expect(encoded, line).toEqual(fullParse(line.replace(/\r$/, '')));
    expect(taken.length / lines.length).toBeGreaterThan(0.95);
  });

  it('applies to both known layouts, whose columns come in the warehouse order', () => {
    expect(inWarehouseOrder(ONLINE_RETAIL_II)).toBe(true);
    expect(inWarehouseOrder(recogniseLayout('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'.split(','), 'test'))).toBe(true);
    expect(inWarehouseOrder(recogniseLayout('StockCode,Invoice,Description,Quantity,InvoiceDate,Price,Customer ID,Country'.split(','), 'test'))).toBe(false);
  });
});
