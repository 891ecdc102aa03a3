import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, launchBrowser } from '../../src/pdf/browser.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { waitUntil } from '../support/worker-environment.js';
import { PASSWORDS, webFixture, type WebFixture } from '../support/web.js';

/** A manager in real Chromium: logs in, finds the archived weekly report, downloads it. */
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/', import.meta.url));

let database: TestDatabase;
let web: WebFixture;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  database = await freshPostgres();
  web = await webFixture(database.db);
  origin = await web.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser(findBrowser(process.env.CHROME_PATH));
});
afterAll(async () => {
  await browser?.close();
  await web?.close();
  await database?.dispose();
});

describe("the managers' page in Chromium", () => {
  it('logs in, shows the archived weekly report and downloads the same bytes as the archive', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/reports`);
      expect(page.url()).toBe(`${origin}/login`);
      await page.type('#username', 'jane');
      await page.type('#password', PASSWORDS.manager);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      expect(page.url()).toBe(`${origin}/reports`);
      expect(await page.content()).toContain('weekly-report_2011-02-28.pdf');

      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.setViewport({ width: 1200, height: 800 });
      await page.screenshot({ path: join(SCREENSHOTS, 'reports-page.png'), fullPage: true });

      const downloads = mkdtempSync(join(tmpdir(), 'lgs-downloads-'));
      const session = await page.createCDPSession();
      await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
      await page.click(`a[href="/files/${web.runId}/0"]`);
      await waitUntil(() => readdirSync(downloads).some((name) => name.endsWith('.pdf')), 15_000, 'the download');
      const downloaded = readFileSync(join(downloads, 'weekly-report_2011-02-28.pdf'));
      const archived = readFileSync(join(web.archiveFolder, 'weekly-marketing', '2011-02-28', 'weekly-report_2011-02-28.pdf'));
      expect(downloaded.equals(archived)).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('runs no script on the page', async () => {
    const page = await browser.newPage();
    try {
      const response = await page.goto(`${origin}/login`);
      expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
      expect(await page.$$('script')).toHaveLength(0);
    } finally {
      await page.close();
    }
  });
});
