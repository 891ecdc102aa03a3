import { describe, expect, it } from 'vitest';
import { campaignKey, holdoutDraw, memberGroup } from '../../../src/campaigns/holdout.js';

/**
 * The hold-out draw. The draws are a hash, so these checks are deterministic; the bounds are the binomial
 * sampling error (4 standard deviations) a truly random 10 % draw would stay within.
 */
const CUSTOMERS = Array.from({ length: 20_000 }, (_, i) => 12_346 + i);
const SHARE = 0.1;
const champions = campaignKey('champions', '2011-12-10T00:00:00');
const atRisk = campaignKey('at-risk', '2011-12-10T00:00:00');
const nextMonth = campaignKey('champions', '2012-01-07T00:00:00');
const heldOut = (key: string) => new Set(CUSTOMERS.filter((id) => memberGroup(key, id, SHARE) === 'holdout'));

describe('hold-out draw', () => {
  it('puts a customer in the same group of the same campaign every time (a re-print changes nothing)', () => {
    const first = CUSTOMERS.map((id) => memberGroup(champions, id, SHARE));
    const again = CUSTOMERS.map((id) => memberGroup(campaignKey('champions', '2011-12-10T00:00:00'), id, SHARE));
    expect(again).toEqual(first);
    expect(holdoutDraw(champions, 12_347)).toBe(holdoutDraw(champions, 12_347));
  });

  it('holds out the configured share within sampling error', () => {
    const n = CUSTOMERS.length;
    const sd = Math.sqrt(n * SHARE * (1 - SHARE)); // 42.4
    for (const key of [champions, atRisk, nextMonth]) expect(Math.abs(heldOut(key).size - n * SHARE)).toBeLessThan(4 * sd);
    const quarter = CUSTOMERS.filter((id) => memberGroup(champions, id, 0.25) === 'holdout').length;
    expect(Math.abs(quarter - n * 0.25)).toBeLessThan(4 * Math.sqrt(n * 0.25 * 0.75));
  });

  it('draws independently across campaigns: being held out once says nothing about the next campaign', () => {
    // Independent draws overlap in n·p² = 200 customers (sd √(n·p²(1−p²)) ≈ 14.1).
    const n = CUSTOMERS.length;
    const expected = n * SHARE * SHARE;
    const sd = Math.sqrt(n * SHARE ** 2 * (1 - SHARE ** 2));
    for (const [a, b] of [[champions, atRisk], [champions, nextMonth]] as const) {
      const other = heldOut(b);
      const both = [...heldOut(a)].filter((id) => other.has(id)).length;
      expect(Math.abs(both - expected)).toBeLessThan(4 * sd);
    }
  });

  it('gives uniform draws in [0, 1)', () => {
    const draws = CUSTOMERS.map((id) => holdoutDraw(atRisk, id));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    // Each tenth holds about 2,000 draws (sd 42.4).
    const tenths = Array.from({ length: 10 }, (_, t) => draws.filter((d) => Math.floor(d * 10) === t).length);
    for (const count of tenths) expect(Math.abs(count - 2000)).toBeLessThan(170);
  });

  it('holds out nobody at share 0', () => {
    expect(CUSTOMERS.some((id) => memberGroup(champions, id, 0) === 'holdout')).toBe(false);
  });
});
