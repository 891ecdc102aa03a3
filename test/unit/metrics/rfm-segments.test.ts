import { describe, expect, it } from 'vitest';
import { actionFor, SEGMENT_NAMES, SEGMENT_RULES, segmentGrid, segmentNamed, segmentOf } from '../../../src/metrics/rfm-segments.js';

describe('RFM segment rules', () => {
  // The table of docs/metrics.md, rows r = 5 (top) .. 1, columns f = 1 .. 5.
  const table: Record<number, string[]> = {
    5: ['New Customers', 'Potential Loyalists', 'Potential Loyalists', 'Champions', 'Champions'],
    4: ['Promising', 'Potential Loyalists', 'Potential Loyalists', 'Loyal Customers', 'Loyal Customers'],
    3: ['About to Sleep', 'About to Sleep', 'Need Attention', 'Loyal Customers', 'Loyal Customers'],
    2: ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose"],
    1: ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose"],
  };

  it('names the segment of every (r, f) cell as the definition table does', () => {
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) expect(segmentOf(r, f), `r=${r} f=${f}`).toBe(table[r]![f - 1]);
  });

  it('gives every cell exactly one rule', () => {
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        const matching = SEGMENT_RULES.filter((rule) => r >= rule.r[0] && r <= rule.r[1] && f >= rule.f[0] && f <= rule.f[1]);
        expect(matching, `r=${r} f=${f}`).toHaveLength(1);
      }
    }
  });

  it('lays the grid out at (r - 1) * 5 + (f - 1) for the SQL queries', () => {
    const grid = segmentGrid();
    expect(grid).toHaveLength(25);
    expect(grid[(5 - 1) * 5 + (4 - 1)]).toBe('Champions');
    expect(grid[(1 - 1) * 5 + (5 - 1)]).toBe("Can't Lose");
  });

  it('has one rule, with an action, for each of the ten segments', () => {
    expect(SEGMENT_RULES.map((rule) => rule.segment).sort()).toEqual([...SEGMENT_NAMES].sort());
  });

  it('refuses a score outside 1..5, naming it', () => {
    expect(() => segmentOf(0, 3)).toThrow(new RangeError('no RFM segment covers r=0, f=3; scores must be whole numbers 1..5'));
  });

  it('gives each segment its own marketing action', () => {
    expect(actionFor('At Risk')).toBe('Send personalised promotions built on what they used to buy to bring them back, before they are lost.');
    expect(actionFor('Champions')).toBe('Reward them: early access to new products, ask for reviews and referrals; they can become promoters.');
  });
});

describe('segmentNamed', () => {
  it.each([
    ['at risk', 'At Risk'],
    ['AT-RISK', 'At Risk'],
    ['cant lose', "Can't Lose"],
    ["Can't Lose", "Can't Lose"],
    ['loyal_customers', 'Loyal Customers'],
  ])('reads %j as %s', (written, segment) => {
    expect(segmentNamed(written)).toBe(segment);
  });

  it('names no segment for an unknown name', () => {
    expect(segmentNamed('VIP')).toBeUndefined();
  });
});
