import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderArchive } from '../../src/archive/folder-archive.js';
import { ArchiveIntegrityError } from '../../src/errors.js';
import { createReportQueue, reportJobOptions } from '../../src/jobs/report-queue.js';
import { reconcile } from '../../src/schedule/reconciler.js';
import { createLogger } from '../../src/log.js';
import { archiveFolder, startWorker, type RunningWorker } from '../../src/main.js';
import { loadFile } from '../../src/warehouse/load.js';
import { runCli } from '../support/cli.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED, writeTempFile } from '../support/fixtures.js';
import { startSmtpServer, type SmtpBehaviour, type TestSmtpServer } from '../support/smtp.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { stopWorker, waitUntil, workerEnvironment, writeSchedules } from '../support/worker-environment.js';

/**
 * Delivery under faults (issue 11 items 1, 3, 7, 8 and issue 10 item 5), against real PostgreSQL, Redis,
 * Chromium and an SMTP server on loopback; workers are killed with SIGKILL, the database is taken away
 * through a TCP proxy in front of the real server.
 */
const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));

const WEEKLY = (asOf = '2011-03-09') => `
schedules:
  - name: weekly-marketing
    report: weekly
    cron: "0 0 1 1 *"
    asOf: "${asOf}"
    recipients:
      to: [marketing@lgs.example]
      cc: [manager@lgs.example]
    owner: admin@lgs.example
`;

let database: TestDatabase;
let smtp: TestSmtpServer;
let proxy: TcpProxy | undefined;
let running: RunningWorker | undefined;
let environment: ReturnType<typeof workerEnvironment>;
const children: ChildProcess[] = [];

beforeEach(async () => {
  database = await freshPostgres();
  await loadFile(database.db, HAND_COMPUTED);
});

afterEach(async () => {
  // Cut the proxy first: a worker whose database hangs would otherwise wait for its timeouts to stop.
  await proxy?.close();
  proxy = undefined;
  await stopWorker(running);
  running = undefined;
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await smtp?.close();
  await database.dispose();
});

async function setUp(behaviour: SmtpBehaviour, overrides: Record<string, string> = {}, schedules = WEEKLY()) {
  smtp = await startSmtpServer(behaviour);
  environment = workerEnvironment({ DATABASE_URL: database.location, SMTP_URL: smtp.url, ...overrides });
  writeSchedules(environment, schedules);
}

async function runNow() {
  const queue = createReportQueue(environment);
  await queue.add('report', { schedule: 'weekly-marketing', manual: true, requestedAt: Date.now() });
  await queue.close();
}

async function runRow() {
  const [row] = await database.db.query<{ run_id: number; status: string; error: string | null }>('SELECT run_id, status, error FROM report_run');
  return row;
}

async function deliveries() {
  return database.db.query<{ message_key: string; recipient: string; status: string; smtp_reply: string | null; message_id: string }>(
    'SELECT message_key, recipient, status, smtp_reply, message_id FROM delivery ORDER BY message_key, recipient',
  );
}

function cliEnv(): Record<string, string> {
  return {
    DATABASE_URL: environment.DATABASE_URL!, SMTP_URL: environment.SMTP_URL!, LGS_HOME: environment.LGS_HOME, LGS_QUEUE: environment.LGS_QUEUE,
    LGS_SCHEDULES: environment.LGS_SCHEDULES, LGS_JOB_LOCK_MS: String(environment.LGS_JOB_LOCK_MS), LGS_JOB_BACKOFF_MS: String(environment.LGS_JOB_BACKOFF_MS),
    LGS_MAIL_DOMAIN: environment.LGS_MAIL_DOMAIN ?? '', LOG_LEVEL: 'warn',
  };
}

/** Log lines of an in-process worker, to wait on what it did. */
function capturedLog() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } }));
  return { lines, logger };
}

