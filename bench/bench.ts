/**
 * `npm run bench`: performance goals measured on the full data, never asserted in tests.
 * Loads ../shared/data/online_retail_II.csv.gz (or BENCH_FILE) into a fresh database on the server at
 * BENCH_ADMIN_DATABASE_URL, times the load and the metric queries, prints the figures and writes them to
 * bench/results.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { admin, benchDatabaseUrl } from './bench-database.js';
import { migrate } from '../src/db/migrate.js';
import { connectPostgres } from '../src/db/postgres.js';
import { collectMetrics } from '../src/metrics/collect-metrics.js';
import { projectRoot } from '../src/project-paths.js';
import { loadFile } from '../src/warehouse/load.js';
import { readEnvironment } from '../src/config/environment.js';
import { SharedBrowser } from '../src/pdf/shared-browser.js';
import { createTemplateRenderer } from '../src/render/template-renderer.js';
import { produceSegmentBriefs, produceWeeklyReport } from '../src/report/run-report.js';
import { backtest } from '../src/predict/backtest.js';
import { predictCustomers } from '../src/predict/predict-customers.js';
import { recommendProducts } from '../src/recommend/recommend-customers.js';
import { backtestRecommendations } from '../src/recommend/recommendation-backtest.js';
import { cliStartTimes } from './cli-start-time.js';
import { refreshScoresIfBehind } from '../src/ingest/refresh-scores.js';
import { createLogger } from '../src/log.js';

const FILE = process.env.BENCH_FILE ?? join(projectRoot, '..', 'shared', 'data', 'online_retail_II.csv.gz');
const DATABASE = 'lgs_bench';
const METRIC_RUNS = 20;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
await admin(`CREATE DATABASE ${DATABASE}`);
const url = new URL(benchDatabaseUrl(DATABASE));
const db = connectPostgres(url.toString());
try {
  await migrate(db);
  const load = await loadFile(db, FILE);
  // As `lgs load` does after a load that adds lines: RFM stored, predictions, recommendations, brief reads.
  let started = performance.now();
  await refreshScoresIfBehind(db, createLogger('warn'), 'bench', { staleToleranceHours: readEnvironment().LGS_STALE_TOLERANCE_HOURS });
  const scoringMs = performance.now() - started;
  const reload = await loadFile(db, FILE);

  await collectMetrics(db); // warm-up: caches, plans
  const metricTimes: number[] = [];
  for (let run = 0; run < METRIC_RUNS; run++) {
    const started = performance.now();
    await collectMetrics(db);
    metricTimes.push(performance.now() - started);
  }

  // Lapse prediction: fit both models and score every customer (stored), then the back-test.
  started = performance.now();
  const prediction = await predictCustomers(db, '2011-12-10T00:00:00');
  const predictMs = performance.now() - started;
  const test = await backtest(db, '2011-09-01T00:00:00');
  // Product recommendations: every customer's 3, stored; then the back-test (both recommenders).
  const recommendations = await recommendProducts(db, '2011-12-10T00:00:00');
  const recommendationTest = await backtestRecommendations(db, '2011-09-01T00:00:00');

  // Reports: the weekly one end to end in this process, browser launch included; then all ten briefs with
  // the browser reused.
  const browser = new SharedBrowser(readEnvironment().CHROME_PATH);
  let weeklyMs = 0;
  let briefsMs = 0;
  let briefPages = 0;
  try {
    const services = { db, renderer: createTemplateRenderer(), browser, printConcurrency: readEnvironment().LGS_PRINT_CONCURRENCY };
    started = performance.now();
    const weekly = await produceWeeklyReport(services);
    weeklyMs = performance.now() - started;
    started = performance.now();
    const briefs = await produceSegmentBriefs(services);
    briefsMs = performance.now() - started;
    briefPages = briefs.reduce((sum, brief) => sum + brief.pages, 0);
  } finally {
    await browser.close();
  }

  const start = cliStartTimes();
  const t = load.timingsMs;
  const rows = [
    ['lgs --help as a process, best of 10 (goal ≤ 150 ms)', `${start.helpMs.toFixed(0)} ms (bare node -e '': ${start.bareNodeMs.toFixed(0)} ms)`],
    ['lgs load, full file, empty warehouse (goal ≤ 8,000 ms)', `${t.total} ms`],
    ['  read + parse + COPY into invoice_line (+ ANALYZE)', `${t.readAndCopy} ms`],
    ['  collapse duplicates in the file, build the line-hash index (first load) or drop lines already held', `${t.merge} ms`],
    ['  derived tables rebuild', `${t.derivedTables} ms`],
    ['  ANALYZE', `${t.analyze} ms`],
    ['  then the scoring step lgs load runs: RFM stored, predictions, recommendations, brief reads stored', `${scoringMs.toFixed(0)} ms`],
    ['lgs load, same file again (adds nothing)', `${reload.timingsMs.total} ms (${reload.newLines} new lines)`],
    [`all metrics of lgs metrics --json, warm, median of ${METRIC_RUNS} (goal ≤ 300 ms)`, `${median(metricTimes).toFixed(1)} ms`],
    ['  fastest / slowest run', `${Math.min(...metricTimes).toFixed(1)} / ${Math.max(...metricTimes).toFixed(1)} ms`],
    ['weekly report end to end: queries, charts, HTML, PDF, browser launch (goal ≤ 3,000 ms)', `${weeklyMs.toFixed(0)} ms`],
    [`all ten segment briefs with their CSVs, browser reused, ${readEnvironment().LGS_PRINT_CONCURRENCY} pages at once, reads stored by the scoring step (goal ≤ 2,500 ms)`, `${briefsMs.toFixed(0)} ms (${briefPages} pages)`],
    [`lgs predict: fit and score all ${prediction.customers} customers, stored (goal ≤ 5,000 ms)`, `${predictMs.toFixed(0)} ms`],
    ['back-test at 2011-09-01: AUC model / recency baseline', `${test.model.auc?.toFixed(3)} / ${test.recencyBaseline.auc?.toFixed(3)}`],
    ['back-test at 2011-09-01: top-decile lift model / recency baseline', `${test.model.liftTop10?.toFixed(2)} / ${test.recencyBaseline.liftTop10?.toFixed(2)}`],
    [`lgs recommend: 3 products for all ${recommendations.customers} customers, stored (goal well under 30,000 ms)`, `${recommendations.timingsMs.total} ms`],
    ['recommendation back-test at 2011-09-01: hit rate model / popularity baseline (time)', `${recommendationTest.hitRate?.toFixed(4)} / ${recommendationTest.popularityBaseline.hitRate?.toFixed(4)} (${recommendationTest.timingsMs.total} ms)`],
  ];
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, PostgreSQL at ${url.host}`;
  const table = ['| measurement | result |', '|---|---|', ...rows.map(([what, value]) => `| ${what} | ${value} |`)].join('\n');
  const text = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}.`,
    `File: ${relative(projectRoot, FILE)} — ${load.linesRead.toLocaleString('en-GB')} lines read, ${load.linesRejected} rejected, ${load.duplicateCopiesInFile.toLocaleString('en-GB')} duplicate copies, ${load.newLines.toLocaleString('en-GB')} distinct lines.`,
    '',
    table,
    '',
  ].join('\n');
  console.log(text);
  writeFileSync(join(projectRoot, 'bench', 'results.md'), text);
} finally {
  await db.close();
  await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
}
