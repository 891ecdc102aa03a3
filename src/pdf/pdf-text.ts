import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface PdfText {
  pages: number;
  /** The text of each page read, items joined by spaces (every page unless `enough` stopped early). */
  pageTexts: string[];
}

/**
 * pdf.js runs in a worker thread of its own. Its Node build (the legacy one: the modern build needs
 * Node 22) installs core-js polyfills on the globals of the realm that loads it, and some replace fast
 * built-ins with JavaScript (Array.prototype.push, JSON.parse, JSON.stringify) or add ones other
 * libraries then prefer (Uint8Array.fromBase64: puppeteer decoded every PDF it received with it, byte by
 * byte). Loaded in the main thread it slowed everything the process did after the first report: in the
 * ten segment briefs, JSON and base64 decoding of Chromium's messages was most of Node's time.
 * The worker's code is a string so that it runs the same from the compiled build and from the TypeScript
 * sources under the tests; it reads as a script or as a module (a worker inherits `--input-type`).
 */
const WORKER_CODE = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const pdfjs = import(workerData.pdfjs);
const documents = new Map();
const answer = async (message) => {
  switch (message.type) {
    case 'open': {
      const { getDocument } = await pdfjs;
      const document = await getDocument({ data: message.data, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
      documents.set(message.call, document);
      return { document: message.call, pages: document.numPages };
    }
    case 'page': {
      const page = await documents.get(message.document).getPage(message.number);
      const content = await page.getTextContent();
      return { text: content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\\s+/g, ' ').trim() };
    }
    case 'close': {
      const document = documents.get(message.document);
      documents.delete(message.document);
      await document?.destroy();
      return {};
    }
  }
};
parentPort.on('message', (message) => {
  answer(message).then(
    (reply) => parentPort.postMessage({ call: message.call, ...reply }),
    (error) => parentPort.postMessage({ call: message.call, error: { name: error?.name ?? 'Error', message: error?.message ?? String(error) } }),
  );
});
`;

interface Reply {
  call: number;
  error?: { name: string; message: string };
  document?: number;
  pages?: number;
  text?: string;
}

type Request = { type: 'open'; data: Uint8Array } | { type: 'page'; document: number; number: number } | { type: 'close'; document: number };

/** The one worker of this process, started on first use; it keeps the process alive only while it is asked something. */
class PdfTextWorker {
  private worker: Worker | undefined;
  private nextCall = 1;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();

  ask(request: Request): Promise<Reply> {
    const worker = this.started();
    const call = this.nextCall++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(call, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...request, call });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const pdfjs = pathToFileURL(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs')).href;
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { pdfjs } });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.call);
      this.pending.delete(reply.call);
      if (this.pending.size === 0) worker.unref();
      if (!waiting) return;
      if (reply.error) waiting.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
      else waiting.resolve(reply);
    });
    // A worker that died takes its documents with it: whoever waits is told, and the next call starts another.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the PDF text worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

const textWorker = new PdfTextWorker();

/**
 * Reads the text back out of a PDF (pdfjs-dist, no rendering): proof that the PDF holds real text.
 * `enough`, given the text of the pages read so far, may end the reading early: reading text is most of
 * pdf.js's cost, and a check that found what it looks for on page one need not read page four.
 */
export async function extractPdfText(pdf: Uint8Array, enough?: (textSoFar: string) => boolean): Promise<PdfText> {
  // The worker gets a copy: the caller keeps its bytes.
  const opened = await textWorker.ask({ type: 'open', data: new Uint8Array(pdf) });
  const document = opened.document!;
  try {
    const pageTexts: string[] = [];
    for (let number = 1; number <= opened.pages!; number++) {
      pageTexts.push((await textWorker.ask({ type: 'page', document, number })).text!);
      if (enough?.(pageTexts.join(' '))) break;
    }
    return { pages: opened.pages!, pageTexts };
  } finally {
    await textWorker.ask({ type: 'close', document }).catch(() => undefined);
  }
}