describe('delivery: nothing duplicated', { timeout: 300_000 }, () => {
  it('never re-sends a message the server took before the worker was killed: uncertain, owner told once, resent by lgs resend', async () => {
    await setUp({ holdReplyTo: 'marketing@lgs.example' }, { LGS_MAIL_DOMAIN: 'mail.lgs.example' });
    const first = spawn(process.execPath, [CLI, 'worker'], { env: { ...process.env, ...cliEnv() }, stdio: 'ignore' });
    children.push(first);
    await runNow();
    // One transaction per recipient, in address order: manager is sent; marketing's message is taken by
    // the server, whose reply is held; the worker is killed before it hears it.
    await smtp.waitFor(() => smtp.to('marketing@lgs.example').length === 1, 180_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.on('exit', resolve));
    smtp.releaseHeld();

    running = await startWorker(environment, createLogger('silent'));
    await waitUntil(async () => (await runRow())?.status === 'uncertain', 180_000, 'the run to end uncertain');
    expect(smtp.to('marketing@lgs.example')).toHaveLength(1);
    expect(smtp.to('manager@lgs.example')).toHaveLength(1);
    expect((await deliveries()).map((d) => [d.message_key, d.recipient, d.status])).toEqual([
      ['uncertain', 'admin@lgs.example', 'sent'],
      ['weekly', 'manager@lgs.example', 'sent'],
      ['weekly', 'marketing@lgs.example', 'uncertain'],
    ]);
    const [notice] = smtp.to('admin@lgs.example');
    expect(notice!.mail.subject).toBe('LGS report delivery uncertain: weekly-marketing (2011-02-28)');
    expect(notice!.mail.text).toContain('lgs resend 1 marketing@lgs.example');

    const listed = await runCli(['runs'], cliEnv());
    expect(listed.stdout).toMatch(/uncertain .*marketing@lgs\.example/);
    expect(listed.stdout).toContain('lgs resend 1 marketing@lgs.example');

    const resent = await runCli(['resend', '1', 'marketing@lgs.example'], cliEnv());
    expect(resent.stderr).toBe('');
    await waitUntil(async () => (await runRow())?.status === 'sent', 180_000, 'the resend to be sent');
    const copies = smtp.to('marketing@lgs.example');
    expect(copies).toHaveLength(2);
    // The same delivery, so the same Message-ID, under the configured domain.
    expect(copies[1]!.mail.messageId).toBe(copies[0]!.mail.messageId);
    expect(copies[0]!.mail.messageId).toMatch(/^<lgs\.1\.weekly\.[0-9a-f]{12}\.[0-9a-f]{32}@mail\.lgs\.example>$/);
    expect(smtp.to('manager@lgs.example')).toHaveLength(1);
    expect(smtp.to('admin@lgs.example')).toHaveLength(1);
  });

  it('records an accepted message as sent when the database comes back, retrying the write, never the send', async () => {
    proxy = await startTcpProxy('127.0.0.1', Number(new URL(database.location).port || 5432));
    await setUp({ holdReplyTo: 'marketing@lgs.example' }, { DATABASE_URL: proxy.urlFor(database.location) });
    const log = capturedLog();
    running = await startWorker(environment, log.logger);
    await runNow();
    await smtp.waitFor(() => smtp.to('marketing@lgs.example').length === 1, 180_000);
    // The server has the message; the database goes away before the worker hears the server's 250.
    await proxy.down();
    smtp.releaseHeld();
    await waitUntil(() => log.lines.some((line) => line.includes('run log write failed after the SMTP answer')), 30_000, 'a failed write of the outcome');
    await proxy.up();
    await waitUntil(async () => (await runRow())?.status === 'sent', 180_000, 'the run to be sent');
    expect(smtp.to('marketing@lgs.example')).toHaveLength(1);
    expect(smtp.to('manager@lgs.example')).toHaveLength(1);
    const marketing = (await deliveries()).find((d) => d.recipient === 'marketing@lgs.example')!;
    expect(marketing.status).toBe('sent');
    expect(marketing.smtp_reply).toMatch(/^250 /);
  });

  it('gives two installations different Message-IDs for the same run of the same schedule', async () => {
    const other = await freshPostgres();
    try {
      const ids = await Promise.all([database, other].map(async (d) => (await d.db.query<{ install_id: string }>('SELECT install_id FROM installation'))[0]!.install_id));
      expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
      expect(ids[1]).toMatch(/^[0-9a-f]{32}$/);
      expect(ids[0]).not.toBe(ids[1]);
    } finally {
      await other.dispose();
    }
  });
});

