import { describe, expect, it } from 'vitest';
import { formatDay, formatDayRange, formatInstant } from '../../../src/text/date-format.js';

describe('date formats', () => {
  it('prints a day as "28 Nov 2011"', () => {
    expect(formatDay('2011-11-28')).toBe('28 Nov 2011');
  });

  it('prints a week across two months with the year once', () => {
    expect(formatDayRange('2011-11-28', '2011-12-04')).toBe('28 Nov – 4 Dec 2011');
  });

  it('prints a week within one month with the month once', () => {
    expect(formatDayRange('2011-12-05', '2011-12-11')).toBe('5 – 11 Dec 2011');
  });

  it('prints a week across the new year in full', () => {
    expect(formatDayRange('2010-12-27', '2011-01-02')).toBe('27 Dec 2010 – 2 Jan 2011');
  });

  it('prints a twelve-month period ending in the month it began in full', () => {
    expect(formatDayRange('2010-12-10', '2011-12-09')).toBe('10 Dec 2010 – 9 Dec 2011');
  });

  it('prints an instant given as a date alone as its day', () => {
    expect(formatInstant('2011-12-10')).toBe('10 Dec 2011');
  });

  it('prints an instant at midnight as its day, otherwise with the time', () => {
    expect(formatInstant('2011-12-10T00:00:00')).toBe('10 Dec 2011');
    expect(formatInstant('2011-12-10T14:30:00')).toBe('10 Dec 2011 14:30');
  });
});
