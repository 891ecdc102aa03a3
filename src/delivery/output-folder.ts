import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportDocument } from '../report/report-artifact.js';

/**
 * Writes documents (PDF, attachments, and the HTML when asked) into a folder; returns the paths written.
 * The e-mail's inline chart is left out: it is a picture of a chart the PDF already holds.
 */
export async function writeToFolder(folder: string, documents: readonly ReportDocument[], options: { html?: boolean } = {}): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  for (const document of documents) {
    const attachments = document.attachments.filter((attachment) => attachment.contentType !== 'image/png');
    const artifacts = [document.pdf, ...attachments, ...(options.html ? [document.html] : [])];
    for (const artifact of artifacts) {
      const path = join(folder, artifact.fileName);
      await writeFile(path, artifact.bytes);
      written.push(path);
    }
  }
  return written;
}
