/**
 * Where the time of the ten segment briefs goes (issue 10 item 8): each query collectSegmentBriefData runs,
 * alone on one connection with the parameters it passed (best wall time of 5, warm, and the server
 * backend's CPU time per run from /proc/<pid>/schedstat, as metric-queries-profile.ts); the brief data read
 * as a report reads it (one snapshot, its connections), best of 3 warm; then produceSegmentBriefs end to
 * end on one shared browser, best of 3 after a warm-up run.
 * `npm run build && DATABASE_URL=postgres://… node dist/bench/brief-profile.js [--explain] [--dump <folder>] [--skip-queries]`
 * With --dump, writes what the briefs hold (the brief data as JSON, each brief's CSV and PDF text) into
 * the folder, for comparing two versions on one database. Measures, never asserts.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { readEnvironment } from '../src/config/environment.js';
import type { Queryable } from '../src/db/database.js';
import { connectPostgres } from '../src/db/postgres.js';
import { resolveAsOf } from '../src/metrics/collect-metrics.js';
import { extractPdfText } from '../src/pdf/pdf-text.js';
import { SharedBrowser } from '../src/pdf/shared-browser.js';
import { sqlFile } from '../src/queries/sql-files.js';
import { createTemplateRenderer } from '../src/render/template-renderer.js';
import { produceSegmentBriefs } from '../src/report/run-report.js';
import { collectSegmentBriefData } from '../src/report/segment-brief.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL names the warehouse to profile');
const args = process.argv.slice(2);
const explain = args.includes('--explain');
const skipQueries = args.includes('--skip-queries');
const dumpAt = args.indexOf('--dump');
const dump = dumpAt >= 0 ? args[dumpAt + 1] : undefined;
const RUNS = 5;
const REPORT_RUNS = 3;

/** CPU milliseconds (user + system) that `pids` and all their descendants have used, from /proc. */
function treeCpuMs(roots: number[]): number {
  const stats = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((pid) => {
    try {
      // Fields after the command (which may hold spaces): state is field 3, ppid 4, utime 14, stime 15.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      return [{ pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }];
    } catch {
      return [];
    }
  });
  const wanted = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of stats) if (!wanted.has(s.pid) && wanted.has(s.ppid)) (wanted.add(s.pid), (grew = true));
  }
  return stats.filter((s) => wanted.has(s.pid)).reduce((sum, s) => sum + s.ticks, 0) * 10;
}

