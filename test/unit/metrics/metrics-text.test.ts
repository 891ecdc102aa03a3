import { describe, expect, it } from 'vitest';
import type { MetricsReport, QualityReport } from '../../../src/metrics/metrics-report.js';
import { metricsAsText, qualityAsText } from '../../../src/metrics/metrics-text.js';

/**
 * `lgs metrics` and `lgs quality` as text: every section, in order, with its title and table. The tables are
 * laid out by hand here: text columns padded on the right, numeric ones (money, counts, percentages, a lone
 * dash) on the left, two spaces between columns, a rule as wide as each column.
 */
const CHAMPIONS_ACTION = 'Reward them: early access to new products, ask for reviews and referrals; they can become promoters.';
const HIBERNATING_ACTION = 'Offer a time-limited discount on best-selling lines to re-activate them; drop from costly campaigns if they do not respond.';

const quality: QualityReport = {
  warehouse: {
    distinctLines: 1033036,
    duplicateCopies: 34335,
    orderLines: 1013959,
    cancellationLines: 19104,
    adjustmentLines: 6,
    adjustmentInvoices: 6,
    adjustmentAmount: -2500,
    // 235,151 of 1,033,036 lines: 22.76 %.
    linesWithoutCustomer: 235151,
    zeroPriceLines: 6014,
    negativePriceLines: 5,
    firstInvoiceAt: '2009-12-01T07:45:00',
    lastInvoiceAt: '2011-12-09T12:50:00',
  },
  loads: [
    { loadId: 1, sourceFile: 'online_retail_II.csv.gz', layout: 'online-retail-ii', loadedAt: '2026-11-20T09:14:03', linesRead: 1067371, linesLoaded: 1067369, linesRejected: 2, duplicateCopiesInFile: 34335, newLines: 1033034 },
    { loadId: 2, sourceFile: 'december-2011.csv', layout: 'online-retail-ii', loadedAt: '2026-11-25T08:00:00', linesRead: 12, linesLoaded: 12, linesRejected: 0, duplicateCopiesInFile: 0, newLines: 2 },
  ],
  ingest: [
    {
      source: 'folder /var/lib/lgs/inbox',
      lastLookAt: '2026-11-25T08:05:00Z',
      lastNewLinesAt: '2026-11-25T08:00:00Z',
      needsAttention: ["2011-12.csv: EACCES: permission denied, open '/var/lib/lgs/inbox/2011-12.csv'"],
      failure: null,
    },
    { source: 'table etl.retail', lastLookAt: '2026-11-20T09:00:00Z', lastNewLinesAt: null, needsAttention: [], failure: { at: '2026-11-20T09:05:00Z', reason: 'relation "etl.retail" does not exist' } },
  ],
  scores: { refreshedAt: '2026-11-25T08:01:10Z', refreshedAfterLoad: 2, newestDataLoad: 2, behind: false },
  rejectReasons: [{ reason: 'invoice date not readable', lines: 2, firstLine: 58213 }],
  missingCustomers: { lines: 1033036, linesWithoutCustomer: 235151, share: 0.2276, salesWithoutCustomer: 1447682.12, byMonth: [], byCountry: [] },
};

const regency = { stockCode: '22423', description: 'REGENCY CAKESTAND 3 TIER', quantity: 13879, sales: 164459.49, orderLines: 2200, cancellationLines: 180, cancelledQuantity: 850 };

