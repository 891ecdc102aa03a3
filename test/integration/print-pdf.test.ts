import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfPrintError } from '../../src/errors.js';
import { findBrowser, launchBrowser } from '../../src/pdf/browser.js';
import { extractPdfText } from '../../src/pdf/pdf-text.js';
import { printPdf, PrintPages } from '../../src/pdf/print-pdf.js';

/** Printing in real Chromium: nothing is fetched from the network, and the time limit holds. */
let browser: Browser;
let server: Server;
let origin: string;
const requests: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser(findBrowser(process.env.CHROME_PATH));
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end('body { color: red }');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const options = { document: 'test document', headerTitle: 'Test', headerDate: '9 Mar 2011' };

describe('printing a document', () => {
  it('fetches nothing a document refers to on the network, and still prints it', async () => {
    // Product descriptions are free text: a reference in one must not reach out when the report prints.
    const html = `<!DOCTYPE html><html><head><link rel="stylesheet" href="${origin}/style.css"></head>
      <body><h1>Weekly numbers</h1><img src="${origin}/pixel.png"><iframe src="${origin}/frame"></iframe>
      <div style="background: url(${origin}/background.png)">text</div></body></html>`;
    const pdf = await printPdf(browser, html, options);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await extractPdfText(pdf)).pageTexts.join(' ')).toContain('Weekly numbers');
    expect(requests).toEqual([]);
  });

  it('gives up after its time limit with an error naming the document and the limit', async () => {
    const error = await printPdf(browser, '<h1>Slow</h1>', { ...options, timeoutMs: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PdfPrintError);
    expect((error as PdfPrintError).message).toBe('printing test document took longer than 1 ms');
    expect((error as PdfPrintError).context).toMatchObject({ document: 'test document', timeoutMs: 1, timedOut: true });
  });

  it('prints the next document normally after a timed-out one', async () => {
    await printPdf(browser, '<h1>Slow</h1>', { ...options, timeoutMs: 1 }).catch(() => undefined);
    const pdf = await printPdf(browser, '<h1>Next</h1>', options);
    expect((await extractPdfText(pdf)).pageTexts.join(' ')).toContain('Next');
  });

  it('reads the text back without changing the built-ins of the process (pdf.js polyfills them in a thread of its own)', async () => {
    const pdf = await printPdf(browser, '<h1>First page</h1><h1 style="break-before: page">Second page</h1>', options);
    const folder = mkdtempSync(join(tmpdir(), 'lgs-pdf-text-'));
    try {
      writeFileSync(join(folder, 'two-pages.pdf'), pdf);
      // In a process of its own (the built module, as `npm test` builds it first): this one has loaded the module already.
      const script = `
        const builtIns = () => [Array.prototype.push, JSON.parse, JSON.stringify, 'fromBase64' in Uint8Array];
        const before = builtIns();
        const { extractPdfText } = await import(${JSON.stringify(pathToFileURL(fileURLToPath(new URL('../../dist/src/pdf/pdf-text.js', import.meta.url))).href)});
        const text = await extractPdfText((await import('node:fs')).readFileSync(${JSON.stringify(join(folder, 'two-pages.pdf'))}));
        console.log(JSON.stringify({ pageTexts: text.pageTexts, unchanged: builtIns().map((value, i) => value === before[i]) }));`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
      const result = JSON.parse(stdout) as { pageTexts: string[]; unchanged: boolean[] };
      expect(result.pageTexts).toEqual([expect.stringContaining('First page'), expect.stringContaining('Second page')]);
      expect(result.unchanged).toEqual([true, true, true, true]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('stops reading pages once the caller has enough, and refuses bytes that are not a PDF', async () => {
    const pdf = await printPdf(browser, '<h1>First page</h1><h1 style="break-before: page">Second page</h1>', options);
    const text = await extractPdfText(pdf, (soFar) => soFar.includes('First page'));
    expect(text).toMatchObject({ pages: 2, pageTexts: [expect.stringContaining('First page')] });
    expect(text.pageTexts).toHaveLength(1);
    await expect(extractPdfText(Buffer.from('not a PDF'))).rejects.toThrow(/Invalid PDF/);
    expect((await extractPdfText(pdf)).pageTexts).toHaveLength(2);
  });

  it('prints a batch in pages it reuses, each document with its own text only, and closes them at the end', async () => {
    const pages = new PrintPages();
    const openBefore = (await browser.pages()).length;
    await pages.open(browser, 2);
    const texts = await Promise.all(
      ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'].map(async (word) => (await extractPdfText(await printPdf(browser, `<h1>${word}</h1>`, { ...options, pages }))).pageTexts.join(' ')),
    );
    expect(texts.map((text) => text.match(/Alpha|Bravo|Charlie|Delta|Echo/g))).toEqual([['Alpha'], ['Bravo'], ['Charlie'], ['Delta'], ['Echo']]);
    // Five documents, at most five pages (all five may print at once), none left open once the batch ends.
    expect((await browser.pages()).length - openBefore).toBeLessThanOrEqual(5);
    await pages.close();
    expect((await browser.pages()).length).toBe(openBefore);
  });

  it('closes the page of a print that timed out rather than reusing it', async () => {
    const pages = new PrintPages();
    await pages.open(browser, 1);
    const openBefore = (await browser.pages()).length;
    await printPdf(browser, '<h1>Slow</h1>', { ...options, timeoutMs: 1, pages }).catch(() => undefined);
    // The timed-out print took the one idle page and closed it; the next print opens a fresh one.
    expect((await browser.pages()).length).toBe(openBefore - 1);
    const pdf = await printPdf(browser, '<h1>Next</h1>', { ...options, pages });
    expect((await extractPdfText(pdf)).pageTexts.join(' ')).toContain('Next');
    await pages.close();
    expect((await browser.pages()).length).toBe(openBefore - 1);
  });
});

