import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database, Queryable } from '../../src/db/database.js';
import { addDays, reportWeek } from '../../src/metrics/as-of.js';
import { COUNTRY_PERIOD_DAYS } from '../../src/metrics/collect-metrics.js';
import { movementStart } from '../../src/campaigns/segment-movement.js';
import { segmentGrid } from '../../src/metrics/rfm-segments.js';
import { segmentsAndMovement } from '../../src/queries/campaign-queries.js';
import { sqlFile } from '../../src/queries/sql-files.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { SAMPLE, fixturePath, writeTempFile } from '../support/fixtures.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

/**
 * The metric queries that read the summaries of migration 0012 (whole months and weeks from tables each
 * load keeps up to date, the as-of's own month from `invoice`) give exactly what the queries they replaced
 * gave. The replaced queries are kept in test/fixtures/reference-metrics/ (copied from before 0012; their
 * RFM function as a temporary function) and run on the same warehouse.
 *
 * The warehouse: the committed sample (every line of ~300 real customers) with real-data shapes the sample
 * lacks made from its own lines — August 2010 left out (a month without invoices), the customer blanked on
 * the invoices whose code ends in 7 (orders and cancellations without a customer) — loaded in three files:
 * up to 2010-10-15 12:00 (a cut in mid-month), up to 2011-06-01 with one line of the first July 2010 order
 * dated 2010-06-30 23:59 (the invoice moves back into June, a month the first load already summarised),
 * then the rest with the second file's last 50 lines again. Later files cancel orders of earlier ones.
 */
const [HEADER, ...SAMPLE_LINES] = gunzipSync(readFileSync(SAMPLE)).toString('utf8').trimEnd().split('\n') as [string, ...string[]];
const fieldsOf = (line: string) => line.split(',');
const invoiceOf = (line: string) => line.slice(0, line.indexOf(','));
const dateOf = (line: string) => fieldsOf(line).at(-4)!;
/** The sample's fields after the description never hold commas: customer id is the second last. */
const withoutCustomer = (line: string) => {
  const fields = fieldsOf(line);
  fields[fields.length - 2] = '';
  return fields.join(',');
};

const lines = SAMPLE_LINES.filter((line) => !dateOf(line).startsWith('2010-08')).map((line) =>
  invoiceOf(line).endsWith('7') ? withoutCustomer(line) : line,
);
const firstJulyOrder = lines.find((line) => dateOf(line) >= '2010-07-01' && /^\d/.test(line))!;
const movedBack = (() => {
  const fields = fieldsOf(firstJulyOrder);
  fields[fields.length - 4] = '2010-06-30 23:59:00';
  fields[fields.length - 5] = String(Number(fields[fields.length - 5]) + 1);
  return fields.join(',');
})();
const FIRST_CUT = '2010-10-15 12:00:00';
const SECOND_CUT = '2011-06-01 00:00:00';
const first = lines.filter((line) => dateOf(line) < FIRST_CUT);
const second = [...lines.filter((line) => dateOf(line) >= FIRST_CUT && dateOf(line) < SECOND_CUT), movedBack];
const third = [...second.slice(-51, -1), ...lines.filter((line) => dateOf(line) >= SECOND_CUT)];
const csv = (name: string, body: readonly string[]) => writeTempFile(name, [HEADER, ...body].join('\n') + '\n');

const AS_OFS = [
  '2009-11-01T00:00:00', // before the first invoice
  '2009-12-01T00:00:00', // the first invoice's day, nothing before it
  '2010-03-15T14:30:00', // mid-month, mid-day
  '2010-07-01T00:00:00', // a month start
  '2010-08-20T00:00:00', // inside the month without invoices
  '2010-09-01T00:00:00', // the month after it
  '2010-10-15T12:00:00', // the first file's cut
  '2011-11-28T00:00:00', // a scheduled Monday
  '2011-12-10T00:00:00', // the default: the day after the last invoice
  '2012-02-01T00:00:00', // well after the data
];

const SUMMARY_TABLES = {
  invoice_month: 'SELECT * FROM invoice_month ORDER BY month',
  order_amount_month: 'SELECT * FROM order_amount_month ORDER BY month, amount',
  customer_month: 'SELECT * FROM customer_month ORDER BY customer_id, month',
  cohort_month: 'SELECT * FROM cohort_month ORDER BY cohort, month',
  customer_order_total: 'SELECT * FROM customer_order_total ORDER BY customer_id',
  country_week: 'SELECT * FROM country_week ORDER BY week_start, country',
  country_customer_week: 'SELECT * FROM country_customer_week ORDER BY country, customer_id, week_start',
};

const reference = (name: string) => readFileSync(fixturePath(`reference-metrics/${name}.sql`), 'utf8');

/** The old and the new query's rows, on one connection (the old RFM function is a temporary one). */
async function bothWays(db: Database, oldSql: string, newSql: string, params: unknown[]) {
  return db.transaction(async (tx: Queryable) => {
    await tx.exec(reference('rfm_scores_function'), 'reference rfm_scores');
    return { old: await tx.query(oldSql, params), now: await tx.query(newSql, params) };
  });
}