describe('delivery: the owner hears of a failure even without the database', { timeout: 300_000 }, () => {
  it('fails attempts on a hung database within the timeouts and mails the owner after the last one', async () => {
    proxy = await startTcpProxy('127.0.0.1', Number(new URL(database.location).port || 5432));
    await setUp({}, {
      DATABASE_URL: proxy.urlFor(database.location), LGS_JOB_ATTEMPTS: '2', LGS_JOB_BACKOFF_MS: '100',
      LGS_DB_CONNECT_TIMEOUT_MS: '1000', LGS_DB_STATEMENT_TIMEOUT_MS: '1000', LGS_DB_LOCK_TIMEOUT_MS: '1000',
    });
    running = await startWorker(environment, createLogger('silent'));
    // The database stops answering: connections open but nothing comes back.
    proxy.hang();
    await runNow();
    await smtp.waitFor(() => smtp.to('admin@lgs.example').length === 1, 180_000);
    const [alert] = smtp.to('admin@lgs.example');
    expect(alert!.mail.subject).toBe('LGS report failed: weekly-marketing (2011-02-28)');
    expect(alert!.mail.text).toContain('failed after 2 attempts');
    expect(alert!.mail.text).toContain('The run log (PostgreSQL) could not be reached');
    expect(smtp.to('marketing@lgs.example')).toHaveLength(0);
  });
});

