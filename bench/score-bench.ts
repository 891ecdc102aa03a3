/**
 * The scoring a load runs after new lines (refreshScores: predictions, then recommendations), alone, on an
 * existing warehouse: `npm run build && DATABASE_URL=postgres://… /usr/bin/time -f %M node
 * dist/bench/score-bench.js`. Prints each step's wall time and the process's RSS and heap after it, and the
 * highest RSS seen by a 10 ms sampler thread (the figure /usr/bin/time -f %M gives for the whole process).
 * Writes the scores like a load does: run it on a copy of a warehouse, never on one somebody reads.
 */
import { Worker } from 'node:worker_threads';
import type { Database, Queryable } from '../src/db/database.js';
import { connectPostgres } from '../src/db/postgres.js';
import { resolveAsOf } from '../src/metrics/collect-metrics.js';
import { predictIfPossible } from '../src/predict/predict-customers.js';
import { recommendProducts } from '../src/recommend/recommend-customers.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to the warehouse to score (a copy: its scores are replaced)');

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
// The sampler is a thread of its own: the model's long synchronous loops would starve a timer on the main one.
const peakMb = new Int32Array(new SharedArrayBuffer(4));
const sampler = new Worker(
  `const { workerData } = require('node:worker_threads');
   setInterval(() => Atomics.store(workerData, 0, Math.max(Atomics.load(workerData, 0), Math.round(process.memoryUsage.rss() / 2 ** 20))), 10);`,
  { eval: true, workerData: peakMb },
);
let peakRss = 0;
const samplePeak = () => (peakRss = Math.max(peakRss, Atomics.load(peakMb, 0) * 2 ** 20, process.memoryUsage.rss()));

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  const memory = process.memoryUsage();
  samplePeak();
  console.log(
    `${name.padEnd(16)} ${String(Math.round(performance.now() - started)).padStart(7)} ms wall ${String(Math.round((used.user + used.system) / 1000)).padStart(7)} ms node CPU` +
      `  rss ${mb(memory.rss)} MB  heap ${mb(memory.heapUsed)} MB  peak rss so far ${mb(peakRss)} MB`,
  );
  return result;
}

/** With BENCH_QUERIES=1, every statement's name, wall time and rows, as it finishes. */
function timed<Q extends Queryable>(inner: Q): Q {
  const report = (name: string, started: number, rows: string) => console.log(`  query ${name.padEnd(36)} ${String(Math.round(performance.now() - started)).padStart(7)} ms  ${rows}`);
  return {
    ...inner,
    async query(text: string, params?: readonly unknown[], name = 'inline') {
      const started = performance.now();
      const rows = await inner.query(text, params, name);
      report(name, started, `${rows.length} rows`);
      return rows;
    },
    async *copyTo(statement: string) {
      const started = performance.now();
      let bytes = 0;
      for await (const chunk of inner.copyTo(statement)) {
        bytes += chunk.length;
        yield chunk;
      }
      report(`copy ${statement.slice(0, 40).replace(/\s+/g, ' ')}`, started, `${bytes} bytes`);
    },
  } as Q;
}

const connected = connectPostgres(url, { statementTimeoutMs: 3_600_000 });
const db: Database = process.env.BENCH_QUERIES
  ? { ...timed(connected), transaction: (work) => connected.transaction((tx) => work(timed(tx))) }
  : connected;
try {
  const asOf = await step('as-of', () => resolveAsOf(db));
  // BENCH_STEPS: which steps, in which order (refreshScores' order by default).
  for (const name of (process.env.BENCH_STEPS ?? 'predict,recommend').split(',')) {
    if (name === 'predict') {
      const prediction = await step('predict', () => predictIfPossible(db, asOf));
      console.log(`as-of ${asOf}: ${prediction instanceof Error ? `no predictions (${prediction.message})` : `${prediction.customers} customers predicted (${prediction.spendMethod} spend)`}`);
    } else if (name === 'recommend') {
      const recommendation = await step('recommend', () => recommendProducts(db, asOf));
      console.log(`${recommendation.customers} recommended (read ${recommendation.timingsMs.read} ms, model ${recommendation.timingsMs.model} ms, store ${recommendation.timingsMs.store} ms)`);
    } else {
      throw new Error(`unknown step ${name} in BENCH_STEPS (predict, recommend)`);
    }
  }
  samplePeak();
  console.log(`peak rss ${mb(peakRss)} MB`);
} finally {
  await sampler.terminate();
  await db.close();
}
