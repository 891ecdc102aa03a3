import { describe, expect, it } from 'vitest';
import { ReportVerificationError } from '../../../src/errors.js';
import { verifyPdfText, verifySections } from '../../../src/report/report-verification.js';

describe('verifySections', () => {
  it('accepts HTML holding every expected section', () => {
    expect(() => verifySections('doc', '<section data-section="a"></section><section data-section="b">', ['a', 'b'])).not.toThrow();
  });

  it('names the document and the sections that are missing', () => {
    const check = () => verifySections('weekly report 2011-11-28', '<section data-section="a">', ['a', 'kpis', 'products']);
    expect(check).toThrow(ReportVerificationError);
    expect(check).toThrow('weekly report 2011-11-28: sections missing from the HTML: kpis, products');
  });
});

describe('verifyPdfText', () => {
  it('refuses a PDF without text, as a blank print would be', () => {
    expect(() => verifyPdfText('doc', { pages: 3, pageTexts: ['', ' ', ''] }, [])).toThrow(/doc: the printed PDF holds no text \(3 pages\)/);
  });

  it('names the phrases the PDF lacks', () => {
    expect(() => verifyPdfText('doc', { pages: 1, pageTexts: ['Weekly marketing report'] }, ['Weekly marketing report', 'Products'])).toThrow(
      /doc: the printed PDF lacks: "Products"/,
    );
  });
});
