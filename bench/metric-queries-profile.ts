/**
 * Where the time of `lgs metrics --json` goes: each query collectMetrics runs, alone, best of 3 (warm),
 * then collectMetrics whole (parallel on the pool, as the CLI runs it), median of 10.
 * `npm run build && DATABASE_URL=postgres://… node dist/bench/metric-queries-profile.js [as-of …] [--explain]`
 * With --explain, prints EXPLAIN (ANALYZE, BUFFERS) of every query too. Measures, never asserts.
 */
import { loadavg } from 'node:os';
import { connectPostgres } from '../src/db/postgres.js';
import { addDays, reportWeek, type LocalTimestamp } from '../src/metrics/as-of.js';
import { COUNTRY_PERIOD_DAYS, PRODUCT_LIST_LENGTH, PRODUCT_PERIOD_DAYS, collectMetrics, resolveAsOf } from '../src/metrics/collect-metrics.js';
import { segmentGrid } from '../src/metrics/rfm-segments.js';
import { movementStart } from '../src/campaigns/segment-movement.js';
import { sqlFile } from '../src/queries/sql-files.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL names the warehouse to profile');
const explain = process.argv.includes('--explain');
const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

const db = connectPostgres(url);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The queries of collectMetrics (and collectQuality) with the parameters it passes. */
function queries(asOf: LocalTimestamp): [string, unknown[]][] {
  const week = reportWeek(asOf);
  const grid = segmentGrid();
  return [
    ['metrics/invoice_amounts', [asOf]],
    ['metrics/monthly', [asOf]],
    ['metrics/rfm_segments', [asOf, grid]],
    ['metrics/weekly_kpis', [week.previousStart, week.start, week.end]],
    ['metrics/product_popularity', [addDays(week.end, -PRODUCT_PERIOD_DAYS).slice(0, 10), week.end.slice(0, 10), PRODUCT_LIST_LENGTH]],
    ['metrics/countries', [addDays(week.end, -COUNTRY_PERIOD_DAYS), week.end]],
    ['quality/warehouse', []],
    ['quality/loads', [10]],
    ['quality/reject_reasons', []],
    ['quality/missing_customers_by_month', [asOf]],
    ['quality/missing_customers_by_country', [asOf]],
    ['metrics/segment_movement', [asOf, movementStart(asOf), grid]],
    ['metrics/cohort_retention', [asOf]],
  ];
}

async function bestOf(runs: number, fn: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

try {
  const asOfs = requested.length > 0 ? requested : [await resolveAsOf(db)];
  for (const asOf of asOfs) {
    console.log(`\n== as-of ${asOf}`);
    let sum = 0;
    for (const [name, params] of queries(asOf)) {
      const ms = await bestOf(3, () => db.query(sqlFile(name), params));
      sum += ms;
      console.log(`${name.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms`);
      if (explain) {
        const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sqlFile(name)}`, params);
        console.log(plan.map((row) => '    ' + row['QUERY PLAN']).join('\n'));
      }
    }
    console.log(`${'sum of the queries run one by one'.padEnd(40)} ${sum.toFixed(1).padStart(8)} ms`);
    await collectMetrics(db, asOf);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await collectMetrics(db, asOf);
      times.push(performance.now() - started);
    }
    console.log(`${'collectMetrics, median of 10'.padEnd(40)} ${median(times).toFixed(1).padStart(8)} ms (min ${Math.min(...times).toFixed(1)}, load average ${loadavg()[0]!.toFixed(2)})`);
  }
} finally {
  await db.close();
}
