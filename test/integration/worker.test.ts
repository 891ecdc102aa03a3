import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { archiveFolder, startWorker, type RunningWorker } from '../../src/main.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED, writeTempFile } from '../support/fixtures.js';
import { startSmtpServer, type SmtpBehaviour, type TestSmtpServer } from '../support/smtp.js';
import { countJobs, stopWorker, waitUntil, workerEnvironment, writeSchedules } from '../support/worker-environment.js';

/**
 * The worker against real Redis, PostgreSQL, Chromium and a real SMTP server on loopback. Each test has
 * its own database, queue name, archive folder and SMTP server.
 */
const WEEKLY = (cron: string, extra = '') => `
schedules:
  - name: weekly-marketing
    report: weekly
    cron: "${cron}"
    asOf: "2011-03-09"
    recipients:
      to: [marketing@lgs.example]
      cc: [manager@lgs.example]
    owner: admin@lgs.example
${extra}`;

const YEARLY = '0 0 1 1 *';

let database: TestDatabase;
let smtp: TestSmtpServer;
let running: RunningWorker | undefined;
let environment: ReturnType<typeof workerEnvironment>;

async function setUp(schedules: string, behaviour: SmtpBehaviour = {}, overrides: Record<string, string> = {}) {
  smtp = await startSmtpServer(behaviour);
  environment = workerEnvironment({ DATABASE_URL: database.location, SMTP_URL: smtp.url, ...overrides });
  writeSchedules(environment, schedules);
  running = await startWorker(environment, createLogger(environment.LOG_LEVEL));
  return running;
}

async function runNow(schedule: string) {
  await running!.queue.add('report', { schedule, manual: true, requestedAt: Date.now() });
}

async function deliveries() {
  return database.db.query<{ recipient: string; message_key: string; status: string; attempts: number }>(
    'SELECT recipient, message_key, status, attempts FROM delivery ORDER BY message_key, recipient',
  );
}

async function runRow() {
  const [row] = await database.db.query<{ status: string; attempts: number; error: string | null }>('SELECT status, attempts, error FROM report_run');
  return row;
}

beforeEach(async () => {
  database = await freshPostgres();
  await loadFile(database.db, HAND_COMPUTED);
});

afterEach(async () => {
  await stopWorker(running);
  running = undefined;
  await smtp?.close();
  await database.dispose();
});

