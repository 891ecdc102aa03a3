import { afterEach, describe, expect, it } from 'vitest';
import { createReportQueue } from '../../src/jobs/report-queue.js';
import { createLogger } from '../../src/log.js';
import { startWorker, type RunningWorker } from '../../src/main.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { stopWorker, workerEnvironment, writeSchedules } from '../support/worker-environment.js';

/**
 * The owner's alert for a run that failed before the run log had its row, through a real worker, Redis,
 * PostgreSQL and SMTP server. The database is up: the alert must say what failed, not blame the database.
 */
const LATEST_DATA = `
schedules:
  - name: weekly-marketing
    report: weekly
    cron: "0 0 1 1 *"
    asOf: latest-data
    recipients: { to: [marketing@lgs.example] }
    owner: admin@lgs.example
`;

let database: TestDatabase | undefined;
let smtp: TestSmtpServer | undefined;
let running: RunningWorker | undefined;

afterEach(async () => {
  await stopWorker(running);
  running = undefined;
  await smtp?.close();
  await database?.dispose();
});

describe('the owner alert of a run that failed before it had a run log entry', { timeout: 120_000 }, () => {
  it('states the cause (an empty warehouse for latest-data) and that the run log has no entry, not that the database was out of reach', async () => {
    database = await freshPostgres();
    smtp = await startSmtpServer();
    const environment = workerEnvironment({
      DATABASE_URL: database.location, SMTP_URL: smtp.url, LGS_JOB_ATTEMPTS: '2', LGS_JOB_BACKOFF_MS: '100',
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    });
    writeSchedules(environment, LATEST_DATA);
    running = await startWorker(environment, createLogger('silent'));
    const queue = createReportQueue(environment);
    await queue.add('report', { schedule: 'weekly-marketing', manual: true, requestedAt: Date.now() });
    await queue.close();

    await smtp.waitFor((received) => received.length === 1, 60_000);
    const [alert] = smtp.to('admin@lgs.example');
    expect(alert!.mail.subject).toBe('LGS report failed: weekly-marketing (not known yet)');
    expect(alert!.mail.text).toBe(
      [
        'The scheduled report weekly-marketing for period not known yet failed after 2 attempts.',
        '',
        'Error:',
        'the warehouse holds no invoices yet: run `lgs load <file>` first',
        '',
        'The run stopped before it had an entry in the run log (lgs runs), so this message was sent without being recorded there.',
        '',
        'Fix the cause, then run it again with: lgs run weekly-marketing',
        'Recipients already sent to will not get it twice.',
        '',
      ].join('\n'),
    );
    expect(smtp.to('marketing@lgs.example')).toEqual([]);
    expect(await database.db.query('SELECT run_id FROM report_run')).toEqual([]);
  });
});
