import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectMetrics } from '../../src/metrics/collect-metrics.js';
import type { MetricsReport } from '../../src/metrics/metrics-report.js';
import { loadFile } from '../../src/warehouse/load.js';
import { ENGINES, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED } from '../support/fixtures.js';

/**
 * Every metric of test/fixtures/hand-computed.csv, computed by hand from the definitions in
 * docs/metrics.md. The same expectations hold on the PostgreSQL server and on the embedded database.
 *
 * Invoices (amount = Σ quantity × price; adjustments left out):
 *   Jan  500001 (101, on the 1st) 10×2.50 + 5×3 = 40 (+ an exact duplicate RED MUG line, counted once)
 *        500002 (103) 20×2.50 = 50;  500003 (no customer) 4×5 = 20;  C500004 (103) −4×2.50 = −10
 *        A500005 adjustment −100 (excluded);  500006 (104) POST 18 + 2×3 = 24
 *   Feb  500007 (101) 6×5 = 30;  500008 (102) 100×2.10 + 10×1.95 = 229.50;  C500009 (102) −2×1.95 = −3.90
 *        500010 (105) 1×0 = 0 (on Mon 21 Feb)
 *   Mar  500014 (101) 10×3 = 30 (Tue 1st);  C500013 (no customer) −1×5 = −5 (2nd);  500011 (103) 12×2.50 = 30 (4th)
 *        500012 (106) 2×5 = 10 (Tue 8th, the last invoice)
 * Default as-of: 2011-03-09T00:00:00. Report week: Mon 2011-02-28 .. Mon 2011-03-07.
 */
