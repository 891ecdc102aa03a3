import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { collectMetrics, collectQuality } from '../../src/metrics/collect-metrics.js';
import type { QualityReport } from '../../src/metrics/metrics-report.js';
import { loadFile, type LoadSummary } from '../../src/warehouse/load.js';
import { ENGINES, type TestDatabase } from '../support/databases.js';
import { SAMPLE, writeTempFile } from '../support/fixtures.js';

// The embedded engine runs in this process and is slow on a busy machine: time limits, not goals.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

/**
 * Incremental loads leave the warehouse as one load of all the lines would. The files are cut from the
 * committed sample (every line of ~300 real customers, data/sample/): an "up to the first days of
 * December 2011" file that ends inside an invoice, then a later export that repeats the last lines loaded,
 * finishes that invoice and brings December, with cancellations of invoices of the older file. Compared:
 * every derived table row by row, `lgs metrics --json` at several as-ofs and `lgs quality --json`, load
 * log aside.
 */
const [HEADER, ...SAMPLE_LINES] = gunzipSync(readFileSync(SAMPLE)).toString('utf8').trimEnd().split('\n') as [string, ...string[]];
const invoiceOf = (line: string) => line.slice(0, line.indexOf(','));
const dateOf = (line: string) => line.split(',').at(-4)!;

const DERIVED_TABLES = {
  invoice: 'SELECT * FROM invoice ORDER BY invoice',
  customer: 'SELECT * FROM customer ORDER BY customer_id',
  product: 'SELECT * FROM product ORDER BY stock_code',
  product_description: 'SELECT * FROM product_description ORDER BY stock_code, description NULLS FIRST',
  product_week: 'SELECT * FROM product_week ORDER BY week_start, stock_code',
  line_coverage: 'SELECT * FROM line_coverage ORDER BY day, country',
  warehouse_quality: 'SELECT * FROM warehouse_quality',
  invoice_month: 'SELECT * FROM invoice_month ORDER BY month',
  order_amount_month: 'SELECT * FROM order_amount_month ORDER BY month, amount',
  customer_month: 'SELECT * FROM customer_month ORDER BY customer_id, month',
  cohort_month: 'SELECT * FROM cohort_month ORDER BY cohort, month',
  customer_order_total: 'SELECT * FROM customer_order_total ORDER BY customer_id',
  country_week: 'SELECT * FROM country_week ORDER BY week_start, country',
  country_customer_week: 'SELECT * FROM country_customer_week ORDER BY country, customer_id, week_start',
  invoice_line: 'SELECT invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, copies FROM invoice_line ORDER BY invoice, stock_code, description, quantity, price, customer_id',
};

async function derivedTables(db: Database) {
  const tables: Record<string, unknown[]> = {};
  for (const [name, query] of Object.entries(DERIVED_TABLES)) tables[name] = await db.query(query);
  return tables;
}

/** The quality report without what names loads (their list, and the loads the scores were refreshed after). */
const withoutLoadIds = ({ loads: _loads, scores, ...quality }: QualityReport) => ({ ...quality, scores: { ...scores, refreshedAfterLoad: null, newestDataLoad: null } });

async function reports(db: Database, asOfs: readonly string[]) {
  const metrics = [];
  for (const asOf of asOfs) {
    const { quality, ...rest } = await collectMetrics(db, asOf);
    metrics.push({ ...rest, quality: withoutLoadIds(quality) });
  }
  return { metrics, quality: withoutLoadIds(await collectQuality(db, asOfs[0]!)) };
}

/** Cuts: `older` ends inside the invoice at `cut`; `newer` starts `overlap` lines before the cut. */
function cutFiles(lines: readonly string[], cutDate: string, overlap: number) {
  let cut = lines.findIndex((line) => dateOf(line) >= cutDate);
  // Move into the middle of an invoice of at least three lines.
  while (!(invoiceOf(lines[cut]!) === invoiceOf(lines[cut - 1]!) && invoiceOf(lines[cut]!) === invoiceOf(lines[cut + 1]!))) cut++;
  return {
    cut,
    splitInvoice: invoiceOf(lines[cut]!),
    older: writeTempFile('older.csv', [HEADER, ...lines.slice(0, cut)].join('\n') + '\n'),
    newer: writeTempFile('newer.csv', [HEADER, ...lines.slice(cut - overlap)].join('\n') + '\n'),
    all: writeTempFile('all.csv', [HEADER, ...lines].join('\n') + '\n'),
  };
}

const ENGINE_CUTS = {
  // The embedded engine is slower: it gets the sample's last six weeks.
  postgres: { lines: SAMPLE_LINES, cutDate: '2011-12-05', asOfs: ['2011-12-10T00:00:00', '2011-12-07T12:00:00', '2011-06-01T00:00:00'] },
  embedded: { lines: SAMPLE_LINES.filter((line) => dateOf(line) >= '2011-11-01'), cutDate: '2011-12-05', asOfs: ['2011-12-10T00:00:00', '2011-12-07T12:00:00'] },
} as const;

describe.each(Object.entries(ENGINES))('incremental loads on %s', (engine, open) => {
  const { lines, cutDate, asOfs } = ENGINE_CUTS[engine as keyof typeof ENGINE_CUTS];
  const files = cutFiles(lines, cutDate, 300);
  let appended: TestDatabase;
  let single: TestDatabase;
  let newer: LoadSummary;
  let reExport: LoadSummary;

  beforeAll(async () => {
    appended = await open();
    single = await open();
    await loadFile(appended.db, files.older);
    newer = await loadFile(appended.db, files.newer);
    await loadFile(single.db, files.all);
  }, 300_000);
  afterAll(async () => {
    await appended?.dispose();
    await single?.dispose();
  });

  it('the later file cancels invoices of the older one and finishes an invoice the older one began', async () => {
    const [row] = await appended.db.query<{ cancellations: number; split_lines: number }>(
      `SELECT (SELECT count(DISTINCT c.invoice)::int FROM invoice_line AS c
                 JOIN invoice_line AS o ON o.customer_id = c.customer_id AND o.stock_code = c.stock_code
                WHERE c.load_id = $1 AND left(c.invoice, 1) = 'C' AND left(o.invoice, 1) <> 'C' AND o.load_id <> $1) AS cancellations,
              (SELECT count(DISTINCT load_id)::int FROM invoice_line WHERE invoice = $2) AS split_lines`,
      [newer.loadId, files.splitInvoice],
    );
    expect(row!.cancellations).toBeGreaterThan(0);
    expect(row!.split_lines).toBe(2);
  });

  it('adds only the lines the older file did not hold', () => {
    expect(newer.linesLoaded - newer.duplicateCopiesInFile - newer.newLines).toBeGreaterThanOrEqual(300 - 5);
    expect(newer.newLines).toBeGreaterThan(0);
  });

  it('leaves every derived table as one load of all the lines does', async () => {
    expect(await derivedTables(appended.db)).toEqual(await derivedTables(single.db));
  });

  it('gives the same lgs metrics and lgs quality figures as one load of all the lines', async () => {
    expect(await reports(appended.db, asOfs)).toEqual(await reports(single.db, asOfs));
  });

  it('a re-export of every line adds nothing and changes no figure', async () => {
    const before = await derivedTables(appended.db);
    reExport = await loadFile(appended.db, writeTempFile('re-export.csv', [HEADER, ...lines].join('\r\n')));
    expect(reExport).toMatchObject({ alreadyLoaded: null, newLines: 0, linesRead: lines.length });
    expect(await derivedTables(appended.db)).toEqual(before);
  });
});