describe('lgs worker', () => {
  it('fires a per-second schedule and mails the PDF, byte-identical to the archived one', async () => {
    await setUp(WEEKLY('* * * * * *'));
    await smtp.waitFor((mails) => mails.length >= 2);
    // One SMTP transaction per recipient (each delivery has its own ledger row and Message-ID); the
    // headers still name everyone.
    expect(smtp.received.map((r) => r.envelopeTo).sort()).toEqual([['manager@lgs.example'], ['marketing@lgs.example']]);
    const message = smtp.to('marketing@lgs.example')[0];
    expect(message!.mail.cc).toMatchObject({ text: 'manager@lgs.example' });
    expect(message!.mail.subject).toBe('LGS weekly marketing report: week of 28 Feb – 6 Mar 2011');
    const pdf = message!.mail.attachments.find((a) => a.filename === 'weekly-report_2011-02-28.pdf')!;
    const archived = readFileSync(join(archiveFolder(environment), 'weekly-marketing', '2011-02-28', 'weekly-report_2011-02-28.pdf'));
    expect(pdf.content.equals(archived)).toBe(true);
    expect(message!.mail.text).toContain('Net sales: £55.00');
  });

  it('does not mail a period again when the schedule fires again', async () => {
    const jobs = countJobs(await setUp(WEEKLY('* * * * * *')));
    await smtp.waitFor((mails) => mails.length >= 2);
    // Two more firings of the same period, each run to its end, before counting the mails.
    const before = jobs.completed;
    await waitUntil(() => jobs.completed >= before + 2, 30_000, 'two more firings to complete');
    expect(smtp.received).toHaveLength(2);
    expect(await runRow()).toMatchObject({ status: 'sent' });
  });

  it('retries a recipient the server refused, and only that one, until it is accepted', async () => {
    await setUp(WEEKLY(YEARLY), { refuseFirst: { 'manager@lgs.example': 2 } });
    await runNow('weekly-marketing');
    await waitUntil(async () => (await runRow())?.status === 'sent', 30_000, 'the run to be sent');
    expect(smtp.to('marketing@lgs.example')).toHaveLength(1);
    expect(smtp.to('manager@lgs.example')).toHaveLength(1);
    expect(await deliveries()).toEqual([
      { recipient: 'manager@lgs.example', message_key: 'weekly', status: 'sent', attempts: 3 },
      { recipient: 'marketing@lgs.example', message_key: 'weekly', status: 'sent', attempts: 1 },
    ]);
  });

  it('sends a recipient missed at first with the Message-ID recorded for that delivery, distinct per recipient', async () => {
    await setUp(WEEKLY(YEARLY), { refuseFirst: { 'manager@lgs.example': 1 } });
    await runNow('weekly-marketing');
    await waitUntil(async () => (await runRow())?.status === 'sent', 30_000, 'the run to be sent');
    const recorded = await database.db.query<{ recipient: string; message_id: string; attempts: number }>('SELECT recipient, message_id, attempts FROM delivery ORDER BY recipient');
    const [installation] = await database.db.query<{ install_id: string }>('SELECT install_id FROM installation');
    expect(recorded.map((r) => [r.recipient, r.attempts])).toEqual([['manager@lgs.example', 2], ['marketing@lgs.example', 1]]);
    for (const { recipient, message_id } of recorded) {
      expect(message_id).toMatch(new RegExp(`^<lgs\\.1\\.weekly\\.[0-9a-f]{12}\\.${installation!.install_id}@lgs-reports\\.local>$`));
      expect(smtp.to(recipient).map((r) => `<${r.mail.messageId!.replace(/^<|>$/g, '')}>`)).toEqual([message_id]);
    }
    expect(recorded[0]!.message_id).not.toBe(recorded[1]!.message_id);
  });

  it('survives an SMTP server that refuses whole messages at first: one e-mail, attempts recorded', async () => {
    await setUp(WEEKLY(YEARLY), { refuseMessages: 2 });
    await runNow('weekly-marketing');
    await waitUntil(async () => (await runRow())?.status === 'sent', 30_000, 'the run to be sent');
    // Transactions in recipient order: manager (refused), marketing (refused); next attempt both accepted.
    expect(smtp.received.map((r) => r.envelopeTo)).toEqual([['manager@lgs.example'], ['marketing@lgs.example']]);
    expect((await deliveries()).map((d) => d.attempts)).toEqual([2, 2]);
    expect(await runRow()).toMatchObject({ attempts: 2 });
  });

  it('after the last attempt mails the owner once, marks the run failed and archives nothing', async () => {
    // An as-of before the first invoice: no data, so the charts would be blank and the report is refused.
    await setUp(WEEKLY(YEARLY).replace('asOf: "2011-03-09"', 'asOf: "2010-06-01"'), {}, { LGS_JOB_ATTEMPTS: '2', LGS_JOB_BACKOFF_MS: '100' });
    const jobs = countJobs(running!);
    await runNow('weekly-marketing');
    await waitUntil(async () => (await runRow())?.status === 'failed', 30_000, 'the run to fail');
    // The job has used its last attempt and the worker is done with it: no owner mail can still be coming.
    await waitUntil(() => jobs.failedForGood === 1, 30_000, 'the job to fail for good');
    expect(smtp.received.map((r) => r.envelopeTo)).toEqual([['admin@lgs.example']]);
    expect(smtp.received[0]!.mail.subject).toBe('LGS report failed: weekly-marketing (2010-05-24)');
    expect(smtp.received[0]!.mail.text).toContain('has no data marks');
    expect(await runRow()).toMatchObject({ status: 'failed', attempts: 2 });
    expect(readdirSync(environment.home)).not.toContain('archive');
  });

  it('runs a failed period again, to completion, once its cause is fixed', async () => {
    await setUp(WEEKLY(YEARLY).replace('asOf: "2011-03-09"', 'asOf: "2010-06-01"'), {}, { LGS_JOB_ATTEMPTS: '1' });
    await runNow('weekly-marketing');
    await waitUntil(async () => (await runRow())?.status === 'failed', 30_000, 'the run to fail');
    // The cause: no data before the as-of. Load some, then ask again.
    const spring2010 = [
      'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country',
      '490001,10001,RED MUG,10,2010-05-18 10:00:00,2.5,101.0,United Kingdom',
      '490002,10002,BLUE MUG,4,2010-05-25 11:00:00,3,102.0,France',
    ].join('\n');
    await loadFile(database.db, writeTempFile('spring-2010.csv', spring2010));
    await runNow('weekly-marketing');
    await waitUntil(async () => (await runRow())?.status === 'sent', 30_000, 'the run to be sent');
    expect(smtp.to('marketing@lgs.example')).toHaveLength(1);
  });

  it('writes .eml files into the outbox when no SMTP server is configured', async () => {
    smtp = await startSmtpServer();
    environment = workerEnvironment({ DATABASE_URL: database.location });
    writeSchedules(environment, WEEKLY(YEARLY));
    running = await startWorker(environment, createLogger(environment.LOG_LEVEL));
    await runNow('weekly-marketing');
    await waitUntil(async () => (await runRow())?.status === 'sent', 30_000, 'the run to be sent');
    const outbox = readdirSync(join(environment.home, 'outbox'));
    expect(outbox).toHaveLength(2);
    const eml = readFileSync(join(environment.home, 'outbox', outbox[0]!), 'utf8');
    expect(eml).toMatch(/^Subject: /m);
    expect(eml).toContain('filename=weekly-report_2011-02-28.pdf');
    // Nothing left the machine: the run log says so instead of "sent".
    expect((await deliveries()).map((d) => d.status)).toEqual(['written-to-outbox', 'written-to-outbox']);
  });
});
