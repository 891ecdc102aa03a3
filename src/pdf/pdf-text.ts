import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  pages: number;
  /** The text of each page, items joined by spaces. */
  pageTexts: string[];
}

/** Reads the text back out of a PDF (pdfjs-dist, no rendering): proof that the PDF holds real text. */
export async function extractPdfText(pdf: Uint8Array): Promise<PdfText> {
  // pdfjs takes ownership of the buffer it is given, so hand it a copy.
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pageTexts: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      pageTexts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' ').trim());
    }
    return { pages: document.numPages, pageTexts };
  } finally {
    await document.destroy();
  }
}
