import { describe, expect, it } from 'vitest';
import { fixPdfDates } from '../../../src/pdf/print-pdf.js';

describe('fixPdfDates', () => {
  const pdf = Buffer.from("%PDF-1.4\n<</Creator (Chromium)\n/CreationDate (D:20261124133318+00'00')\n/ModDate (D:20261124133318+00'00')>>\n", 'latin1');

  it('writes the given timestamp as creation and modification date', () => {
    const fixed = fixPdfDates(pdf, '2011-12-10T00:00:00').toString('latin1');
    expect(fixed).toContain("/CreationDate (D:20111210000000+00'00')");
    expect(fixed).toContain("/ModDate (D:20111210000000+00'00')");
  });

  it('keeps the length, so the cross-reference offsets stay valid', () => {
    expect(fixPdfDates(pdf, '2011-12-10T00:00:00').length).toBe(pdf.length);
  });
});
