import { describe, expect, it } from 'vitest';
import { reportInstants, rfmInstants } from '../../../src/metrics/rfm-instants.js';
import { resolveAsOf } from '../../../src/schedule/resolve-as-of.js';

describe('the instants reports are read at by default', () => {
  it('are the data as-of, the end of its last complete week and the next Monday', () => {
    // The real data ends on Friday 2011-12-09: the as-of is Saturday 2011-12-10.
    expect(reportInstants('2011-12-10T00:00:00')).toEqual(['2011-12-10T00:00:00', '2011-12-05T00:00:00', '2011-12-12T00:00:00']);
  });

  it('leave out the next Monday when a run at it would be held back as stale', () => {
    // The committed sample ends on Thursday 2011-12-08 11:56: Monday 00:00 is 84 hours later.
    const sentAt = (instant: string) => instant !== '2011-12-12T00:00:00';
    expect(reportInstants('2011-12-09T00:00:00', sentAt)).toEqual(['2011-12-09T00:00:00', '2011-12-05T00:00:00']);
  });

  it('are one instant when the as-of is a Monday 00:00', () => {
    expect(reportInstants('2011-12-12T00:00:00')).toEqual(['2011-12-12T00:00:00']);
  });

  it('hold the as-of of a weekly schedule firing on the Monday after data that ended before the weekend', () => {
    const firedAt = new Date('2011-12-12T06:00:00Z');
    expect(reportInstants('2011-12-10T00:00:00')).toContain(resolveAsOf('last-complete-week', firedAt, 'Europe/London'));
  });

  it('hold the as-of of a weekly schedule firing after data of its own week came in', () => {
    // Data through Tuesday 2011-12-06 10:00; the schedule fires on Wednesday.
    const firedAt = new Date('2011-12-07T06:00:00Z');
    expect(reportInstants('2011-12-06T10:00:01')).toContain(resolveAsOf('last-complete-week', firedAt, 'Europe/London'));
  });

  it('are scored each after the start of its movement matrix, which it is compared with', () => {
    expect(rfmInstants('2011-12-12T00:00:00')).toEqual(['2011-11-14T00:00:00', '2011-12-12T00:00:00']);
  });
});