describe('archive', { timeout: 300_000 }, () => {
  it('refuses to mail an archived PDF damaged on disk: the owner gets the error naming the file, recipients nothing', async () => {
    // The retry waits 20 s: the file is damaged in that pause, which a busy machine (the whole suite on two
    // cores) can stretch past a shorter one before this test sees the first attempt end.
    await setUp({ refuseFirst: { 'marketing@lgs.example': 1, 'manager@lgs.example': 1 } }, { LGS_JOB_ATTEMPTS: '2', LGS_JOB_BACKOFF_MS: '20000' });
    running = await startWorker(environment, createLogger('silent'));
    await runNow();
    // First attempt: documents archived, both recipients refused by the server; the run waits for its retry.
    await waitUntil(
      async () => (await runRow())?.status === 'produced' && (await deliveries()).filter((d) => d.status === 'failed').length === 2,
      180_000,
      'the first attempt to end',
    );
    const pdfPath = join(archiveFolder(environment), 'weekly-marketing', '2011-02-28', 'weekly-report_2011-02-28.pdf');
    const bytes = readFileSync(pdfPath);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    writeFileSync(pdfPath, bytes);
    await waitUntil(async () => (await runRow())?.status === 'failed', 180_000, 'the run to fail');
    expect(smtp.to('marketing@lgs.example')).toHaveLength(0);
    expect(smtp.to('manager@lgs.example')).toHaveLength(0);
    const [failure] = smtp.to('admin@lgs.example');
    expect(failure!.mail.text).toContain('archived file weekly-marketing/2011-02-28/weekly-report_2011-02-28.pdf is damaged');
  });

  it('checks a read against the recorded sha256 and leaves no temporary file when a write fails', async () => {
    const folder = join(workerEnvironment({}).home, 'archive');
    const archive = new FolderArchive(folder);
    await archive.put('s/2011-02-28/r.pdf', Buffer.from('%PDF-1.7 whole'));
    expect((await archive.get('s/2011-02-28/r.pdf')).toString()).toBe('%PDF-1.7 whole');
    writeFileSync(join(folder, 's/2011-02-28/r.pdf'), '%PDF-1.7 torn');
    await expect(archive.get('s/2011-02-28/r.pdf')).rejects.toThrow(ArchiveIntegrityError);
    // A folder where the file should go: the rename fails after the temporary file was written.
    mkdirSync(join(folder, 's/2011-02-28/blocked.pdf'), { recursive: true });
    await expect(archive.put('s/2011-02-28/blocked.pdf', Buffer.from('%PDF'))).rejects.toThrow();
    expect(readdirSync(join(folder, 's/2011-02-28')).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});

describe('stale-data guard', { timeout: 300_000 }, () => {
  it('holds back a period the data does not cover, tells the owner once, and sends it once when a load brings the data', async () => {
    // The week of 14–20 March 2011 ends 2011-03-21 00:00; the fixture's latest invoice is 2011-03-08 15:00.
    await setUp({}, { LGS_RECONCILE_MS: '500' }, WEEKLY('2011-03-23'));
    running = await startWorker(environment, createLogger('silent'));
    await runNow();
    await waitUntil(async () => (await runRow())?.status === 'stale', 180_000, 'the run to be held back');
    await runNow();
    await waitUntil(async () => (await running!.queue.getJobCounts('completed')).completed === 2, 30_000, 'the second request to be done');
    expect(smtp.to('marketing@lgs.example')).toHaveLength(0);
    expect(smtp.to('admin@lgs.example')).toHaveLength(1);
    const [notice] = smtp.to('admin@lgs.example');
    expect(notice!.mail.subject).toBe('LGS report held back, data not in yet: weekly-marketing (2011-03-14)');
    expect(notice!.mail.text).toContain('the period ends at 2011-03-21 00:00, but the latest invoice in the warehouse is from 2011-03-08 15:00');
    expect(notice!.mail.text).toContain('No ingest run is recorded: the data arrives when someone runs lgs load, or when the worker runs the ingest: source of the schedules file.');

    const week = [
      'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country',
      '500901,10001,RED MUG,6,2011-03-15 10:00:00,2.5,101.0,United Kingdom',
      '500902,10002,BLUE MUG,4,2011-03-18 11:00:00,3,102.0,France',
    ].join('\n');
    const loaded = await loadFile(database.db, writeTempFile('week-11.csv', week));
    await waitUntil(async () => (await runRow())?.status === 'sent', 180_000, 'the run to go out by itself');
    // loadFile stores no scores (lgs load and the ingest do, after it): the run brought them up to date first.
    expect(await database.db.query('SELECT load_id FROM score_refresh')).toEqual([{ load_id: loaded.loadId }]);
    expect(await running.reconcile()).toEqual({ enqueued: [] });
    expect(smtp.to('marketing@lgs.example')).toHaveLength(1);
    expect(smtp.to('marketing@lgs.example')[0]!.mail.subject).toBe('LGS weekly marketing report: week of 14 – 20 Mar 2011');
    expect(smtp.to('admin@lgs.example')).toHaveLength(1);
  });

  const WEEK_11 = [
    'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country',
    '500901,10001,RED MUG,6,2011-03-15 10:00:00,2.5,101.0,United Kingdom',
    '500902,10002,BLUE MUG,4,2011-03-20 11:00:00,3,102.0,France',
  ].join('\n');

  it('keeps a run stale when the owner cannot be told, and sends it once the data comes', async () => {
    // The mail server refuses the owner's address through every attempt of the job (4 in the tests).
    await setUp({ refuseFirst: { 'admin@lgs.example': 4 } }, { LGS_RECONCILE_MS: '500' }, WEEKLY('2011-03-23'));
    running = await startWorker(environment, createLogger('silent'));
    await runNow();
    await waitUntil(async () => (await running!.queue.getJobCounts('failed')).failed === 1, 120_000, 'the job to give up on the notice');
    expect((await runRow())?.status).toBe('stale');
    expect((await runRow())?.error).toMatch(/the owner could not be told yet/);

    await loadFile(database.db, writeTempFile('week-11.csv', WEEK_11));
    await waitUntil(async () => (await runRow())?.status === 'sent', 120_000, 'the run to go out by itself');
    expect(smtp.to('marketing@lgs.example')).toHaveLength(1);
    // No "failed" alert: the run never failed.
    expect(smtp.to('admin@lgs.example').map((message) => message.mail.subject)).not.toContainEqual(expect.stringMatching(/failed/));
  });

  it('queues a stale run again when its re-drive failed before it opened the run (the database away)', async () => {
    proxy = await startTcpProxy('127.0.0.1', 5432);
    await setUp({}, { DATABASE_URL: proxy.urlFor(database.location), LGS_RECONCILE_MS: '3600000', LGS_DB_CONNECT_TIMEOUT_MS: '1000' }, WEEKLY('2011-03-23'));
    running = await startWorker(environment, createLogger('silent'));
    await runNow();
    await waitUntil(async () => (await runRow())?.status === 'stale', 120_000, 'the run to be held back');
    await waitUntil(async () => (await running!.queue.getJobCounts('completed')).completed === 1, 60_000, 'the stale job to finish');
    await loadFile(database.db, writeTempFile('week-11.csv', WEEK_11));
    await proxy.down();
    // Another worker's reconciler, which reaches the database, queues the re-drive; this worker takes it
    // while it cannot reach the database, and all its attempts fail before the run is opened.
    const reconcileElsewhere = () => reconcile({
      db: database.db, queue: running!.queue, config: running!.config(), jobOptions: reportJobOptions(environment),
      now: new Date(), catchUpHours: 168, idleMs: 60_000, staleToleranceHours: 72,
    });
    expect((await reconcileElsewhere()).enqueued).toEqual([expect.stringMatching(/^re-drive \d+ \(data now in\)$/)]);
    await waitUntil(async () => (await running!.queue.getJobCounts('failed')).failed === 1, 60_000, 'the re-drive to fail for good');
    await proxy.up();
    await reconcileElsewhere();
    await waitUntil(async () => (await runRow())?.status === 'sent', 120_000, 'the run to go out');
    expect(smtp.to('marketing@lgs.example')).toHaveLength(1);
  });
});
