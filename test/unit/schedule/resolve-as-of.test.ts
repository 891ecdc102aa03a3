import { describe, expect, it } from 'vitest';
import { resolveAsOf, wallClock } from '../../../src/schedule/resolve-as-of.js';

describe('resolveAsOf', () => {
  it('takes the Monday 00:00 that began the week of a Monday-morning run: the end of the last complete week', () => {
    expect(resolveAsOf('last-complete-week', new Date('2026-11-30T08:00:00Z'), 'Europe/London')).toBe('2026-11-30T00:00:00');
  });

  it('takes the Monday of the shop\'s week, not of UTC, just after midnight in summer', () => {
    // 23:30 UTC on Sunday is 00:30 on Monday in London (BST).
    expect(resolveAsOf('last-complete-week', new Date('2026-06-07T23:30:00Z'), 'Europe/London')).toBe('2026-06-08T00:00:00');
  });

  it('takes the Monday before a run fired later in the week', () => {
    // Thursday 3 December 2026, 14:00 in London: the last complete week ended on Monday 30 November.
    expect(resolveAsOf('last-complete-week', new Date('2026-12-03T14:00:00Z'), 'Europe/London')).toBe('2026-11-30T00:00:00');
  });

  it('takes the Monday before a Sunday-evening run, a whole week back', () => {
    expect(resolveAsOf('last-complete-week', new Date('2026-12-06T20:00:00Z'), 'Europe/London')).toBe('2026-11-30T00:00:00');
  });

  it('uses a fixed as-of as written', () => {
    expect(resolveAsOf('2011-12-10', new Date(), 'Europe/London')).toBe('2011-12-10T00:00:00');
  });

  it('leaves latest-data to the warehouse', () => {
    expect(resolveAsOf('latest-data', new Date(), 'Europe/London')).toBeUndefined();
  });
});

describe('wallClock', () => {
  it('gives the local time of an instant in a zone', () => {
    expect(wallClock(new Date('2026-03-29T08:00:00Z'), 'Europe/London')).toBe('2026-03-29T09:00:00');
  });
});
