#!/usr/bin/env node
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { readEnvironment } from './config/environment.js';
import { openDatabase } from './db/connect.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { LgsError, UsageError } from './errors.js';
import { createLogger, type Logger } from './log.js';
import { parseAsOf } from './metrics/as-of.js';
import { collectMetrics, collectQuality, resolveAsOf } from './metrics/collect-metrics.js';
import { metricsAsText, qualityAsText } from './metrics/metrics-text.js';
import { progressFor } from './progress/progress.js';
import { projectRoot } from './project-paths.js';
import { loadFile, type LoadSummary } from './warehouse/load.js';
import { writeToFolder } from './delivery/output-folder.js';
import type { SegmentName } from './metrics/rfm-segments.js';
import { SharedBrowser } from './pdf/shared-browser.js';
import { createTemplateRenderer } from './render/template-renderer.js';
import { produceSegmentBriefs, produceWeeklyReport, type ReportServices } from './report/run-report.js';
import { findSegment } from './report/segment-brief.js';
import { SEGMENT_NAMES } from './metrics/rfm-segments.js';
import { readSchedules } from './config/schedules-file.js';
import { createReportQueue, REPORT_JOB_NAME } from './jobs/report-queue.js';
import { startWebServer, startWorker } from './main.js';
import { hashPassword } from './http/password.js';
import { createInterface } from 'node:readline';
import { recentRuns } from './queries/run-queries.js';
import { nextRuns } from './schedule/next-runs.js';
import { wallClock } from './schedule/resolve-as-of.js';
import { textTable } from './text/text-table.js';
import { backtest, predictCustomers, type Backtest } from './predict/predict-customers.js';
import { registerCampaignsCommand } from './campaigns/campaigns-command.js';

/**
 * `lgs …`: wiring only. Each command reads the environment, opens the database (a server when
 * DATABASE_URL is set, else the embedded one under LGS_HOME), brings its schema up to date, and runs.
 */
const SAMPLE_FILE = join(projectRoot, 'data', 'sample', 'online_retail_II_sample.csv.gz');

async function withWarehouse<T>(work: (db: Database, log: Logger) => Promise<T>): Promise<T> {
  const environment = readEnvironment();
  const log = createLogger(environment.LOG_LEVEL);
  const db = await openDatabase(environment);
  try {
    await migrate(db, log);
    return await work(db, log);
  } finally {
    await db.close();
  }
}

/** The warehouse plus what printing needs: templates and one browser, closed at the end. */
async function withReports<T>(work: (services: ReportServices & { log: Logger }, db: Database) => Promise<T>): Promise<T> {
  const environment = readEnvironment();
  // Looked up before anything else so a missing Chromium is the first and only thing reported.
  const browser = new SharedBrowser(environment.CHROME_PATH);
  try {
    return await withWarehouse((db, log) => work({ db, log, renderer: createTemplateRenderer(), browser }, db));
  } finally {
    await browser.close();
  }
}

function backtestText(result: Backtest): string {
  const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
  const ratio = (value: number | null) => (value === null ? '—' : value.toFixed(3));
  return [
    `Back-test at ${result.cutoff} (model fitted on outcomes from ${result.trainedOn} to the cutoff): ${result.customers} customers, ${result.ordered} ordered in the next 90 days (${percent(result.ordered / result.customers)})`,
    '',
    textTable(['Score', 'AUC', 'Top-decile lift'], [
      ['model (logistic regression, RFM features)', ratio(result.model.auc), ratio(result.model.topDecileLift)],
      ['baseline: recency alone', ratio(result.recencyBaseline.auc), ratio(result.recencyBaseline.topDecileLift)],
    ]),
    '',
    textTable(['Decile', 'Customers', 'Mean predicted', 'Observed'], result.model.calibration.map((d) => [String(d.decile), String(d.customers), percent(d.meanPredicted), percent(d.observedRate)])),
  ].join('\n') + '\n';
}

/** Resolves once SIGTERM or SIGINT has arrived and `stop` has finished (or failed, which is logged). */
function runUntilSignal(log: Logger, doing: string, stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      log.info({ signal }, `stopping: ${doing}`);
      stop().then(resolve, (error: Error) => {
        log.error({ err: error.message }, 'stop failed');
        resolve();
      });
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
  });
}

