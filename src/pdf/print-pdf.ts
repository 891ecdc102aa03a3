import type { Browser, Page } from 'puppeteer-core';
import { PdfPrintError } from '../errors.js';

export interface PrintOptions {
  /** Names the document in errors and logs. */
  document: string;
  /** Left of the running header. */
  headerTitle: string;
  /** Right of the running header (the report's date or period). */
  headerDate: string;
  /**
   * The date written as the PDF's creation and modification date ('YYYY-MM-DDTHH:MM:SS', e.g. the
   * report's as-of). Chromium writes the print time there, the only thing that differs between two
   * prints of the same HTML; fixing it makes a re-run of a past period reproduce the same bytes.
   */
  documentDate?: string;
  timeoutMs?: number;
  /** Pages to print in and give back (a batch of documents); without them the print opens and closes its own. */
  pages?: PrintPages;
}

/** Chromium's PDF dates: (D:YYYYMMDDHHmmSS+00'00') in the uncompressed document information. */
const PDF_DATE = /\(D:\d{14}\+00'00'\)/g;

/** Replaces the PDF's dates with `timestamp` (same length, so the cross-reference offsets stay right). */
export function fixPdfDates(pdf: Buffer, timestamp: string): Buffer {
  const digits = timestamp.replace(/\D/g, '').slice(0, 14).padEnd(14, '0');
  const text = pdf.toString('latin1');
  return Buffer.from(text.replace(PDF_DATE, `(D:${digits}+00'00')`), 'latin1');
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const runningText = 'font-family: "DejaVu Sans", Arial, sans-serif; font-size: 7.5pt; color: #627d98; width: 100%; padding: 0 14mm;';

/** A page that runs no script and may load nothing but inline data. */
async function openPrintPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url.startsWith('data:') || url === 'about:blank') void request.continue();
      else void request.abort('blockedbyclient');
    });
    return page;
  } catch (error) {
    await page.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Pages kept open for the documents of one batch (the ten segment briefs), each reused for the next
 * document once its print went through. Opening a page starts a renderer process: on a busy 2-core
 * machine ten fresh pages took as long again as the printing (10 briefs, 4 at once: 10 s against 5 s).
 * A page whose print failed or timed out is closed, never reused; `close` ends the batch.
 */
export class PrintPages {
  private readonly idle: Page[] = [];
  private closed = false;

  /** Opens `count` pages ahead of the prints (while the report's data is read); a failure is left to the prints. */
  async open(browser: Browser, count: number): Promise<void> {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const page = await openPrintPage(browser).catch(() => undefined);
        if (page) await this.give(page);
      }),
    );
  }

  /** An idle page of `browser` (another browser's are closed: it was replaced), or a new one. */
  async take(browser: Browser): Promise<Page> {
    for (let page = this.idle.pop(); page; page = this.idle.pop()) {
      if (page.browser() === browser && browser.connected && !page.isClosed()) return page;
      await page.close().catch(() => undefined);
    }
    return openPrintPage(browser);
  }

  async give(page: Page): Promise<void> {
    if (this.closed || page.isClosed()) await page.close().catch(() => undefined);
    else this.idle.push(page);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((page) => page.close().catch(() => undefined)));
  }
}

/**
 * Prints one HTML document to an A4 PDF in a page of a shared browser: a fresh one, or one of `pages`.
 * The whole print, opening and closing the page included, is bounded by a time limit, so neither a stuck
 * document nor a wedged or dead browser can hang a worker.
 */
export async function printPdf(browser: Browser, html: string, options: PrintOptions): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let page: Page | undefined;
  let expired = false;
  let printed = false;
  const print = async () => {
    page = options.pages ? await options.pages.take(browser) : await openPrintPage(browser);
    // Opened after the time ran out: nobody waits for it any more, and nobody else will close it.
    if (expired) {
      await page.close().catch(() => undefined);
      throw new PdfPrintError(`printing ${options.document}: page opened too late`, { document: options.document });
    }
    await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style='${runningText} display: flex; justify-content: space-between;'><span>${escapeHtml(options.headerTitle)}</span><span>${escapeHtml(options.headerDate)}</span></div>`,
      footerTemplate: `<div style='${runningText} text-align: right;'>Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
      margin: { top: '16mm', right: '0', bottom: '18mm', left: '0' },
      timeout: timeoutMs,
      // Charts stay vector and text stays text: the PDF can be searched and forwarded.
      tagged: true,
    });
    const bytes = Buffer.from(pdf);
    printed = !expired;
    return options.documentDate ? fixPdfDates(bytes, options.documentDate) : bytes;
  };
  const expire = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(new PdfPrintError(`printing ${options.document} took longer than ${timeoutMs} ms`, { document: options.document, timeoutMs, timedOut: true }));
    }, timeoutMs);
  });
  const printing = print();
  // The loser of the race must not surface as an unhandled rejection.
  printing.catch(() => undefined);
  try {
    return await Promise.race([printing, expire]);
  } catch (error) {
    if (error instanceof PdfPrintError) throw error;
    throw new PdfPrintError(`printing ${options.document} failed: ${(error as Error).message}`, { document: options.document, browserGone: !browser.connected }, { cause: error });
  } finally {
    clearTimeout(timer);
    const opened = page as Page | undefined;
    if (opened && printed && options.pages) await options.pages.give(opened);
    else if (opened) await Promise.race([opened.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }
}