function cpuNs(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/** A Queryable that runs every query on `inner` and notes its name, text and parameters. */
function recording(inner: Queryable, seen: { name: string; text: string; params: readonly unknown[] }[]): Queryable {
  return {
    ...inner,
    query: (text, params = [], name = 'inline') => {
      seen.push({ name, text, params });
      return inner.query(text, params, name);
    },
  };
}

const ms = (value: number) => `${value.toFixed(1).padStart(8)} ms`;
const db = connectPostgres(url);
const browser = new SharedBrowser(readEnvironment().CHROME_PATH);
try {
  const asOf = await resolveAsOf(db);
  console.log(`as-of ${asOf}, load average at start ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);

  if (!skipQueries) {
    const seen: { name: string; text: string; params: readonly unknown[] }[] = [];
    await collectSegmentBriefData(recording(db, seen), asOf);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
    console.log(`\n== each brief query alone: best wall of ${RUNS} / mean backend CPU per run`);
    let wallSum = 0;
    let cpuSum = 0;
    for (const { name, text, params } of seen) {
      await client.query(text, params as unknown[]);
      let wall = Infinity;
      const before = cpuNs(pid);
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await client.query(text, params as unknown[]);
        wall = Math.min(wall, performance.now() - started);
      }
      const after = cpuNs(pid);
      const cpu = before === null || after === null ? NaN : (after - before) / RUNS / 1e6;
      wallSum += wall;
      cpuSum += cpu;
      const label = name === 'metrics/segment_products' || name === 'campaigns/segment_product_pairs' ? `${name} from ${String(params[2]).slice(0, 10)}` : name;
      console.log(`${label.padEnd(56)} ${ms(wall)} ${ms(cpu)} CPU`);
      if (explain) {
        const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params as unknown[]);
        console.log(plan.rows.map((row) => '    ' + row['QUERY PLAN']).join('\n'));
      }
    }
    console.log(`${'sum'.padEnd(56)} ${ms(wallSum)} ${ms(cpuSum)} CPU`);
    await client.end();
  }

  // As readConsistently reads it: one snapshot, the warehouse held, the snapshot's connections.
  const readData = () =>
    db.readSnapshot(async (tx) => {
      await tx.exec(sqlFile('report/hold_warehouse'), 'report/hold_warehouse');
      return collectSegmentBriefData(tx, asOf);
    });
  const data = await readData();
  const dataTimes: number[] = [];
  for (let i = 0; i < REPORT_RUNS; i++) {
    const started = performance.now();
    await readData();
    dataTimes.push(performance.now() - started);
  }
  console.log(`\nbrief data in one snapshot, best of ${REPORT_RUNS}: ${ms(Math.min(...dataTimes))} (all: ${dataTimes.map((t) => t.toFixed(0)).join(', ')})`);

  const services = { db, renderer: createTemplateRenderer(), browser };
  let documents = await produceSegmentBriefs(services);
  const chromium = (await browser.get()).process()?.pid;
  const backends = async () => (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).map((r) => r.pid);
  const times: number[] = [];
  const cpu = { node: 0, chromium: 0, postgres: 0 };
  for (let i = 0; i < REPORT_RUNS; i++) {
    const before = { node: process.cpuUsage(), chromium: chromium ? treeCpuMs([chromium]) : NaN, postgres: new Map((await backends()).map((pid) => [pid, treeCpuMs([pid])])) };
    const started = performance.now();
    documents = await produceSegmentBriefs(services);
    times.push(performance.now() - started);
    const node = process.cpuUsage(before.node);
    cpu.node += (node.user + node.system) / 1000 / REPORT_RUNS;
    cpu.chromium += ((chromium ? treeCpuMs([chromium]) : NaN) - before.chromium) / REPORT_RUNS;
    // Backends that ended meanwhile are missed; those opened meanwhile count from zero.
    for (const pid of await backends()) cpu.postgres += (treeCpuMs([pid]) - (before.postgres.get(pid) ?? 0)) / REPORT_RUNS;
  }
  console.log(`produceSegmentBriefs (ten briefs), best of ${REPORT_RUNS}: ${ms(Math.min(...times))} (all: ${times.map((t) => t.toFixed(0)).join(', ')}; load average ${loadavg()[0]!.toFixed(2)})`);
  console.log(`  CPU per run: node ${cpu.node.toFixed(0)} ms, chromium ${cpu.chromium.toFixed(0)} ms, postgres backends ${cpu.postgres.toFixed(0)} ms (10 ms ticks)`);

  if (dump) {
    mkdirSync(dump, { recursive: true });
    const plain = (_key: string, value: unknown) => (value instanceof Map ? Object.fromEntries([...value].sort(([a], [b]) => (a < b ? -1 : 1))) : value);
    writeFileSync(join(dump, 'brief-data.json'), JSON.stringify(data, plain, 1));
    for (const document of documents) {
      const text = await extractPdfText(document.pdf.bytes);
      writeFileSync(join(dump, `${document.pdf.fileName}.txt`), `${text.pages} pages\n${text.pageTexts.join('\n--- page ---\n')}\n`);
      for (const attachment of document.attachments) writeFileSync(join(dump, attachment.fileName), attachment.bytes);
      writeFileSync(join(dump, document.html.fileName), document.html.bytes);
    }
    console.log(`wrote ${dump}`);
  }
} finally {
  await browser.close();
  await db.close();
}
