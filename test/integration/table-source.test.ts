import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readEnvironment } from '../../src/config/environment.js';
import { ingestSchema, TABLE_COLUMN_DEFAULTS } from '../../src/config/schedules-schema.js';
import type { Database } from '../../src/db/database.js';
import { runIngest } from '../../src/ingest/ingest-job.js';
import { loadTable } from '../../src/ingest/table-source.js';
import { createLogger } from '../../src/log.js';
import { collectQuality } from '../../src/metrics/collect-metrics.js';
import { CsvRecordSplitter } from '../../src/warehouse/csv-records.js';
import { loadFile } from '../../src/warehouse/load.js';
import { ENGINES, freshPostgres, type TestDatabase } from '../support/databases.js';
import { runCli } from '../support/cli.js';
import { HAND_COMPUTED, readFixture } from '../support/fixtures.js';

// The embedded engine runs in this process and is slow on a busy machine: time limits, not goals.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

/**
 * `lgs load --from-table`: the seed's `retail` table (invoice_no, stock_code, description, quantity,
 * invoice_date, unit_price, customer_id, country) filled with the 18 lines of the hand-computed fixture.
 */
const FIXTURE_ROWS = new CsvRecordSplitter().push(Buffer.from(readFixture('hand-computed.csv'))).slice(1).map((record) => record.fields!);

const RETAIL = `CREATE SCHEMA etl;
CREATE TABLE etl.retail (invoice_no text, stock_code text, description text, quantity integer, invoice_date timestamp,
                         unit_price numeric, customer_id numeric, country text)`;

