import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { addDays, parseAsOf, reportWeek } from '../../../src/metrics/as-of.js';

describe('parseAsOf', () => {
  it('reads a date as that day at 00:00', () => {
    expect(parseAsOf('2011-12-10')).toBe('2011-12-10T00:00:00');
  });

  it('reads a date and time, seconds optional', () => {
    expect(parseAsOf('2011-12-10T09:30')).toBe('2011-12-10T09:30:00');
    expect(parseAsOf('2011-12-10 09:30:15')).toBe('2011-12-10T09:30:15');
  });

  it('reads the last second of a day', () => {
    expect(parseAsOf('2011-12-09T23:59:59')).toBe('2011-12-09T23:59:59');
  });

  it('ignores spaces around the value', () => {
    expect(parseAsOf(' 2011-12-10 ')).toBe('2011-12-10T00:00:00');
  });

  it.each(['10/12/2011', '2011-02-30', '2011-12-10T25:00', '2011-12-10T24:00', '2011-12-10T10:75', '2011-12-10T10:30:60', 'today'])(
    'refuses %s with a usage error naming the option',
    (text) => {
      expect(() => parseAsOf(text)).toThrow(UsageError);
      expect(() => parseAsOf(text)).toThrow(`--as-of "${text}" is not a date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM[:SS])`);
    },
  );

  it('says which option and value it refused, for the CLI to report', () => {
    const error = (() => {
      try {
        parseAsOf('2011-13-01');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).context).toEqual({ option: 'as-of', value: '2011-13-01' });
  });
});

describe('reportWeek', () => {
  it('ends the report week at the last Monday 00:00 before a mid-week as-of', () => {
    expect(reportWeek('2011-12-10T00:00:00')).toEqual({
      previousStart: '2011-11-21T00:00:00',
      start: '2011-11-28T00:00:00',
      end: '2011-12-05T00:00:00',
    });
  });

  it('ends the report week at the as-of itself when it is a Monday 00:00', () => {
    expect(reportWeek('2011-12-05T00:00:00').end).toBe('2011-12-05T00:00:00');
  });

  it('keeps a Monday afternoon as-of in the week that ended that morning', () => {
    expect(reportWeek('2011-12-05T15:00:00').start).toBe('2011-11-28T00:00:00');
  });

  it('crosses month and year ends', () => {
    expect(reportWeek('2011-01-01T00:00:00').start).toBe('2010-12-20T00:00:00');
  });
});

describe('addDays', () => {
  it('counts on the wall clock whatever the machine\'s own time zone', () => {
    // A worker on a host set to New York (UTC−5) computes the same report weeks as one in London.
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(addDays('2011-12-05T00:00:00', -7)).toBe('2011-11-28T00:00:00');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });


  it('goes back across a month end', () => {
    expect(addDays('2011-12-05T09:30:00', -7)).toBe('2011-11-28T09:30:00');
  });


  it('moves across the clock change without losing an hour (dates are wall-clock)', () => {
    expect(addDays('2011-03-26T00:00:00', 2)).toBe('2011-03-28T00:00:00');
  });
});
