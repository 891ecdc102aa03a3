import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderArchive } from '../../src/archive/folder-archive.js';
import { readEnvironment } from '../../src/config/environment.js';
import { parseSchedules } from '../../src/config/schedules-file.js';
import { createReportQueue, reportJobOptions } from '../../src/jobs/report-queue.js';
import { smtpMailer } from '../../src/mail/mailer.js';
import { SharedBrowser } from '../../src/pdf/shared-browser.js';
import { createTemplateRenderer } from '../../src/render/template-renderer.js';
import { runScheduledReport } from '../../src/report/scheduled-run.js';
import { syncSchedulers } from '../../src/schedule/sync-schedulers.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED } from '../support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const SCHEDULES = (weeklyEnabled: boolean) => `schedules:
  - name: weekly-marketing
    report: weekly
    cron: "0 8 * * 1"
    enabled: ${weeklyEnabled}
    asOf: "2011-03-09"
    recipients: { to: [marketing@lgs.example, boss@lgs.example] }
    owner: admin@lgs.example
  - name: paused-briefs
    report: segment-briefs
    cron: "30 8 * * 1"
    enabled: false
    segments: all
    recipients: { default: { to: [crm@lgs.example] } }
    owner: admin@lgs.example
`;

let database: TestDatabase;
beforeAll(async () => {
  database = await freshPostgres();
  await loadFile(database.db, HAND_COMPUTED);
});
afterAll(() => database?.dispose());

describe('disabled schedules', () => {
  it('get no job scheduler, and lose theirs when disabled later', async () => {
    const environment = readEnvironment({ LGS_QUEUE: `lgs-sched-${process.pid}-${Math.random().toString(36).slice(2, 8)}` });
    const queue = createReportQueue(environment);
    try {
      await syncSchedulers(queue, database.db, parseSchedules(SCHEDULES(true), 's.yaml'), reportJobOptions(environment));
      expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(['weekly-marketing']);
      await syncSchedulers(queue, database.db, parseSchedules(SCHEDULES(false), 's.yaml'), reportJobOptions(environment));
      expect(await queue.getJobSchedulers()).toEqual([]);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});

describe('two runs of one schedule and period at once', () => {
  let smtp: TestSmtpServer;
  let browser: SharedBrowser;
  let archiveFolder: string;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    browser = new SharedBrowser(process.env.CHROME_PATH);
    archiveFolder = join(mkdtempSync(join(tmpdir(), 'lgs-concurrent-')), 'archive');
  });
  afterAll(async () => {
    await browser?.close();
    await smtp?.close();
  });

  it('make one run: one archive, one message per recipient', { timeout: 180_000 }, async () => {
    const services = {
      db: database.db,
      renderer: createTemplateRenderer(),
      browser,
      archive: new FolderArchive(archiveFolder),
      mailer: smtpMailer(smtp.url),
      from: 'reports@lgs.example',
    };
    const schedule = parseSchedules(SCHEDULES(true), 's.yaml').schedules[0]!;
    const firedAt = new Date('2011-03-14T08:00:00Z');
    const outcomes = await Promise.all([
      runScheduledReport(services, schedule, firedAt, { isLastAttempt: true }),
      runScheduledReport(services, schedule, firedAt, { isLastAttempt: true }),
    ]);
    expect(outcomes[0]!.runId).toBe(outcomes[1]!.runId);
    const runs = await database.db.query<{ period: string; status: string }>("SELECT period, status FROM report_run WHERE schedule = 'weekly-marketing'");
    expect(runs).toEqual([{ period: '2011-02-28', status: 'sent' }]);
    expect(smtp.received.map((r) => r.envelopeTo).sort()).toEqual([['boss@lgs.example'], ['marketing@lgs.example']]);
    expect(readdirSync(join(archiveFolder, 'weekly-marketing'))).toEqual(['2011-02-28']);
  });
});
