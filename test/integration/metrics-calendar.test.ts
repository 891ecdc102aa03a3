import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectMetrics } from '../../src/metrics/collect-metrics.js';
import { loadFile } from '../../src/warehouse/load.js';
import { ENGINES, type TestDatabase } from '../support/databases.js';
import { writeTempFile } from '../support/fixtures.js';

/**
 * The monthly series across the calendar's awkward spots, hand-computed (one stock item at £1):
 *   Jan 600001 (201) 10 on the 15th: the data starts mid-month, so January is partial
 *   Feb no invoice at all: a row of zeros, growth (0 − 10) / 10 = −1
 *   Mar 600002 (202, new) 20: growth after a zero month is null
 *   Apr 600003 (201, existing) 5: growth (5 − 20) / 20 = −0.75
 *   May 600004 (202) 10 and its cancellation C600005 −10: sales 0, growth −1
 *   Jun 600006 (203, new) 8 on the 7th, the last invoice: growth null again; June is partial
 */
const LINES = [
  'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country',
  '600001,20001,TEA TOWEL,10,2011-01-15 10:00:00,1,201,United Kingdom',
  '600002,20001,TEA TOWEL,20,2011-03-10 10:00:00,1,202,United Kingdom',
  '600003,20001,TEA TOWEL,5,2011-04-05 10:00:00,1,201,United Kingdom',
  '600004,20001,TEA TOWEL,10,2011-05-02 10:00:00,1,202,United Kingdom',
  'C600005,20001,TEA TOWEL,-10,2011-05-03 10:00:00,1,202,United Kingdom',
  '600006,20001,TEA TOWEL,8,2011-06-07 10:00:00,1,203,United Kingdom',
];

describe.each(Object.entries(ENGINES))('the monthly series over a gap, a zero month and partial months on %s', (_engine, open) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
    await loadFile(database.db, writeTempFile('calendar.csv', LINES.join('\n') + '\n'));
  });
  afterAll(() => database?.dispose());

  it('lists a month without invoices with zeros, and every month from the first to the last', async () => {
    const { monthly } = await collectMetrics(database.db);
    expect(monthly.map((m) => [m.month, m.placedOrders, m.cancelledOrders, m.sales, m.activeCustomers, m.newCustomers, m.existingCustomers])).toEqual([
      ['2011-01', 1, 0, 10, 1, 1, 0],
      ['2011-02', 0, 0, 0, 0, 0, 0],
      ['2011-03', 1, 0, 20, 1, 1, 0],
      ['2011-04', 1, 0, 5, 1, 0, 1],
      ['2011-05', 1, 1, 0, 1, 0, 1],
      ['2011-06', 1, 0, 8, 1, 1, 0],
    ]);
  });

  it('gives no growth after a month of zero sales, whether it had invoices or not', async () => {
    const { monthly } = await collectMetrics(database.db);
    expect(monthly.map((m) => m.salesGrowth)).toEqual([null, -1, null, -0.75, -1, null]);
  });

  it('flags a first month the data starts in after its first day as partial, like the last', async () => {
    const { monthly } = await collectMetrics(database.db);
    expect(monthly.map((m) => m.partial)).toEqual([true, false, false, false, false, true]);
  });

  it('ends the series at the as-of, where the data window ends the day after the last invoice before it', async () => {
    // As of 1 April the last invoice is on 10 March: the window ends 11 March, so March is partial.
    const { monthly } = await collectMetrics(database.db, '2011-04-01T00:00:00');
    expect(monthly.map((m) => [m.month, m.sales, m.partial])).toEqual([
      ['2011-01', 10, true],
      ['2011-02', 0, false],
      ['2011-03', 20, true],
    ]);
  });
});
