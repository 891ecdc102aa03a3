import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfPrintError } from '../../src/errors.js';
import { SharedBrowser } from '../../src/pdf/shared-browser.js';
import { createTemplateRenderer } from '../../src/render/template-renderer.js';
import { produceWeeklyReport, type ReportServices } from '../../src/report/run-report.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED } from '../support/fixtures.js';
import { isLiveChromium, sessionMembers } from '../support/processes.js';
import { waitUntil } from '../support/worker-environment.js';

/**
 * A print that runs out of time discards its Chromium (it may be wedged): the next document is printed
 * by a new browser process, and nothing of the old one is left running. Real PostgreSQL, real Chromium,
 * the weekly report of the hand-computed fixture printed through run-report's printVerified.
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await freshPostgres();
  await loadFile(database.db, HAND_COMPUTED);
});
afterAll(async () => {
  await database?.dispose();
});

/** A shared browser that records the process id of each Chromium it launches (and may act on it). */
function recordingBrowser(onLaunch: (pid: number, index: number) => void = () => undefined) {
  const browser = new SharedBrowser(process.env.CHROME_PATH);
  const launched: { pid: number; liveAtLaunch: number[] }[] = [];
  browser.onLaunch((launchedBrowser) => {
    const pid = launchedBrowser.process()!.pid!;
    // Puppeteer starts Chromium in a session of its own: its session id is the browser's process id.
    launched.push({ pid, liveAtLaunch: sessionMembers(pid).filter(isLiveChromium) });
    onLaunch(pid, launched.length - 1);
  });
  return { browser, launched };
}

const leftRunning = (sessionId: number) => sessionMembers(sessionId).filter(isLiveChromium);

describe('a print that times out', { timeout: 180_000 }, () => {
  it('is followed by a print in a new Chromium, and the timed-out Chromium is gone', async () => {
    const { browser, launched } = recordingBrowser();
    const services: ReportServices = { db: database.db, renderer: createTemplateRenderer(), browser };
    try {
      const error = await produceWeeklyReport({ ...services, printTimeoutMs: 1 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PdfPrintError);
      expect((error as PdfPrintError).context).toMatchObject({ timeoutMs: 1, timedOut: true });
      expect(launched).toHaveLength(1);
      const first = launched[0]!;
      // Not a vacuous check below: the browser, its zygotes and helpers were running in that session.
      expect(first.liveAtLaunch).toContain(first.pid);
      expect(first.liveAtLaunch.length).toBeGreaterThan(1);
      // Killed by the discard; its children end when their pipe to it closes.
      await waitUntil(() => leftRunning(first.pid).length === 0, 15_000, 'every process of the timed-out Chromium to end');

      const weekly = await produceWeeklyReport(services);
      expect(weekly.pdf.fileName).toBe('weekly-report_2011-02-28.pdf');
      expect(weekly.pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(launched).toHaveLength(2);
      expect(launched[1]!.pid).not.toBe(first.pid);
      expect(isLiveChromium(launched[1]!.pid)).toBe(true);
      expect(leftRunning(first.pid)).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('kills a wedged Chromium (stopped, answering nothing) and prints the next document in a new one', async () => {
    // The first browser is stopped (SIGSTOP) as soon as it is up: it still holds its pipe but never
    // answers, as a Chromium hung in layout would. Only the print's time limit can end the wait.
    const { browser, launched } = recordingBrowser((pid, index) => {
      if (index === 0) process.kill(pid, 'SIGSTOP');
    });
    const services: ReportServices = { db: database.db, renderer: createTemplateRenderer(), browser };
    try {
      const error = await produceWeeklyReport({ ...services, printTimeoutMs: 2_000 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PdfPrintError);
      expect((error as PdfPrintError).message).toBe('printing weekly report 2011-02-28 took longer than 2000 ms');
      const first = launched[0]!;
      await waitUntil(() => leftRunning(first.pid).length === 0, 15_000, 'every process of the wedged Chromium to end');

      const weekly = await produceWeeklyReport(services);
      expect(weekly.pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(launched).toHaveLength(2);
      expect(launched[1]!.pid).not.toBe(first.pid);
    } finally {
      await browser.close();
    }
  });
});
