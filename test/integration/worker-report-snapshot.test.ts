import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/db/database.js';
import { SharedBrowser } from '../../src/pdf/shared-browser.js';
import { createTemplateRenderer } from '../../src/render/template-renderer.js';
import { produceSegmentBriefs } from '../../src/report/run-report.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED, writeTempFile } from '../support/fixtures.js';
import { waitUntil } from '../support/worker-environment.js';

/**
 * One snapshot per report (issue 11 item 6): a load that commits while a report is being read must not
 * give the report half of each state. The real database is used throughout; the test only chooses the
 * moment: when the report asks for its customer list, a real load of new customers is started on another
 * connection, and the report goes on once that load has committed or is waiting for the report.
 */
let database: TestDatabase;
let browser: SharedBrowser;

beforeEach(async () => {
  database = await freshPostgres();
  await loadFile(database.db, HAND_COMPUTED);
  browser = new SharedBrowser(process.env.CHROME_PATH);
});

afterEach(async () => {
  await browser.close();
  await database.dispose();
});

/** `db`, running `before` once just before the first query named `name` (on whichever connection). */
function pausingBefore(db: Database, name: string, before: () => Promise<void>): Database {
  let paused = false;
  const wrap = (queryable: Queryable): Queryable => ({
    ...queryable,
    async query(text, params, queryName) {
      if (queryName === name && !paused) {
        paused = true;
        await before();
      }
      return queryable.query(text, params, queryName);
    },
  });
  return {
    ...db,
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    readSnapshot: (work) => db.readSnapshot((tx) => work(wrap(tx))),
  };
}

// Three new customers ordering in the week before the as-of: they change the segment sizes.
const NEW_CUSTOMERS = [
  'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country',
  '500951,10001,RED MUG,12,2011-03-07 10:00:00,2.5,901.0,United Kingdom',
  '500952,10002,BLUE MUG,8,2011-03-07 11:00:00,3,902.0,France',
  '500953,10001,RED MUG,20,2011-03-08 09:00:00,2.5,903.0,Germany',
].join('\n');

describe('a report reads one state of the warehouse', { timeout: 300_000 }, () => {
  it('gives each brief as many CSV rows as its segment has customers while a load commits midway', async () => {
    let loaded = false;
    let loading: Promise<unknown> | undefined;
    const loaderWaiting = async () =>
      (await database.db.query<{ waiting: number }>(
        "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      ))[0]!.waiting > 0;
    const db = pausingBefore(database.db, 'metrics/rfm_customers', async () => {
      loading = loadFile(database.db, writeTempFile('new-customers.csv', NEW_CUSTOMERS)).then(() => (loaded = true));
      await waitUntil(async () => loaded || (await loaderWaiting()), 30_000, 'the load to commit or to wait for the report');
    });
    const briefs = await produceSegmentBriefs({ db, renderer: createTemplateRenderer(), browser }, { asOf: '2011-03-09T00:00:00' });
    await loading;

    const sizes = briefs.map((brief) => {
      const csv = brief.attachments.find((a) => a.fileName.endsWith('.csv'))!.bytes.toString('utf8');
      const rows = csv.split('\n').filter((line) => line.trim() !== '').length - 1;
      return [brief.segment, brief.summary.kind === 'segment' ? brief.summary.customerCount : -1, rows];
    });
    expect(sizes.map(([segment, , rows]) => [segment, rows])).toEqual(sizes.map(([segment, customerCount]) => [segment, customerCount]));
    // The load went in, after the report had read everything.
    const [customers] = await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM customer WHERE customer_id IN (901, 902, 903)');
    expect(customers).toEqual({ n: 3 });
  });
});