describe.each(Object.entries(ENGINES))('metrics of the hand-computed fixture on %s', (_engine, open) => {
  let database: TestDatabase;
  let report: MetricsReport;

  beforeAll(async () => {
    database = await open();
    await loadFile(database.db, HAND_COMPUTED);
    report = await collectMetrics(database.db);
  });
  afterAll(() => database?.dispose());

  it('takes the day after the last invoice as the default as-of', () => {
    expect(report.asOf).toBe('2011-03-09T00:00:00');
  });

  it('describes the positive order amounts with continuous percentiles', () => {
    // Sorted: 10, 20, 24, 30, 30, 30, 40, 50, 229.50 (500010's zero amount is left out).
    // p25 at position 2 → 24; median at 4 → 30; p75 at 6 → 40; p85 at 6.8 → 40 + 0.8 × 10 = 48.
    expect(report.invoiceAmounts).toEqual({ count: 9, mean: 51.5, min: 10, p25: 24, median: 30, p75: 40, p85: 48, max: 229.5 });
  });

  it('counts placed and cancelled orders per month', () => {
    expect(report.monthly.map((m) => [m.month, m.placedOrders, m.cancelledOrders])).toEqual([
      ['2011-01', 4, 1],
      ['2011-02', 3, 1],
      ['2011-03', 3, 1],
    ]);
  });

  it('nets cancellations against sales and leaves adjustments out', () => {
    // Jan 40 + 50 + 20 − 10 + 24; Feb 30 + 229.50 − 3.90 + 0; Mar 30 − 5 + 30 + 10.
    expect(report.monthly.map((m) => m.sales)).toEqual([124, 255.6, 65]);
  });

  it('gives month-on-month sales growth, null for the first month', () => {
    const [jan, feb, mar] = report.monthly;
    expect(jan!.salesGrowth).toBeNull();
    expect(feb!.salesGrowth).toBeCloseTo((255.6 - 124) / 124, 12);
    expect(mar!.salesGrowth).toBeCloseTo((65 - 255.6) / 255.6, 12);
  });

  it('splits active customers into new and existing by their first order ever', () => {
    // Jan: 101, 103, 104 all new. Feb: 101 existing; 102 and 105 new. Mar: 101, 103 existing; 106 new.
    expect(report.monthly.map((m) => [m.activeCustomers, m.newCustomers, m.existingCustomers])).toEqual([
      [3, 3, 0],
      [3, 2, 1],
      [3, 1, 2],
    ]);
  });

  it('flags only the last month, which the data covers in part, as partial', () => {
    expect(report.monthly.map((m) => m.partial)).toEqual([false, false, true]);
  });

  it('scores RFM with ties broken by customer id and names segments from (r, f)', () => {
    // recency/frequency/monetary: 101 8/3/100, 102 23/1/229.50, 103 5/2/80, 104 48/1/24, 106 1/1/10; 105 has
    // monetary 0 and is not scored. Five customers, one per tile. r: 104→1 102→2 101→3 103→4 106→5.
    // f (ties at 1 by id): 102→1 104→2 106→3 103→4 101→5. Segments: 101 (3,5) and 103 (4,4) Loyal Customers;
    // 102 (2,1) and 104 (1,2) Hibernating; 106 (5,3) Potential Loyalists.
    const nonEmpty = report.rfm.segments.filter((s) => s.customers > 0).map((s) => [s.segment, s.customers]);
    expect(nonEmpty).toEqual([
      ['Loyal Customers', 2],
      ['Potential Loyalists', 1],
      ['Hibernating', 2],
    ]);
    expect(report.rfm.customers).toBe(5);
  });

  it('gives each segment its revenue, shares and mean recency, frequency and monetary', () => {
    const loyal = report.rfm.segments.find((s) => s.segment === 'Loyal Customers')!;
    expect(loyal).toMatchObject({ customers: 2, customerShare: 0.4, monetary: 180, recencyMean: 6.5, frequencyMean: 2.5, monetaryMean: 90 });
    expect(loyal.monetaryShare).toBeCloseTo(180 / 443.5, 12);
    const hibernating = report.rfm.segments.find((s) => s.segment === 'Hibernating')!;
    expect(hibernating).toMatchObject({ customers: 2, monetary: 253.5, recencyMean: 35.5, frequencyMean: 1, monetaryMean: 126.75 });
    expect(report.rfm.monetary).toBe(443.5);
  });

  it('lists all ten segments with a recommended action, empty ones with zero customers', () => {
    expect(report.rfm.segments).toHaveLength(10);
    expect(report.rfm.segments.find((s) => s.segment === 'Champions')).toMatchObject({ customers: 0, monetary: 0 });
    for (const segment of report.rfm.segments) expect(segment.action.length).toBeGreaterThan(20);
  });

  it('computes the weekly KPIs for the report week and the week before', () => {
    // Current week: 500014 (30), C500013 (−5), 500011 (30). Previous week: 500010 (0), 105's first order.
    expect(report.weekly.weekStart).toBe('2011-02-28');
    expect(report.weekly.current).toEqual({ sales: 55, orders: 2, averageOrderValue: 30, cancellationRate: 1 / 3, activeCustomers: 2, newCustomers: 0 });
    expect(report.weekly.previous).toEqual({ sales: 0, orders: 1, averageOrderValue: 0, cancellationRate: 0, activeCustomers: 1, newCustomers: 1 });
  });

  it('gives absolute and relative week-on-week changes, with no relative change from zero', () => {
    expect(report.weekly.change.orders).toEqual({ absolute: 1, relative: 1 });
    expect(report.weekly.change.sales).toEqual({ absolute: 55, relative: null });
  });

  it('ranks merchandise of the last four weeks by net sales, leaving postage out', () => {
    // Weeks from 2011-02-07: RED MUG 100×2.10 + 12×2.50 = 240; BLUE MUG 30 + 0; JUMBO BAG 19.50 − 3.90; GIFT BOX −5.
    expect(report.topProducts.map((p) => [p.description, p.quantity, p.sales])).toEqual([
      ['RED MUG', 112, 240],
      ['BLUE MUG', 11, 30],
      ['JUMBO BAG, "VINTAGE"', 8, 15.6],
      ['GIFT BOX', -1, -5],
    ]);
  });

  it('ranks products by net quantity and by how often they were cancelled', () => {
    expect(report.productsByQuantity.map((p) => p.stockCode)).toEqual(['10001', '10002', '10004', '10003']);
    expect(report.mostCancelledProducts.map((p) => [p.stockCode, p.cancellationLines, p.cancelledQuantity])).toEqual([
      ['10004', 1, 2],
      ['10003', 1, 1],
    ]);
  });

  it('sums customers, orders and net sales by country up to the report week end', () => {
    expect(report.countries.map((c) => [c.country, c.customers, c.orders, c.sales])).toEqual([
      ['France', 1, 1, 225.6],
      ['United Kingdom', 3, 6, 139],
      ['Germany', 1, 2, 70],
    ]);
  });

  it('reports duplicates, adjustments, missing customers and odd prices in the quality section', () => {
    expect(report.quality.warehouse).toMatchObject({
      distinctLines: 17,
      duplicateCopies: 1,
      cancellationLines: 3,
      adjustmentLines: 1,
      adjustmentAmount: -100,
      linesWithoutCustomer: 3,
      zeroPriceLines: 1,
      negativePriceLines: 1,
    });
    // Order and cancellation lines without a customer: 500003 and C500013, out of 16 (adjustment excluded).
    expect(report.quality.missingCustomers).toMatchObject({ lines: 16, linesWithoutCustomer: 2, share: 2 / 16, salesWithoutCustomer: 15 });
  });

  it('computes the same metrics for an earlier as-of from the invoices before it only', async () => {
    const february = await collectMetrics(database.db, '2011-02-15T00:00:00');
    expect(february.monthly.map((m) => [m.month, m.placedOrders, m.sales, m.partial])).toEqual([
      ['2011-01', 4, 124, false],
      ['2011-02', 2, 259.5, true],
    ]);
    expect(february.rfm.customers).toBe(4);
  });
});
