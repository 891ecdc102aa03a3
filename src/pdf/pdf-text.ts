import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  pages: number;
  /** The text of each page read, items joined by spaces (every page unless `enough` stopped early). */
  pageTexts: string[];
}

/**
 * Reads the text back out of a PDF (pdfjs-dist, no rendering): proof that the PDF holds real text.
 * `enough`, given the text of the pages read so far, may end the reading early: reading text is most of
 * pdf.js's cost, and a check that found what it looks for on page one need not read page four.
 */
export async function extractPdfText(pdf: Uint8Array, enough?: (textSoFar: string) => boolean): Promise<PdfText> {
  // pdfjs takes ownership of the buffer it is given, so hand it a copy.
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pageTexts: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      pageTexts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' ').trim());
      if (enough?.(pageTexts.join(' '))) break;
    }
    return { pages: document.numPages, pageTexts };
  } finally {
    await document.destroy();
  }
}