async function insertRows(db: Database, table: string, rows: readonly string[][]) {
  for (const [invoice, stock, description, quantity, date, price, customer, country] of rows) {
    await db.query(`INSERT INTO ${table} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [invoice, stock, description || null, quantity, date || null, price, customer || null, country]);
  }
}

const DERIVED = ['SELECT * FROM invoice ORDER BY invoice', 'SELECT * FROM customer ORDER BY customer_id', 'SELECT * FROM product_week ORDER BY week_start, stock_code', 'SELECT * FROM warehouse_quality'];
const derived = async (db: Database) => Promise.all(DERIVED.map((query) => db.query(query)));

describe.each(Object.entries(ENGINES))('lgs load --from-table on %s', (_engine, open) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await open();
    await database.db.exec(RETAIL);
    await insertRows(database.db, 'etl.retail', FIXTURE_ROWS);
  });
  afterEach(() => database.dispose());

  it('loads the rows of a schema-qualified table as the same lines in a file would be', async () => {
    const summary = await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS });
    expect(summary).toMatchObject({ sourceKind: 'table', layout: 'table', linesRead: 18, linesLoaded: 18, duplicateCopiesInFile: 1, newLines: 17 });
    const fromFile = await open();
    try {
      await loadFile(fromFile.db, HAND_COMPUTED);
      expect(await derived(database.db)).toEqual(await derived(fromFile.db));
    } finally {
      await fromFile.dispose();
    }
  });

  it('keeps one watermark for two spellings of one table (as the search path resolves the name)', async () => {
    await database.db.exec('CREATE TABLE public.retail AS SELECT * FROM etl.retail');
    await loadTable(database.db, { table: 'public.retail', columns: TABLE_COLUMN_DEFAULTS });
    await insertRows(database.db, 'public.retail', [['500016', '10002', 'BLUE MUG', '2', '2011-03-09 09:00:00', '3', '101', 'United Kingdom']]);
    // Read from the watermark on: 500012's line (held) and the new row; a watermark of its own would read all 19.
    expect(await loadTable(database.db, { table: 'retail', columns: TABLE_COLUMN_DEFAULTS })).toMatchObject({ linesRead: 2, newLines: 1 });
    expect(await database.db.query('SELECT source FROM load_source_watermark')).toEqual([{ source: 'public.retail' }]);
  });

  it('prefers the watermark under the qualified name to one kept under the spelling before', async () => {
    await database.db.exec(`CREATE TABLE public.retail AS SELECT * FROM etl.retail;
      INSERT INTO load_source_watermark (source, last_invoice_date) VALUES ('retail', '2011-01-01 00:00'), ('public.retail', '2011-03-08 15:00')`);
    expect(await loadTable(database.db, { table: 'retail', columns: TABLE_COLUMN_DEFAULTS })).toMatchObject({ linesRead: 1 });
  });

  it('still finds a watermark kept under the name as spelled before names were qualified', async () => {
    await database.db.exec("CREATE TABLE public.retail AS SELECT * FROM etl.retail; INSERT INTO load_source_watermark (source, last_invoice_date) VALUES ('retail', '2011-03-08 15:00')");
    expect(await loadTable(database.db, { table: 'retail', columns: TABLE_COLUMN_DEFAULTS })).toMatchObject({ linesRead: 1 });
  });

  it('later runs read from the latest invoice date read on and add only the new rows', async () => {
    await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS });
    // The fixture's last line is 500012 on 2011-03-08 15:00; one row arrives at that instant, one after it.
    await insertRows(database.db, 'etl.retail', [
      ['500015', '10001', 'RED MUG', '1', '2011-03-08 15:00:00', '2.50', '106', 'United Kingdom'],
      ['500016', '10002', 'BLUE MUG', '2', '2011-03-09 09:00:00', '3', '101', 'United Kingdom'],
    ]);
    const later = await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS });
    // Read: 500012's line (at the watermark, already held) and the two new rows.
    expect(later).toMatchObject({ linesRead: 3, newLines: 2, lastInvoiceDate: '2011-03-09 09:00:00' });
    const [quality] = await database.db.query('SELECT distinct_lines FROM warehouse_quality');
    expect(quality).toEqual({ distinct_lines: 19 });
  });

  it('runs that find nothing new are left out of the quality report\'s latest loads', async () => {
    await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS });
    for (let poll = 0; poll < 3; poll++) expect((await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS })).newLines).toBe(0);
    const quality = await collectQuality(database.db, '2011-03-09T00:00:00');
    expect(quality.loads.map((load) => [load.loadId, load.newLines])).toEqual([[1, 17]]);
  });

  it('a row arriving late with an older invoice date is read by a full run only (without a look-back)', async () => {
    await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS });
    await insertRows(database.db, 'etl.retail', [['500017', '10001', 'RED MUG', '1', '2011-03-01 09:00:00', '2.50', '106', 'United Kingdom']]);
    expect(await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS })).toMatchObject({ linesRead: 1, newLines: 0 });
    expect(await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS, full: true })).toMatchObject({ linesRead: 19, newLines: 1 });
  });

  it('a row arriving late, dated within the look-back before the latest date read, is read by the next run', async () => {
    await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS });
    // The watermark is 2011-03-08 15:00; 48 hours back is 2011-03-06 15:00.
    await insertRows(database.db, 'etl.retail', [
      ['500018', '10001', 'RED MUG', '1', '2011-03-07 09:00:00', '2.50', '106', 'United Kingdom'],
      ['500019', '10002', 'BLUE MUG', '1', '2011-03-06 14:59:59', '3', '106', 'United Kingdom'],
    ]);
    const late = await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS, lookbackHours: 48 });
    expect(late).toMatchObject({ newLines: 1, linesWithMoreCopies: 0 });
    const [held] = await database.db.query<{ invoices: string[] }>("SELECT array_agg(invoice ORDER BY invoice) AS invoices FROM invoice WHERE invoice IN ('500018', '500019')");
    expect(held!.invoices).toEqual(['500018']);
  });

  it('a row dated in the future is rejected and does not hold back the rows that follow it', async () => {
    await insertRows(database.db, 'etl.retail', [['500021', '10001', 'RED MUG', '1', '2101-01-10 10:00:00', '2.50', '106', 'United Kingdom']]);
    expect(await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS })).toMatchObject({ linesRejected: 1, lastInvoiceDate: '2011-03-08 15:00:00' });
    await insertRows(database.db, 'etl.retail', [['500022', '10002', 'BLUE MUG', '2', '2011-03-09 09:00:00', '3', '101', 'United Kingdom']]);
    expect(await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS })).toMatchObject({ newLines: 1, lastInvoiceDate: '2011-03-09 09:00:00' });
  });

  it('rejects a row once, though later runs read it again from the watermark', async () => {
    await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS });
    // Dated after the watermark, and without a date at all: both read on every run.
    await insertRows(database.db, 'etl.retail', [
      ['500023', '', 'NO CODE', '1', '2011-03-09 09:00:00', '1', '101', 'United Kingdom'],
      ['500024', '10001', 'NO DATE', '1', '', '1', '101', 'United Kingdom'],
    ]);
    expect(await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS })).toMatchObject({ linesRejected: 2, rejectedBefore: 0 });
    const again = await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS });
    expect(again).toMatchObject({ linesRejected: 0, rejectedBefore: 2, newLines: 0 });
    expect(again.linesRead).toBe(again.linesLoaded);
    const reasons = await database.db.query('SELECT reason FROM load_reject ORDER BY reason');
    expect(reasons).toEqual([{ reason: 'InvoiceDate "" is not a valid date and time' }, { reason: 'StockCode is empty' }]);
  });

  it('reads the new rows of a table whose dates are text, comparing them as dates', async () => {
    await database.db.exec(`CREATE TABLE etl.text_dates (invoice_no text, stock_code text, description text, quantity integer, invoice_date text,
                            unit_price numeric, customer_id numeric, country text)`);
    await insertRows(database.db, 'etl.text_dates', [
      ['500030', '10001', 'RED MUG', '1', '12/1/2010 8:26', '2.50', '106', 'United Kingdom'],
      ['500031', '10002', 'BLUE MUG', '1', '12/9/2010 9:00', '2.50', '106', 'United Kingdom'],
    ]);
    await loadTable(database.db, { table: 'etl.text_dates', columns: TABLE_COLUMN_DEFAULTS });
    // As text, '1/12/2011 10:00' sorts before the watermark's '2010-12-09 09:00:00'.
    await insertRows(database.db, 'etl.text_dates', [['500032', '10003', 'GREEN MUG', '1', '1/12/2011 10:00', '2.50', '106', 'United Kingdom']]);
    expect(await loadTable(database.db, { table: 'etl.text_dates', columns: TABLE_COLUMN_DEFAULTS })).toMatchObject({ newLines: 1, lastInvoiceDate: '2011-01-12 10:00:00' });
  });

  it('rejects a row that breaks a line rule, with its row and reason, and loads the rest', async () => {
    await insertRows(database.db, 'etl.retail', [['500020', '', 'NO CODE', '1', '2011-03-08 11:00:00', '1', '101', 'United Kingdom']]);
    const summary = await loadTable(database.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS });
    expect(summary).toMatchObject({ linesRead: 19, linesRejected: 1, newLines: 17 });
    expect(summary.rejects).toEqual([{ line: 20, reason: 'StockCode is empty' }]);
  });

  it('names the table, the columns it reads by and where to map them when a column is missing', async () => {
    const columns = { ...TABLE_COLUMN_DEFAULTS, price: 'price_gbp' };
    await expect(loadTable(database.db, { table: 'etl.retail', columns })).rejects.toThrow(
      /^reading table etl\.retail: a column it is read by does not exist \(column "price_gbp" does not exist\)\. Columns read: .*price: price_gbp.*ingest\.columns/,
    );
  });

  it('maps differently named columns from the config', async () => {
    await database.db.exec(`CREATE TABLE sales (inv text, sku text, item text, qty integer, sold_at timestamp, price numeric, cust integer, land text);
      INSERT INTO sales SELECT invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id, country FROM etl.retail`);
    const columns = { invoice: 'inv', stockCode: 'sku', description: 'item', quantity: 'qty', invoiceDate: 'sold_at', price: 'price', customerId: 'cust', country: 'land' };
    expect(await loadTable(database.db, { table: 'sales', columns })).toMatchObject({ linesRead: 18, newLines: 17 });
  });
});

describe('lgs load --from-table --source-url', () => {
  let warehouse: TestDatabase;
  let source: TestDatabase;
  beforeEach(async () => {
    [warehouse, source] = await Promise.all([freshPostgres(), freshPostgres()]);
    await source.db.exec(RETAIL);
    await insertRows(source.db, 'etl.retail', FIXTURE_ROWS);
  });
  afterEach(async () => {
    await warehouse.dispose();
    await source.dispose();
  });

  it('reads the table from another database', async () => {
    const summary = await loadTable(warehouse.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS, sourceDb: source.db });
    expect(summary).toMatchObject({ linesRead: 18, newLines: 17 });
    const [row] = await warehouse.db.query<{ n: number }>('SELECT count(*)::int AS n FROM invoice');
    expect(row!.n).toBe(14);
  });

  it('keeps the watermark of a table in another database under its qualified name in that database', async () => {
    await loadTable(warehouse.db, { table: 'etl.retail', columns: TABLE_COLUMN_DEFAULTS, sourceDb: source.db });
    expect(await warehouse.db.query('SELECT source FROM load_source_watermark')).toEqual([{ source: `etl.retail in ${source.db.location}` }]);
  });

  it('reads the table where LGS_INGEST_SOURCE_URL says, as the worker does, when no --source-url is given', async () => {
    await runCli(['db', 'migrate'], { DATABASE_URL: warehouse.location });
    const result = await runCli(['load', '--from-table', 'etl.retail', '--json'], { DATABASE_URL: warehouse.location, LGS_INGEST_SOURCE_URL: source.location });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).load).toMatchObject({ linesRead: 18, newLines: 17 });
  });

  it('says which source database it cannot reach, without a stack trace', async () => {
    await runCli(['db', 'migrate'], { DATABASE_URL: warehouse.location });
    const result = await runCli(['load', '--from-table', 'etl.retail', '--source-url', 'postgres://postgres@127.0.0.1:5999/nowhere'], { DATABASE_URL: warehouse.location });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lgs: cannot connect to postgres:\/\/postgres@127\.0\.0\.1:5999\/nowhere: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('lgs load --from-table --lookback-hours', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await freshPostgres();
    await database.db.exec(RETAIL);
    await insertRows(database.db, 'etl.retail', FIXTURE_ROWS);
    await runCli(['db', 'migrate'], { DATABASE_URL: database.location });
  });
  afterEach(() => database.dispose());

  it('reads a late row within the hours it is given before the latest date read', async () => {
    await runCli(['load', '--from-table', 'etl.retail'], { DATABASE_URL: database.location });
    await insertRows(database.db, 'etl.retail', [['500018', '10001', 'RED MUG', '1', '2011-03-07 09:00:00', '2.50', '106', 'United Kingdom']]);
    const result = await runCli(['load', '--from-table', 'etl.retail', '--lookback-hours', '48', '--json'], { DATABASE_URL: database.location });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).load).toMatchObject({ newLines: 1 });
  });

  it('is 24 hours in the worker\'s table ingest when the schedules file does not say', async () => {
    const services = { db: database.db, log: createLogger('silent'), environment: readEnvironment({ DATABASE_URL: database.location }) };
    const config = ingestSchema.parse({ table: 'etl.retail', cron: '*/5 * * * *' });
    await runIngest(services, config);
    // The watermark is 2011-03-08 15:00: one row 23 hours before it, one 25 hours before it.
    await insertRows(database.db, 'etl.retail', [
      ['500018', '10001', 'RED MUG', '1', '2011-03-07 16:00:00', '2.50', '106', 'United Kingdom'],
      ['500019', '10002', 'BLUE MUG', '1', '2011-03-07 14:00:00', '3', '106', 'United Kingdom'],
    ]);
    expect(await runIngest(services, config)).toMatchObject({ newLines: 1 });
  });

  it('refuses hours that are not a whole number from 0 to 8760, naming the option', async () => {
    for (const hours of ['1.5', '1e2', '0x10', '9000', '']) {
      const result = await runCli(['load', '--from-table', 'etl.retail', '--lookback-hours', hours], { DATABASE_URL: database.location });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--lookback-hours must be a whole number of hours from 0 to 8760 (got "${hours}")`);
    }
  });

  it('refuses a look-back with --full, which reads every row already', async () => {
    const result = await runCli(['load', '--from-table', 'etl.retail', '--full', '--lookback-hours', '24'], { DATABASE_URL: database.location });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--full reads every row already: leave out --lookback-hours');
  });
});
