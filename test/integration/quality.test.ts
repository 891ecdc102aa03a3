import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectQuality } from '../../src/metrics/collect-metrics.js';
import type { QualityReport } from '../../src/metrics/metrics-report.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED, writeTempFile } from '../support/fixtures.js';

/**
 * The data-quality queries (sql/quality/) after two loads: test/fixtures/hand-computed.csv, then the file
 * below, whose lines 3-6 are malformed, line 7 repeats a line already held and line 8 copies line 2.
 */
const SECOND_FILE = [
  'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country',
  '500020,10001,RED MUG,1,2011-03-08 16:00:00,2.5,,France',
  '500021,10001,RED MUG,1.5,2011-03-08 16:00:00,2.5,101,United Kingdom',
  '500022,10001,RED MUG,x,2011-03-08 16:00:00,2.5,101,United Kingdom',
  '500023,10001,RED MUG,1,2011-02-30 10:00:00,2.5,101,United Kingdom',
  '500024,10001,RED MUG,1,2011-03-08 10:00:00',
  '500001,10001,RED MUG,10,2011-01-01 10:00:00,2.5,101.0,United Kingdom',
  '500020,10001,RED MUG,1,2011-03-08 16:00:00,2.5,,France',
].join('\n') + '\n';

let database: TestDatabase;
let quality: QualityReport;
beforeAll(async () => {
  database = await freshPostgres();
  await loadFile(database.db, HAND_COMPUTED);
  await loadFile(database.db, writeTempFile('second.csv', SECOND_FILE));
  quality = await collectQuality(database.db, '2011-03-09T00:00:00');
});
afterAll(() => database?.dispose());

describe('the quality section after two loads', () => {
  it('lists the loads newest first with lines read, loaded, rejected, duplicated and new', () => {
    expect(quality.loads.map((l) => [l.loadId, l.linesRead, l.linesLoaded, l.linesRejected, l.duplicateCopiesInFile, l.newLines])).toEqual([
      [2, 7, 3, 4, 1, 1],
      [1, 18, 18, 0, 1, 17],
    ]);
    expect(quality.loads[0]!.sourceFile).toMatch(/second\.csv$/);
    expect(quality.loads[1]!.layout).toBe('online-retail-ii');
  });

  it('groups rejected lines by reason with their values folded, most first, with the first line number', () => {
    expect(quality.rejectReasons[0]).toEqual({ reason: 'Quantity "…" is not a whole number', lines: 2, firstLine: 3 });
    expect([...quality.rejectReasons.slice(1)].sort((a, b) => a.firstLine - b.firstLine)).toEqual([
      { reason: 'InvoiceDate "…" is not a valid date and time', lines: 1, firstLine: 5 },
      { reason: 'expected 8 fields, found 5', lines: 1, firstLine: 6 },
    ]);
  });

  it('counts the new line and the copy of it in the warehouse summary', () => {
    // 17 distinct lines + 500020; copies: the fixture's duplicate RED MUG line and 500020's second copy.
    expect(quality.warehouse).toMatchObject({
      distinctLines: 18,
      duplicateCopies: 2,
      orderLines: 14,
      cancellationLines: 3,
      adjustmentLines: 1,
      adjustmentInvoices: 1,
      adjustmentAmount: -100,
      linesWithoutCustomer: 4,
      zeroPriceLines: 1,
      negativePriceLines: 1,
      firstInvoiceAt: '2011-01-01T10:00:00',
      lastInvoiceAt: '2011-03-08T16:00:00',
    });
  });

  it('gives the share and sales of order and cancellation lines without a customer, overall and by month', () => {
    // Jan 7 lines (500003 £20 without); Feb 5 (none); Mar 5 (C500013 −£5 and 500020 £2.50 without).
    expect(quality.missingCustomers).toMatchObject({ lines: 17, linesWithoutCustomer: 3, salesWithoutCustomer: 17.5 });
    expect(quality.missingCustomers.share).toBeCloseTo(3 / 17, 12);
    expect(quality.missingCustomers.byMonth).toEqual([
      { month: '2011-01', lines: 7, linesWithoutCustomer: 1, share: 1 / 7, salesWithoutCustomer: 20 },
      { month: '2011-02', lines: 5, linesWithoutCustomer: 0, share: 0, salesWithoutCustomer: 0 },
      { month: '2011-03', lines: 5, linesWithoutCustomer: 2, share: 0.4, salesWithoutCustomer: -2.5 },
    ]);
  });

  it('gives them by country, most lines without a customer first', () => {
    // UK 10 lines (500003, C500013 without: 20 − 5); France 4 (500020); Germany 3.
    expect(quality.missingCustomers.byCountry).toEqual([
      { country: 'United Kingdom', lines: 10, linesWithoutCustomer: 2, share: 0.2, salesWithoutCustomer: 15 },
      { country: 'France', lines: 4, linesWithoutCustomer: 1, share: 0.25, salesWithoutCustomer: 2.5 },
      { country: 'Germany', lines: 3, linesWithoutCustomer: 0, share: 0, salesWithoutCustomer: 0 },
    ]);
  });

  it('counts only the days before the as-of', async () => {
    const january = await collectQuality(database.db, '2011-02-01T00:00:00');
    expect(january.missingCustomers.byMonth).toEqual([{ month: '2011-01', lines: 7, linesWithoutCustomer: 1, share: 1 / 7, salesWithoutCustomer: 20 }]);
    expect(january.missingCustomers).toMatchObject({ lines: 7, linesWithoutCustomer: 1, salesWithoutCustomer: 20 });
  });
});
