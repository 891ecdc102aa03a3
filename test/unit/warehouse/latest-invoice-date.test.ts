import { describe, expect, it } from 'vitest';
import { LatestInvoiceDate } from '../../../src/warehouse/latest-invoice-date.js';

/** A date's 19 bytes in the middle of a row, as the fast path leaves them. */
const inRow = (date: string) => ({ bytes: Buffer.from(`489434\t85048\t${date}\t6.95`, 'latin1'), at: 13 });

describe('the latest invoice date of a load', () => {
  it('is none before a line is read', () => {
    expect(new LatestInvoiceDate().text).toBeNull();
  });

  it('keeps the latest of dates given as bytes and as text, whatever their order', () => {
    const latest = new LatestInvoiceDate();
    const offers = ['2010-12-01 08:26:00', '2011-12-09 12:50:00', '2011-12-09 12:49:00', '2009-12-01 07:45:00'];
    offers.forEach((date, i) => {
      if (i % 2 === 0) latest.offerText(date);
      else {
        const { bytes, at } = inRow(date);
        latest.offerBytes(bytes, at);
      }
    });
    expect(latest.text).toBe('2011-12-09 12:50:00');
  });

  it('compares a date given as text with one given before as bytes', () => {
    const latest = new LatestInvoiceDate();
    const { bytes, at } = inRow('2011-12-09 12:50:00');
    latest.offerBytes(bytes, at);
    latest.offerText('2011-12-09 12:49:59');
    latest.offerBytes(inRow('2011-12-09 12:50:01').bytes, at);
    expect(latest.text).toBe('2011-12-09 12:50:01');
  });
});