describe('metric queries on the summaries of migration 0012', () => {
  let appended: TestDatabase;
  let single: TestDatabase;

  beforeAll(async () => {
    appended = await freshPostgres();
    single = await freshPostgres();
    await loadFile(appended.db, csv('first.csv', first));
    await loadFile(appended.db, csv('second.csv', second));
    await loadFile(appended.db, csv('third.csv', third));
    await loadFile(single.db, csv('all.csv', [...lines, movedBack]));
  });
  afterAll(async () => {
    await appended?.dispose();
    await single?.dispose();
  });

  it('the warehouse has the shapes the summaries must follow', async () => {
    const [row] = await appended.db.query<{ moved: string; gap: number; without_customer: number; late_cancellations: number }>(
      `SELECT (SELECT to_char(invoiced_at, 'YYYY-MM-DD HH24:MI') FROM invoice WHERE invoice = $1) AS moved,
              (SELECT count(*)::int FROM invoice WHERE invoiced_at >= '2010-08-01' AND invoiced_at < '2010-09-01') AS gap,
              (SELECT count(*)::int FROM invoice WHERE customer_id IS NULL AND kind <> 'adjustment') AS without_customer,
              (SELECT count(DISTINCT c.invoice)::int FROM invoice_line AS c
                 JOIN invoice_line AS o ON o.customer_id = c.customer_id AND o.stock_code = c.stock_code
                WHERE left(c.invoice, 1) = 'C' AND left(o.invoice, 1) <> 'C' AND o.load_id < c.load_id) AS late_cancellations`,
      [invoiceOf(firstJulyOrder)],
    );
    expect(row).toMatchObject({ moved: '2010-06-30 23:59', gap: 0 });
    expect(row!.without_customer).toBeGreaterThan(0);
    expect(row!.late_cancellations).toBeGreaterThan(0);
  });

  it('three loads leave the summary tables one load of all the lines leaves', async () => {
    for (const [table, query] of Object.entries(SUMMARY_TABLES)) {
      expect({ table, rows: await appended.db.query(query) }).toEqual({ table, rows: await single.db.query(query) });
    }
  });

  it.each(AS_OFS)('monthly series at %s equals the query it replaced', async (asOf) => {
    const { old, now } = await bothWays(appended.db, reference('monthly'), sqlFile('metrics/monthly'), [asOf]);
    expect(now).toEqual(old);
  });

  it.each(AS_OFS)('cohort retention at %s equals the query it replaced', async (asOf) => {
    const { old, now } = await bothWays(appended.db, reference('cohort_retention'), sqlFile('metrics/cohort_retention'), [asOf]);
    expect(now).toEqual(old);
  });

  it.each(AS_OFS)('invoice amounts at %s equal the query they replaced', async (asOf) => {
    const { old, now } = await bothWays(appended.db, reference('invoice_amounts'), sqlFile('metrics/invoice_amounts'), [asOf]);
    expect(now).toEqual(old);
  });

  it.each(AS_OFS)('countries over the 52 weeks to the report week of %s equal the query they replaced', async (asOf) => {
    const end = reportWeek(asOf).end;
    const from = addDays(end, -COUNTRY_PERIOD_DAYS);
    const { old, now } = await bothWays(appended.db, reference('countries'), sqlFile('metrics/countries'), [from, end]);
    expect(now).toEqual(old);
  });

  it.each(AS_OFS)('RFM scores at %s equal those of the function they replaced', async (asOf) => {
    const columns = 'customer_id, recency_days, frequency, monetary::float8 AS monetary, r, f';
    const { old, now } = await bothWays(
      appended.db,
      `SELECT ${columns}, m FROM pg_temp.rfm_scores_before_0012($1) ORDER BY customer_id`,
      `SELECT ${columns}, m, (SELECT array_agg(ARRAY[r, f] ORDER BY customer_id) FROM rfm_scores($1, false)) AS rf FROM rfm_scores($1) ORDER BY customer_id`,
      [asOf],
    );
    const rf = (now[0] as { rf?: number[][] } | undefined)?.rf ?? null;
    expect(now.map(({ rf: _rf, ...row }) => row)).toEqual(old);
    expect(rf).toEqual(old.length === 0 ? null : old.map((row) => [row.r, row.f]));
  });

  it.each(AS_OFS)('segments and movement at %s equal the two queries they replaced', async (asOf) => {
    const grid = segmentGrid();
    const before = movementStart(asOf);
    const old = await appended.db.transaction(async (tx) => {
      await tx.exec(reference('rfm_scores_function'), 'reference rfm_scores');
      return {
        segments: await tx.query(reference('rfm_segments'), [asOf, grid]),
        movement: await tx.query(reference('segment_movement'), [asOf, before, grid]),
      };
    });
    expect(await segmentsAndMovement(appended.db, asOf, before, grid)).toEqual(old);
  });
});