const report: MetricsReport = {
  asOf: '2011-12-10T00:00:00',
  invoiceAmounts: { count: 36969, mean: 479.56, min: 0.38, p25: 155.1, median: 303.5, p75: 487.98, p85: 667.2, max: 168469.6 },
  monthly: [
    { month: '2011-11', placedOrders: 2658, cancelledOrders: 407, sales: 1456145.8, salesGrowth: 0.1916, activeCustomers: 1665, newCustomers: 324, existingCustomers: 1341, partial: false },
    { month: '2011-12', placedOrders: 778, cancelledOrders: 111, sales: 432701.06, salesGrowth: null, activeCustomers: 686, newCustomers: 41, existingCustomers: 645, partial: true },
  ],
  rfm: {
    customers: 5878,
    monetary: 10752912.6,
    segments: [
      { segment: 'Champions', customers: 852, customerShare: 0.145, monetary: 10240567.5, monetaryShare: 0.6, recencyMean: 7.44, frequencyMean: 19.21, monetaryMean: 12019.45, action: CHAMPIONS_ACTION },
      { segment: 'Hibernating', customers: 1528, customerShare: 0.26, monetary: 512345.1, monetaryShare: 0.03, recencyMean: 463.5, frequencyMean: 1.23, monetaryMean: null, action: HIBERNATING_ACTION },
    ],
  },
  weekly: {
    weekStart: '2011-11-28',
    weekEnd: '2011-12-05',
    previousWeekStart: '2011-11-21',
    current: { sales: 318902.86, orders: 656, averageOrderValue: 486.13, cancellationRate: 0.125, activeCustomers: 512, newCustomers: 40 },
    previous: { sales: 306886.92, orders: 640, averageOrderValue: null, cancellationRate: 0.1, activeCustomers: 500, newCustomers: 50 },
    change: {
      sales: { absolute: 12015.94, relative: 0.039 },
      orders: { absolute: 16, relative: 0.025 },
      averageOrderValue: { absolute: null, relative: null },
      cancellationRate: { absolute: 0.025, relative: 0.25 },
      activeCustomers: { absolute: 12, relative: 0.024 },
      newCustomers: { absolute: -10, relative: -0.2 },
    },
  },
  periods: { products: { from: '2010-12-10T00:00:00', to: '2011-12-10T00:00:00' }, countries: { from: '2010-12-01T00:00:00', to: '2011-12-10T00:00:00' } },
  topProducts: [regency, { stockCode: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 56915, sales: 151339.16, orderLines: 3500, cancellationLines: 60, cancelledQuantity: 300 }],
  productsByQuantity: [{ stockCode: '84077', description: 'WORLD WAR 2 GLIDERS ASSTD DESIGNS', quantity: 53847, sales: 13587.93, orderLines: 485, cancellationLines: 2, cancelledQuantity: 48 }],
  mostCancelledProducts: [regency],
  countries: [
    { country: 'United Kingdom', customers: 3971, orders: 19857, sales: 8187806.36, salesShare: 0.8412 },
    { country: 'EIRE', customers: 3, orders: 288, sales: 263276.82, salesShare: null },
  ],
  quality,
  movement: { from: '2011-11-12T00:00:00', to: '2011-12-10T00:00:00', cells: [], entered: [] },
  cohorts: [],
};