function parseSegments(names: readonly string[] | undefined): SegmentName[] | undefined {
  if (!names || names.length === 0) return undefined;
  return names.map((name) => {
    const segment = findSegment(name);
    if (!segment) throw new UsageError(`--segment "${name}" is not a segment; choose from: ${SEGMENT_NAMES.join(', ')}`, { option: 'segment', value: name });
    return segment;
  });
}

function parseHoldout(text: string): number {
  const share = Number(text);
  if (!/^\d*\.?\d+$/.test(text.trim()) || !(share >= 0 && share <= 0.5)) throw new UsageError(`--holdout "${text}" must be a share from 0 to 0.5, e.g. 0.1`, { option: 'holdout', value: text });
  return share;
}

function loadSummaryText(summary: LoadSummary): string {
  const t = summary.timingsMs;
  const lines = [
    `${summary.sourceFile} (${summary.layout}): ${summary.linesRead} lines read, ${summary.linesLoaded} loaded, ${summary.linesRejected} rejected`,
    `  exact duplicate copies in the file: ${summary.duplicateCopiesInFile}; new distinct lines: ${summary.newLines}; lines with more copies: ${summary.linesWithMoreCopies}`,
    `  time: ${t.total} ms (read+COPY ${t.readAndCopy}, merge ${t.merge}, derived tables ${t.derivedTables}, analyze ${t.analyze})`,
  ];
  for (const reject of summary.rejects) lines.push(`  rejected line ${reject.line}: ${reject.reason}`);
  if (summary.linesRejected > summary.rejects.length) {
    lines.push(`  … ${summary.linesRejected - summary.rejects.length} more; all are kept in table load_reject (lgs quality)`);
  }
  return lines.join('\n');
}

const asOfOption = new Option('--as-of <date>', 'as-of instant, YYYY-MM-DD[THH:MM[:SS]] (default: the day after the last invoice)').argParser(parseAsOf);

const program = new Command('lgs')
  .description('LGS Reports: warehouse, metrics and reports for London Gift Shop')
  .showHelpAfterError()
  // `lgs predict --json` and `lgs predict backtest --json`: options belong to the command they follow.
  .enablePositionalOptions();

program
  .command('db')
  .description('database administration')
  .command('migrate')
  .description('apply the schema migrations this database has not seen')
  .action(() => withWarehouse(async () => undefined));

program
  .command('load')
  .description('load a CSV or CSV.gz in the Online Retail (II) layout into the warehouse')
  .argument('<file>', 'the file to load')
  .option('--json', 'print the load summary as JSON')
  .action((file: string, options: { json?: boolean }) =>
    withWarehouse(async (db, log) => {
      const summary = await loadFile(db, file, { log, progress: progressFor('load', log) });
      const quality = await collectQuality(db, await resolveAsOf(db));
      process.stdout.write(options.json ? JSON.stringify({ load: summary, quality }, null, 2) + '\n' : `${loadSummaryText(summary)}\n\n${qualityAsText(quality)}\n`);
    }),
  );

program
  .command('quality')
  .description('data-quality summary of the warehouse and its loads')
  .option('--json', 'print JSON')
  .addOption(asOfOption)
  .action((options: { json?: boolean; asOf?: string }) =>
    withWarehouse(async (db) => {
      const quality = await collectQuality(db, await resolveAsOf(db, options.asOf));
      process.stdout.write(options.json ? JSON.stringify(quality, null, 2) + '\n' : qualityAsText(quality) + '\n');
    }),
  );

program
  .command('metrics')
  .description('print every metric for one as-of instant')
  .addOption(asOfOption)
  .option('--json', 'print one JSON object')
  .action((options: { json?: boolean; asOf?: string }) =>
    withWarehouse(async (db) => {
      const report = await collectMetrics(db, options.asOf);
      process.stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : metricsAsText(report));
    }),
  );

const report = program.command('report').description('print reports to PDF now, without the queue');
const outOption = new Option('--out <dir>', 'folder to write the files into').default('out');
const htmlOption = new Option('--html', 'also write the HTML that was printed, for previewing in a browser');

