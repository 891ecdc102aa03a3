import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { extractPdfText } from '../../src/pdf/pdf-text.js';
import { startWorker, type RunningWorker } from '../../src/main.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED } from '../support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { stopWorker, waitUntil, workerEnvironment, writeSchedules } from '../support/worker-environment.js';

/**
 * The e-mails a reader acts on, end to end: the worker (real Redis, PostgreSQL, Chromium) mails through a
 * real SMTP server on loopback, and the test reads the messages as a mail client would.
 */
const SCHEDULES = `
schedules:
  - name: weekly-marketing
    report: weekly
    cron: "0 0 1 1 *"
    asOf: "2011-03-09"
    recipients:
      to: [marketing@lgs.example]
    owner: admin@lgs.example
  - name: briefs
    report: segment-briefs
    cron: "0 0 1 1 *"
    asOf: "2011-03-09"
    segments: [Loyal Customers]
    holdout: 0.5
    recipients:
      default:
        to: [crm@lgs.example]
    owner: admin@lgs.example
`;

let database: TestDatabase;
let smtp: TestSmtpServer;
let running: RunningWorker | undefined;

beforeEach(async () => {
  database = await freshPostgres();
  await loadFile(database.db, HAND_COMPUTED);
  smtp = await startSmtpServer();
  const environment = workerEnvironment({ DATABASE_URL: database.location, SMTP_URL: smtp.url, LGS_PUBLIC_URL: 'https://reports.lgs.example/' });
  writeSchedules(environment, SCHEDULES);
  running = await startWorker(environment, createLogger(environment.LOG_LEVEL));
});

afterEach(async () => {
  await stopWorker(running);
  running = undefined;
  await smtp?.close();
  await database.dispose();
});

async function runAndReceive(schedule: string, recipient: string) {
  await running!.queue.add('report', { schedule, manual: true, requestedAt: Date.now() });
  await smtp.waitFor(() => smtp.to(recipient).length >= 1, 100_000);
  return smtp.to(recipient)[0]!.mail;
}

describe('e-mails a reader can act on', () => {
  it('shows the headline chart inline: a PNG attached with a Content-ID that the HTML part refers to', async () => {
    const mail = await runAndReceive('weekly-marketing', 'marketing@lgs.example');
    const chart = mail.attachments.find((a) => a.contentType === 'image/png')!;
    expect(chart.cid).toBe('headline-chart@lgs-reports');
    expect(chart.contentDisposition).toBe('inline');
    expect(chart.content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    // mailparser rewrites cid: references into data: URLs of the attachment, so the HTML's image is the PNG.
    expect(mail.html).toContain(`src="data:image/png;base64,${chart.content.toString('base64').slice(0, 40)}`);
    expect(mail.attachments.map((a) => a.filename)).toContain('weekly-report_2011-02-28.pdf');
  });

  it('sends a report that speaks to marketing: no command, file path or docs link in the PDF', async () => {
    const mail = await runAndReceive('weekly-marketing', 'marketing@lgs.example');
    const pdf = mail.attachments.find((a) => a.filename === 'weekly-report_2011-02-28.pdf')!;
    const text = (await extractPdfText(pdf.content)).pageTexts.join(' ');
    expect(text).toContain('Segment movement');
    expect(text).not.toMatch(/\blgs [a-z]|docs\/|\.md\b|https?:|\.csv\b|--[a-z]/);
  });

  it('links to the report on the managers\' page and says the same in the plain-text part', async () => {
    const mail = await runAndReceive('weekly-marketing', 'marketing@lgs.example');
    const link = 'https://reports.lgs.example/reports?schedule=weekly-marketing&from=2011-02-28&to=2011-02-28';
    // Handlebars escapes & and = in the attribute; a mail client reads the same URL.
    const hrefs = [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'));
    expect(hrefs).toContain(link);
    expect(mail.text).toContain(link);
    // The KPI table and the biggest movements are in both parts; the rate change is in percentage points.
    for (const line of ['Net sales: £55.00', 'Cancellation rate:', 'Biggest segment movements in the last 28 days:']) expect(mail.text).toContain(line);
    expect(mail.text).toMatch(/Cancellation rate: [\d.]+% \(week before [\d.—%]+, . (no change|[+−]\d+\.\d pp|—)\)/);
    expect(mail.html).toContain('Biggest segment movements in the last 28 days');
  });

  it('carries the brief\'s one-paragraph plan and the entered count, and the CSV marks each customer\'s group', async () => {
    const mail = await runAndReceive('briefs', 'crm@lgs.example');
    expect(mail.text).toMatch(/Entered this segment since 9 Feb 2011: \d+ customers/);
    expect(mail.text).toMatch(/The plan: Send on \w+day at \d\d:00/);
    expect(mail.text).toContain('Measured against a hold-out');
    expect(mail.html).toContain('The plan:');
    const csv = mail.attachments.find((a) => a.filename?.endsWith('.csv'))!.content.toString('utf8');
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header!.split(',').slice(-2)).toEqual(['entered', 'group']);
    for (const row of rows) expect(row).toMatch(/,(true|false),(target|holdout)$/);
  }, 120_000);
});
