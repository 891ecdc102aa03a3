import { describe, expect, it } from 'vitest';
import { instantOf } from '../../../src/schedule/zoned-instant.js';

describe('the instant a wall-clock time names in a time zone', () => {
  it('is the local time less the zone\'s offset in summer and in winter', () => {
    expect(instantOf('2011-06-01T12:00:00', 'Europe/London').toISOString()).toBe('2011-06-01T11:00:00.000Z');
    expect(instantOf('2011-12-01T12:00:00', 'Europe/London').toISOString()).toBe('2011-12-01T12:00:00.000Z');
    expect(instantOf('2011-06-01T12:00:00', 'America/New_York').toISOString()).toBe('2011-06-01T16:00:00.000Z');
  });

  it('reads the warehouse\'s own form, with a space for the T', () => {
    expect(instantOf('2011-12-09 12:50:00', 'Europe/London').toISOString()).toBe('2011-12-09T12:50:00.000Z');
  });

  it('is right on either side of a change', () => {
    expect(instantOf('2011-10-30T00:59:59', 'Europe/London').toISOString()).toBe('2011-10-29T23:59:59.000Z');
    expect(instantOf('2011-10-30T02:00:00', 'Europe/London').toISOString()).toBe('2011-10-30T02:00:00.000Z');
    expect(instantOf('2011-03-27T00:59:59', 'Europe/London').toISOString()).toBe('2011-03-27T00:59:59.000Z');
    expect(instantOf('2011-03-27T02:00:00', 'Europe/London').toISOString()).toBe('2011-03-27T01:00:00.000Z');
  });

  it('reads a time the clocks skip with the offset before the change', () => {
    // 01:30 never happened in London on 2011-03-27: read as 01:30 GMT.
    expect(instantOf('2011-03-27T01:30:00', 'Europe/London').toISOString()).toBe('2011-03-27T01:30:00.000Z');
  });
});
