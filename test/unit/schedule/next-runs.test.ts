import { describe, expect, it } from 'vitest';
import { nextRuns } from '../../../src/schedule/next-runs.js';

describe('nextRuns at 09:00 Europe/London', () => {
  it('keeps 09:00 local across the March clock change (GMT to BST)', () => {
    const runs = nextRuns('0 9 * * *', 'Europe/London', new Date('2026-03-27T12:00:00Z'), 3).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z']);
  });

  it('keeps 09:00 local across the October clock change (BST to GMT)', () => {
    const runs = nextRuns('0 9 * * *', 'Europe/London', new Date('2026-10-23T12:00:00Z'), 3).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-10-24T08:00:00.000Z', '2026-10-25T09:00:00.000Z', '2026-10-26T09:00:00.000Z']);
  });

  it('runs a Monday-morning schedule on Mondays only', () => {
    const runs = nextRuns('0 8 * * 1', 'Europe/London', new Date('2026-11-24T12:00:00Z'), 2).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-11-30T08:00:00.000Z', '2026-12-07T08:00:00.000Z']);
  });
});
