import { createServer, type Server } from 'node:http';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfPrintError } from '../../src/errors.js';
import { findBrowser, launchBrowser } from '../../src/pdf/browser.js';
import { extractPdfText } from '../../src/pdf/pdf-text.js';
import { printPdf } from '../../src/pdf/print-pdf.js';

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
});
