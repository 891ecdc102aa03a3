import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { recogniseLayout } from '../../../src/warehouse/csv-layout.js';
import { InvoiceDateRange } from '../../../src/warehouse/invoice-date-range.js';
import { parseInvoiceLine } from '../../../src/warehouse/invoice-line-parser.js';
import { ByteWriter } from '../../../src/warehouse/byte-writer.js';
import { encodePlainLine, inWarehouseOrder } from '../../../src/warehouse/plain-line-encoder.js';
import { SAMPLE } from '../../support/fixtures.js';

const ONLINE_RETAIL_II = recogniseLayout('Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country'.split(','), 'test');
/** Wider than a load's (whose end is its clock), so that the tests do not depend on the day they run. */
const DATES = new InvoiceDateRange('9999-12-31 23:59:59');
const fullParse = (line: string) => {
  const parsed = parseInvoiceLine(line.split(','), ONLINE_RETAIL_II, DATES);
  return parsed.ok ? { copyText: parsed.copyText, invoiceDate: parsed.invoiceDate } : null;
};

/** The fast path on a line's UTF-8 bytes, read back as text (as in the loader, after other bytes in the buffer). */
function encode(line: string) {
  const bytes = Buffer.from('xx\n' + line + '\nyy', 'utf8');
  const out = new ByteWriter(16);
  const date = encodePlainLine(bytes, 3, bytes.length - 3, out);
  // As the loader does: a date out of range goes to the full parse.
  return date < 0 || !DATES.holdsBytes(out.bytes, date) ? null : { copyText: out.toString(), invoiceDate: out.toString(date, date + 19) };
}

describe('the fast path for lines without quotes', () => {
  it('turns a typical line into its COPY text, the customer id without its ".0"', () => {
    expect(encode('489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom')).toEqual({
      copyText: '489434\t85048\t15CM CHRISTMAS GLASS BALL 20 LIGHTS\t12\t2009-12-01 07:45:00\t6.95\t13085\tUnited Kingdom',
      invoiceDate: '2009-12-01 07:45:00',
    });
  });

  it('writes NULL for an empty description and an empty customer, and keeps a negative quantity', () => {
    expect(encode('489521,21646,,-50,2009-12-01 11:46:00,0,,United Kingdom')?.copyText).toBe(
      '489521\t21646\t\\N\t-50\t2009-12-01 11:46:00\t0\t\\N\tUnited Kingdom',
    );
  });

  it('keeps the spaces of a description as the full parse does', () => {
    expect(encode('489434,79323W, WHITE CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085.0,United Kingdom')?.copyText).toBe(
      '489434\t79323W\t WHITE CHERRY LIGHTS\t12\t2009-12-01 07:45:00\t6.75\t13085\tUnited Kingdom',
    );
  });

  it('copies the UTF-8 bytes of a description with other characters whole', () => {
    expect(encode('489434,85048,CRÈME BRÛLÉE SET £5,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom')?.copyText).toBe(
      '489434\t85048\tCRÈME BRÛLÉE SET £5\t12\t2009-12-01 07:45:00\t6.95\t13085\tUnited Kingdom',
    );
  });

  it('takes a negative price and a leap day', () => {
    expect(encode('A563185,B,Adjust bad debt,1,2012-02-29 14:50:00,-11062.06,,United Kingdom')?.copyText).toBe(
      'A563185\tB\tAdjust bad debt\t1\t2012-02-29 14:50:00\t-11062.06\t\\N\tUnited Kingdom',
    );
  });

  it('normalises the older layout\'s M/D/YYYY H:MM dates', () => {
    expect(encode('536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom')).toEqual({
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
    ['an hour that does not exist', '489434,85048,BALL,12,2011-02-03 24:00:00,2.1,13085.0,United Kingdom'],
    ['a price of minus nothing', '489434,85048,BALL,12,2009-12-01 07:45:00,-0,13085.0,United Kingdom'],
    ['a price with a seventh decimal', '489434,85048,BALL,12,2009-12-01 07:45:00,0.0000001,13085.0,United Kingdom'],
    ['a customer id with a leading zero', '489434,85048,BALL,12,2009-12-01 07:45:00,2.1,013085,United Kingdom'],
    ['a stock code that starts with a no-break space', '489434,\u00a085048,BALL,12,2009-12-01 07:45:00,2.1,13085.0,United Kingdom'],
    ['a carriage return inside the line', '489434,85048,BALL\rRED,12,2009-12-01 07:45:00,2.1,13085.0,United Kingdom'],
  ])('leaves %s to the full parse', (_case, line) => {
    expect(encode(line)).toBeNull();
  });

  it('answers exactly as the full parse for every line of the committed sample it takes, and takes nearly all', () => {
    const lines = gunzipSync(readFileSync(SAMPLE)).toString('utf8').split('\n').slice(1).filter((line) => line !== '' && !line.includes('"'));
    const taken = lines.map((line) => [encode(line.replace(/\r$/, '')), line] as const).filter(([encoded]) => encoded !== null);
    for (const [encoded, line] of taken) expect(encoded, line).toEqual(fullParse(line.replace(/\r$/, '')));
    expect(taken.length / lines.length).toBeGreaterThan(0.95);
  });

  it('agrees with the full parse on every line built from awkward field values, or leaves the line to it', () => {
    const values = {
      invoice: ['489434', 'C489449', 'A506401', ' 489434', '4894\u00a0', ''],
      stockCode: ['85048', 'POST', '79323P ', '\u00e9', ''],
      description: ['BALL', '', ' BALL ', 'CAFÉ £2', 'a\\b'],
      quantity: ['12', '-1', '0', '-0', '+3', '007', '1234567890', '123456789', '1.5', ''],
      date: ['2009-12-01 07:45:00', '2011-12-31 23:59:59', '2011-02-29 10:00:00', '2012-02-29 10:00:00', '2011-04-31 10:00:00', '12/1/2010 8:26', '2011-12-01T07:45', '2011-12-01 07:60:00', '', '2011-1-5 7:45:00'],
      price: ['6.95', '0', '-0', '-0.5', '2.10', '0.000001', '0.0000001', '123456789012', '1234567890123', '.5', '1.', '-11062.06', '00.1'],
      customer: ['13085.0', '13085', '', '0', '013085', '13085.00', '1234567890', '123456789', '13085.5', '-1'],
      country: ['United Kingdom', 'EIRE', '', 'Éire', 'France '],
    };
    // A fixed pseudo-random walk (Park-Miller), so a failure names a line that stays: each field keeps the
    // first (plain) value half the time, so that many lines are taken and the awkward values meet each other.
    let seed = 42;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const pick = (list: readonly string[]) => (next() % 2 === 0 ? list[0]! : list[next() % list.length]!);
    let taken = 0;
    for (let i = 0; i < 5000; i++) {
      const line = [values.invoice, values.stockCode, values.description, values.quantity, values.date, values.price, values.customer, values.country].map(pick).join(',');
      const fast = encode(line);
      if (fast === null) continue;
      taken++;
      expect(fast, line).toEqual(fullParse(line));
    }
    expect(taken).toBeGreaterThan(500);
  });

  it('applies to both known layouts, whose columns come in the warehouse order', () => {
    expect(inWarehouseOrder(ONLINE_RETAIL_II)).toBe(true);
    expect(inWarehouseOrder(recogniseLayout('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'.split(','), 'test'))).toBe(true);
    expect(inWarehouseOrder(recogniseLayout('StockCode,Invoice,Description,Quantity,InvoiceDate,Price,Customer ID,Country'.split(','), 'test'))).toBe(false);
  });
});