report
  .command('weekly')
  .description('the weekly marketing report')
  .addOption(asOfOption)
  .addOption(outOption)
  .addOption(htmlOption)
  .action((options: { asOf?: string; out: string; html?: boolean }) =>
    withReports(async (services) => {
      const document = await produceWeeklyReport(services, options.asOf);
      for (const path of await writeToFolder(options.out, [document], { html: options.html })) process.stdout.write(path + '\n');
    }),
  );

report
  .command('segments')
  .description('one campaign brief (PDF + customer CSV) per RFM segment')
  .option('--segment <name...>', 'only these segments (e.g. Champions "Can\'t Lose" at-risk)')
  .addOption(asOfOption)
  .addOption(outOption)
  .addOption(htmlOption)
  .addOption(new Option('--holdout <share>', 'share of each segment held out of its campaign, 0 to 0.5 (a campaign printed before keeps its own)').default(0.1).argParser(parseHoldout))
  .action((options: { asOf?: string; out: string; html?: boolean; segment?: string[]; holdout: number }) =>
    withReports(async (services) => {
      const documents = await produceSegmentBriefs(services, { asOf: options.asOf, segments: parseSegments(options.segment), campaign: { holdoutShare: options.holdout } });
      for (const path of await writeToFolder(options.out, documents, { html: options.html })) process.stdout.write(path + '\n');
    }),
  );

program
  .command('demo')
  .description('the quick start: load the committed sample, print its metrics, write the weekly report and every segment brief')
  .addOption(outOption)
  .action((options: { out: string }) =>
    withReports(async (services, db) => {
      const summary = await loadFile(db, SAMPLE_FILE, { log: services.log, progress: progressFor('load sample', services.log) });
      process.stderr.write(loadSummaryText(summary) + '\n');
      process.stdout.write(metricsAsText(await collectMetrics(db)));
      const documents = [await produceWeeklyReport(services), ...(await produceSegmentBriefs(services))];
      const written = await writeToFolder(options.out, documents);
      process.stdout.write(`\nReports written to ${options.out}/:\n${written.map((path) => '  ' + path).join('\n')}\n`);
    }),
  );

const schedules = program.command('schedules').description('the report schedules in config/schedules.yaml');
const configOption = new Option('--config <file>', 'schedules file (default: $LGS_SCHEDULES or config/schedules.yaml)');

schedules
  .command('validate')
  .description('check the schedules file; errors name the file, line and field')
  .addOption(configOption)
  .action(async (options: { config?: string }) => {
    const path = options.config ?? readEnvironment().LGS_SCHEDULES;
    const config = await readSchedules(path);
    process.stdout.write(`${path}: ${config.schedules.length} schedule(s), valid\n`);
  });

schedules
  .command('list')
  .description('the schedules with their next run times')
  .addOption(configOption)
  .option('--count <n>', 'next runs to show per schedule', (v) => Number.parseInt(v, 10), 3)
  .action(async (options: { config?: string; count: number }) => {
    const config = await readSchedules(options.config ?? readEnvironment().LGS_SCHEDULES);
    const now = new Date();
    const rows = config.schedules.map((s) => [
      s.name,
      s.report,
      s.enabled ? 'yes' : 'no',
      `${s.cron} (${s.timezone})`,
      s.enabled ? nextRuns(s.cron, s.timezone, now, options.count).map((at) => wallClock(at, s.timezone).replace('T', ' ')).join(', ') : '—',
    ]);
    process.stdout.write(textTable(['Schedule', 'Report', 'Enabled', 'When', `Next runs (local time)`], rows) + '\n');
  });

program
  .command('worker')
  .description('run scheduled reports: keeps job schedulers in step with the config and works the queue until SIGTERM')
  .action(async () => {
    const environment = readEnvironment();
    const log = createLogger(environment.LOG_LEVEL);
    const running = await startWorker(environment, log);
    await runUntilSignal(log, 'finishing the current job', () => running.stop());
  });

