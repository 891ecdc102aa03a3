import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { startWorker, type RunningWorker } from '../../src/main.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED } from '../support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { stopWorker, waitUntil, workerEnvironment, writeSchedules } from '../support/worker-environment.js';

/** Faults a scheduled worker must survive: a killed worker, a restarted Redis, a broken config edit. */
const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));

const PER_SECOND_WEEKLY = `
schedules:
  - name: weekly-marketing
    report: weekly
    cron: "* * * * * *"
    asOf: "2011-03-09"
    recipients: { to: [marketing@lgs.example] }
    owner: admin@lgs.example
`;

let database: TestDatabase;
let smtp: TestSmtpServer;
let running: RunningWorker | undefined;
const children: ChildProcess[] = [];

beforeEach(async () => {
  database = await freshPostgres();
  await loadFile(database.db, HAND_COMPUTED);
});

afterEach(async () => {
  // The worker first, while its Redis is still there to close against; then the child processes.
  await stopWorker(running);
  running = undefined;
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await smtp?.close();
  await database.dispose();
});

function countCompleted(worker: RunningWorker): { count: number } {
  const counter = { count: 0 };
  worker.worker.on('completed', () => counter.count++);
  return counter;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startRedis(port: number): ChildProcess {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

describe('worker faults', () => {
  it('finishes a run after the worker is killed mid-way: remaining recipients get it, the interrupted one is uncertain, nobody gets two', async () => {
    smtp = await startSmtpServer({ hangOnSubject: 'Hibernating' });
    const environment = workerEnvironment({ DATABASE_URL: database.location, SMTP_URL: smtp.url });
    writeSchedules(environment, `
schedules:
  - name: briefs
    report: segment-briefs
    cron: "0 0 1 1 *"
    asOf: "2011-03-09"
    segments: [Loyal Customers, Hibernating]
    recipients:
      Loyal Customers: { to: [loyal@lgs.example] }
      Hibernating: { to: [winback@lgs.example], cc: [winback-lead@lgs.example] }
    owner: admin@lgs.example
`);
    const childEnv = {
      ...process.env,
      DATABASE_URL: environment.DATABASE_URL,
      SMTP_URL: environment.SMTP_URL,
      LGS_HOME: environment.LGS_HOME,
      LGS_QUEUE: environment.LGS_QUEUE,
      LGS_SCHEDULES: environment.LGS_SCHEDULES,
      LGS_JOB_LOCK_MS: String(environment.LGS_JOB_LOCK_MS),
      LGS_JOB_BACKOFF_MS: String(environment.LGS_JOB_BACKOFF_MS),
      LOG_LEVEL: 'warn',
    };
    const first = spawn(process.execPath, [CLI, 'worker'], { env: childEnv, stdio: 'ignore' });
    children.push(first);
    // `lgs run` puts the run on the queue, as an admin would.
    const queued = spawn(process.execPath, [CLI, 'run', 'briefs'], { env: childEnv, stdio: 'ignore' });
    await new Promise((resolve) => queued.on('exit', resolve));

    await smtp.waitFor(() => smtp.to('loyal@lgs.example').length === 1, 60_000);
    // The Hibernating brief's first transaction (winback-lead, in address order) is now stuck in DATA.
    await waitUntil(async () => (await database.db.query("SELECT 1 FROM delivery WHERE recipient = 'winback-lead@lgs.example' AND status = 'sending'")).length === 1, 30_000, 'the hung transaction');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.on('exit', resolve));

    smtp.behaviour.hangOnSubject = undefined;
    running = await startWorker(environment, createLogger('silent'));
    await waitUntil(async () => (await database.db.query("SELECT 1 FROM report_run WHERE status = 'uncertain'")).length === 1, 60_000, 'the run to end');
    expect(smtp.to('loyal@lgs.example')).toHaveLength(1);
    expect(smtp.to('winback@lgs.example')).toHaveLength(1);
    // Its transaction was cut off: the server may have it, so it is not sent again by itself.
    expect(smtp.to('winback-lead@lgs.example')).toHaveLength(0);
    expect(await database.db.query("SELECT recipient, status FROM delivery WHERE message_key = 'hibernating' ORDER BY recipient")).toEqual([
      { recipient: 'winback-lead@lgs.example', status: 'uncertain' },
      { recipient: 'winback@lgs.example', status: 'sent' },
    ]);
    expect(smtp.to('admin@lgs.example').map((r) => r.mail.subject)).toEqual(['LGS report delivery uncertain: briefs (2011-03-09)']);
  });

  it('puts its schedules back and keeps firing after Redis restarts empty', async () => {
    const port = await freePort();
    let redis = startRedis(port);
    await waitUntil(() => new Promise<boolean>((resolve) => {
      const probe = spawn('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
      probe.on('exit', (code) => resolve(code === 0));
    }), 10_000, 'redis to start');
    smtp = await startSmtpServer();
    const environment = workerEnvironment({ DATABASE_URL: database.location, SMTP_URL: smtp.url, REDIS_URL: `redis://127.0.0.1:${port}` });
    writeSchedules(environment, PER_SECOND_WEEKLY);
    running = await startWorker(environment, createLogger('silent'));
    const completed = countCompleted(running);
    await waitUntil(() => completed.count >= 1, 30_000, 'a first run');

    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.on('exit', resolve));
    redis = startRedis(port);
    await waitUntil(async () => (await running!.queue.getJobSchedulers().catch(() => [])).length === 1, 30_000, 'the scheduler to be back');
    const afterRestart = completed.count;
    await waitUntil(() => completed.count > afterRestart, 30_000, 'a run after the restart');
    expect(smtp.received).toHaveLength(1);
  });

  it('keeps the previous schedules firing after an invalid edit, and names the file, line and field', async () => {
    smtp = await startSmtpServer();
    const environment = workerEnvironment({ DATABASE_URL: database.location, SMTP_URL: smtp.url });
    writeSchedules(environment, PER_SECOND_WEEKLY);
    const lines: string[] = [];
    const capture = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    running = await startWorker(environment, pino({ level: 'info' }, capture));
    const completed = countCompleted(running);
    await waitUntil(() => completed.count >= 1, 30_000, 'a first run');

    writeSchedules(environment, PER_SECOND_WEEKLY.replace('"* * * * * *"', '"every monday"'));
    await waitUntil(() => lines.some((line) => line.includes('schedules file invalid')), 10_000, 'the error to be logged');
    const error = JSON.parse(lines.find((line) => line.includes('schedules file invalid'))!);
    expect(error.err).toBe(`${environment.LGS_SCHEDULES}:5: schedules[0].cron: is not a valid cron expression (5 fields, or 6 with seconds first)`);
    const before = completed.count;
    await waitUntil(() => completed.count > before, 10_000, 'the old schedule to fire again');
    expect(running.config().schedules[0]!.cron).toBe('* * * * * *');
  });

  it('stops firing a schedule removed from the file', async () => {
    smtp = await startSmtpServer();
    const environment = workerEnvironment({ DATABASE_URL: database.location, SMTP_URL: smtp.url });
    writeSchedules(environment, PER_SECOND_WEEKLY);
    running = await startWorker(environment, createLogger('silent'));
    const completed = countCompleted(running);
    await waitUntil(() => completed.count >= 1, 30_000, 'a first run');

    writeSchedules(environment, 'schedules: []\n');
    await waitUntil(async () => (await running!.queue.getJobSchedulers()).length === 0, 10_000, 'the scheduler to be removed');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a job created just before removal may still run
    const settled = completed.count;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(completed.count).toBe(settled);
  });
});