describe('metricsAsText', () => {
  it('prints every section of the report as a titled text table, in the order of the JSON', () => {
    expect(metricsAsText(report)).toBe(
      [
        'LGS metrics as of 2011-12-10T00:00:00',
        '',
        '== Invoice amounts (36,969 orders with a positive amount) ==',
        '   mean    min      p25   median      p75      p85          max',
        '-------  -----  -------  -------  -------  -------  -----------',
        '£479.56  £0.38  £155.10  £303.50  £487.98  £667.20  £168,469.60',
        '',
        '== Monthly ==',
        'Month              Orders  Cancelled      Net sales  Growth  Active  New  Existing',
        '-----------------  ------  ---------  -------------  ------  ------  ---  --------',
        '2011-11             2,658        407  £1,456,145.80  +19.2%   1,665  324     1,341',
        '2011-12 (partial)     778        111    £432,701.06       —     686   41       645',
        '',
        '== Week of 2011-11-28 (previous: 2011-11-21) ==',
        'KPI                    This week     Previous   Change',
        '-------------------  -----------  -----------  -------',
        'Net sales            £318,902.86  £306,886.92    +3.9%',
        'Orders                       656          640    +2.5%',
        'Average order value      £486.13            —        —',
        'Cancellation rate          12.5%        10.0%  +2.5 pp',
        'Active customers             512          500    +2.4%',
        'New customers                 40           50   -20.0%',
        '',
        '== RFM segments (5,878 customers) ==',
        'Segment      Customers  Share         Revenue  Rev. share  Recency (days)  Orders  Avg revenue',
        '-----------  ---------  -----  --------------  ----------  --------------  ------  -----------',
        'Champions          852  14.5%  £10,240,567.50       60.0%             7.4    19.2   £12,019.45',
        'Hibernating      1,528  26.0%     £512,345.10        3.0%           463.5     1.2            —',
        '',
        '== Recommended actions ==',
        'Champions: Reward them: early access to new products, ask for reviews and referrals; they can become promoters.',
        'Hibernating: Offer a time-limited discount on best-selling lines to re-activate them; drop from costly campaigns if they do not respond.',
        '',
        '== Top products by net sales, 2010-12-10 to 2011-12-10 ==',
        'Stock code  Description                         Quantity    Net sales',
        '----------  ----------------------------------  --------  -----------',
        '22423       REGENCY CAKESTAND 3 TIER              13,879  £164,459.49',
        '85123A      WHITE HANGING HEART T-LIGHT HOLDER    56,915  £151,339.16',
        '',
        '== Top products by net quantity ==',
        'Stock code  Description                        Quantity   Net sales',
        '----------  ---------------------------------  --------  ----------',
        '     84077  WORLD WAR 2 GLIDERS ASSTD DESIGNS    53,847  £13,587.93',
        '',
        '== Most often cancelled ==',
        'Stock code  Description               Cancellations  Qty cancelled',
        '----------  ------------------------  -------------  -------------',
        '     22423  REGENCY CAKESTAND 3 TIER            180            850',
        '',
        '== Countries, 2010-12-01 to 2011-12-10 ==',
        'Country         Customers  Orders      Net sales  Share',
        '--------------  ---------  ------  -------------  -----',
        'United Kingdom      3,971  19,857  £8,187,806.36  84.1%',
        'EIRE                    3     288    £263,276.82      —',
        '',
        '== Data quality ==',
        'Warehouse                                 Value',
        '----------------------------------------  ------------------------------------------',
        'Distinct invoice lines                    1,033,036',
        'Exact duplicate copies (counted once)     34,335',
        'Order lines                               1,013,959',
        'Cancellation lines                        19,104',
        'Adjustment lines (excluded from metrics)  6 (-£2,500.00)',
        'Lines without customer                    235,151 (22.8%)',
        'Zero-price lines                          6,014',
        'Negative-price lines                      5',
        'Invoice dates                             2009-12-01T07:45:00 .. 2011-12-09T12:50:00',
        '',
        'Load  File                     Loaded at                 Read     Loaded  Rejected  Duplicates  New lines',
        '----  -----------------------  -------------------  ---------  ---------  --------  ----------  ---------',
        '   1  online_retail_II.csv.gz  2026-11-20T09:14:03  1,067,371  1,067,369         2      34,335  1,033,034',
        '   2  december-2011.csv        2026-11-25T08:00:00         12         12         0           0          2',
        '',
        'Ingest source              Last look             Last new lines        State',
        '-------------------------  --------------------  --------------------  ---------------------------',
        'folder /var/lib/lgs/inbox  2026-11-25T08:05:00Z  2026-11-25T08:00:00Z  1 file needs attention',
        'table etl.retail           2026-11-20T09:00:00Z  never                 failed 2026-11-20T09:05:00Z',
        "folder /var/lib/lgs/inbox: needs attention: 2011-12.csv: EACCES: permission denied, open '/var/lib/lgs/inbox/2011-12.csv'",
        'table etl.retail: failed at 2026-11-20T09:05:00Z: relation "etl.retail" does not exist',
        '',
        'Stored scores (RFM, predictions, recommendations): refreshed at 2026-11-25T08:01:10Z, after load 2: up to date.',
        '',
        'Rejected because           Lines  First line',
        '-------------------------  -----  ----------',
        'invoice date not readable      2       58213',
      ].join('\n') + '\n',
    );
  });
});

