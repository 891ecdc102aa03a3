import { describe, expect, it } from 'vitest';
import { coversPeriod } from '../../../src/schedule/data-coverage.js';
import { previousRuns } from '../../../src/schedule/previous-runs.js';

describe('fire times to catch up on', () => {
  it('lists the fire times after `from` up to and including `until`, latest first', () => {
    // Mondays 08:00 UTC in January 2024: the 1st, 8th, 15th, 22nd.
    const fires = previousRuns('0 8 * * 1', 'UTC', new Date('2024-01-01T08:00:00Z'), new Date('2024-01-22T08:00:00Z'), 10);
    expect(fires.map((d) => d.toISOString())).toEqual(['2024-01-22T08:00:00.000Z', '2024-01-15T08:00:00.000Z', '2024-01-08T08:00:00.000Z']);
  });

  it('stops at the limit for a frequent schedule', () => {
    expect(previousRuns('* * * * * *', 'UTC', new Date('2024-01-01T00:00:00Z'), new Date('2024-01-08T00:00:00Z'), 3)).toHaveLength(3);
  });

  it('follows the schedule\'s time zone (08:00 London is 07:00 UTC in summer)', () => {
    const [fire] = previousRuns('0 8 * * 1', 'Europe/London', new Date('2024-07-01T00:00:00Z'), new Date('2024-07-08T12:00:00Z'), 1);
    expect(fire!.toISOString()).toBe('2024-07-08T07:00:00.000Z');
  });
});

const LONDON = 'Europe/London';

describe('whether the data covers a period', () => {
  it('accepts a latest invoice up to the tolerance before the period end, and not beyond', () => {
    // Week ending Monday 2011-03-21 00:00; tolerance 72 h reaches back to Friday 2011-03-18 00:00.
    expect(coversPeriod('2011-03-21T00:00:00', '2011-03-18T00:00:00', 72, LONDON)).toBe(true);
    expect(coversPeriod('2011-03-21T00:00:00', '2011-03-17T23:59:59', 72, LONDON)).toBe(false);
    expect(coversPeriod('2011-03-21T00:00:00', '2011-03-25T10:00:00', 72, LONDON)).toBe(true);
  });

  it('never covers a period of an empty warehouse', () => {
    expect(coversPeriod('2011-03-21T00:00:00', null, 72, LONDON)).toBe(false);
  });

  it('counts real hours across the autumn clock change: Friday to Monday midnight is 73 hours', () => {
    // London's clocks went back on Sunday 2011-10-30.
    expect(coversPeriod('2011-10-31T00:00:00', '2011-10-28T00:00:00', 72, LONDON)).toBe(false);
    expect(coversPeriod('2011-10-31T00:00:00', '2011-10-28T00:00:00', 73, LONDON)).toBe(true);
  });

  it('counts real hours across the spring clock change: Friday to Monday midnight is 71 hours', () => {
    // London's clocks went forward on Sunday 2011-03-27.
    expect(coversPeriod('2011-03-28T00:00:00', '2011-03-25T00:00:00', 71, LONDON)).toBe(true);
    expect(coversPeriod('2011-03-28T00:00:00', '2011-03-24T23:00:00', 71, LONDON)).toBe(false);
  });

  it('reads the times on the schedule\'s own clock, whose changes fall on other days', () => {
    // New York's clocks went back on Sunday 2011-11-06: a week later than London's.
    expect(coversPeriod('2011-10-31T00:00:00', '2011-10-28T00:00:00', 72, 'America/New_York')).toBe(true);
    expect(coversPeriod('2011-11-07T00:00:00', '2011-11-04T00:00:00', 72, 'America/New_York')).toBe(false);
  });
});