program
  .command('run')
  .description('send one run of a schedule now, through the queue (a worker does it)')
  .argument('<schedule>', 'schedule name')
  .action(async (name: string) => {
    const environment = readEnvironment();
    const config = await readSchedules(environment.LGS_SCHEDULES);
    if (!config.schedules.some((s) => s.name === name)) {
      throw new UsageError(`no schedule named "${name}" in ${environment.LGS_SCHEDULES}; known: ${config.schedules.map((s) => s.name).join(', ')}`, { schedule: name });
    }
    const queue = createReportQueue(environment);
    try {
      const job = await queue.add(REPORT_JOB_NAME, { schedule: name, manual: true, requestedAt: Date.now() });
      process.stdout.write(`queued run of ${name} as job ${job.id} on queue ${environment.LGS_QUEUE}\n`);
    } finally {
      await queue.close();
    }
  });

program
  .command('runs')
  .description('the latest report runs and their deliveries')
  .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 20)
  .action((options: { limit: number }) =>
    withWarehouse(async (db) => {
      const rows = (await recentRuns(db, options.limit)).map((r) => [String(r.run_id), r.schedule, r.period, r.status, String(r.attempts), `${r.sent}/${r.sent + r.unsent}`, r.started_at, r.error ?? '']);
      process.stdout.write(textTable(['Run', 'Schedule', 'Period', 'Status', 'Attempts', 'Sent', 'Started', 'Error'], rows) + '\n');
    }),
  );

const predictCommand = program
  .command('predict')
  .description('score every customer: chance of ordering in the next 90 days, expected 12-month spend (stored in the warehouse)')
  .addOption(asOfOption)
  .option('--json', 'print JSON (with every customer\'s scores)')
  .enablePositionalOptions()
  .action((options: { asOf?: string; json?: boolean }) =>
    withWarehouse(async (db) => {
      const prediction = await predictCustomers(db, await resolveAsOf(db, options.asOf));
      if (options.json) {
        process.stdout.write(JSON.stringify(prediction, null, 2) + '\n');
        return;
      }
      process.stdout.write(
        `${prediction.customers} customers scored as of ${prediction.asOf} (${prediction.model}): ` +
          `${prediction.expectedOrderers90d.toFixed(0)} expected to order in the next 90 days, expected 12-month spend £${prediction.expectedSpend12m.toLocaleString('en-GB')}\n`,
      );
    }),
  );

predictCommand
  .command('backtest')
  .description('fit before a cut-off, score the 90 days after it: AUC, calibration by decile, top-decile lift, recency baseline')
  .requiredOption('--cutoff <date>', 'the cut-off, YYYY-MM-DD', parseAsOf)
  .option('--json', 'print JSON')
  .action((options: { cutoff: string; json?: boolean }) =>
    withWarehouse(async (db) => {
      const result = await backtest(db, options.cutoff);
      process.stdout.write(options.json ? JSON.stringify(result, null, 2) + '\n' : backtestText(result));
    }),
  );

registerCampaignsCommand(program, { asOfOption, withWarehouse });

program
  .command('serve')
  .description("the managers' page: archived reports, the run log and schedules, behind a login")
  .action(async () => {
    const environment = readEnvironment();
    const log = createLogger(environment.LOG_LEVEL);
    const server = await startWebServer(environment, log);
    process.stdout.write(`managers' page at ${server.address}\n`);
    await runUntilSignal(log, 'closing connections', () => server.stop());
  });

/** Reads a password without echoing it on a terminal, or the first line of stdin otherwise. */
async function readPassword(prompt: string): Promise<string> {
  const terminal = process.stdin.isTTY === true;
  const reader = createInterface({ input: process.stdin, output: process.stderr, terminal });
  if (terminal) {
    process.stderr.write(prompt);
    // Keep the typed characters off the screen.
    (reader as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
  }
  try {
    for await (const line of reader) return line;
    return '';
  } finally {
    if (terminal) process.stderr.write('\n');
    reader.close();
  }
}

program
  .command('users')
  .description("users of the managers' page")
  .command('hash')
  .description('print the hash of a password, for config/users.yaml (reads the password from the terminal or stdin)')
  .action(async () => {
    const password = await readPassword('Password: ');
    try {
      process.stdout.write((await hashPassword(password)) + '\n');
    } catch (error) {
      throw new UsageError((error as Error).message, {});
    }
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof LgsError) {
    process.stderr.write(`lgs: ${error.message}\n`);
    if (error.cause instanceof Error && !error.message.includes(error.cause.message)) process.stderr.write(`  cause: ${error.cause.message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } else {
    throw error;
  }
}