describe('qualityAsText', () => {
  it('gives each ingest source its state: ok, the files that need attention counted, or its failure; never for a time not had', () => {
    const empty = { ...quality, loads: [], rejectReasons: [] };
    const text = qualityAsText({
      ...empty,
      ingest: [
        { source: 'table etl.retail', lastLookAt: '2026-11-26T10:05:00Z', lastNewLinesAt: null, needsAttention: [], failure: null },
        { source: 'folder /in', lastLookAt: '2026-11-26T10:00:00Z', lastNewLinesAt: '2026-11-26T10:00:00Z', needsAttention: ['a.csv: EACCES', 'b.csv: EACCES'], failure: null },
        { source: 'folder /gone', lastLookAt: null, lastNewLinesAt: null, needsAttention: [], failure: { at: '2026-11-26T09:00:00Z', reason: 'ingest folder /gone does not exist' } },
      ],
    });
    expect(text).toContain(
      [
        'Ingest source     Last look             Last new lines        State',
        '----------------  --------------------  --------------------  ---------------------------',
        'table etl.retail  2026-11-26T10:05:00Z  never                 ok',
        'folder /in        2026-11-26T10:00:00Z  2026-11-26T10:00:00Z  2 files need attention',
        'folder /gone      never                 never                 failed 2026-11-26T09:00:00Z',
        'folder /in: needs attention: a.csv: EACCES',
        'folder /in: needs attention: b.csv: EACCES',
        'folder /gone: failed at 2026-11-26T09:00:00Z: ingest folder /gone does not exist',
      ].join('\n'),
    );
  });

  it('prints an empty warehouse with dashes for what cannot be known, and says when no ingest ran and no line was rejected', () => {
    const empty: QualityReport = {
      warehouse: {
        distinctLines: 0,
        duplicateCopies: 0,
        orderLines: 0,
        cancellationLines: 0,
        adjustmentLines: 0,
        adjustmentInvoices: 0,
        adjustmentAmount: 0,
        linesWithoutCustomer: 0,
        zeroPriceLines: 0,
        negativePriceLines: 0,
        firstInvoiceAt: null,
        lastInvoiceAt: null,
      },
      loads: [],
      ingest: [],
      scores: { refreshedAt: null, refreshedAfterLoad: null, newestDataLoad: null, behind: false },
      rejectReasons: [],
      missingCustomers: { lines: 0, linesWithoutCustomer: 0, share: null, salesWithoutCustomer: 0, byMonth: [], byCountry: [] },
    };
    expect(qualityAsText(empty)).toBe(
      [
        'Warehouse                                 Value',
        '----------------------------------------  ---------',
        'Distinct invoice lines                    0',
        'Exact duplicate copies (counted once)     0',
        'Order lines                               0',
        'Cancellation lines                        0',
        'Adjustment lines (excluded from metrics)  0 (£0.00)',
        'Lines without customer                    0 (—)',
        'Zero-price lines                          0',
        'Negative-price lines                      0',
        'Invoice dates                             — .. —',
        '',
        'Load  File  Loaded at  Read  Loaded  Rejected  Duplicates  New lines',
        '----  ----  ---------  ----  ------  --------  ----------  ---------',
        '',
        'No ingest run recorded (the data came by lgs load, or the worker has not run an ingest: source yet).',
        '',
        'Stored scores: none (no load has added lines).',
        '',
        'No rejected lines.',
      ].join('\n'),
    );
  });

  it('says when the stored scores are behind a load, and what refreshes them', () => {
    const text = qualityAsText({ ...quality, scores: { refreshedAt: '2026-11-25T08:01:10Z', refreshedAfterLoad: 2, newestDataLoad: 5, behind: true } });
    expect(text).toContain(
      'Stored scores (RFM, predictions, recommendations): refreshed at 2026-11-25T08:01:10Z, after load 2; load 5 added lines since. ' +
        "The worker refreshes them once LGS_SCORE_REFRESH_MINUTES have passed since that refresh, a scheduled report before it is made, lgs load after itself; RFM is scored live meanwhile.",
    );
  });

  it('says when the stored scores were never refreshed after the data came in', () => {
    const text = qualityAsText({ ...quality, scores: { refreshedAt: null, refreshedAfterLoad: null, newestDataLoad: 1, behind: true } });
    expect(text).toContain("Stored scores: not refreshed yet. lgs load stores them, and the worker (its ingest, its reconciler, a scheduled report); RFM is scored live meanwhile.");
  });
});
