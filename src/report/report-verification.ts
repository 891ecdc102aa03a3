import { ReportVerificationError } from '../errors.js';
import type { PdfText } from '../pdf/pdf-text.js';

/**
 * Checks that keep a blank or half-made report from counting as made. Chart marks are checked where each
 * chart is rendered; these check the HTML before printing and the PDF after it.
 */
export function verifySections(document: string, html: string, expected: readonly string[]): void {
  const missing = expected.filter((section) => !html.includes(`data-section="${section}"`));
  if (missing.length > 0) {
    throw new ReportVerificationError(`${document}: sections missing from the HTML: ${missing.join(', ')}`, { document, missing });
  }
}

/** Whether `text` already passes verifyPdfText: the rest of the PDF need not be read. */
export function holdsExpectedText(text: string, expectedPhrases: readonly string[]): boolean {
  return text.trim() !== '' && expectedPhrases.every((phrase) => text.includes(phrase));
}

export function verifyPdfText(document: string, text: PdfText, expectedPhrases: readonly string[]): void {
  const all = text.pageTexts.join(' ');
  if (all.trim() === '') {
    throw new ReportVerificationError(`${document}: the printed PDF holds no text (${text.pages} pages)`, { document, pages: text.pages });
  }
  const missing = expectedPhrases.filter((phrase) => !all.includes(phrase));
  if (missing.length > 0) {
    throw new ReportVerificationError(`${document}: the printed PDF lacks: ${missing.map((m) => `"${m}"`).join(', ')}`, { document, missing });
  }
}
