/**
 * Where the time of `lgs metrics --json` goes: each query collectMetrics runs, alone, on one connection:
 * best wall time of 5 (warm) and the server backend's CPU time per run (from /proc/<pid>/schedstat, so
 * only when the server runs on this machine: wall times on a shared machine say more about the other
 * processes than about the query); then collectMetrics whole (parallel on the pool, as the CLI runs it),
 * median of 10.
 * `npm run build && DATABASE_URL=postgres://… node dist/bench/metric-queries-profile.js [as-of …] [--explain]`
 * With --explain, prints EXPLAIN (ANALYZE, BUFFERS) of every query too. Measures, never asserts.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
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
    ['metrics/segment_movement', [asOf, movementStart(asOf), grid]],
    ['metrics/weekly_kpis', [week.previousStart, week.start, week.end]],
    ['metrics/product_popularity', [addDays(week.end, -PRODUCT_PERIOD_DAYS).slice(0, 10), week.end.slice(0, 10), PRODUCT_LIST_LENGTH]],
    ['metrics/countries', [addDays(week.end, -COUNTRY_PERIOD_DAYS), week.end]],
    ['quality/warehouse', []],
    ['quality/loads', [10]],
    ['quality/reject_reasons', []],
    ['quality/ingest_sources', []],
    ['quality/missing_customers_by_month', [asOf]],
    ['quality/missing_customers_by_country', [asOf]],
    ['metrics/cohort_retention', [asOf]],
  ];
}

/** CPU nanoseconds the process has run (first field of schedstat); null when it cannot be read. */
function cpuNs(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

const RUNS = 5;

/** Best wall time and mean backend CPU time of RUNS runs, after one warm-up run. */
async function measure(client: pg.Client, pid: number, sql: string, params: unknown[]): Promise<{ wall: number; cpu: number | null }> {
  await client.query(sql, params);
  let wall = Infinity;
  const cpuBefore = cpuNs(pid);
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await client.query(sql, params);
    wall = Math.min(wall, performance.now() - started);
  }
  const cpuAfter = cpuNs(pid);
  return { wall, cpu: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / RUNS / 1e6 };
}

try {
  const asOfs = requested.length > 0 ? requested : [await resolveAsOf(db)];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
  for (const asOf of asOfs) {
    console.log(`\n== as-of ${asOf}: best wall of ${RUNS} / mean backend CPU per run`);
    let wallSum = 0;
    let cpuSum = 0;
    for (const [name, params] of queries(asOf)) {
      const { wall, cpu } = await measure(client, pid, sqlFile(name), params);
      wallSum += wall;
      cpuSum += cpu ?? NaN;
      console.log(`${name.padEnd(40)} ${wall.toFixed(1).padStart(8)} ms ${(cpu ?? NaN).toFixed(1).padStart(8)} ms CPU`);
      if (explain) {
        const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sqlFile(name)}`, params);
        console.log(plan.rows.map((row) => '    ' + row['QUERY PLAN']).join('\n'));
      }
    }
    console.log(`${'sum of the queries run one by one'.padEnd(40)} ${wallSum.toFixed(1).padStart(8)} ms ${cpuSum.toFixed(1).padStart(8)} ms CPU`);
    await collectMetrics(db, asOf);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await collectMetrics(db, asOf);
      times.push(performance.now() - started);
    }
    console.log(`${'collectMetrics, median of 10'.padEnd(40)} ${median(times).toFixed(1).padStart(8)} ms (min ${Math.min(...times).toFixed(1)}, load average ${loadavg()[0]!.toFixed(2)})`);
  }
  await client.end();
} finally {
  await db.close();
}
